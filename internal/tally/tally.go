// Package tally counts how often items are met, up to a threshold, in bitmaps: a bit an
// item for each count. Finding candidate pairs meets items at random, thousands for each
// item paired; a stamp and a counter per item, 8 bytes, missed the cache on a corpus of
// millions of items, where two bitmaps of a million items, 256 KB, mostly stay in it.
package tally

// Tally counts items 0..n-1 from one Reset to the next.
type Tally struct {
	upTo  int
	first []uint64   // bit c: item c met at least once
	more  [][]uint64 // more[l] bit c: item c met at least l+2 times
	met   []int32
}

// New returns a Tally of n items that tells when an item is met the upTo-th time (upTo
// below 1 counts as 1).
func New(n, upTo int) *Tally {
	upTo = max(upTo, 1)
	words := (n + 63) / 64
	t := &Tally{upTo: upTo, first: make([]uint64, words), more: make([][]uint64, upTo-1)}
	for l := range t.more {
		t.more[l] = make([]uint64, words)
	}
	return t
}

// Len returns the number of items t counts.
func (t *Tally) Len() int { return len(t.first) * 64 }

// UpTo returns the count Add tells of.
func (t *Tally) UpTo() int { return t.upTo }

// Add counts item c once more and reports whether that made upTo: true once for each item
// between two Resets.
func (t *Tally) Add(c int32) bool {
	w, bit := c>>6, uint64(1)<<(c&63)
	if t.first[w]&bit == 0 {
		t.first[w] |= bit
		t.met = append(t.met, c)
		return t.upTo == 1
	}
	return t.again(w, bit)
}

func (t *Tally) again(w int32, bit uint64) bool {
	for l, m := range t.more {
		if m[w]&bit == 0 {
			m[w] |= bit
			return l == len(t.more)-1
		}
	}
	return false
}

// Met returns the items met since the last Reset, in the order first met. It is valid
// until the next Add or Reset.
func (t *Tally) Met() []int32 { return t.met }

// Reset forgets every count, in time proportional to the items met.
func (t *Tally) Reset() {
	for _, c := range t.met {
		w, bit := c>>6, uint64(1)<<(c&63)
		t.first[w] &^= bit
		for _, m := range t.more {
			m[w] &^= bit
		}
	}
	t.met = t.met[:0]
}
