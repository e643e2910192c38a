// Package cluster groups items linked by verified similarities into clusters that cannot chain.
//
// # The rule
//
// Star clustering (Aslam, Pelekhov & Rus, "The Star Clustering Algorithm for Static and Dynamic
// Information Organization", 2004), in its ordered form: items are taken in order (the caller
// numbers them in ingestion order), and each item not yet in a cluster becomes the centre of a
// new one and takes every unassigned item it is directly linked to. Every member is therefore
// verified similar to its cluster's centre, its representative — never only to a neighbour of
// a neighbour, so a chain a~b~c~d cannot pull a and d together. The earliest item is the
// representative, and the result depends only on the items' order and links, never on the
// order links were found in.
package cluster

import "slices"

// Edge is a verified link between two items. Tier is the caller's label of its strength,
// smaller being stronger.
type Edge struct {
	A, B int32
	Sim  float64
	Tier uint8
}

// Member is one item of a Group, with its link to the centre.
type Member struct {
	Item int32
	Sim  float64 // similarity to the centre; 1 for the centre itself
	Tier uint8   // the tier of its link to the centre (0 for the centre)
}

// Group is a cluster: Members[0] is the centre, the rest follow in item order.
type Group struct {
	Members []Member
}

// Star clusters items 0..n-1 linked by edges and returns the groups of two items or more,
// ordered by their centres. Where two edges join the same pair, the stronger tier wins, then
// the higher similarity.
func Star(n int, edges []Edge) []Group {
	adj := make([][]Edge, n)
	for _, e := range edges {
		if e.A == e.B || e.A < 0 || e.B < 0 || int(e.A) >= n || int(e.B) >= n {
			continue
		}
		adj[e.A] = append(adj[e.A], e)
		adj[e.B] = append(adj[e.B], Edge{A: e.B, B: e.A, Sim: e.Sim, Tier: e.Tier})
	}
	assigned := make([]bool, n)
	var groups []Group
	for c := 0; c < n; c++ {
		if assigned[c] || len(adj[c]) == 0 {
			continue
		}
		best := map[int32]Member{}
		for _, e := range adj[c] {
			if assigned[e.B] {
				continue
			}
			m, ok := best[e.B]
			if !ok || e.Tier < m.Tier || e.Tier == m.Tier && e.Sim > m.Sim {
				best[e.B] = Member{Item: e.B, Sim: e.Sim, Tier: e.Tier}
			}
		}
		if len(best) == 0 {
			continue
		}
		assigned[c] = true
		g := Group{Members: []Member{{Item: int32(c), Sim: 1}}}
		rest := make([]Member, 0, len(best))
		for _, m := range best {
			rest = append(rest, m)
			assigned[m.Item] = true
		}
		slices.SortFunc(rest, func(x, y Member) int { return int(x.Item - y.Item) })
		g.Members = append(g.Members, rest...)
		groups = append(groups, g)
	}
	return groups
}
