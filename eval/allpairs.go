package eval

import (
	"cmp"
	"math"
	"slices"
)

// Pair is two items (indexes into the sets given) with A < B, and their Jaccard similarity.
type Pair struct {
	A, B int
	Sim  float64
}

// AllPairs returns every pair of sets whose exact Jaccard similarity is at least t (0 < t ≤ 1),
// ordered by (A, B). It is the ground truth an LSH index is measured against, so it is exact:
// prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", WWW 2007) only
// skips pairs that cannot reach t. Sets must be sorted and without repeats; empty sets pair
// with nothing.
func AllPairs[T cmp.Ordered](sets [][]T, t float64) []Pair {
	// Order tokens rarest first, so that prefixes hold rare tokens and probes meet few sets.
	df := map[T]int{}
	for _, s := range sets {
		for _, x := range s {
			df[x]++
		}
	}
	tokens := make([]T, 0, len(df))
	for x := range df {
		tokens = append(tokens, x)
	}
	slices.SortFunc(tokens, func(a, b T) int {
		if c := df[a] - df[b]; c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	rank := make(map[T]int32, len(tokens))
	for i, x := range tokens {
		rank[x] = int32(i)
	}
	ranked := make([][]int32, len(sets))
	for i, s := range sets {
		r := make([]int32, len(s))
		for j, x := range s {
			r[j] = rank[x]
		}
		slices.Sort(r)
		ranked[i] = r
	}
	// Shortest first: a set is probed against the shorter ones already indexed, whose size
	// must be at least t times its own.
	order := make([]int, len(sets))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(ranked[a]) - len(ranked[b]) })
	index := map[int32][]int{}
	seen := make([]int, len(sets)) // last probe that met each set, plus one
	var out []Pair
	for probe, i := range order {
		x := ranked[i]
		if len(x) == 0 {
			continue
		}
		prefix := len(x) - int(math.Ceil(t*float64(len(x))-1e-9)) + 1
		minLen := int(math.Ceil(t*float64(len(x)) - 1e-9))
		for _, tok := range x[:prefix] {
			for _, j := range index[tok] {
				if seen[j] == probe+1 || len(ranked[j]) < minLen {
					continue
				}
				seen[j] = probe + 1
				if sim := jaccard(x, ranked[j]); sim >= t {
					a, b := min(i, j), max(i, j)
					out = append(out, Pair{A: a, B: b, Sim: sim})
				}
			}
		}
		for _, tok := range x[:prefix] {
			index[tok] = append(index[tok], i)
		}
	}
	slices.SortFunc(out, func(p, q Pair) int {
		if p.A != q.A {
			return p.A - q.A
		}
		return p.B - q.B
	})
	return out
}

func jaccard(a, b []int32) float64 {
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i, j = i+1, j+1
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
