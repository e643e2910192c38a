package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
)

// Config says what to evaluate, on what, and how much of it.
type Config struct {
	Corpora string // the folder holding the corpora (see ../shared/corpora/README.md)
	Seed    uint64 // every random choice follows from it
	// Originals and Distractors are the articles drawn per source (BBC News and Reuters) for
	// the robustness test: each original gets one copy per category; distractors get none
	// and are there to be wrongly linked.
	Originals, Distractors int
	// RecallDocs is the Reuters documents the LSH recall test indexes (0: all of them), at
	// each of Thresholds.
	RecallDocs int
	Thresholds []float64
	// Natural, when set, reports the chronam front pages and writes NaturalSample links of
	// reprints across newspapers to NaturalOut for reading.
	Natural       bool
	NaturalSample int
	NaturalOut    string
	Params        dedup.Params
	// Progress, when set, is told what runs.
	Progress func(what string)
}

// Full is the configuration of the published table; Small is CI's.
var (
	Full = Config{Seed: 1, Originals: 150, Distractors: 600, Thresholds: []float64{0.3, 0.5, 0.7, 0.9},
		Natural: true, NaturalSample: 40}
	Small = Config{Seed: 1, Originals: 25, Distractors: 100, RecallDocs: 3000, Thresholds: []float64{0.5}}
)

// Result is what Run measured.
type Result struct {
	Config   Config
	Recall   []RecallRow
	Robust   []CategoryRow // the categories, then the run without copies, then the totals
	Natural  *NaturalResult
	PoolSize int // articles without natural duplicates that originals and distractors came from
	Elapsed  time.Duration
}

const (
	bbcFile     = "bbc.jsonl.gz"
	reutersFile = "reuters21578.jsonl.gz"
	chronamFile = "chronam-1916-jan-feb.jsonl.gz"
)

