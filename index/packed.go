package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// Exact hashes and the counts of lines and stems are random keys. Stored a key each, every
// transaction of an add touched pages all over trees that grow with the index, and paid a
// bbolt Put and Get for each key: the counts alone were 30 % of chronam's writing. They are
// packed instead: fixed-size records sorted by key, up to maxChunkBytes of them in a value
// stored under its last record's key. A transaction rewrites each chunk it touches with one
// Put, and a lookup is a seek and a binary search.

// maxChunkBytes bounds a packed chunk; one that outgrows it is split into chunks of half
// that. A variable so that tests can make chunks small.
var maxChunkBytes = 6144

// packed is the layout of one packed bucket: records of recLen bytes, sorted by their first
// keyLen bytes, unique by them.
type packed struct {
	keyLen, recLen int
}

var (
	// countTable: line or stem hash (uint64 big-endian) ‖ documents holding it (uint32
	// little-endian, above 0).
	countTable = packed{keyLen: 8, recLen: 12}
	// exactTable: exact hash (uint64) ‖ doc id (uint32) ‖ passage number (uint32), all
	// big-endian; the record is its key.
	exactTable = packed{keyLen: 16, recLen: 16}
)

// update merges n updates into b. key(i) is update i's key, increasing with i; apply
// appends to dst the record that replaces old (nil when b holds none under key(i)), or
// nothing to hold none. It returns how many records b gained (negative when it lost some).
func (t packed) update(b *bolt.Bucket, n int, key func(i int) []byte, apply func(dst, old []byte, i int) []byte) (gained int, err error) {
	c := b.Cursor()
	for i := 0; i < n; {
		ck, cv := c.Seek(key(i))
		j := n // a key past the last chunk's goes into it
		if ck == nil {
			ck, cv = c.Last()
		} else {
			j = i + sort.Search(n-i, func(x int) bool { return bytes.Compare(key(i+x), ck) > 0 })
		}
		if len(cv)%t.recLen != 0 {
			return gained, fmt.Errorf("%w: packed chunk of %d bytes", ErrCorrupt, len(cv))
		}
		had := len(cv) / t.recLen
		out := make([]byte, 0, len(cv)+(j-i)*t.recLen)
		for len(cv) > 0 || i < j {
			var cmp int
			switch {
			case len(cv) == 0:
				cmp = 1
			case i == j:
				cmp = -1
			default:
				cmp = bytes.Compare(cv[:t.keyLen], key(i))
			}
			switch {
			case cmp < 0:
				out = append(out, cv[:t.recLen]...)
				cv = cv[t.recLen:]
			case cmp > 0:
				out = apply(out, nil, i)
				i++
			default:
				out = apply(out, cv[:t.recLen], i)
				cv = cv[t.recLen:]
				i++
			}
		}
		if len(out)%t.recLen != 0 {
			return gained, fmt.Errorf("packed record of other than %d bytes", t.recLen)
		}
		gained += len(out)/t.recLen - had
		if err := t.store(b, bytes.Clone(ck), out); err != nil {
			return gained, err
		}
	}
	return gained, nil
}

// store writes the records recs in place of the chunk under old (nil: none), split into
// chunks of half the bound when they outgrow it.
func (t packed) store(b *bolt.Bucket, old, recs []byte) error {
	n := len(recs) / t.recLen
	pieces := 1
	if half := max(t.recLen, maxChunkBytes/2); len(recs) > maxChunkBytes {
		pieces = (len(recs) + half - 1) / half
	}
	kept := false
	for p := range pieces {
		piece := recs[p*n/pieces*t.recLen : (p+1)*n/pieces*t.recLen]
		if len(piece) == 0 {
			continue
		}
		k := bytes.Clone(piece[len(piece)-t.recLen:][:t.keyLen])
		kept = kept || bytes.Equal(k, old)
		if err := b.Put(k, piece); err != nil {
			return err
		}
	}
	if old != nil && !kept {
		return b.Delete(old)
	}
	return nil
}

// find returns the records of b whose key starts with prefix, in key order; they are valid
// for the transaction's life.
func (t packed) find(b *bolt.Bucket, prefix []byte, fn func(rec []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil; k, v = c.Next() {
		if len(v)%t.recLen != 0 {
			return fmt.Errorf("%w: packed chunk of %d bytes", ErrCorrupt, len(v))
		}
		n := len(v) / t.recLen
		at := sort.Search(n, func(i int) bool { return bytes.Compare(v[i*t.recLen:][:len(prefix)], prefix) >= 0 })
		for ; at < n; at++ {
			rec := v[at*t.recLen:][:t.recLen]
			if !bytes.HasPrefix(rec, prefix) {
				return nil
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// countRecord appends the record of count n under hash h.
func countRecord(dst []byte, h uint64, n uint32) []byte {
	return binary.LittleEndian.AppendUint32(binary.BigEndian.AppendUint64(dst, h), n)
}
