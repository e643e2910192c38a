package index

import (
	"encoding/binary"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// A Bloom filter (Bloom, 1970) per segment answers "does this segment hold band b with hash
// h?" from memory, so that a query seeks only in the segments that may: with a segment per
// size class and dozens of bands, most seeks would find nothing.

const (
	bloomBitsPerEntry = 10 // about 1 % false positives with bloomProbes
	bloomProbes       = 7
)

var bucketBlooms = []byte("blooms") // family ‖ segment id → bloom bits, little-endian uint64 words

// bloom is a bit set of m = 64·len(bloom) bits.
type bloom []uint64

func newBloom(entries int) bloom {
	return make(bloom, max(1, (entries*bloomBitsPerEntry+63)/64))
}

// probes calls fn with the bit positions of (band, h), by double hashing (Kirsch &
// Mitzenmacher, 2006).
func (bl bloom) probes(band int, h uint32, fn func(bit uint64) bool) bool {
	x := mixBloom(uint64(band)<<32 | uint64(h))
	a, b := x, mixBloom(x)|1
	m := uint64(len(bl)) * 64
	for i := range uint64(bloomProbes) {
		if !fn((a + i*b) % m) {
			return false
		}
	}
	return true
}

func (bl bloom) add(band int, h uint32) {
	bl.probes(band, h, func(bit uint64) bool { bl[bit/64] |= 1 << (bit % 64); return true })
}

func (bl bloom) mayHave(band int, h uint32) bool {
	return bl.probes(band, h, func(bit uint64) bool { return bl[bit/64]&(1<<(bit%64)) != 0 })
}

// mixBloom is the 64-bit finaliser of MurmurHash3.
func mixBloom(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func (bl bloom) encode() []byte {
	out := make([]byte, 0, 8*len(bl))
	for _, w := range bl {
		out = binary.LittleEndian.AppendUint64(out, w)
	}
	return out
}

// blooms caches the filters of an index's segments, which never change once written.
type blooms struct {
	mu sync.Mutex
	m  map[string]bloom // segKey → filter
	// gone holds the segments merges removed: a reader on a transaction older than the merge
	// may still read their filters, but must not cache them again. Ids are never reused.
	gone map[string]bool
}

// get returns the filter of segment id of family f, reading it on first use.
func (bs *blooms) get(tx *bolt.Tx, f Family, id uint32) (bloom, error) {
	key := string(segKey(f, id))
	bs.mu.Lock()
	bl, ok := bs.m[key]
	bs.mu.Unlock()
	if ok {
		return bl, nil
	}
	v := tx.Bucket(bucketBlooms).Get([]byte(key))
	if v == nil || len(v)%8 != 0 {
		return nil, fmt.Errorf("%w: bloom filter of segment %d of %s", ErrCorrupt, id, f)
	}
	bl = make(bloom, len(v)/8)
	for i := range bl {
		bl[i] = binary.LittleEndian.Uint64(v[8*i:])
	}
	bs.mu.Lock()
	if bs.m == nil {
		bs.m = map[string]bloom{}
	}
	if !bs.gone[key] {
		bs.m[key] = bl
	}
	bs.mu.Unlock()
	return bl, nil
}

// evict forgets the filters of segments a merge removed. A reader still on an older
// transaction reads them again from its own view of the file.
func (bs *blooms) evict(f Family, ids []uint32) {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.gone == nil {
		bs.gone = map[string]bool{}
	}
	for _, id := range ids {
		delete(bs.m, string(segKey(f, id)))
		bs.gone[string(segKey(f, id))] = true
	}
}
