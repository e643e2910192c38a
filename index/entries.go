package index

import "slices"

// Sorting band entries was a sixth of an add's time with a comparison sort. Both places that
// sort know more than a comparison sort does: a write appends each band's entries in item
// order, so a stable sort by hash alone orders them fully; a merge gathers runs that are each
// sorted already, so merging them is enough. An item has one entry a band, so entries never
// tie, and either way the order is the one compareEntries gives.

// sortByHash sorts es into (h, doc, seq) order. When es is in (doc, seq) order, as a write
// appends it, that is a stable least-significant-digit radix sort on h, a byte at a time,
// through tmp (grown as needed and returned for reuse); otherwise a comparison sort.
func sortByHash(es, tmp []entry) []entry {
	n := len(es)
	if n < 2 {
		return tmp
	}
	for i := 1; i < n; i++ {
		if es[i].doc < es[i-1].doc || es[i].doc == es[i-1].doc && es[i].seq <= es[i-1].seq {
			slices.SortFunc(es, compareEntries)
			return tmp
		}
	}
	if n <= 32 {
		for i := 1; i < n; i++ {
			for j := i; j > 0 && es[j].h < es[j-1].h; j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		return tmp
	}
	if cap(tmp) < n {
		tmp = make([]entry, n)
	}
	tmp = tmp[:n]
	src, dst := es, tmp
	for shift := 0; shift < 32; shift += 8 {
		var count [256]int
		for i := range src {
			count[byte(src[i].h>>shift)]++
		}
		if count[byte(src[0].h>>shift)] == n {
			continue // every entry has this byte: the pass would not move any
		}
		sum := 0
		for b, c := range count {
			count[b] = sum
			sum += c
		}
		for i := range src {
			b := byte(src[i].h >> shift)
			dst[count[b]] = src[i]
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &es[0] {
		copy(es, src)
	}
	return tmp
}

// mergeRuns merges es, whose runs es[bounds[i]:bounds[i+1]] are each in (h, doc, seq)
// order, into one such order, through tmp (grown as needed and returned for reuse). bounds
// starts at 0 and ends at len(es).
func mergeRuns(es []entry, bounds []int, tmp []entry) []entry {
	if len(es) == 0 || len(bounds) <= 2 {
		return tmp
	}
	if cap(tmp) < len(es) {
		tmp = make([]entry, len(es))
	}
	tmp = tmp[:len(es)]
	src, dst := es, tmp
	for len(bounds) > 2 {
		next := make([]int, 1, len(bounds)/2+2)
		for i := 0; i+1 < len(bounds); i += 2 {
			lo, mid := bounds[i], bounds[i+1]
			hi := mid
			if i+2 < len(bounds) {
				hi = bounds[i+2]
			}
			mergeTwo(dst[lo:hi], src[lo:mid], src[mid:hi])
			next = append(next, hi)
		}
		bounds = next
		src, dst = dst, src
	}
	if &src[0] != &es[0] {
		copy(es, src)
	}
	return tmp
}

// mergeTwo merges the sorted a and b into dst, which is as long as both.
func mergeTwo(dst, a, b []entry) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := &a[i], &b[j]
		kx, ky := uint64(x.h)<<32|uint64(x.doc), uint64(y.h)<<32|uint64(y.doc)
		if ky < kx || ky == kx && y.seq < x.seq {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}
