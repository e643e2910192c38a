package dedup

import (
	"unsafe"

	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/passage"
)

// psg is a passage. What it is compared by sits in the finder's memory (psgMemory): a report
// over a large corpus keeps only these 104 bytes a passage in the Go heap. Each tier's data is
// a record of its own, from a spill file of its own, so that a tier that verifies pairs at
// random reads a file of what it compares and nothing else, and a file goes whole when its
// tier is done:
//   - sets: shingles, then numbers (the near and contained tiers, and the rewrite tier's veto);
//   - rw: the stems (the rewrite tier);
//   - wts: the stems' weights, 8 bytes each, written once every document is signed: apart
//     from the stems, so that the stems are final, and can leave memory, as they are signed;
//   - prints: winnowed fingerprints (the contained tier);
//   - sigs: the near signature, then, in an index's passages, the rewrite signature when it
//     has stems; read once, to band them;
//   - rwSigs: a report's rewrite signatures, weighted by the stems' weights and so written
//     with them (see weighStems).
//
// Sets are kept as the index keeps them, hashes cut to 32 bits: half the memory, and a chance
// collision in a passage's few hundred shingles is one in tens of millions. A passage without
// stems has no rewrite signature and is not banded for rewrites.
type psg struct {
	doc               int32
	seq               int32
	start, end, words uint32
	kind              passage.Kind
	sigSize           uint16
	exact             uint64
	weight            float64 // the sum of its stems' weights, set once every document is signed
	sets              *uint32
	rw                *uint32
	wts               *float64
	printsAt          *uint64
	sig               *uint32
	rwsig             *uint32 // nil until signed: in a report, until weighStems
	nShingles, nStems uint32
	nNumbers, nPrints uint32
}

// psgMemory is where passages keep their records: nil arenas are the heap.
type psgMemory struct {
	sets, rw, wts, prints, sigs, rwSigs *spill.Arena
}

// newPSGMemory returns a memory of files beside mem's, or the heap for a nil mem.
func newPSGMemory(mem *spill.Arena) (*psgMemory, error) {
	m := &psgMemory{}
	for _, a := range []**spill.Arena{&m.sets, &m.rw, &m.wts, &m.prints, &m.sigs, &m.rwSigs} {
		var err error
		if *a, err = mem.Sibling(); err != nil {
			m.close()
			return nil, err
		}
	}
	return m, nil
}

// drop closes *a, whose slices nobody may use afterwards.
func drop(a **spill.Arena) {
	if *a != nil {
		(*a).Close()
		*a = nil
	}
}

func (m *psgMemory) close() {
	drop(&m.sets)
	drop(&m.rw)
	drop(&m.wts)
	drop(&m.prints)
	drop(&m.sigs)
	drop(&m.rwSigs)
}

// psgFeatures are a passage's sets and signatures while it is signed.
type psgFeatures struct {
	prints                   []uint64 // winnowed fingerprints, for the contained tier
	shingles, stems, numbers []uint32
	nearSig, rwSig           []uint32 // rwSig is nil when stems are, and in a report without an index
}

// setFeatures copies ft into new records for q from m.
func (q *psg) setFeatures(m *psgMemory, ft *psgFeatures) {
	q.sigSize = uint16(len(ft.nearSig))
	q.nPrints, q.nShingles = uint32(len(ft.prints)), uint32(len(ft.shingles))
	q.nStems, q.nNumbers = uint32(len(ft.stems)), uint32(len(ft.numbers))
	nsig := len(ft.nearSig) + len(ft.rwSig)
	if q.nStems > 0 {
		q.rw = unsafe.SliceData(spill.Make[uint32](m.rw, int(q.nStems)))
	}
	if n := len(ft.shingles) + len(ft.numbers); n > 0 {
		q.sets = unsafe.SliceData(spill.Make[uint32](m.sets, n))
	}
	if q.nPrints > 0 {
		q.printsAt = unsafe.SliceData(spill.Make[uint64](m.prints, int(q.nPrints)))
	}
	sigs := spill.Make[uint32](m.sigs, nsig)
	q.sig = unsafe.SliceData(sigs)
	if ft.rwSig != nil {
		q.rwsig = &sigs[len(ft.nearSig)]
	}
	copy(q.prints(), ft.prints)
	copy(q.nearSig(), ft.nearSig)
	copy(q.rwSig(), ft.rwSig)
	copy(q.shingles(), ft.shingles)
	copy(q.stems(), ft.stems)
	copy(q.numbers(), ft.numbers)
}

// Every accessor gives nil for none: a pointer just past a record could point into the next
// object.

func (q *psg) prints() []uint64 {
	if q.nPrints == 0 {
		return nil
	}
	return unsafe.Slice(q.printsAt, q.nPrints)
}

func (q *psg) shingles() []uint32 {
	if q.nShingles == 0 {
		return nil
	}
	return unsafe.Slice(q.sets, q.nShingles)
}

func (q *psg) numbers() []uint32 {
	if q.nNumbers == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Add(unsafe.Pointer(q.sets), 4*int(q.nShingles))), q.nNumbers)
}

// weights are the IDF of each stem, nil until weighStems.
func (q *psg) weights() []float64 {
	if q.nStems == 0 || q.wts == nil {
		return nil
	}
	return unsafe.Slice(q.wts, q.nStems)
}

func (q *psg) stems() []uint32 {
	if q.nStems == 0 {
		return nil
	}
	return unsafe.Slice(q.rw, q.nStems)
}

func (q *psg) nearSig() []uint32 { return unsafe.Slice(q.sig, q.sigSize) }

func (q *psg) rwSig() []uint32 {
	if q.rwsig == nil {
		return nil
	}
	return unsafe.Slice(q.rwsig, q.sigSize)
}
