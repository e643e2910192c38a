package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randEntries returns n entries in (doc, seq) order, with hashes drawn from hashes distinct
// values (so that runs of equal hashes occur) and the top byte fixed when sameTop is set (so
// that a radix pass is skipped).
func randEntries(r *rand.Rand, n, hashes int, sameTop bool) []entry {
	es := make([]entry, n)
	doc, seq := uint32(1), uint32(0)
	for i := range es {
		if r.IntN(4) == 0 {
			doc += 1 + uint32(r.IntN(3))
			seq = 0
		} else {
			seq++
		}
		h := r.Uint32()
		if hashes > 0 {
			h = uint32(r.IntN(hashes)) * 0x9E3779B1
		}
		if sameTop {
			h = h&0x00FFFFFF | 0x7F000000
		}
		es[i] = entry{h: h, doc: doc, seq: seq}
	}
	return es
}

func TestSortByHash(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var tmp []entry
	for _, n := range []int{0, 1, 2, 31, 32, 33, 100, 5000} {
		for _, hashes := range []int{0, 1, 7} {
			for _, sameTop := range []bool{false, true} {
				es := randEntries(r, n, hashes, sameTop)
				want := slices.Clone(es)
				slices.SortFunc(want, compareEntries)
				tmp = sortByHash(es, tmp)
				if !slices.Equal(es, want) {
					t.Fatalf("n=%d hashes=%d sameTop=%v: not in (h, doc, seq) order", n, hashes, sameTop)
				}
			}
		}
	}
	// Entries out of item order are sorted all the same.
	es := randEntries(r, 200, 5, false)
	r.Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
	want := slices.Clone(es)
	slices.SortFunc(want, compareEntries)
	sortByHash(es, nil)
	if !slices.Equal(es, want) {
		t.Fatal("shuffled entries: not in (h, doc, seq) order")
	}
}

func TestMergeRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	// Runs that are all empty: a band whose entries are all of removed documents.
	mergeRuns(nil, []int{0, 0, 0}, nil)
	var tmp []entry
	for _, runs := range []int{0, 1, 2, 3, 7, 8, 9} {
		var es []entry
		bounds := []int{0}
		doc := uint32(1)
		for i := range runs {
			run := randEntries(r, r.IntN(300)*(i%3), 1+r.IntN(50), false)
			for i := range run {
				run[i].doc += doc // runs hold distinct items, as segments do
			}
			if len(run) > 0 {
				doc = run[len(run)-1].doc + 1
			}
			slices.SortFunc(run, compareEntries)
			es = append(es, run...)
			bounds = append(bounds, len(es))
		}
		want := slices.Clone(es)
		slices.SortFunc(want, compareEntries)
		held := slices.Clone(bounds)
		tmp = mergeRuns(es, bounds, tmp)
		if !slices.Equal(es, want) {
			t.Fatalf("%d runs: not in (h, doc, seq) order", runs)
		}
		if !slices.Equal(bounds, held) {
			t.Fatalf("%d runs: bounds changed to %v", runs, bounds)
		}
	}
}

func BenchmarkSortEntries(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	es := randEntries(r, 20000, 0, false)
	work := make([]entry, len(es))
	b.Run("radix", func(b *testing.B) {
		b.SetBytes(int64(len(es) * entrySize))
		b.ReportAllocs()
		var tmp []entry
		for b.Loop() {
			copy(work, es)
			tmp = sortByHash(work, tmp)
		}
	})
	b.Run("pdqsort", func(b *testing.B) {
		b.SetBytes(int64(len(es) * entrySize))
		b.ReportAllocs()
		for b.Loop() {
			copy(work, es)
			slices.SortFunc(work, compareEntries)
		}
	})
}
