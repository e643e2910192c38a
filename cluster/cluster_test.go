package cluster

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// groupItems is the item numbers of each group, centre first.
func groupItems(gs []Group) [][]int32 {
	out := make([][]int32, len(gs))
	for i, g := range gs {
		for _, m := range g.Members {
			out[i] = append(out[i], m.Item)
		}
	}
	return out
}

func e(a, b int32) Edge { return Edge{A: a, B: b, Sim: 0.9, Tier: 0} }

func TestStarGroups(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []Edge
		want  [][]int32
	}{
		{"no edges", 4, nil, nil},
		{"no items", 0, nil, nil},
		{"one pair", 3, []Edge{e(2, 1)}, [][]int32{{1, 2}}},
		{"chain does not join its ends", 4, []Edge{e(0, 1), e(1, 2), e(2, 3)}, [][]int32{{0, 1}, {2, 3}}},
		{"chain given backwards", 4, []Edge{e(3, 2), e(2, 1), e(1, 0)}, [][]int32{{0, 1}, {2, 3}}},
		{"long chain", 6, []Edge{e(0, 1), e(1, 2), e(2, 3), e(3, 4), e(4, 5)}, [][]int32{{0, 1}, {2, 3}, {4, 5}}},
		{"clique", 4, []Edge{e(0, 1), e(0, 2), e(0, 3), e(1, 2), e(1, 3), e(2, 3)}, [][]int32{{0, 1, 2, 3}}},
		{"clique on later items", 6, []Edge{e(5, 3), e(4, 5), e(3, 4)}, [][]int32{{3, 4, 5}}},
		{"star centred late", 5, []Edge{e(4, 0), e(4, 1), e(4, 2)}, [][]int32{{0, 4}}},
		{"members in item order", 6, []Edge{e(0, 5), e(0, 3), e(0, 1), e(0, 4)}, [][]int32{{0, 1, 3, 4, 5}}},
		{"two components ordered by centre", 6, []Edge{e(4, 5), e(1, 3)}, [][]int32{{1, 3}, {4, 5}}},
		{"self edges ignored", 3, []Edge{e(0, 0), e(1, 1)}, nil},
		{"self edge beside a real one", 3, []Edge{e(1, 1), e(1, 2)}, [][]int32{{1, 2}}},
		{"out of range ignored", 3, []Edge{e(0, 3), e(-1, 1), e(2, 99), e(-5, -6)}, nil},
		{"out of range beside a real one", 3, []Edge{e(0, 3), e(0, 2)}, [][]int32{{0, 2}}},
		{"duplicate edges one member", 3, []Edge{e(0, 1), e(1, 0), e(0, 1)}, [][]int32{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groupItems(Star(tt.n, tt.edges))
			if !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Star(%d, %v)=%v, want %v", tt.n, tt.edges, got, tt.want)
			}
		})
	}
}

