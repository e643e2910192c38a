package dedup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// GateOptions are the gate's settings that are never persisted.
type GateOptions struct {
	// MaxReused is the share of an article's passage words that may match indexed passages
	// before the article is rejected; default 0.5.
	MaxReused float64
	// DryRun decides without adding anything to the index.
	DryRun bool
}

// maxStemCache bounds the stem counts a Gate keeps.
const maxStemCache = 1 << 20

// DefaultMaxReused is GateOptions.MaxReused when zero.
const DefaultMaxReused = 0.5

// Gate checks articles against an index and adds those that pass. It is not safe for
// concurrent use: one goroutine gates at a time (the index file allows one writer anyway).
type Gate struct {
	ix *index.Index
	r  *index.Reader  // the read transaction of the Decide under way
	df map[uint32]int // stem counts read from the index, kept across articles
	// dfWrites is the index's write count when df was started.
	dfWrites uint64
	p        Params
	mh       *minhash.Hasher
	opt      GateOptions
	w        *worker
	counts   GateCounts
}

// GateCounts are a gate's running totals of the work its decisions took, for metrics and
// benchmarks: where a slow decision spent its time.
type GateCounts struct {
	Articles   int // articles decided
	Candidates int // index entries proposed by LSH look-ups, before verification
	Records    int // stored passage records read to verify them
	Weighed    int // passages whose stem weights were computed for the rewrite tier
}

// Counts returns the totals so far.
func (g *Gate) Counts() GateCounts { return g.counts }

// NewGate returns a gate over ix, which must have been opened with IndexConfig(p).
func NewGate(ix *index.Index, p Params, opt GateOptions) (*Gate, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p = p.WithDefaults()
	mh, err := minhash.New(p.MinHash)
	if err != nil {
		return nil, err
	}
	if opt.MaxReused == 0 {
		opt.MaxReused = DefaultMaxReused
	}
	if !(opt.MaxReused > 0 && opt.MaxReused <= 1) {
		return nil, fmt.Errorf("%w: max reused share %v not in (0, 1]", ErrBadParams, opt.MaxReused)
	}
	return &Gate{ix: ix, p: p, mh: mh, opt: opt, w: &worker{tok: shingle.NewTokenizer()}}, nil
}

// signOne signs one article as Find would, its boilerplate judged with the index's counts:
// short lines only, since the index keeps no counts of long ones (furniture is judged within
// a run of documents, and an article is a run of one).
func (g *Gate) signOne(d corpus.Doc) (*finder, error) {
	f := &finder{docs: []corpus.Doc{d}, p: g.p, mh: g.mh, opt: Options{Workers: 1, Index: g.ix}, ds: make([]doc, 1), workers: []*worker{g.w}}
	f.countLines(g.w, 0)
	if err := f.findBoilerplate(); err != nil {
		return nil, err
	}
	f.sign(g.w, 0)
	return f, nil
}

// rewriteLimit bounds the rewrite candidates one passage verifies, those sharing the most
// bands first. The loose banding proposes hundreds for a passage of a common kind (earnings
// notes, market reports); on 2,000 reworded Reuters articles against 1M passages, verifying
// the best 32 made the same decisions and the same links as verifying all, in 0.6× the time.
const rewriteLimit = 32

// sigMargin is how far below a threshold a signature estimate may fall and still be verified:
// over three standard errors of a 128-value estimate near 0.5 (0.044), so that almost no
// pair at the threshold is ruled out by the estimate's noise.
const sigMargin = 0.15

