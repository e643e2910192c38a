package dedup

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/neardup/neardup/cluster"
	"github.com/neardup/neardup/internal/spill"
)

// A tier verifies a pair by reading both items' records, and the candidates of a large
// corpus land all over its record files: verified in the order they are found, a tier maps
// its whole file within a second, whatever the releases do. So tiers find their candidates
// first, keep them as pairs (x<<32 | y, x the item they were found from), and verify them a
// block pair at a time, releasing the files' pages between block pairs: what is mapped is
// then about two blocks of records (three where a range of pairs straddles two blocks).

// blockBytes is about how many bytes of records a block of items holds (a variable for
// tests).
var blockBytes = 64 << 20

// blocks cuts items into runs of consecutive items: start[b] is block b's first item.
type blocks struct {
	start []int32
}

// cutBlocks cuts n items, item i holding size(i) bytes of records, into blocks of about
// blockBytes.
func cutBlocks(n int, size func(i int32) int) blocks {
	bs := blocks{start: []int32{0}}
	held := 0
	for i := range int32(n) {
		if held >= blockBytes {
			bs.start = append(bs.start, i)
			held = 0
		}
		held += size(i)
	}
	return bs
}

// of returns the block of item i.
func (bs blocks) of(i int32) int {
	b, _ := slices.BinarySearch(bs.start, i+1)
	return b - 1
}

// keyedEdge is an edge with the pair it was made from, to put edges back in the pairs' order.
type keyedEdge struct {
	pair uint64
	e    cluster.Edge
}

// verifyInBlocks calls verify on every pair of parts and returns the edges it keeps, in the
// order of the pairs. parts are as inParts returns them: each holds pairs x<<32|y in
// ascending order, and the xs of a part come after those of the parts before it. Parts are
// taken by the block of their first x, their pairs by the block of y, and release is called
// after each such block pair. The parts are freed.
func verifyInBlocks(mem *spill.Arena, parts [][]uint64, bs blocks, release func(), verify func(x, y int32) (cluster.Edge, bool)) []cluster.Edge {
	nb := len(bs.start)
	var out [][]cluster.Edge
	count := make([]int, nb+1)
	cores := stateless()
	for p := 0; p < len(parts); {
		if len(parts[p]) == 0 {
			p++
			continue
		}
		a := bs.of(int32(parts[p][0] >> 32))
		q := p + 1
		for q < len(parts) && (len(parts[q]) == 0 || bs.of(int32(parts[q][0]>>32)) == a) {
			q++
		}
		group := parts[p:q]
		p = q
		// A counting sort by the block of y keeps each block's pairs in order.
		clear(count)
		total := 0
		for _, part := range group {
			total += len(part)
			for _, pr := range part {
				count[bs.of(int32(uint32(pr)))+1]++
			}
		}
		for c := range nb {
			count[c+1] += count[c]
		}
		sorted := spill.Make[uint64](mem, total)
		next := slices.Clone(count[:nb])
		for _, part := range group {
			for _, pr := range part {
				c := bs.of(int32(uint32(pr)))
				sorted[next[c]] = pr
				next[c]++
			}
			spill.Free(mem, part)
		}
		var found []keyedEdge
		for c := range nb {
			run := sorted[count[c]:count[c+1]]
			if len(run) == 0 {
				continue
			}
			for _, es := range inParts(len(run), 4096, cores, func(_ struct{}, lo, hi int) (es []keyedEdge) {
				for _, pr := range run[lo:hi] {
					if e, ok := verify(int32(pr>>32), int32(uint32(pr))); ok {
						es = append(es, keyedEdge{pr, e})
					}
				}
				return es
			}) {
				found = append(found, es...)
			}
			release()
		}
		spill.Free(mem, sorted)
		slices.SortFunc(found, func(x, y keyedEdge) int { return cmp.Compare(x.pair, y.pair) })
		edges := spill.Make[cluster.Edge](mem, len(found))
		for i, k := range found {
			edges[i] = k.e
		}
		out = append(out, edges)
	}
	all := join(mem, out...)
	for _, es := range out {
		spill.Free(mem, es)
	}
	return all
}

// stateless is perCore for loops that need no state.
func stateless() []struct{} { return make([]struct{}, runtime.GOMAXPROCS(0)) }

// perCore returns a state from newState for each core, for inParts.
func perCore[S any](newState func() S) []S {
	states := make([]S, runtime.GOMAXPROCS(0))
	for i := range states {
		states[i] = newState()
	}
	return states
}

// inParts calls fn on the ranges [lo, hi) of n items, chunk items each, from a goroutine for
// each of states, and returns what fn returned for each range, in range order.
func inParts[S, E any](n, chunk int, states []S, fn func(s S, lo, hi int) []E) [][]E {
	parts := make([][]E, (n+chunk-1)/chunk)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for _, s := range states[:min(len(states), len(parts))] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				p := int(next.Add(1) - 1)
				if p >= len(parts) {
					return
				}
				parts[p] = fn(s, p*chunk, min((p+1)*chunk, n))
			}
		}()
	}
	wg.Wait()
	return parts
}

// window is how many items inWindows takes between two releases.
const window = 1 << 16

// inWindows is inParts a window of items at a time, releasing mem after each: a loop that
// reads some arrays in order and others at random maps those it reads in order at gigabytes
// a second, which the releases every second do not bound; what is read at random is mapped
// again for a few page faults.
func inWindows[S, E any](mem *spill.Arena, n, chunk int, states []S, fn func(s S, lo, hi int) []E) [][]E {
	var parts [][]E
	for lo := 0; lo < n; lo += window {
		parts = append(parts, inParts(min(window, n-lo), chunk, states, func(s S, a, b int) []E { return fn(s, lo+a, lo+b) })...)
		mem.Release()
	}
	return parts
}

// join returns the values of parts one after the other, in mem.
func join[E any](mem *spill.Arena, parts ...[]E) []E {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := spill.Make[E](mem, n)[:0]
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
