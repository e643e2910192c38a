package lsh

import "slices"

// Table is an in-memory banding index of signatures, for one-shot reports. Items are numbered
// by the caller in insertion order. It is not safe for concurrent use.
type Table struct {
	p       Params
	buckets []map[uint64][]int32 // one map per band
	scratch []uint64
}

// NewTable returns an empty Table for p.
func NewTable(p Params) *Table {
	t := &Table{p: p, buckets: make([]map[uint64][]int32, p.Bands)}
	for i := range t.buckets {
		t.buckets[i] = make(map[uint64][]int32)
	}
	return t
}

// Add indexes sig as item id.
func (t *Table) Add(id int32, sig []uint32) {
	t.scratch = AppendBandHashes(t.scratch[:0], sig, t.p)
	for b, h := range t.scratch {
		t.buckets[b][h] = append(t.buckets[b][h], id)
	}
}

// Pairs calls fn once for every candidate pair (a < b) sharing at least one band, in a
// deterministic order. A bucket holding more than maxBucket items is passed to tooBig instead
// of being expanded, so that very common passages cannot make the work quadratic.
func (t *Table) Pairs(maxBucket int, tooBig func(ids []int32), fn func(a, b int32)) {
	seen := make(map[[2]int32]struct{})
	var pairs [][2]int32
	for _, m := range t.buckets {
		keys := make([]uint64, 0, len(m))
		for h, ids := range m {
			if len(ids) > 1 {
				keys = append(keys, h)
			}
		}
		slices.Sort(keys)
		for _, h := range keys {
			ids := m[h]
			if len(ids) > maxBucket {
				if tooBig != nil {
					tooBig(ids)
				}
				continue
			}
			for i := 0; i < len(ids); i++ {
				for j := i + 1; j < len(ids); j++ {
					p := [2]int32{min(ids[i], ids[j]), max(ids[i], ids[j])}
					if _, ok := seen[p]; !ok {
						seen[p] = struct{}{}
						pairs = append(pairs, p)
					}
				}
			}
		}
	}
	slices.SortFunc(pairs, func(x, y [2]int32) int {
		if x[0] != y[0] {
			return int(x[0] - y[0])
		}
		return int(x[1] - y[1])
	})
	for _, p := range pairs {
		fn(p[0], p[1])
	}
}
