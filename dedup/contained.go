package dedup

import (
	"math"
	"slices"

	"github.com/neardup/neardup/cluster"
	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/internal/tally"
	"github.com/neardup/neardup/shingle"
)

// The contained tier finds a passage copied into another one, or copied in part: an abridged
// copy whose last passage is shorter than the original's, two articles merged into one, a
// paragraph quoted in a longer text. Passages are windows of whole paragraphs, so such
// copies rarely fall into windows with the same bounds, and their Jaccard similarity stays
// far under the near tier's threshold however much text they share. Candidates come from
// winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003): of every winnowWindow consecutive
// shingles the smallest hash is a fingerprint, so that two passages sharing a run of
// winnowWindow shingles share one, and a run of 16 shingles two (shingles of stop words only
// are never fingerprints, see maskStopShingles). A pair sharing
// containedPrints fingerprints is verified on its shingle sets: at least containedShared
// shingles in common (as many as a run that always gives two fingerprints), making up
// containedShare of the smaller set, and no disagreement of numbers.
const (
	winnowWindow    = 8
	containedPrints = 2
	containedShared = 16
	containedShare  = 0.8
	// maxPostings bounds the passages one fingerprint pairs: a fingerprint that common is
	// a stock phrase, not evidence of copying.
	maxPostings = 500
)

// maskedShingle is a shingle hash that is never a fingerprint (see maskStopShingles); a shingle
// whose hash it is, one in 2^64, is never one either.
const maskedShingle = math.MaxUint64

// maskStopShingles sets to maskedShingle the word shingles in hs made of stop words only, hs
// being the shingles of size n of toks: "one of them", "as it is" are no evidence of copying,
// and as a corpus grows they pair ever more passages by chance, up to maxPostings each. A
// window of winnowWindow shingles then has a fingerprint when one of them holds a word that is
// not a stop word. It returns hs.
func maskStopShingles(hs []uint64, toks []shingle.Token, n int) []uint64 {
	if len(toks) < n { // one shingle of all the tokens
		n = len(toks)
	}
	stops := 0 // among the n tokens of the shingle at i
	for k, t := range toks {
		if t.Flags&shingle.Stop != 0 {
			stops++
		}
		if k >= n && toks[k-n].Flags&shingle.Stop != 0 {
			stops--
		}
		if i := k - n + 1; i >= 0 && stops == n {
			hs[i] = maskedShingle
		}
	}
	return hs
}

// appendWinnow appends the fingerprints of the shingle hashes hs, in text order, to dst:
// the smallest of each window of winnowWindow, once for each place it is chosen from, unless
// it is masked. A passage shorter than a window gives its smallest hash.
func appendWinnow(dst []uint64, hs []uint64) []uint64 {
	if len(hs) == 0 {
		return dst
	}
	w := min(winnowWindow, len(hs))
	last := -1
	for start := 0; start+w <= len(hs); start++ {
		// The rightmost smallest, as the paper does, so that a window's choice moves on
		// only when it must.
		m := start
		for i := start + 1; i < start+w; i++ {
			if hs[i] <= hs[m] {
				m = i
			}
		}
		if m != last && hs[m] != maskedShingle {
			dst = append(dst, hs[m])
		}
		last = m
	}
	return dst
}

