package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Band entries live in immutable segments, not one key each: a write sorts its entries and
// stores them as packed chunks, so it appends a few large values instead of scattering
// random keys over a B+tree that every transaction would then rewrite. Segments of one size
// class are merged (size-tiered, as in Cassandra and RocksDB's universal compaction) so that a
// query seeks in a few of them only.

// entry is one band entry: the top 32 bits of a band hash, and the item it belongs to.
type entry struct {
	h   uint32
	doc uint32
	seq uint32
}

const entrySize = 12

func compareEntries(a, b entry) int {
	switch {
	case a.h != b.h:
		return cmpU32(a.h, b.h)
	case a.doc != b.doc:
		return cmpU32(a.doc, b.doc)
	}
	return cmpU32(a.seq, b.seq)
}

func cmpU32(a, b uint32) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// MaxRun is the most items one band value of one segment may hold and still be returned by a
// rewrite-tier candidate query. That banding is loose (two rows a band), so a value shared by
// more is a common pair of words, not evidence, and would make a query cost as much as the
// index. The near and document families are not capped: there a shared band of five rows
// means shared text, and thousands of copies must all be found.
var MaxRun = 1000

// chunkEntries is the entries a chunk aims at: 48 KiB values, a few bbolt pages each. A
// variable so that tests can make chunks small.
var chunkEntries = 4096

// mergeFanIn is how many segments of one level are merged into one of the next. A merge
// holds its entries in memory and writes them in the transaction that triggered it, so
// segments past maxMergeEntries in all are left as they are: queries then seek in a few
// more segments, which costs less than one transaction rewriting the whole index.
const (
	mergeFanIn = 8
	maxLevel   = 6
)

// maxMergeEntries is the most entries a merge inside Write may hold (48 MiB, and as much
// again of bbolt pages to write them): larger merges are left to Compact, which works in
// transactions of its own. With 16 Mi, adding a gigabyte of text peaked at 2.2 GB of heap.
// A variable so that tests can turn Write's merges off.
var maxMergeEntries uint64 = 4 << 20

var bucketSegments = []byte("segments") // family ‖ segment id → uvarint entries ‖ level byte
var bucketDeleted = []byte("deleted")   // doc id → empty

func segRoot(f Family) []byte { return []byte("seg." + f.String()) }

func segKey(f Family, id uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{byte(f)}, id)
}

// segInfo describes one segment.
type segInfo struct {
	id      uint32
	entries uint64
	level   byte
}

// segments lists family f's segments, oldest first.
func segments(tx *bolt.Tx, f Family) ([]segInfo, error) {
	var out []segInfo
	c := tx.Bucket(bucketSegments).Cursor()
	prefix := []byte{byte(f)}
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		n, m := binary.Uvarint(v)
		if len(k) != 5 || m <= 0 || m+1 != len(v) {
			return nil, fmt.Errorf("%w: segment record %x=%x", ErrCorrupt, k, v)
		}
		out = append(out, segInfo{id: binary.BigEndian.Uint32(k[1:]), entries: n, level: v[m]})
	}
	return out, nil
}

// writeSegment stores entries, grouped by band, as a new segment of family f at level.
// Each band's entries must be sorted.
func writeSegment(tx *bolt.Tx, f Family, bands [][]entry, level byte) error {
	total := 0
	for _, es := range bands {
		total += len(es)
	}
	if total == 0 {
		return nil
	}
	seq, err := tx.Bucket(bucketSegments).NextSequence()
	if err != nil {
		return err
	}
	id := uint32(seq)
	w := segWriter{bl: newBloom(total)}
	if w.seg, err = tx.Bucket(segRoot(f)).CreateBucket(binary.BigEndian.AppendUint32(nil, id)); err != nil {
		return err
	}
	w.seg.FillPercent = 1 // written in key order, never updated
	for band, es := range bands {
		if err := w.put(band, es); err != nil {
			return err
		}
	}
	return w.finish(tx, f, id, level)
}

// segWriter writes a segment band by band, in one transaction or several (seg is then the
// bucket as the current transaction sees it).
type segWriter struct {
	seg *bolt.Bucket
	bl  bloom
	n   uint64 // entries written
}

// put writes one band's sorted entries as chunks and adds its hashes to the filter.
func (w *segWriter) put(band int, es []entry) error {
	for i, e := range es {
		if i == 0 || e.h != es[i-1].h {
			w.bl.add(band, e.h)
		}
	}
	w.n += uint64(len(es))
	for len(es) > 0 {
		// A chunk ends at the end of a run of equal hashes, so that its key, the last
		// hash it holds, is unique and a seek to a hash lands on the chunk holding it.
		n := min(chunkEntries, len(es))
		for n < len(es) && es[n].h == es[n-1].h {
			n++
		}
		val := make([]byte, 0, n*entrySize)
		for _, e := range es[:n] {
			val = binary.LittleEndian.AppendUint32(val, e.h)
			val = binary.LittleEndian.AppendUint32(val, e.doc)
			val = binary.LittleEndian.AppendUint32(val, e.seq)
		}
		key := binary.BigEndian.AppendUint16(nil, uint16(band))
		key = binary.BigEndian.AppendUint32(key, es[n-1].h)
		if err := w.seg.Put(key, val); err != nil {
			return err
		}
		es = es[n:]
	}
	return nil
}

