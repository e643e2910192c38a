package dedup

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neardup/neardup/cluster"
	"github.com/neardup/neardup/lsh"
)

// TestVerifyInBlocks: pairs verified block pair by block pair come out as a plain loop over
// them would make them, and the files are released after every block pair.
func TestVerifyInBlocks(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n, partItems = 500, 5
	var parts [][]uint64
	for lo := 0; lo < n; lo += partItems {
		var part []uint64
		for x := lo; x < min(lo+partItems, n); x++ {
			for y := range n {
				if y != x && r.IntN(10) == 0 {
					part = append(part, uint64(x)<<32|uint64(y))
				}
			}
		}
		parts = append(parts, part)
	}
	parts = append(parts, nil) // an empty part, as a range without candidates makes
	verify := func(x, y int32) (cluster.Edge, bool) {
		return cluster.Edge{A: y, B: x, Sim: float64(x)*1000 + float64(y), Tier: tierNear}, (x+y)%3 == 0
	}
	var want []cluster.Edge
	for _, part := range parts {
		for _, pr := range part {
			if e, ok := verify(int32(pr>>32), int32(uint32(pr))); ok {
				want = append(want, e)
			}
		}
	}
	defer func(b int) { blockBytes = b }(blockBytes)
	blockBytes = 70
	bs := cutBlocks(n, func(int32) int { return 10 }) // blocks of 7 items
	if len(bs.start) != (n+6)/7 || bs.of(0) != 0 || bs.of(6) != 0 || bs.of(7) != 1 || bs.of(n-1) != len(bs.start)-1 {
		t.Fatalf("blocks start at %v", bs.start)
	}
	// Parts go by the block of their first x; each goes with each block of y it pairs with.
	met := map[[2]int]bool{}
	for _, part := range parts {
		for _, pr := range part {
			met[[2]int{bs.of(int32(part[0] >> 32)), bs.of(int32(uint32(pr)))}] = true
		}
	}
	released := 0
	got := verifyInBlocks(nil, slices.Clone(parts), bs, func() { released++ }, verify)
	if !slices.Equal(got, want) {
		t.Errorf("got %d edges, want %d, or in another order", len(got), len(want))
	}
	if released != len(met) {
		t.Errorf("released %d times for %d block pairs", released, len(met))
	}
}

// TestLinkStronger: candidates that a stronger tier linked, or that skip rules out, are not
// verified, and the rest are, in pair order.
func TestLinkStronger(t *testing.T) {
	const n = 40
	nodes := exactNodes(nil, n, func(i int) uint64 { return uint64(i) + 1 }) // node k is item k
	sig := []uint32{1, 2, 3, 4}                                              // every pair a candidate
	skip := func(a, b int32) bool { return (a+b)%3 == 0 }
	var stronger []uint64
	var want []cluster.Edge
	for a := range int32(n) {
		for b := a + 1; b < n; b++ {
			switch {
			case (a*7+b)%5 == 0:
				stronger = append(stronger, uint64(a)<<32|uint64(b))
			case skip(a, b):
			default:
				want = append(want, cluster.Edge{A: a, B: b, Sim: 1, Tier: tierRewrite})
			}
		}
	}
	verified := 0
	got := link(nil, nil, nodes, func(int32) []uint32 { return sig },
		func(a, b int32) float64 { verified++; return 1 },
		func(int32) int { return 1 }, lsh.Params{Bands: 2, Rows: 2}, 0.5, 1, tierRewrite, stronger, skip)
	if !slices.Equal(got, want) {
		t.Errorf("got %d edges, want %d, or others", len(got), len(want))
	}
	if verified != len(want) {
		t.Errorf("verified %d pairs, want %d", verified, len(want))
	}
}

func TestMerge(t *testing.T) {
	a, b := []uint64{1, 4, 4, 9}, []uint64{0, 4, 5, 10, 11}
	if got, want := merge(nil, a, b), []uint64{0, 1, 4, 4, 4, 5, 9, 10, 11}; !slices.Equal(got, want) {
		t.Errorf("merge(%v, %v)=%v, want %v", a, b, got, want)
	}
}