// containedEdges returns the contained-tier links among nodes (groups of identical passages, as
// exactNodes makes them), leaving out pairs that linked already (linked reports them).
func (f *finder) containedEdges(nodes *nodes, linked func(a, b int32) bool) []cluster.Edge {
	// postings lists the nodes holding each fingerprint, ascending, none for one held by
	// more than maxPostings: runs of one array, found through a table of the fingerprints
	// (a map of slices spent more time growing them than the tier took otherwise). 0 marks
	// an empty slot of the table, so a fingerprint of 0 is counted as 1 (a passage holding
	// both, one chance in 2^63, is listed twice and counts them as two).
	held := countTable{mem: f.opt.Spill}
	for k := range int32(nodes.len()) {
		for _, p := range f.ps[nodes.rep(k)].prints() {
			held.add(max(p, 1))
		}
		releaseBehind(f.memory().prints, int(k))
	}
	// Offsets of 32 bits halve the table's: postings past four billion (a corpus of
	// hundreds of gigabytes) are left out as too common.
	start := spill.Make[uint32](f.opt.Spill, len(held.keys)+1)
	total := 0
	for i, c := range held.counts {
		start[i] = uint32(total)
		if c <= maxPostings && uint64(total)+uint64(c) <= math.MaxUint32 {
			total += int(c)
		}
	}
	start[len(held.keys)] = uint32(total)
	spill.Free(f.opt.Spill, held.counts) // a fingerprint's postings are counted by start now
	held.counts = nil
	ids := spill.Make[int32](f.opt.Spill, total)
	next := spill.Clone(f.opt.Spill, start)
	for k := range int32(nodes.len()) {
		for _, p := range f.ps[nodes.rep(k)].prints() {
			if i := held.find(max(p, 1)); start[i+1] > start[i] {
				ids[next[i]] = k
				next[i]++
			}
		}
		releaseBehind(f.memory().prints, int(k))
	}
	spill.Free(f.opt.Spill, next)
	postings := func(p uint64) []int32 {
		i := held.find(max(p, 1))
		if i < 0 {
			return nil
		}
		return ids[start[i]:start[i+1]]
	}
	// Each node pairs with the earlier ones, on every core, range by range.
	type state struct {
		shared *tally.Tally // prints each earlier node shares with the node paired
		cands  []int32
		pairs  []uint64
	}
	newState := func() *state { return &state{shared: tally.New(nodes.len(), containedPrints)} }
	parts := inWindows(f.opt.Spill, nodes.len(), 4096, perCore(newState), func(st *state, lo, hi int) []uint64 {
		st.pairs = st.pairs[:0]
		for k := lo; k < hi; k++ {
			st.cands = st.cands[:0]
			for _, p := range f.ps[nodes.rep(int32(k))].prints() {
				ps := postings(p)
				at, ok := slices.BinarySearch(ps, int32(k))
				if !ok {
					continue // too common a fingerprint
				}
				for _, b := range ps[:at] {
					if st.shared.Add(b) {
						st.cands = append(st.cands, b)
					}
				}
			}
			st.shared.Reset()
			slices.Sort(st.cands)
			for _, b := range st.cands {
				if !linked(b, int32(k)) {
					st.pairs = append(st.pairs, uint64(k)<<32|uint64(b))
				}
			}
		}
		return spill.Clone(f.opt.Spill, st.pairs)
	})
	held.free()
	spill.Free(f.opt.Spill, start)
	spill.Free(f.opt.Spill, ids)
	bs := cutBlocks(nodes.len(), func(k int32) int {
		q := &f.ps[nodes.rep(k)]
		return 4 * int(q.nShingles+q.nNumbers)
	})
	return verifyInBlocks(f.opt.Spill, parts, bs, f.opt.Spill.Release, func(k, b int32) (cluster.Edge, bool) {
		sim := f.contained(&f.ps[nodes.rep(b)], &f.ps[nodes.rep(k)])
		return cluster.Edge{A: b, B: k, Sim: sim, Tier: tierContained}, sim > 0
	})
}

// contained returns the share of the smaller passage's shingles that the larger holds when
// the pair qualifies for the contained tier, 0 otherwise.
func (f *finder) contained(x, y *psg) float64 {
	if numbersDisagree(x.numbers(), y.numbers()) {
		return 0
	}
	small := int(min(x.nShingles, y.nShingles))
	inter := shingle.Intersection(x.shingles(), y.shingles())
	if inter < containedShared || float64(inter) < containedShare*float64(small) {
		return 0
	}
	return float64(inter) / float64(small)
}
