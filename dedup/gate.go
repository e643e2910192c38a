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
	"github.com/neardup/neardup/passage"
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

// DefaultMaxReused is GateOptions.MaxReused when zero.
const DefaultMaxReused = 0.5

// Gate checks articles against an index and adds those that pass. It is not safe for
// concurrent use: one goroutine gates at a time (the index file allows one writer anyway).
type Gate struct {
	ix  *index.Index
	r   *index.Reader // the read transaction of the Decide under way
	p   Params
	mh  *minhash.Hasher
	opt GateOptions
	w   *worker
}

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

// signOne signs one article as Find would, its boilerplate judged with the index's counts.
func (g *Gate) signOne(d corpus.Doc) (*finder, error) {
	f := &finder{docs: []corpus.Doc{d}, p: g.p, mh: g.mh, opt: Options{Workers: 1, Index: g.ix}, ds: make([]doc, 1), reader: g.r}
	f.readLines(g.w, 0)
	if _, err := f.findBoilerplate(); err != nil {
		return nil, err
	}
	f.sign(g.w, 0)
	return f, nil
}

// indexed is an indexed article, loaded as far as a gate call needed it: its features are
// computed again from its text, and only for candidates whose signatures came close.
type indexed struct {
	id       index.DocID
	name     string
	text     []byte
	shingles []uint64 // of the whole article, boilerplate aside
	ps       map[uint32]*psg
}

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
		od, err := g.ix.Doc(id)
		if err != nil {
			return dec, err
		}
		if bytes.Equal(od.Text, d.Text) {
			dec.Outcome = report.OutcomeUnchanged
			return dec, nil
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
		of, err := g.signOne(corpus.Doc{ID: old.Name, Text: old.Text})
		if err != nil {
			return err
		}
		for h, n := range of.lineDF {
			b.Lines[h] -= n
		}
		for _, h := range of.docStems(0) {
			b.Stems[h]--
		}
	}
	rec := f.record(0)
	b.Docs = []index.Doc{rec}
	if _, err := g.ix.Write(b); err != nil {
		return fmt.Errorf("add %q: %w", rec.Name, err)
	}
	return nil
}

