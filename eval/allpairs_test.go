package eval

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAllPairs: prefix filtering finds exactly the pairs a comparison of every pair finds,
// at thresholds from loose to strict, on sets that overlap a lot and a little.
func TestAllPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var sets [][]uint64
	for range 300 {
		n := r.IntN(40)
		s := make([]uint64, 0, n)
		base := uint64(r.IntN(10)) * 20 // sets drawn from overlapping windows of a vocabulary
		for range n {
			s = append(s, base+uint64(r.IntN(30)))
		}
		slices.Sort(s)
		sets = append(sets, slices.Compact(s))
	}
	sets = append(sets, nil, sets[5], sets[5]) // empty, and two copies
	for _, th := range []float64{0.1, 0.3, 0.5, 0.8, 1} {
		var want []Pair
		for i := range sets {
			for j := i + 1; j < len(sets); j++ {
				if len(sets[i]) == 0 || len(sets[j]) == 0 {
					continue
				}
				inter := 0
				for _, x := range sets[i] {
					if _, ok := slices.BinarySearch(sets[j], x); ok {
						inter++
					}
				}
				if sim := float64(inter) / float64(len(sets[i])+len(sets[j])-inter); sim >= th {
					want = append(want, Pair{A: i, B: j, Sim: sim})
				}
			}
		}
		got := AllPairs(sets, th)
		if !slices.Equal(got, want) {
			t.Errorf("t %v: %d pairs, want %d", th, len(got), len(want))
		}
		if th == 0.5 && len(want) < 10 {
			t.Errorf("fixture too sparse: %d pairs at 0.5", len(want))
		}
	}
}
