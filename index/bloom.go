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

// The filter is blocked (Putze, Sanders & Singler, 2007): the probes of a pair fall in one
// 512-bit block, a cache line, so that adding or testing a pair costs one cache miss rather
// than seven. Filling filters of millions of entries was a tenth of an add's writing.
const (
	bloomBitsPerEntry = 10 // about 1 % false positives with bloomProbes
	bloomProbes       = 7
	bloomBlockWords   = 8 // 512 bits
)

var bucketBlooms = []byte("blooms") // family ‖ segment id → bloom bits, little-endian uint64 words

// bloom is a bit set of blocks of bloomBlockWords words.
type bloom []uint64

func newBloom(entries int) bloom {
	blocks := max(1, (entries*bloomBitsPerEntry+511)/512)
	return make(bloom, blocks*bloomBlockWords)
}

// locate returns the first word of (band, h)'s block and the bits its probes set there: x =
// fmix64(band << 32 | h) picks the block by its top 32 bits (scaled to the blocks), and
// fmix64(x) gives 7 bit positions in it, 9 bits each from the lowest.
func (bl bloom) locate(band int, h uint32) (word int, y uint64) {
	x := mixBloom(uint64(band)<<32 | uint64(h))
	blocks := uint64(len(bl) / bloomBlockWords)
	return int((x>>32)*blocks>>32) * bloomBlockWords, mixBloom(x)
}

func (bl bloom) add(band int, h uint32) {
	w, y := bl.locate(band, h)
	block := bl[w : w+bloomBlockWords : w+bloomBlockWords]
	for range bloomProbes {
		bit := y & 511
		block[bit/64] |= 1 << (bit % 64)
		y >>= 9
	}
}

func (bl bloom) mayHave(band int, h uint32) bool {
	w, y := bl.locate(band, h)
	block := bl[w : w+bloomBlockWords : w+bloomBlockWords]
	for range bloomProbes {
		bit := y & 511
		if block[bit/64]&(1<<(bit%64)) == 0 {
			return false
		}
		y >>= 9
	}
	return true
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
	if len(v) == 0 || len(v)%(8*bloomBlockWords) != 0 {
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