func readCorpus(ctx context.Context, dir, name string, limit int) ([]corpus.Doc, error) {
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCorpora, err)
	}
	var docs []corpus.Doc
	errEnough := errors.New("enough")
	_, err := corpus.Read(ctx, []string{path}, nil, corpus.Options{SkipBad: true}, func(d corpus.Doc) error {
		docs = append(docs, d)
		if limit > 0 && len(docs) >= limit {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	return docs, nil
}

// Run runs the evaluation. Temporary indexes go to a folder of their own under tmp.
func Run(ctx context.Context, cfg Config, tmp string) (*Result, error) {
	start := time.Now()
	res := &Result{Config: cfg}
	say := func(format string, a ...any) {
		if cfg.Progress != nil {
			cfg.Progress(fmt.Sprintf(format, a...))
		}
	}
	reuters, err := readCorpus(ctx, cfg.Corpora, reutersFile, 0)
	if err != nil {
		return nil, err
	}
	bbc, err := readCorpus(ctx, cfg.Corpora, bbcFile, 0)
	if err != nil {
		return nil, err
	}

	if len(cfg.Thresholds) > 0 {
		say("LSH recall against brute force")
		dir, err := os.MkdirTemp(tmp, "neardup-eval-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		docs := reuters
		if cfg.RecallDocs > 0 && cfg.RecallDocs < len(docs) {
			docs = docs[:cfg.RecallDocs]
		}
		if res.Recall, err = LSHRecall(ctx, docs, cfg.Thresholds, dir); err != nil {
			return nil, err
		}
	}

	if cfg.Originals > 0 {
		say("robustness: drawing articles")
		s, n, err := newRobustSet(cfg, bbc, reuters)
		if err != nil {
			return nil, err
		}
		res.PoolSize = n
		say("robustness: the run without copies")
		baseRow, base, err := runCategory(ctx, s, cfg.Seed, catBase, cfg.Params, nil)
		if err != nil {
			return nil, err
		}
		total := CategoryRow{Category: catAll, ARI: math.NaN(), False: baseRow.False, FalseRewrite: baseRow.FalseRewrite}
		for _, c := range Categories {
			say("robustness: %s", c)
			row, _, err := runCategory(ctx, s, cfg.Seed, c, cfg.Params, base)
			if err != nil {
				return nil, err
			}
			res.Robust = append(res.Robust, row)
			total.Docs += row.Docs
			total.Truth += row.Truth
			total.Found += row.Found
			total.AsExpected += row.AsExpected
			total.False += row.False
			total.FalseRewrite += row.FalseRewrite
			total.Boilerplate += row.Boilerplate
			total.Time += row.Time
		}
		total.Time += baseRow.Time
		res.Robust = append(res.Robust, baseRow, total)
	}

	if cfg.Natural {
		say("natural duplicates: chronam")
		pages, err := readCorpus(ctx, cfg.Corpora, chronamFile, 0)
		if err != nil {
			return nil, err
		}
		if res.Natural, err = natural(ctx, pages, cfg); err != nil {
			return nil, err
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// newRobustSet draws originals and distractors from each source's pool.
func newRobustSet(cfg Config, sources ...[]corpus.Doc) (*robustSet, int, error) {
	s := &robustSet{}
	size := 0
	for k, docs := range sources {
		p := newPool(docs)
		size += len(p.ids)
		need := cfg.Originals + cfg.Distractors
		if len(p.ids) < need {
			return nil, 0, fmt.Errorf("eval: source %d has %d articles without natural duplicates, %d needed", k, len(p.ids), need)
		}
		r := rand.New(rand.NewPCG(cfg.Seed, uint64(k)))
		perm := r.Perm(len(p.ids))
		off := len(s.pool.ids)
		s.pool.ids = append(s.pool.ids, p.ids...)
		s.pool.paras = append(s.pool.paras, p.paras...)
		for i, j := range perm[:need] {
			if i < cfg.Originals {
				s.originals = append(s.originals, off+j)
			} else {
				s.distractors = append(s.distractors, off+j)
			}
		}
	}
	seen := map[string]bool{}
	for _, pi := range s.distractors {
		for _, p := range s.pool.paras[pi] {
			for _, w := range strings.Fields(p) {
				if len(w) >= 4 && strings.ToLower(w) == w && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 && !seen[w] {
					seen[w] = true
					s.vocab = append(s.vocab, w)
				}
			}
		}
	}
	return s, size, nil
}

// WriteTable writes the results as Markdown tables, as the README shows them.
func (res *Result) WriteTable(w io.Writer) error {
	var b strings.Builder
	if len(res.Recall) > 0 {
		fmt.Fprintf(&b, "LSH recall against brute force (Reuters, word 3-gram Jaccard; each threshold its own index and banding)\n\n")
		fmt.Fprintf(&b, "| level | threshold | items | pairs ≥ threshold | found | recall | candidates per query |\n|---|---|---|---|---|---|---|\n")
		for _, r := range res.Recall {
			fmt.Fprintf(&b, "| %s | %.2f | %d | %d | %d | %.4f | %.2f |\n", r.Level, r.Threshold, r.Items, r.Truth, r.Found, r.Recall(), r.Candidates)
		}
		b.WriteString("\n")
	}
	if len(res.Robust) > 0 {
		fmt.Fprintf(&b, "Robustness and precision (%d originals and %d distractors per source, BBC News and Reuters, from %d articles without natural duplicates; seed %d)\n\n",
			res.Config.Originals, res.Config.Distractors, res.PoolSize, res.Config.Seed)
		fmt.Fprintf(&b, "| category | docs | true links | found | recall | as expected | false links (rewrite tier) | precision | F1 | ARI | time |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
		for _, r := range res.Robust {
			ari := "–"
			if !math.IsNaN(r.ARI) {
				ari = fmt.Sprintf("%.3f", r.ARI)
			}
			if r.Category == catBase {
				fmt.Fprintf(&b, "| %s | %d | – | – | – | – | %d (%d) | – | – | – | %.2f s |\n", r.Category, r.Docs, r.False, r.FalseRewrite, r.Time.Seconds())
				continue
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %.3f | %.3f | %d (%d) | %.3f | %.3f | %s | %.2f s |\n",
				r.Category, r.Docs, r.Truth, r.Found, r.Recall(), r.ExpectedRecall(), r.False, r.FalseRewrite, r.Precision(), r.F1(), ari, r.Time.Seconds())
		}
		for _, r := range res.Robust {
			if r.Category == CatBoilerplate {
				fmt.Fprintf(&b, "\nLinks made by site boilerplate alone: %d.\n", r.Boilerplate)
			}
		}
		b.WriteString("\n")
	}
	if n := res.Natural; n != nil {
		n.write(&b)
	}
	fmt.Fprintf(&b, "Evaluation time: %.1f s.\n", res.Elapsed.Seconds())
	_, err := io.WriteString(w, b.String())
	return err
}

// Row returns the robustness row of category c.
func (res *Result) Row(c Category) (CategoryRow, bool) {
	for _, r := range res.Robust {
		if r.Category == c {
			return r, true
		}
	}
	return CategoryRow{}, false
}

// Total returns the totals of the robustness test.
func (res *Result) Total() (CategoryRow, bool) { return res.Row(catAll) }