// Decide checks d against the index and, unless it is rejected or the gate is a dry run,
// adds it. Re-gating an id the index holds is a revision: the earlier version is replaced,
// and is never a match for the new one.
func (g *Gate) Decide(ctx context.Context, d corpus.Doc) (report.Decision, error) {
	dec := report.Decision{Doc: d.ID}
	var old *index.Doc
	if id, err := g.ix.Lookup(d.ID); err == nil {
		_, text, err := g.ix.Text(id)
		if err != nil {
			return dec, err
		}
		if bytes.Equal(text, d.Text) {
			dec.Outcome = report.OutcomeUnchanged
			return dec, nil
		}
		od, err := g.ix.Doc(id)
		if err != nil {
			return dec, err
		}
		old, dec.Revision = &od, true
	} else if !errors.Is(err, index.ErrNotFound) {
		return dec, err
	}
	f, err := g.signOne(d)
	if err != nil {
		return dec, err
	}
	if err := ctx.Err(); err != nil {
		return dec, err
	}
	var (
		matches []report.Match
		reused  float64
	)
	// One read transaction for every look-up of the article: one view of the index, one
	// set-up. It ends before add writes, as bbolt requires.
	err = g.ix.View(func(r *index.Reader) error {
		g.r = r
		defer func() { g.r = nil }()
		matches, reused, err = g.match(f, old)
		return err
	})
	if err != nil {
		return dec, err
	}
	g.counts.Articles++
	dec.Matches, dec.Reused = matches, reused
	dec.Outcome = g.outcome(matches, reused, d.ID)
	if dec.Outcome.Rejected() || g.opt.DryRun {
		return dec, nil
	}
	if err := g.add(f, old); err != nil {
		return dec, err
	}
	dec.Added = true
	return dec, nil
}

func (g *Gate) outcome(ms []report.Match, reused float64, self string) report.Outcome {
	rewriteOnly := true
	any := false
	for _, m := range ms {
		if m.Doc == self {
			continue // restatements inside the article are reported, never held against it
		}
		if m.Level == report.LevelDocument {
			return report.OutcomeDuplicate
		}
		any = true
		rewriteOnly = rewriteOnly && m.Tier == report.TierRewrite
	}
	switch {
	case !any:
		return report.OutcomeNew
	case reused < g.opt.MaxReused:
		return report.OutcomePartial
	case rewriteOnly:
		return report.OutcomeRewrite
	}
	return report.OutcomeDuplicate
}

// add writes the signed article, replacing old when it is a revision.
func (g *Gate) add(f *finder, old *index.Doc) error {
	b := index.Batch{Lines: f.lineDF, Stems: map[uint64]int{}}
	for _, h := range f.docStems(0) {
		b.Stems[h]++
	}
	if old != nil {
		b.Delete = []index.DocID{old.ID}
		uncount(&b, g.p, old)
	}
	rec := f.record(0)
	b.Docs = []index.Doc{rec}
	if _, err := g.ix.Write(b); err != nil {
		return fmt.Errorf("add %q: %w", rec.Name, err)
	}
	return nil
}

// sets is a passage's features as the index stores them: hashes cut to 32 bits, sorted.
type sets struct {
	start, end, words int
	shingles          []uint32
	stems             []uint32 // nil: no part in the rewrite tier
	numbers           []uint32
	weights           []float64 // IDF of each stem
	weight            float64
}

// rewriteLink reports the rewrite-tier similarity of a and b, 0 when they do not qualify.
// Weights are looked up only for passages that get this far.
func (g *Gate) rewriteLink(a, b *sets, weigh func(*sets) error) (float64, error) {
	if a.stems == nil || b.stems == nil {
		return 0, nil
	}
	if len(a.numbers) > 0 && len(b.numbers) > 0 && shingle.Intersection(a.numbers, b.numbers) == 0 {
		return 0, nil // numbersDisagree
	}
	if err := weigh(a); err != nil {
		return 0, err
	}
	// Before b is weighed, which may read counts of its stems: the shared stems weigh what
	// they weigh in a, and each of b's other stems at least ln 2 (a count never exceeds
	// the documents), so the similarity is at most this.
	inter, shared := 0.0, 0
	for i, j := 0, 0; i < len(a.stems) && j < len(b.stems); {
		switch {
		case a.stems[i] < b.stems[j]:
			i++
		case a.stems[i] > b.stems[j]:
			j++
		default:
			inter += a.weights[i]
			shared++
			i, j = i+1, j+1
		}
	}
	if inter < g.p.RewriteThreshold*(a.weight+float64(len(b.stems)-shared)*math.Ln2)*(1-1e-9) {
		return 0, nil
	}
	if err := weigh(b); err != nil {
		return 0, err
	}
	w := weightedJaccard(a.stems, a.weights, a.weight, b.stems, b.weights, b.weight, g.p.RewriteThreshold)
	if w < g.p.RewriteThreshold {
		return 0, nil
	}
	return w, nil
}

