package index

import (
	"encoding/binary"
	"fmt"
)

// Record encodings (see FORMAT.md). Each starts with a version byte; integers are unsigned
// varints except hashes, which are fixed 8-byte little-endian, and signatures and sets, which
// are a varint count then 4-byte little-endian values.
const recordVersion = 1

func appendSig(dst []byte, sig []uint32) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(sig)))
	for _, v := range sig {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	return dst
}

func appendDoc(dst []byte, d *Doc) []byte {
	dst = append(dst, recordVersion)
	dst = binary.AppendUvarint(dst, uint64(len(d.Name)))
	dst = append(dst, d.Name...)
	dst = binary.LittleEndian.AppendUint64(dst, d.Exact)
	dst = binary.AppendUvarint(dst, uint64(len(d.Text)))
	dst = binary.AppendUvarint(dst, uint64(len(d.Passages)))
	dst = appendSig(dst, d.Sig)
	return appendSig(dst, d.Shingles)
}

func appendPassage(dst []byte, p *Passage) []byte {
	dst = append(dst, recordVersion)
	dst = binary.AppendUvarint(dst, uint64(p.Start))
	dst = binary.AppendUvarint(dst, uint64(p.End))
	dst = append(dst, p.Kind)
	dst = binary.AppendUvarint(dst, uint64(p.Words))
	dst = binary.LittleEndian.AppendUint64(dst, p.Exact)
	dst = appendSig(dst, p.Near)
	dst = appendSig(dst, p.Rewrite)
	dst = appendSig(dst, p.Shingles)
	dst = appendSig(dst, p.Stems)
	return appendSig(dst, p.Numbers)
}

// decoder reads a record with bounds checks; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: short or bad %s", ErrCorrupt, what)
	}
	d.b = nil
}

func (d *decoder) uvarint(what string) uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(what)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte1(what string) byte {
	if len(d.b) < 1 {
		d.fail(what)
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) u64(what string) uint64 {
	if len(d.b) < 8 {
		d.fail(what)
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) bytes(n uint64, what string) []byte {
	if uint64(len(d.b)) < n {
		d.fail(what)
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) sig(what string) []uint32 {
	n := d.uvarint(what)
	if n == 0 || d.err != nil {
		return nil
	}
	if n > uint64(len(d.b))/4 { // before 4*n can overflow
		d.fail(what)
		return nil
	}
	raw := d.bytes(4*n, what)
	if raw == nil {
		return nil
	}
	s := make([]uint32, n)
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(raw[4*i:])
	}
	return s
}

func (d *decoder) version() {
	if v := d.byte1("version"); d.err == nil && v != recordVersion {
		d.err = fmt.Errorf("%w: record version %d", ErrFormat, v)
	}
}

func (d *decoder) done() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%w: %d trailing bytes", ErrCorrupt, len(d.b))
	}
	return d.err
}

// decodeDoc decodes a document record; the text and passages live in other buckets. The
// result shares no memory with v.
func decodeDoc(v []byte) (Doc, error) {
	doc, _, _, err := decodeDocRecord(v)
	return doc, err
}

// decodeDocRecord is decodeDoc that also returns the text length and passage count the record
// holds, for checking against the other buckets.
func decodeDocRecord(v []byte) (doc Doc, textLen, passages uint64, err error) {
	d := decoder{b: v}
	d.version()
	doc.Name = string(d.bytes(d.uvarint("name length"), "name"))
	doc.Exact = d.u64("exact hash")
	textLen = d.uvarint("text length")
	passages = d.uvarint("passage count")
	doc.Sig = d.sig("signature")
	doc.Shingles = d.sig("shingles")
	return doc, textLen, passages, d.done()
}

func decodePassage(v []byte) (Passage, error) {
	d := decoder{b: v}
	d.version()
	var p Passage
	p.Start = uint32(d.uvarint("start"))
	p.End = uint32(d.uvarint("end"))
	p.Kind = d.byte1("kind")
	p.Words = uint32(d.uvarint("words"))
	p.Exact = d.u64("exact hash")
	p.Near = d.sig("near signature")
	p.Rewrite = d.sig("rewrite signature")
	p.Shingles = d.sig("shingles")
	p.Stems = d.sig("stems")
	p.Numbers = d.sig("numbers")
	return p, d.done()
}
