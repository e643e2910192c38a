package dedup

import (
	"unsafe"

	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/passage"
)

// psg is a passage. What it is compared by sits in the finder's memory (Options.Spill, or the
// heap): a report over a large corpus keeps only these 72 bytes a passage in the Go heap.
// Its sets are one record, feat: in 8-byte words its fingerprints and its stems' weights,
// then in 4-byte words its shingles, stems and numbers. Its signatures, sig, are another:
// its near signature, then its rewrite signature when it has stems; they are read once, to
// band them, and a report frees them all then. Sets are kept as the index keeps them, hashes
// cut to 32 bits: half the memory, and a chance collision in a passage's few hundred
// shingles is one in tens of millions.
type psg struct {
	doc               int32
	seq               int32
	start, end, words uint32
	kind              passage.Kind
	sigSize           uint16
	exact             uint64
	weight            float64 // the sum of its stems' weights, set once every document is signed
	feat              *uint64
	sig               *uint32
	nShingles, nStems uint32
	nNumbers, nPrints uint32
}

// psgFeatures are a passage's sets and signatures while it is signed.
type psgFeatures struct {
	prints                   []uint64 // winnowed fingerprints, for the contained tier
	shingles, stems, numbers []uint32
	nearSig, rwSig           []uint32 // rwSig is nil when stems are
}

// setFeatures copies ft into new records for q, its sets from a, its signatures from sigs.
func (q *psg) setFeatures(a, sigs *spill.Arena, ft *psgFeatures) {
	q.sigSize = uint16(len(ft.nearSig))
	q.nPrints, q.nShingles = uint32(len(ft.prints)), uint32(len(ft.shingles))
	q.nStems, q.nNumbers = uint32(len(ft.stems)), uint32(len(ft.numbers))
	if ft.rwSig == nil {
		q.nStems = 0
	}
	n32 := len(ft.shingles) + len(ft.numbers)
	nsig := len(ft.nearSig)
	if q.nStems > 0 {
		n32 += len(ft.stems)
		nsig += len(ft.rwSig)
	}
	rec := spill.Make[uint64](a, int(q.nPrints+q.nStems)+(n32+1)/2)
	q.feat = unsafe.SliceData(rec)
	q.sig = unsafe.SliceData(spill.Make[uint32](sigs, nsig))
	copy(q.prints(), ft.prints)
	copy(q.nearSig(), ft.nearSig)
	copy(q.rwSig(), ft.rwSig)
	copy(q.shingles(), ft.shingles)
	copy(q.stems(), ft.stems)
	copy(q.numbers(), ft.numbers)
}

func (q *psg) prints() []uint64 {
	if q.nPrints == 0 {
		return nil
	}
	return unsafe.Slice(q.feat, q.nPrints)
}

// weights are the IDF of each stem, zero until weighStems; nil without stems.
func (q *psg) weights() []float64 {
	if q.nStems == 0 {
		return nil
	}
	return unsafe.Slice((*float64)(unsafe.Add(unsafe.Pointer(q.feat), 8*q.nPrints)), q.nStems)
}

// u32 returns the n 4-byte words of the record from the at-th of them; nil for none, since
// a pointer just past the record could point into the next object.
func (q *psg) u32(at, n int) []uint32 {
	if n == 0 {
		return nil
	}
	p := unsafe.Add(unsafe.Pointer(q.feat), 8*int(q.nPrints+q.nStems)+4*at)
	return unsafe.Slice((*uint32)(p), n)
}

func (q *psg) nearSig() []uint32 { return unsafe.Slice(q.sig, q.sigSize) }

// rwSig is nil for a passage without stems: it is not banded for rewrites.
func (q *psg) rwSig() []uint32 {
	if q.nStems == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Add(unsafe.Pointer(q.sig), 4*int(q.sigSize))), q.sigSize)
}

func (q *psg) shingles() []uint32 { return q.u32(0, int(q.nShingles)) }

// stems is nil for a passage without them.
func (q *psg) stems() []uint32 {
	if q.nStems == 0 {
		return nil
	}
	return q.u32(int(q.nShingles), int(q.nStems))
}

func (q *psg) numbers() []uint32 {
	return q.u32(int(q.nShingles+q.nStems), int(q.nNumbers))
}
