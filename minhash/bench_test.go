package minhash

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkSketch(b *testing.B) {
	h, err := New(Params{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	// Sets of 1 and 8 hashes show the cost of densification, which fills most bins.
	for _, n := range []int{1, 2, 3, 8, 16, 32, 64, 100, 512, 4096} {
		set := make([]uint64, n)
		for i := range set {
			set[i] = rng.Uint64()
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(8 * len(set)))
			b.ReportAllocs()
			dst := make([]uint32, 0, h.Size())
			for b.Loop() {
				dst = h.Sketch(dst[:0], set)
			}
		})
	}
}

func BenchmarkSimilarity(b *testing.B) {
	h, err := New(Params{})
	if err != nil {
		b.Fatal(err)
	}
	x := h.Sketch(nil, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	y := h.Sketch(nil, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 11})
	b.SetBytes(int64(4 * len(x)))
	b.ReportAllocs()
	var s float64
	for b.Loop() {
		s += Similarity(x, y)
	}
	if s <= 0 {
		b.Fatal("no similarity")
	}
}

// BenchmarkSimilarityAtLeast asks what the rewrite tier's prefilter asks of most candidate
// pairs: do signatures that agree by chance reach a low bar.
func BenchmarkSimilarityAtLeast(b *testing.B) {
	h, err := New(Params{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	set := func() []uint64 {
		s := make([]uint64, 60)
		for i := range s {
			s[i] = rng.Uint64()
		}
		return s
	}
	x, y := h.Sketch(nil, set()), h.Sketch(nil, set())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if SimilarityAtLeast(x, y, 0.075) {
			n++
		}
	}
	if n != 0 {
		b.Fatal("unrelated sets reached 0.075")
	}
}
