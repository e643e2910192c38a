package eval

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/report"
)

// CategoryRow scores the report on one category of modified copies.
type CategoryRow struct {
	Category Category
	Docs     int // documents in the run: originals, copies, distractors
	Truth    int // links the truth holds that involve a copy
	Found    int // of those, linked by the report (any level, any tier)
	// AsExpected counts the links found as the category expects: at document level for
	// whole copies, in the rewrite tier for rewrites, at any level for partial copies.
	AsExpected int
	False      int // links the report made that the truth does not hold (new in this run)
	// FalseRewrite counts the false links of the rewrite tier.
	FalseRewrite int
	// Boilerplate counts the false links made by site furniture: exact or near links of the
	// boilerplate run that the same documents without it did not make.
	Boilerplate int
	ARI         float64 // adjusted Rand index of the document clusters; NaN where the truth is not a partition
	Time        time.Duration
}

// Recall is the share of truth links found.
func (r CategoryRow) Recall() float64 { return ratio(r.Found, r.Truth) }

// ExpectedRecall is the share of truth links found as the category expects.
func (r CategoryRow) ExpectedRecall() float64 { return ratio(r.AsExpected, r.Truth) }

// Precision is the share of the run's links that the truth holds.
func (r CategoryRow) Precision() float64 { return ratio(r.Found, r.Found+r.False) }

