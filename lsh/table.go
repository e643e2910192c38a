package lsh

import "slices"

// Table is an in-memory banding index of signatures, for one-shot reports. It is not safe for
// concurrent use.
type Table struct {
	p       Params
	buckets []map[uint64][]int32 // one map per band: band hash -> items
	ids     []int32              // items in the order added
	hashes  []uint64             // their band hashes, p.Bands per item
}

// NewTable returns an empty Table for p.
func NewTable(p Params) *Table {
	t := &Table{p: p, buckets: make([]map[uint64][]int32, p.Bands)}
	for i := range t.buckets {
		t.buckets[i] = make(map[uint64][]int32)
	}
	return t
}

// Add indexes sig as item id. Ids must be non-negative, added in increasing order, and dense:
// Pairs keeps a slice as long as the largest id.
func (t *Table) Add(id int32, sig []uint32) {
	if n := len(t.ids); id < 0 || n > 0 && t.ids[n-1] >= id {
		panic("lsh: Table.Add ids must be non-negative and increasing")
	}
	n := len(t.hashes)
	t.hashes = AppendBandHashes(t.hashes, sig, t.p)
	for b, h := range t.hashes[n:] {
		t.buckets[b][h] = append(t.buckets[b][h], id)
	}
	t.ids = append(t.ids, id)
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
	// stamp[c] == a+1 marks c as met while pairing a; count[c] is how many bands it shared.
	var stamp, count []int32
	if n := len(t.ids); n > 0 {
		stamp = make([]int32, t.ids[n-1]+1)
		count = make([]int32, t.ids[n-1]+1)
	}
	reported := map[*int32]bool{}
	var cands []int32
	for k, a := range t.ids {
		cands = cands[:0]
		for b, h := range t.hashes[k*t.p.Bands : (k+1)*t.p.Bands] {
			ids := t.buckets[b][h]
			if len(ids) < 2 {
				continue
			}
			i := 0
			if len(ids) > maxBucket {
				if tooBig != nil && !reported[&ids[0]] {
					reported[&ids[0]] = true
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
		slices.Sort(cands)
		for _, c := range cands {
			if int(count[c]) >= minShared {
				fn(a, c)
			}
		}
	}
}