func TestStarTakenNeighbour(t *testing.T) {
	// 1~3, 3~2 and 4~5: item 1 takes 3; 2 is linked only to 3, which is taken, so it stays
	// alone; 4 takes 5.
	got := groupItems(Star(6, []Edge{e(4, 5), e(1, 3), e(3, 2)}))
	want := [][]int32{{1, 3}, {4, 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Star=%v, want %v", got, want)
	}
}

func TestStarMembers(t *testing.T) {
	tests := []struct {
		name  string
		edges []Edge
		want  []Member
	}{
		{
			name:  "centre has sim 1 and tier 0",
			edges: []Edge{{A: 1, B: 0, Sim: 0.7, Tier: 2}},
			want:  []Member{{Item: 0, Sim: 1, Tier: 0}, {Item: 1, Sim: 0.7, Tier: 2}},
		},
		{
			name:  "stronger tier wins over higher sim",
			edges: []Edge{{A: 0, B: 1, Sim: 0.95, Tier: 1}, {A: 1, B: 0, Sim: 0.6, Tier: 0}},
			want:  []Member{{Item: 0, Sim: 1}, {Item: 1, Sim: 0.6, Tier: 0}},
		},
		{
			name:  "stronger tier wins when given last",
			edges: []Edge{{A: 0, B: 1, Sim: 0.6, Tier: 0}, {A: 0, B: 1, Sim: 0.95, Tier: 1}},
			want:  []Member{{Item: 0, Sim: 1}, {Item: 1, Sim: 0.6, Tier: 0}},
		},
		{
			name:  "same tier: higher sim wins",
			edges: []Edge{{A: 0, B: 1, Sim: 0.6, Tier: 1}, {A: 1, B: 0, Sim: 0.8, Tier: 1}, {A: 0, B: 1, Sim: 0.7, Tier: 1}},
			want:  []Member{{Item: 0, Sim: 1}, {Item: 1, Sim: 0.8, Tier: 1}},
		},
		{
			name: "each member keeps its own link",
			edges: []Edge{
				{A: 0, B: 2, Sim: 0.5, Tier: 1}, {A: 0, B: 1, Sim: 0.9, Tier: 0},
				{A: 1, B: 2, Sim: 0.99, Tier: 0}, // not to the centre: ignored for 2
			},
			want: []Member{{Item: 0, Sim: 1}, {Item: 1, Sim: 0.9, Tier: 0}, {Item: 2, Sim: 0.5, Tier: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := Star(3, tt.edges)
			if len(gs) != 1 {
				t.Fatalf("Star(3, %v) gave %d groups, want 1", tt.edges, len(gs))
			}
			if got := gs[0].Members; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Star(3, %v) members=%v, want %v", tt.edges, got, tt.want)
			}
		})
	}
}

// randomEdges links n items with probability p, with repeats and tiers, from a fixed seed.
func randomEdges(r *rand.Rand, n int, p float64) []Edge {
	var edges []Edge
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if r.Float64() >= p {
				continue
			}
			for k := r.IntN(3); k >= 0; k-- { // up to three edges per pair
				x, y := int32(a), int32(b)
				if r.IntN(2) == 0 {
					x, y = y, x
				}
				edges = append(edges, Edge{A: x, B: y, Sim: float64(r.IntN(100)) / 100, Tier: uint8(r.IntN(3))})
			}
		}
	}
	return edges
}

func TestStarEdgeOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		n := 5 + r.IntN(40)
		edges := randomEdges(r, n, 0.15)
		want := Star(n, edges)
		for shuffle := range 5 {
			sh := slices.Clone(edges)
			r.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
			if got := Star(n, sh); !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d shuffle %d: Star depends on edge order:\n got  %v\n want %v", trial, shuffle, got, want)
			}
		}
	}
}

func TestStarInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		n := 2 + r.IntN(60)
		edges := randomEdges(r, n, 0.1)
		linked := map[[2]int32]bool{}
		for _, e := range edges {
			linked[[2]int32{e.A, e.B}] = true
			linked[[2]int32{e.B, e.A}] = true
		}
		gs := Star(n, edges)
		seen := map[int32]bool{}
		prevCentre := int32(-1)
		for gi, g := range gs {
			if len(g.Members) < 2 {
				t.Fatalf("trial %d: group %d has %d members, want at least 2", trial, gi, len(g.Members))
			}
			c := g.Members[0].Item
			if c <= prevCentre {
				t.Fatalf("trial %d: group %d centre %d after centre %d", trial, gi, c, prevCentre)
			}
			prevCentre = c
			for mi, m := range g.Members {
				if seen[m.Item] {
					t.Fatalf("trial %d: item %d in two groups", trial, m.Item)
				}
				seen[m.Item] = true
				if mi == 0 {
					continue
				}
				if !linked[[2]int32{c, m.Item}] {
					t.Fatalf("trial %d: member %d not linked to centre %d", trial, m.Item, c)
				}
				if m.Item <= g.Members[mi-1].Item && mi > 1 {
					t.Fatalf("trial %d: group %d members %v not in item order", trial, gi, groupItems(gs[gi:gi+1]))
				}
			}
		}
		// Every item left out is linked only to items already taken by an earlier centre.
		for a := int32(0); a < int32(n); a++ {
			if seen[a] {
				continue
			}
			for b := int32(0); b < int32(n); b++ {
				if linked[[2]int32{a, b}] && !seen[b] {
					t.Fatalf("trial %d: items %d and %d linked and both left out", trial, a, b)
				}
			}
		}
	}
}

func TestStarCentreIsLowest(t *testing.T) {
	// In a clique the lowest item is the centre, with edges listed from the highest pair down.
	for n := 2; n <= 8; n++ {
		var edges []Edge
		for a := int32(n - 1); a >= 0; a-- {
			for b := a - 1; b >= 0; b-- {
				edges = append(edges, e(a, b))
			}
		}
		gs := Star(n, edges)
		if len(gs) != 1 || len(gs[0].Members) != n || gs[0].Members[0].Item != 0 {
			t.Errorf("Star(clique of %d)=%v, want one group of %d centred on 0", n, groupItems(gs), n)
		}
	}
}