// F1 is the harmonic mean of Precision and Recall.
func (r CategoryRow) F1() float64 {
	p, q := r.Precision(), r.Recall()
	if p+q == 0 {
		return 0
	}
	return 2 * p * q / (p + q)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// source is where an eval document comes from: which paragraphs of which originals it holds.
type source struct {
	orig  int   // index into the pool
	paras []int // paragraph numbers; nil for all
}

// evalDoc is one document of a run, with its provenance.
type evalDoc struct {
	id    string
	text  string
	from  []source
	copy  bool
	group int // truth cluster for whole-document categories; -1 alone
}

// pool is the articles the robustness test draws from, with no natural duplicates among them.
type pool struct {
	ids   []string
	paras [][]string
}

// newPool keeps the documents of docs that have minParagraphs paragraphs and minWords words,
// and drops every document that shares text with another (word 3-gram Jaccard at least 0.2
// between documents, or 0.3 between paragraphs): natural duplicates would blur the truth.
func newPool(docs []corpus.Doc) pool {
	var p pool
	for _, d := range docs {
		ps := paragraphs(string(d.Text))
		if len(ps) < minParagraphs || len(strings.Fields(string(d.Text))) < minWords {
			continue
		}
		p.ids = append(p.ids, d.ID)
		p.paras = append(p.paras, ps)
	}
	dup := make([]bool, len(p.ids))
	docSets := make([][]uint64, len(p.ids))
	var paraSets [][]uint64
	var paraDoc []int
	for i, ps := range p.paras {
		docSets[i] = trigrams(strings.Join(ps, " "))
		for _, q := range ps {
			if s := trigrams(q); len(s) > 0 {
				paraSets = append(paraSets, s)
				paraDoc = append(paraDoc, i)
			}
		}
	}
	for _, pr := range AllPairs(docSets, 0.2) {
		dup[pr.A], dup[pr.B] = true, true
	}
	for _, pr := range AllPairs(paraSets, 0.3) {
		if a, b := paraDoc[pr.A], paraDoc[pr.B]; a != b {
			dup[a], dup[b] = true, true
		}
	}
	var kept pool
	for i := range p.ids {
		if !dup[i] {
			kept.ids = append(kept.ids, p.ids[i])
			kept.paras = append(kept.paras, p.paras[i])
		}
	}
	return kept
}

// trigrams is a detector-independent view of text: the set of lower-cased word 3-grams.
func trigrams(text string) []uint64 {
	ws := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	var out []uint64
	for i := 0; i+3 <= len(ws); i++ {
		h := fnv.New64a()
		h.Write([]byte(ws[i] + " " + ws[i+1] + " " + ws[i+2]))
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// link is an unordered pair of document indexes, a < b.
type link struct{ a, b int }

// links returns the documents the report links, with the strongest tier linking each pair,
// and whether the pair shares a document cluster. Two members of one cluster are linked:
// each is similar to its representative.
func links(rep *report.Report, at map[string]int) (map[link]report.Tier, map[link]bool, error) {
	rank := map[report.Tier]int{report.TierExact: 0, report.TierNear: 1, report.TierContained: 2, report.TierRewrite: 3}
	out := map[link]report.Tier{}
	docLevel := map[link]bool{}
	for _, c := range rep.Clusters {
		for i, x := range c.Members {
			for _, y := range c.Members[i+1:] {
				a, ok1 := at[x.Doc]
				b, ok2 := at[y.Doc]
				if !ok1 || !ok2 {
					return nil, nil, fmt.Errorf("eval: cluster member %q or %q not in the run", x.Doc, y.Doc)
				}
				if a == b {
					continue
				}
				tier := y.Tier
				if i > 0 && rank[x.Tier] > rank[tier] {
					tier = x.Tier
				}
				l := link{min(a, b), max(a, b)}
				if old, ok := out[l]; !ok || rank[tier] < rank[old] {
					out[l] = tier
				}
				if c.Level == report.LevelDocument {
					docLevel[l] = true
				}
			}
		}
	}
	return out, docLevel, nil
}

// truth reports whether two documents share text of an original.
func truth(x, y *evalDoc) bool {
	for _, s := range x.from {
		for _, t := range y.from {
			if s.orig != t.orig {
				continue
			}
			if s.paras == nil || t.paras == nil {
				return true
			}
			for _, p := range s.paras {
				if slices.Contains(t.paras, p) {
					return true
				}
			}
		}
	}
	return false
}

func half(n int) []int {
	out := make([]int, (n+1)/2)
	for i := range out {
		out[i] = i
	}
	return out
}

// robustSet is the originals and distractors of every run.
type robustSet struct {
	pool        pool
	originals   []int // pool indexes
	distractors []int
	vocab       []string // lower-case words of the distractors, for rewrites' new wording
}

func (s *robustSet) docs(r *rand.Rand, c Category) []evalDoc {
	var out []evalDoc
	wrapped := c == CatBoilerplate
	text := func(pi, siteN int) string {
		ps := s.pool.paras[pi]
		if wrapped {
			ps = wrapSite(r, sites[siteN%len(sites)], ps)
		}
		return join(ps)
	}
	for k, pi := range s.originals {
		out = append(out, evalDoc{id: "original/" + s.pool.ids[pi], text: text(pi, k), from: []source{{orig: pi}}, group: k})
	}
	for k, pi := range s.distractors {
		out = append(out, evalDoc{id: "distractor/" + s.pool.ids[pi], text: text(pi, k), from: []source{{orig: pi}}, group: -1})
	}
	if c == catBase {
		return out
	}
	for k, pi := range s.originals {
		ps := s.pool.paras[pi]
		d := evalDoc{id: "copy/" + string(c) + "/" + s.pool.ids[pi], copy: true, group: k}
		switch c {
		case CatBoilerplate:
			d.text = join(wrapSite(r, sites[(k+1)%len(sites)], ps))
			d.from = []source{{orig: pi}}
		case CatAbridged:
			d.text = modify(r, c, ps, nil, s.vocab)
			d.from = []source{{orig: pi, paras: half(len(ps))}}
			d.group = -1
		case CatMerged:
			other := s.originals[(k+1)%len(s.originals)]
			d.text = modify(r, c, ps, s.pool.paras[other], s.vocab)
			d.from = []source{{orig: pi, paras: half(len(ps))}, {orig: other, paras: half(len(s.pool.paras[other]))}}
			d.group = -1
		default:
			d.text = modify(r, c, ps, nil, s.vocab)
			d.from = []source{{orig: pi}}
		}
		out = append(out, d)
	}
	return out
}

// partition reports whether category c's truth is a clustering of whole documents.
func partition(c Category) bool {
	return c != CatAbridged && c != CatMerged && c != CatRewrite
}

// expected reports whether a found link is what category c asks for.
func expected(c Category, tier report.Tier, docLevel bool) bool {
	switch {
	case c == CatRewrite:
		return tier == report.TierRewrite
	case partition(c):
		return docLevel
	}
	return true
}

// runCategory reports on one run and scores it; base holds the links of the run without
// copies, which are counted once, there.
func runCategory(ctx context.Context, s *robustSet, seed uint64, c Category, p dedup.Params, base map[link]report.Tier) (CategoryRow, map[link]report.Tier, error) {
	r := rand.New(rand.NewPCG(seed, uint64(len(c))*0x9e3779b97f4a7c15^hashString(string(c))))
	docs := s.docs(r, c)
	row := CategoryRow{Category: c, Docs: len(docs), ARI: math.NaN()}
	in := make([]corpus.Doc, len(docs))
	at := make(map[string]int, len(docs))
	for i, d := range docs {
		in[i] = corpus.Doc{ID: d.id, Text: []byte(d.text)}
		at[d.id] = i
	}
	start := time.Now()
	rep, err := dedup.Find(ctx, in, p, dedup.Options{})
	row.Time = time.Since(start)
	if err != nil {
		return row, nil, fmt.Errorf("eval %s: %w", c, err)
	}
	// As a user gets it: the report must be one the writers accept.
	if err := report.Write(io.Discard, rep, report.FormatJSONL, report.Options{}); err != nil {
		return row, nil, fmt.Errorf("eval %s: %w", c, err)
	}
	got, docLevel, err := links(rep, at)
	if err != nil {
		return row, nil, err
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			if !docs[i].copy && !docs[j].copy {
				continue
			}
			if truth(&docs[i], &docs[j]) {
				row.Truth++
				l := link{i, j}
				if tier, ok := got[l]; ok {
					row.Found++
					if expected(c, tier, docLevel[l]) {
						row.AsExpected++
					}
				}
			}
		}
	}
	for l := range got {
		if truth(&docs[l.a], &docs[l.b]) {
			continue
		}
		// Links between originals and distractors were made, and counted, in the run without
		// copies; with site furniture around them, new ones are the furniture's doing.
		if _, inBase := base[l]; inBase && !docs[l.a].copy && !docs[l.b].copy {
			continue
		}
		row.False++
		if got[l] == report.TierRewrite {
			row.FalseRewrite++
		}
		// Furniture is verbatim text: a link it made is exact or near.
		if c == CatBoilerplate && got[l] != report.TierRewrite {
			row.Boilerplate++
		}
	}
	if c == catBase {
		row.False, row.FalseRewrite = len(got), 0
		for _, tier := range got {
			if tier == report.TierRewrite {
				row.FalseRewrite++
			}
		}
	}
	if partition(c) && c != catBase {
		row.ARI = ari(docs, rep, at)
	}
	return row, got, nil
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// ari is the adjusted Rand index (Hubert & Arabie, 1985) of the report's document clusters
// against the truth's, every document not in a cluster being one alone.
func ari(docs []evalDoc, rep *report.Report, at map[string]int) float64 {
	pred := make([]int, len(docs))
	for i := range pred {
		pred[i] = -1 - i
	}
	for k, c := range rep.Clusters {
		if c.Level != report.LevelDocument {
			continue
		}
		for _, m := range c.Members {
			pred[at[m.Doc]] = k
		}
	}
	tru := make([]int, len(docs))
	for i, d := range docs {
		tru[i] = d.group
		if d.group < 0 {
			tru[i] = -1 - i
		}
	}
	return adjustedRand(tru, pred)
}

// adjustedRand is the adjusted Rand index of two labellings of the same items.
func adjustedRand(a, b []int) float64 {
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	joint := map[[2]int]int{}
	ca, cb := map[int]int{}, map[int]int{}
	for i := range a {
		joint[[2]int{a[i], b[i]}]++
		ca[a[i]]++
		cb[b[i]]++
	}
	var index, sa, sb float64
	for _, n := range joint {
		index += pairs(n)
	}
	for _, n := range ca {
		sa += pairs(n)
	}
	for _, n := range cb {
		sb += pairs(n)
	}
	total := pairs(len(a))
	if total == 0 {
		return 1
	}
	exp := sa * sb / total
	maxIndex := (sa + sb) / 2
	if maxIndex == exp {
		return 1
	}
	return (index - exp) / (maxIndex - exp)
}