// match finds and verifies every indexed document and passage like the article's, on the
// sets the index stores: no candidate's text is read but those that match, for snippets.
func (g *Gate) match(f *finder, old *index.Doc) ([]report.Match, float64, error) {
	d := &f.ds[0]
	ps := f.pending[0]
	text := f.docs[0].Text
	skip := index.DocID(0)
	if old != nil {
		skip = old.ID
	}
	weigh := g.weigher(f)
	mine := make([]sets, len(ps))
	for i, q := range ps {
		mine[i] = sets{start: int(q.start), end: int(q.end), words: int(q.words),
			shingles: q.shingles(), stems: q.stems(), numbers: q.numbers()}
	}
	names := map[index.DocID]string{}
	texts := map[index.DocID][]byte{}
	name := func(id index.DocID) (string, error) {
		if n, ok := names[id]; ok {
			return n, nil
		}
		n, t, err := g.r.Text(id)
		names[id], texts[id] = n, t
		return n, err
	}
	byDoc := map[index.DocID]*report.Match{}
	var order []index.DocID
	get := func(id index.DocID) (*report.Match, error) {
		m, ok := byDoc[id]
		if !ok {
			n, err := name(id)
			if err != nil {
				return nil, err
			}
			m = &report.Match{Doc: n, Level: report.LevelPassage}
			byDoc[id] = m
			order = append(order, id)
		}
		return m, nil
	}
	docLevel := func(id index.DocID) bool { m := byDoc[id]; return m != nil && m.Level == report.LevelDocument }

	// Whole documents: exact, then near.
	var keys []index.Key
	var err error
	if d.exact != 0 {
		if keys, err = g.r.Exact(d.exact, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Seq != 0 || k.Doc == skip {
				continue
			}
			m, err := get(k.Doc)
			if err != nil {
				return nil, 0, err
			}
			m.Level, m.Tier, m.Similarity = report.LevelDocument, report.TierExact, 1
		}
	}
	if d.sig != nil {
		mineDoc := d.shingles
		if keys, err = g.r.Candidates(index.Docs, d.sig, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Doc == skip || docLevel(k.Doc) {
				continue
			}
			rec, err := g.r.DocRecord(k.Doc)
			if err != nil {
				return nil, 0, err
			}
			if len(rec.Sig) != len(d.sig) || !minhash.SimilarityAtLeast(d.sig, rec.Sig, g.p.NearThreshold-sigMargin) {
				continue
			}
			if j := shingle.Jaccard(mineDoc, rec.Shingles); j >= g.p.NearThreshold {
				m, err := get(k.Doc)
				if err != nil {
					return nil, 0, err
				}
				m.Level, m.Tier, m.Similarity = report.LevelDocument, report.TierNear, j
			}
		}
	}

	// Passages: exact, near, rewrite. Stored records are read once per gate call.
	type stored struct {
		rec  index.Passage
		sets sets
	}
	recs := map[index.Key]*stored{}
	record := func(k index.Key) (*sets, *index.Passage, error) {
		if c, ok := recs[k]; ok {
			return &c.sets, &c.rec, nil
		}
		p, err := g.r.Passage(k)
		if err != nil {
			return nil, nil, err
		}
		g.counts.Records++
		c := &stored{rec: p, sets: sets{start: int(p.Start), end: int(p.End), words: int(p.Words),
			shingles: p.Shingles, stems: p.Stems, numbers: p.Numbers}}
		recs[k] = c
		return &c.sets, &c.rec, nil
	}
	// An article that is a copy of indexed ones is explained by them: matching its passages
	// against everything else would cost the most exactly where the verdict is already clear.
	copyOf := 0.0
	for _, m := range byDoc {
		copyOf = math.Max(copyOf, m.Similarity)
	}
	matched := make([]bool, len(ps))
	for i := range ps {
		if copyOf > 0 {
			break
		}
		q, my := &ps[i], &mine[i]
		found := map[index.Key]bool{}
		pair := func(k index.Key, c *sets, tier report.Tier, sim float64) error {
			found[k] = true
			if docLevel(k.Doc) {
				return nil // the whole article matches; its passages add nothing
			}
			matched[i] = true
			m, err := get(k.Doc)
			if err != nil {
				return err
			}
			ct := texts[k.Doc]
			if c.end > len(ct) || c.start > c.end {
				return fmt.Errorf("%w: passage %d of %q outside its text", index.ErrCorrupt, k.Seq, m.Doc)
			}
			m.Passages = append(m.Passages, report.PassageMatch{
				Start: my.start, End: my.end, MatchStart: c.start, MatchEnd: c.end,
				Tier: tier, Similarity: sim,
				Snippet: snippet(text[my.start:my.end]), MatchSnippet: snippet(ct[c.start:c.end]),
			})
			return nil
		}
		if keys, err = g.r.Exact(q.exact, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Seq == 0 || k.Doc == skip {
				continue
			}
			c, _, err := record(k)
			if err != nil {
				return nil, 0, err
			}
			if err := pair(k, c, report.TierExact, 1); err != nil {
				return nil, 0, err
			}
		}
		// A key already decided, for this passage or as part of a whole-document match, is
		// not looked at again.
		decided := func(k index.Key) bool { return k.Doc == skip || found[k] || docLevel(k.Doc) }
		if keys, err = g.r.Candidates(index.Near, q.nearSig(), keys[:0]); err != nil {
			return nil, 0, err
		}
		g.counts.Candidates += len(keys)
		for _, k := range keys {
			if decided(k) {
				continue
			}
			c, rec, err := record(k)
			if err != nil {
				return nil, 0, err
			}
			if len(rec.Near) != len(q.nearSig()) || !minhash.SimilarityAtLeast(q.nearSig(), rec.Near, g.p.NearThreshold-sigMargin) {
				continue
			}
			if j := shingle.Jaccard(my.shingles, c.shingles); j >= g.p.NearThreshold {
				if err := pair(k, c, report.TierNear, j); err != nil {
					return nil, 0, err
				}
			}
		}
		if q.rwSig() == nil {
			continue
		}
		// Decided keys take no place among the candidates ranked (and so are not in keys).
		if keys, err = g.r.CandidatesRanked(index.Rewrite, q.rwSig(), rewriteMinShared, rewriteLimit, decided, keys[:0]); err != nil {
			return nil, 0, err
		}
		g.counts.Candidates += len(keys)
		for _, k := range keys {
			c, rec, err := record(k)
			if err != nil {
				return nil, 0, err
			}
			// As in a report: most collisions of this loose banding are chance.
			if len(rec.Rewrite) != len(q.rwSig()) || !minhash.SimilarityAtLeast(q.rwSig(), rec.Rewrite, rewriteEstimateAt) {
				continue
			}
			w, err := g.rewriteLink(my, c, weigh)
			if err != nil {
				return nil, 0, err
			}
			if w > 0 {
				if err := pair(k, c, report.TierRewrite, w); err != nil {
					return nil, 0, err
				}
			}
		}
	}
	// Restatements inside the article itself, as the report finds them.
	self := &report.Match{Doc: f.docs[0].ID, Level: report.LevelPassage}
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			a, b := &mine[i], &mine[j]
			tier, sim := report.Tier(""), 0.0
			switch {
			case ps[i].exact == ps[j].exact:
				tier, sim = report.TierExact, 1
			case shingle.Jaccard(a.shingles, b.shingles) >= g.p.NearThreshold:
				tier, sim = report.TierNear, shingle.Jaccard(a.shingles, b.shingles)
			default:
				w, err := g.rewriteLink(a, b, weigh)
				if err != nil {
					return nil, 0, err
				}
				if w > 0 {
					tier, sim = report.TierRewrite, w
				}
			}
			if tier != "" {
				self.Passages = append(self.Passages, report.PassageMatch{
					Start: b.start, End: b.end, MatchStart: a.start, MatchEnd: a.end,
					Tier: tier, Similarity: sim,
					Snippet: snippet(text[b.start:b.end]), MatchSnippet: snippet(text[a.start:a.end]),
				})
			}
		}
	}

	out := make([]report.Match, 0, len(order)+1)
	for _, id := range order {
		m := byDoc[id]
		if m.Level == report.LevelPassage {
			summarize(m)
		}
		out = append(out, *m)
	}
	slices.SortStableFunc(out, func(a, b report.Match) int {
		if a.Level != b.Level {
			if a.Level == report.LevelDocument {
				return -1
			}
			return 1
		}
		if a.Similarity != b.Similarity {
			if a.Similarity > b.Similarity {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Doc, b.Doc)
	})
	if len(self.Passages) > 0 {
		summarize(self)
		out = append(out, *self)
	}
	total, reused := 0, 0
	for i, q := range ps {
		total += int(q.words)
		if matched[i] {
			reused += int(q.words)
		}
	}
	share := 0.0
	if total > 0 {
		share = float64(reused) / float64(total)
	}
	return out, share, nil
}