// match finds and verifies every indexed document and passage like the article's.
func (g *Gate) match(f *finder, old *index.Doc) ([]report.Match, float64, error) {
	d := &f.ds[0]
	ps := f.pending[0]
	text := f.docs[0].Text
	skip := index.DocID(0)
	if old != nil {
		skip = old.ID
	}
	cache := map[index.DocID]*indexed{}
	load := func(id index.DocID) (*indexed, error) {
		if c, ok := cache[id]; ok {
			return c, nil
		}
		name, text, err := g.r.Text(id)
		if err != nil {
			return nil, err
		}
		c := &indexed{id: id, name: name, text: text, ps: map[uint32]*psg{}}
		cache[id] = c
		return c, nil
	}
	byDoc := map[index.DocID]*report.Match{}
	var order []index.DocID
	get := func(id index.DocID, name string) *report.Match {
		m, ok := byDoc[id]
		if !ok {
			m = &report.Match{Doc: name, Level: report.LevelPassage}
			byDoc[id] = m
			order = append(order, id)
		}
		return m
	}

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
			c, err := load(k.Doc)
			if err != nil {
				return nil, 0, err
			}
			m := get(k.Doc, c.name)
			m.Level, m.Tier, m.Similarity = report.LevelDocument, report.TierExact, 1
		}
	}
	if d.sig != nil {
		if keys, err = g.r.Candidates(index.Docs, d.sig, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Doc == skip {
				continue
			}
			if m, ok := byDoc[k.Doc]; ok && m.Level == report.LevelDocument {
				continue
			}
			sig, err := g.r.DocSig(k.Doc)
			if err != nil {
				return nil, 0, err
			}
			if len(sig) != len(d.sig) || minhash.Similarity(d.sig, sig) < g.p.NearThreshold-sigMargin {
				continue
			}
			c, err := load(k.Doc)
			if err != nil {
				return nil, 0, err
			}
			if c.shingles == nil {
				c.shingles = g.docShingles(c.text)
			}
			if j := shingle.Jaccard(d.shingles, c.shingles); j >= g.p.NearThreshold {
				m := get(k.Doc, c.name)
				m.Level, m.Tier, m.Similarity = report.LevelDocument, report.TierNear, j
			}
		}
	}

	// Passages. Weights for the rewrite tier come from the index's stem counts, this article
	// counted in.
	weigh := g.weigher(f)
	for i := range ps {
		weigh(&ps[i])
	}
	matched := make([]bool, len(ps))
	for i := range ps {
		q := &ps[i]
		found := map[index.Key]bool{}
		pair := func(k index.Key, c *indexed, cp *psg, tier report.Tier, sim float64) {
			found[k] = true
			if m := byDoc[k.Doc]; m != nil && m.Level == report.LevelDocument {
				return // the whole article matches; its passages add nothing
			}
			matched[i] = true
			m := get(k.Doc, c.name)
			m.Passages = append(m.Passages, report.PassageMatch{
				Start: q.span.Start, End: q.span.End, MatchStart: cp.span.Start, MatchEnd: cp.span.End,
				Tier: tier, Similarity: sim,
				Snippet: snippet(text[q.span.Start:q.span.End]), MatchSnippet: snippet(c.text[cp.span.Start:cp.span.End]),
			})
		}
		if keys, err = g.r.Exact(q.exact, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Seq == 0 || k.Doc == skip {
				continue
			}
			c, cp, err := g.passage(load, k, nil, weigh)
			if err != nil {
				return nil, 0, err
			}
			pair(k, c, cp, report.TierExact, 1)
		}
		if keys, err = g.r.Candidates(index.Near, q.nearSig, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Doc == skip || found[k] {
				continue
			}
			rec, err := g.r.Passage(k)
			if err != nil {
				return nil, 0, err
			}
			if len(rec.Near) != len(q.nearSig) || minhash.Similarity(q.nearSig, rec.Near) < g.p.NearThreshold-sigMargin {
				continue
			}
			c, cp, err := g.passage(load, k, &rec, weigh)
			if err != nil {
				return nil, 0, err
			}
			if j := shingle.Jaccard(q.shingles, cp.shingles); j >= g.p.NearThreshold {
				pair(k, c, cp, report.TierNear, j)
			}
		}
		if q.rwSig == nil {
			continue
		}
		if keys, err = g.r.CandidatesShared(index.Rewrite, q.rwSig, rewriteMinShared, keys[:0]); err != nil {
			return nil, 0, err
		}
		for _, k := range keys {
			if k.Doc == skip || found[k] {
				continue
			}
			rec, err := g.r.Passage(k)
			if err != nil {
				return nil, 0, err
			}
			// As in a report: most collisions of this loose banding are chance.
			if len(rec.Rewrite) != len(q.rwSig) || minhash.Similarity(q.rwSig, rec.Rewrite) < rewriteBandAt/2 {
				continue
			}
			c, cp, err := g.passage(load, k, &rec, weigh)
			if err != nil {
				return nil, 0, err
			}
			if cp.stems == nil || numbersDisagree(q.numbers, cp.numbers) {
				continue
			}
			if j := weightedJaccardAtLeast(q, cp, g.p.RewriteThreshold); j >= g.p.RewriteThreshold {
				pair(k, c, cp, report.TierRewrite, j)
			}
		}
	}
	// Restatements inside the article itself, as the report finds them.
	self := &report.Match{Doc: f.docs[0].ID, Level: report.LevelPassage}
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			a, b := &ps[i], &ps[j]
			tier, sim := report.Tier(""), 0.0
			switch {
			case a.exact == b.exact:
				tier, sim = report.TierExact, 1
			case shingle.Jaccard(a.shingles, b.shingles) >= g.p.NearThreshold:
				tier, sim = report.TierNear, shingle.Jaccard(a.shingles, b.shingles)
			case a.stems != nil && b.stems != nil && !numbersDisagree(a.numbers, b.numbers):
				if w := weightedJaccardAtLeast(a, b, g.p.RewriteThreshold); w >= g.p.RewriteThreshold {
					tier, sim = report.TierRewrite, w
				}
			}
			if tier != "" {
				self.Passages = append(self.Passages, report.PassageMatch{
					Start: b.span.Start, End: b.span.End, MatchStart: a.span.Start, MatchEnd: a.span.End,
					Tier: tier, Similarity: sim,
					Snippet: snippet(text[b.span.Start:b.span.End]), MatchSnippet: snippet(text[a.span.Start:a.span.End]),
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
		total += q.span.Words
		if matched[i] {
			reused += q.span.Words
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
	rank := map[report.Tier]int{report.TierExact: 0, report.TierNear: 1, report.TierRewrite: 2}
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

// passage returns indexed passage k with its features, computed once per gate call; rec is
// its record when the caller has it already.
func (g *Gate) passage(load func(index.DocID) (*indexed, error), k index.Key, rec *index.Passage, weigh func(*psg)) (*indexed, *psg, error) {
	c, err := load(k.Doc)
	if err != nil {
		return nil, nil, err
	}
	if q, ok := c.ps[k.Seq]; ok {
		return c, q, nil
	}
	if rec == nil {
		r, err := g.r.Passage(k)
		if err != nil {
			return nil, nil, err
		}
		rec = &r
	}
	if int(rec.End) > len(c.text) || rec.Start > rec.End {
		return nil, nil, fmt.Errorf("%w: passage %d of %q outside its text", index.ErrCorrupt, rec.Seq, c.name)
	}
	sp := passage.Passage{Start: int(rec.Start), End: int(rec.End), Words: int(rec.Words), Kind: passage.Kind(rec.Kind)}
	q := g.features(c.text, sp, rec.Rewrite != nil)
	weigh(q)
	c.ps[k.Seq] = q
	return c, q, nil
}

// features computes a stored passage's sets from its text.
func (g *Gate) features(text []byte, sp passage.Passage, rewrite bool) *psg {
	w := g.w
	body := text[sp.Start:sp.End]
	w.toks = w.tok.AppendContent(w.toks[:0], body)
	q := &psg{span: sp, exact: shingle.Sequence(w.toks)}
	f := finder{p: g.p}
	q.shingles = shingle.Set(f.appendShingles(w, nil, body))
	if rewrite {
		q.stems = shingle.Set(shingle.AppendStems(nil, w.toks))
		q.numbers = shingle.Set(shingle.AppendNumbers(nil, w.toks))
	}
	return q
}

// docShingles computes an indexed article's whole-document shingle set from its text.
func (g *Gate) docShingles(text []byte) []uint64 {
	f, err := g.signOne(corpus.Doc{Text: text})
	if err != nil {
		return nil
	}
	return f.ds[0].shingles
}

// weigher returns a function that sets the IDF weights of a passage's stems from the
// index's counts, the gated article included; counts are fetched once per stem.
func (g *Gate) weigher(f *finder) func(*psg) {
	own := map[uint64]bool{}
	for _, h := range f.docStems(0) {
		own[h] = true
	}
	n := 1.0 + float64(g.r.DocCount())
	idf := map[uint64]float64{}
	return func(q *psg) {
		if q.stems == nil || q.weights != nil {
			return
		}
		var missing []uint64
		for _, h := range q.stems {
			if _, ok := idf[h]; !ok {
				missing = append(missing, h)
			}
		}
		if len(missing) > 0 {
			counts, err := g.r.StemCounts(missing)
			if err != nil {
				counts = make([]int, len(missing))
			}
			for i, h := range missing {
				df := counts[i]
				if own[h] {
					df++
				}
				idf[h] = math.Log1p(n / float64(max(df, 1)))
			}
		}
		q.weights = make([]float64, len(q.stems))
		q.weight = 0
		for j, h := range q.stems {
			q.weights[j] = idf[h]
			q.weight += idf[h]
		}
	}
}
