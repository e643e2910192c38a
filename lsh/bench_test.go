package lsh

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkBandHashes(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	sig := make([]uint32, 128)
	for i := range sig {
		sig[i] = rng.Uint32()
	}
	for _, p := range []Params{{Bands: 64, Rows: 2}, {Bands: 25, Rows: 5}, {Bands: 11, Rows: 11}, {Bands: 1, Rows: 128}} {
		b.Run(fmt.Sprintf("%dx%d", p.Bands, p.Rows), func(b *testing.B) {
			b.SetBytes(int64(4 * p.Bands * p.Rows))
			b.ReportAllocs()
			dst := make([]uint64, 0, p.Bands)
			for b.Loop() {
				dst = AppendBandHashes(dst[:0], sig, p)
			}
		})
	}
}

func BenchmarkTablePairs(b *testing.B) {
	// 10,000 signatures in clusters of 4 near-copies.
	p := Params{Bands: 25, Rows: 5}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 10000
	tb := NewTable(p)
	sig := make([]uint32, 125)
	for i := range n {
		if i%4 == 0 {
			for j := range sig {
				sig[j] = rng.Uint32()
			}
		} else {
			sig[rng.IntN(len(sig))] = rng.Uint32()
		}
		tb.Add(int32(i), sig)
	}
	b.ReportAllocs()
	for b.Loop() {
		found := 0
		tb.Pairs(100, 1, nil, func(a, b int32) { found++ })
		if found < n/4*3 {
			b.Fatalf("found %d pairs, want at least %d", found, n/4*3)
		}
	}
}