// finish stores the segment's filter and the record that makes it visible to queries.
func (w *segWriter) finish(tx *bolt.Tx, f Family, id uint32, level byte) error {
	if err := tx.Bucket(bucketBlooms).Put(segKey(f, id), w.bl.encode()); err != nil {
		return err
	}
	v := binary.AppendUvarint(nil, w.n)
	return tx.Bucket(bucketSegments).Put(segKey(f, id), append(v, level))
}

// decodeEntry reads the i-th entry of a chunk.
func decodeEntry(chunk []byte, i int) entry {
	b := chunk[i*entrySize:]
	return entry{
		h:   binary.LittleEndian.Uint32(b),
		doc: binary.LittleEndian.Uint32(b[4:]),
		seq: binary.LittleEndian.Uint32(b[8:]),
	}
}

// lookup appends to dst the items of the segment under cursor c whose band entry has hash h,
// packed as doc‖seq.
func lookup(c *bolt.Cursor, band int, h uint32, maxRun int, dst []uint64) ([]uint64, error) {
	var seek [6]byte
	binary.BigEndian.PutUint16(seek[:], uint16(band))
	binary.BigEndian.PutUint32(seek[2:], h)
	// The chunk found holds the whole run of h if the band has it: runs are never split.
	k, v := c.Seek(seek[:])
	if k == nil || !bytes.HasPrefix(k, seek[:2]) {
		return dst, nil
	}
	if len(v)%entrySize != 0 || len(v) == 0 {
		return dst, fmt.Errorf("%w: chunk of %d bytes", ErrCorrupt, len(v))
	}
	n := len(v) / entrySize
	// Binary search by hand: the chunk is bytes, not a slice of entries.
	lo, hi := 0, n
	for lo < hi {
		mid := (lo + hi) / 2
		if decodeEntry(v, mid).h < h {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	end, hi := lo, n
	for end < hi { // upper bound of the run of h
		mid := (end + hi) / 2
		if decodeEntry(v, mid).h <= h {
			end = mid + 1
		} else {
			hi = mid
		}
	}
	if maxRun > 0 && end-lo > maxRun {
		return dst, nil // a band value too common to tell anything apart
	}
	for i := lo; i < end; i++ {
		e := decodeEntry(v, i)
		dst = append(dst, uint64(e.doc)<<32|uint64(e.seq))
	}
	return dst, nil
}

// compact merges family f's segments level by level while a level holds mergeFanIn of them
// whose entries fit maxMergeEntries, the smallest first, dropping the entries of deleted
// documents. It returns the segments it removed.
func compact(tx *bolt.Tx, f Family, bands int, busy func(Family, uint32) bool) ([]uint32, error) {
	var removed []uint32
	for {
		segs, err := segments(tx, f)
		if err != nil {
			return removed, err
		}
		byLevel := map[byte][]segInfo{}
		for _, s := range segs {
			if s.level < maxLevel && !busy(f, s.id) {
				byLevel[s.level] = append(byLevel[s.level], s)
			}
		}
		var pick []segInfo
		var level byte
		for l := byte(0); l < maxLevel && pick == nil; l++ {
			group := byLevel[l]
			if len(group) < mergeFanIn {
				continue
			}
			// The smallest, so that one oversized segment cannot stop its level for good.
			slices.SortStableFunc(group, func(a, b segInfo) int { return cmpU64(a.entries, b.entries) })
			total := uint64(0)
			for _, s := range group[:mergeFanIn] {
				total += s.entries
			}
			if total <= maxMergeEntries {
				pick, level = group[:mergeFanIn], l
			}
		}
		if pick == nil {
			return removed, nil
		}
		if err := merge(tx, f, bands, pick, level+1); err != nil {
			return removed, err
		}
		for _, s := range pick {
			removed = append(removed, s.id)
		}
	}
}

func cmpU64(a, b uint64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// merge replaces segs with one segment at level holding their live entries.
func merge(tx *bolt.Tx, f Family, bands int, segs []segInfo, level byte) error {
	root := tx.Bucket(segRoot(f))
	dead := deadDocs(tx)
	out := make([][]entry, bands)
	var bounds []int
	var tmp []entry
	total := uint64(0)
	for _, s := range segs {
		total += s.entries
	}
	for band := range bands {
		out[band] = make([]entry, 0, total/uint64(bands)+total/uint64(8*bands)+16)
		prefix := binary.BigEndian.AppendUint16(nil, uint16(band))
		bounds = append(bounds[:0], 0)
		for _, s := range segs {
			seg := root.Bucket(binary.BigEndian.AppendUint32(nil, s.id))
			if seg == nil {
				return fmt.Errorf("%w: segment %d of %s missing", ErrCorrupt, s.id, f)
			}
			c := seg.Cursor()
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				for i := range len(v) / entrySize {
					if e := decodeEntry(v, i); !dead(e.doc) {
						out[band] = append(out[band], e)
					}
				}
			}
			bounds = append(bounds, len(out[band]))
		}
		tmp = mergeRuns(out[band], bounds, tmp)
	}
	if err := dropSegments(tx, f, segs); err != nil {
		return err
	}
	return writeSegment(tx, f, out, level)
}
