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

import (
	"slices"

	"github.com/neardup/neardup/internal/spill"
)

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
func Star(n int, edges []Edge) []Group { return StarIn(nil, n, edges) }

// StarIn is Star with its working memory, twice the edges', from mem.
func StarIn(mem *spill.Arena, n int, edges []Edge) []Group {
	valid := func(e Edge) bool {
		return e.A != e.B && e.A >= 0 && e.B >= 0 && int(e.A) < n && int(e.B) < n
	}
	// Each item's links as one run of an array: a slice per item took three times the
	// memory of the edges on a gigabyte corpus.
	type link struct {
		other int32
		tier  uint8
		sim   float64
	}
	start := make([]int, n+1)
	for _, e := range edges {
		if valid(e) {
			start[e.A+1]++
			start[e.B+1]++
		}
	}
	for c := range n {
		start[c+1] += start[c]
	}
	links := spill.Make[link](mem, start[n])
	defer spill.Free(mem, links)
	next := slices.Clone(start[:n])
	for _, e := range edges {
		if valid(e) {
			links[next[e.A]] = link{e.B, e.Tier, e.Sim}
			next[e.A]++
			links[next[e.B]] = link{e.A, e.Tier, e.Sim}
			next[e.B]++
		}
	}
	next = nil
	assigned := make([]bool, n)
	// at[b] is b's place in rest while stamp[b] == c+1: its best link to centre c so far.
	stamp, at := make([]int32, n), make([]int32, n)
	var groups []Group
	var rest []Member
	for c := range n {
		if assigned[c] || start[c] == start[c+1] {
			continue
		}
		rest = rest[:0]
		for _, l := range links[start[c]:start[c+1]] {
			if assigned[l.other] {
				continue
			}
			if stamp[l.other] != int32(c+1) {
				stamp[l.other], at[l.other] = int32(c+1), int32(len(rest))
				rest = append(rest, Member{Item: l.other, Sim: l.sim, Tier: l.tier})
				continue
			}
			m := &rest[at[l.other]]
			if l.tier < m.Tier || l.tier == m.Tier && l.sim > m.Sim {
				m.Sim, m.Tier = l.sim, l.tier
			}
		}
		if len(rest) == 0 {
			continue
		}
		assigned[c] = true
		for _, m := range rest {
			assigned[m.Item] = true
		}
		slices.SortFunc(rest, func(x, y Member) int { return int(x.Item - y.Item) })
		g := Group{Members: make([]Member, 0, len(rest)+1)}
		g.Members = append(append(g.Members, Member{Item: int32(c), Sim: 1}), rest...)
		groups = append(groups, g)
	}
	return groups
}