// summarize sets a passage-level match's tier (the strongest among its passages) and
// similarity (the best), and orders its passages by place in the new article.
func summarize(m *report.Match) {
	rank := map[report.Tier]int{report.TierExact: 0, report.TierNear: 1, report.TierContained: 2, report.TierRewrite: 3}
	m.Tier, m.Similarity = report.TierRewrite, 0
	for _, p := range m.Passages {
		if rank[p.Tier] < rank[m.Tier] {
			m.Tier = p.Tier
		}
		m.Similarity = math.Max(m.Similarity, p.Similarity)
	}
	slices.SortStableFunc(m.Passages, func(a, b report.PassageMatch) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.MatchStart - b.MatchStart
	})
}

// weigher returns a function that sets the IDF weights of a passage's stems from the index's
// counts, the gated article included. Counts are fetched once per stem and kept by the Gate
// across articles until anything is written to the index.
func (g *Gate) weigher(f *finder) func(*sets) error {
	own := map[uint32]bool{}
	for _, h := range f.docStems(0) {
		own[uint32(h)] = true
	}
	n := 1.0 + float64(g.r.DocCount())
	// Counts read before a write through this index are stale: start again.
	if w := g.ix.Writes(); g.df == nil || len(g.df) > maxStemCache || w != g.dfWrites {
		g.df, g.dfWrites = map[uint32]int{}, w
	}
	return func(q *sets) error {
		if q.stems == nil || q.weights != nil {
			return nil
		}
		g.counts.Weighed++
		var missing []uint64
		for _, h := range q.stems {
			if _, ok := g.df[h]; !ok {
				missing = append(missing, uint64(h))
			}
		}
		if len(missing) > 0 {
			counts, err := g.r.StemCounts(missing)
			if err != nil {
				return err
			}
			for i, h := range missing {
				g.df[uint32(h)] = counts[i]
			}
		}
		q.weights = make([]float64, len(q.stems))
		q.weight = 0
		for j, h := range q.stems {
			df := g.df[h]
			if own[h] {
				df++
			}
			// Clamped to n, so that no weight is below ln 2 (see rewriteLink).
			q.weights[j] = math.Log1p(n / min(float64(max(df, 1)), n))
			q.weight += q.weights[j]
		}
		return nil
	}
}
