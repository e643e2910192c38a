package lsh

import (
	"runtime"
	"slices"
	"sync"
)

// Table is an in-memory banding index of signatures, for one-shot reports. It is not safe for
// concurrent use.
//
// Buckets are runs of a sorted array, not map entries: Add only appends band hashes, and the
// first Pairs sorts each band once (bands in parallel). On 213,000 chronam passages a map per
// band spent more time growing and probing than the rest of the report.
type Table struct {
	p      Params
	ids    []int32  // items in the order added
	hashes []uint64 // their band hashes, p.Bands per item; dropped once built
	// Built by the first Pairs: members[b] holds the items sorted by their hash in band b
	// (then by id), and runs[k*Bands+b] the bounds start<<32|end of item k's run in it.
	members [][]int32
	runs    []uint64
}

// NewTable returns an empty Table for p.
func NewTable(p Params) *Table {
	return &Table{p: p}
}

// Grow makes room for n more items, so that adding them does not copy what was added.
func (t *Table) Grow(n int) {
	t.hashes = slices.Grow(t.hashes, n*t.p.Bands)
	t.ids = slices.Grow(t.ids, n)
}

// Add indexes sig as item id. Ids must be non-negative and added in increasing order, and
// no item may be added after Pairs. Pairs keeps a slice as long as the largest id.
func (t *Table) Add(id int32, sig []uint32) {
	if n := len(t.ids); id < 0 || n > 0 && t.ids[n-1] >= id {
		panic("lsh: Table.Add ids must be non-negative and increasing")
	}
	if t.members != nil {
		panic("lsh: Table.Add after Pairs")
	}
	t.hashes = AppendBandHashes(t.hashes, sig, t.p)
	t.ids = append(t.ids, id)
}

// Build sorts every band's items by hash and records each item's run; Pairs does it when
// first called. Items cannot be added afterwards.
func (t *Table) Build() {
	if t.members != nil {
		return
	}
	bands, n := t.p.Bands, len(t.ids)
	t.members = make([][]int32, bands)
	t.runs = make([]uint64, n*bands)
	type entry struct {
		h uint64
		k int32
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), bands) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ent, tmp := make([]entry, n), make([]entry, n)
			for b := range work {
				for k := range n {
					ent[k] = entry{t.hashes[k*bands+b], int32(k)}
				}
				// A radix sort on the hash, stable, so items of one hash stay in the
				// order they were added: ten times faster than comparing.
				for shift := 0; shift < 64 && n > 0; shift += 8 {
					var counts [257]int
					for _, e := range ent {
						counts[(e.h>>shift)&0xff+1]++
					}
					if counts[((ent[0].h>>shift)&0xff)+1] == n {
						continue // every entry has this byte: nothing moves
					}
					for i := 1; i < 257; i++ {
						counts[i] += counts[i-1]
					}
					for _, e := range ent {
						d := (e.h >> shift) & 0xff
						tmp[counts[d]] = e
						counts[d]++
					}
					ent, tmp = tmp, ent
				}
				ms := make([]int32, n)
				for i, e := range ent {
					ms[i] = t.ids[e.k]
				}
				for s := 0; s < n; {
					e := s + 1
					for e < n && ent[e].h == ent[s].h {
						e++
					}
					for i := s; i < e; i++ {
						t.runs[int(ent[i].k)*bands+b] = uint64(s)<<32 | uint64(e)
					}
					s = e
				}
				t.members[b] = ms
			}
		}()
	}
	for b := range bands {
		work <- b
	}
	close(work)
	wg.Wait()
	t.hashes = nil
}

// Pairs calls fn once for every candidate pair a < b sharing at least minShared bands,
// ordered by a then b. A bucket of more than maxBucket items (thousands of copies of one
// passage, or a template) is not expanded into all its pairs: its lowest item is paired with
// each of the others, which keeps the work linear and still reaches every copy; tooBig, when
// not nil, is told of each such bucket once.
//
// Asking for two shared bands instead of one keeps a loose banding (many bands of few rows,
// for a low threshold) from proposing most pairs of a large corpus: with b bands of r rows,
// sets of similarity s share Binomial(b, s^r) bands, and two or more is rare by chance.
func (t *Table) Pairs(maxBucket, minShared int, tooBig func(ids []int32), fn func(a, b int32)) {
	t.PairsRange(0, t.Len(), nil, maxBucket, minShared, tooBig, fn)
}

// Scratch is PairsRange's working memory, two counters per item: one per goroutine, reused
// from call to call, so that many small ranges do not each allocate it.
type Scratch struct {
	stamp, count []int32
}

// Len returns the number of items added.
func (t *Table) Len() int { return len(t.ids) }

// PairsRange is Pairs for the items added from-th to to-th (0-based, to excluded) as the
// first of each pair, with sc as working memory (nil: its own). Calls on disjoint ranges,
// each with its own Scratch, may run in parallel once Build was called; together they make
// the pairs of Pairs, range by range. tooBig is told of a bucket once per call.
func (t *Table) PairsRange(from, to int, sc *Scratch, maxBucket, minShared int, tooBig func(ids []int32), fn func(a, b int32)) {
	t.Build()
	if sc == nil {
		sc = &Scratch{}
	}
	// stamp[c] == a+1 marks c as met while pairing a; count[c] is how many bands it shared.
	if n := len(t.ids); n > 0 && len(sc.stamp) < int(t.ids[n-1])+1 {
		sc.stamp = make([]int32, t.ids[n-1]+1)
		sc.count = make([]int32, t.ids[n-1]+1)
	}
	// Stamps of an earlier call on another range never equal a+1 for an item of this one.
	stamp, count := sc.stamp, sc.count
	type bucket struct{ band, start int }
	reported := map[bucket]bool{}
	var cands []int32
	bands := t.p.Bands
	for k := from; k < to; k++ {
		a := t.ids[k]
		cands = cands[:0]
		for b, r := range t.runs[k*bands : (k+1)*bands] {
			start, end := int(r>>32), int(uint32(r))
			if end-start < 2 {
				continue
			}
			ids := t.members[b][start:end]
			i := 0
			if len(ids) > maxBucket {
				if tooBig != nil && !reported[bucket{b, start}] {
					reported[bucket{b, start}] = true
					tooBig(ids)
				}
				if a != ids[0] {
					continue
				}
				i = 1
			} else {
				// ids are ascending: start after a.
				i, _ = slices.BinarySearch(ids, a+1)
			}
			for _, c := range ids[i:] {
				if stamp[c] != a+1 {
					stamp[c], count[c] = a+1, 0
					cands = append(cands, c)
				}
				count[c]++
			}
		}
		// Most candidates of a loose banding share one band only: drop them before sorting.
		kept := cands[:0]
		for _, c := range cands {
			if int(count[c]) >= minShared {
				kept = append(kept, c)
			}
		}
		slices.Sort(kept)
		for _, c := range kept {
			fn(a, c)
		}
	}
}
