// Package radix sorts hashes by their top bits rather than by comparing them. Signing a
// report sorts every document's and passage's shingle set; with pdqsort that was a fifth of
// the signing's CPU time on a generated gigabyte.
package radix

import (
	"math/bits"
	"slices"
)

// minBuckets is the length below which comparing wins.
const minBuckets = 64

// maxRun is the longest bucket sorted by insertion; a longer one, from values that are not
// uniform, is sorted by comparing.
const maxRun = 24

// Sorter sorts slices of uint32 with its scratch, reused from call to call. Its zero value
// is ready to use; it is not safe for concurrent use.
type Sorter struct {
	tmp    []uint32
	counts []uint32
}

// Uint32s sorts a in ascending order. It is fastest for hashes, whose top bits are uniform:
// a pass spreads them over about as many buckets as values, and each bucket, of one or two
// values on average, is sorted by insertion. Any values come out sorted.
func (s *Sorter) Uint32s(a []uint32) {
	n := len(a)
	if n < minBuckets {
		slices.Sort(a)
		return
	}
	b := bits.Len(uint(n)) - 1 // 2^b <= n buckets
	shift := 32 - b
	if cap(s.tmp) < n {
		s.tmp = make([]uint32, n)
	}
	if cap(s.counts) < 1<<b+1 {
		s.counts = make([]uint32, 1<<b+1)
	}
	tmp, counts := s.tmp[:n], s.counts[:1<<b+1]
	clear(counts)
	for _, v := range a {
		counts[v>>shift+1]++
	}
	for d := 1; d < len(counts); d++ {
		counts[d] += counts[d-1]
	}
	// counts[d] is where bucket d starts; filling moves it to where bucket d ends, the next
	// one's start, so that counts[d-1]:counts[d] is bucket d afterwards.
	for _, v := range a {
		d := v >> shift
		tmp[counts[d]] = v
		counts[d]++
	}
	copy(a, tmp)
	start := 0
	for _, end := range counts[:1<<b] {
		run := a[start:end]
		if len(run) > maxRun {
			slices.Sort(run)
		} else {
			for i := 1; i < len(run); i++ {
				v, j := run[i], i
				for ; j > 0 && run[j-1] > v; j-- {
					run[j] = run[j-1]
				}
				run[j] = v
			}
		}
		start = int(end)
	}
}
