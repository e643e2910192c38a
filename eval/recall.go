package eval

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// RecallRow is the LSH index's recall of similar pairs at one threshold, against brute force.
type RecallRow struct {
	Level      report.Level
	Threshold  float64
	Items      int     // documents or passages
	Truth      int     // pairs at or above the threshold: every pair, compared exactly
	Found      int     // of those, the pairs the LSH index proposed (and verification kept)
	Candidates float64 // candidates the index proposed per query
}

// Recall returns Truth's share that was Found (1 when there is nothing to find).
func (r RecallRow) Recall() float64 {
	if r.Truth == 0 {
		return 1
	}
	return float64(r.Found) / float64(r.Truth)
}

// LSHRecall measures the near tier's algorithmic recall: for each threshold, docs go into a
// fresh index (in dir) made for that threshold, as 'neardup add' would put them; every
// document and passage then queries the index as the gate does, and the pairs whose stored
// shingle sets reach the threshold are compared with those that brute force finds on the
// very same sets. What is measured is the banding alone: both sides verify identically.
func LSHRecall(ctx context.Context, docs []corpus.Doc, thresholds []float64, dir string) ([]RecallRow, error) {
	var rows []RecallRow
	for _, t := range thresholds {
		p := dedup.Params{NearThreshold: t}
		cfg, err := dedup.IndexConfig(p)
		if err != nil {
			return nil, err
		}
		ix, err := index.Open(filepath.Join(dir, fmt.Sprintf("recall-%.2f.db", t)), cfg, nil)
		if err != nil {
			return nil, err
		}
		rs, err := recallAt(ctx, ix, docs, p, t)
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("recall at %v: %w", t, err)
		}
		rows = append(rows, rs...)
	}
	return rows, nil
}

// item is one document or passage as the index stores it.
type item struct {
	key  index.Key
	sig  []uint32
	set  []uint32
	name string
}

func recallAt(ctx context.Context, ix *index.Index, docs []corpus.Doc, p dedup.Params, t float64) ([]RecallRow, error) {
	if _, err := dedup.Add(ctx, ix, docs, p, dedup.Options{}); err != nil {
		return nil, err
	}
	var ds, ps []item
	for _, d := range docs {
		id, err := ix.Lookup(d.ID)
		if err != nil {
			return nil, err
		}
		rec, err := ix.Doc(id)
		if err != nil {
			return nil, err
		}
		if rec.Sig != nil {
			ds = append(ds, item{key: index.Key{Doc: id}, sig: rec.Sig, set: rec.Shingles, name: d.ID})
		}
		for _, q := range rec.Passages {
			if q.Near != nil {
				ps = append(ps, item{key: index.Key{Doc: id, Seq: q.Seq}, sig: q.Near, set: q.Shingles, name: d.ID})
			}
		}
	}
	var rows []RecallRow
	for _, level := range []struct {
		l     report.Level
		f     index.Family
		items []item
	}{{report.LevelDocument, index.Docs, ds}, {report.LevelPassage, index.Near, ps}} {
		row, err := measure(ctx, ix, level.l, level.f, level.items, t)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func measure(ctx context.Context, ix *index.Index, level report.Level, f index.Family, items []item, t float64) (RecallRow, error) {
	row := RecallRow{Level: level, Threshold: t, Items: len(items)}
	sets := make([][]uint32, len(items))
	at := make(map[index.Key]int, len(items))
	for i, it := range items {
		sets[i] = it.set
		at[it.key] = i
	}
	truth := AllPairs(sets, t)
	row.Truth = len(truth)
	found := map[[2]int]bool{}
	candidates := 0
	err := ix.View(func(r *index.Reader) error {
		var keys []index.Key
		for i, it := range items {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var err error
			if keys, err = r.Candidates(f, it.sig, keys[:0]); err != nil {
				return err
			}
			candidates += len(keys)
			for _, k := range keys {
				j, ok := at[k]
				if !ok || j <= i {
					continue
				}
				if shingle.Jaccard(sets[i], sets[j]) >= t {
					found[[2]int{i, j}] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return row, err
	}
	for _, pr := range truth {
		if found[[2]int{pr.A, pr.B}] {
			row.Found++
		} else if debugMissed != nil {
			debugMissed(level, pr, items[pr.A].name, items[pr.B].name, len(sets[pr.A]), len(sets[pr.B]))
		}
	}
	if len(items) > 0 {
		row.Candidates = float64(candidates) / float64(len(items))
	}
	return row, nil
}

var debugMissed func(level report.Level, p Pair, a, b string, na, nb int)
