package tally

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Add tells of each item once, at its upTo-th meeting, as a map of counts would; Reset
// forgets every count.
func TestTally(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, upTo := range []int{0, 1, 2, 3, 5} {
		const n = 200
		tl := New(n, upTo)
		for round := range 3 {
			counts := map[int32]int{}
			var want, got, met []int32
			for range 600 {
				c := int32(r.IntN(n))
				if counts[c] == 0 {
					met = append(met, c)
				}
				if counts[c]++; counts[c] == max(upTo, 1) {
					want = append(want, c)
				}
				if tl.Add(c) {
					got = append(got, c)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("upTo %d, round %d: Add told of %v, want %v", upTo, round, got, want)
			}
			if !slices.Equal(tl.Met(), met) {
				t.Errorf("upTo %d, round %d: Met()=%v, want %v", upTo, round, tl.Met(), met)
			}
			tl.Reset()
			if len(tl.Met()) != 0 {
				t.Errorf("upTo %d: Met() after Reset=%v, want none", upTo, tl.Met())
			}
		}
	}
}

func TestTallyEdges(t *testing.T) {
	tl := New(0, 2)
	if tl.Len() != 0 || tl.UpTo() != 2 {
		t.Errorf("New(0, 2): Len %d, UpTo %d, want 0 and 2", tl.Len(), tl.UpTo())
	}
	tl = New(65, 1)
	if tl.Len() < 65 {
		t.Errorf("New(65, 1).Len()=%d, want at least 65", tl.Len())
	}
	if !tl.Add(64) || tl.Add(64) {
		t.Errorf("New(65, 1): Add(64) twice did not tell once")
	}
}

func BenchmarkTally(b *testing.B) {
	const n = 1 << 21 // two million items
	r := rand.New(rand.NewPCG(1, 2))
	items := make([]int32, 1<<16)
	for i := range items {
		items[i] = int32(r.IntN(n))
	}
	tl := New(n, 2)
	b.SetBytes(int64(len(items)) * 4)
	b.ReportAllocs()
	for b.Loop() {
		for i, c := range items {
			tl.Add(c)
			if i%4096 == 4095 { // an item paired with 4,096 others
				tl.Reset()
			}
		}
	}
}
