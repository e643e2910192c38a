package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/neardup/neardup/eval"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/shingle"
)

// pairs writes real passage pairs whose exact word 3-gram Jaccard similarity spreads over
// 0.1-0.9, for minhash's estimator test: up to -per pairs from each tenth, drawn at random
// from all pairs found exactly among the first -pages chronam pages and -wires Reuters wires.
func pairs(args []string) error {
	fs := flag.NewFlagSet("pairs", flag.ContinueOnError)
	dir := fs.String("corpora", "../shared/corpora", "folder of the corpora")
	out := fs.String("o", "minhash/testdata/pairs.jsonl.gz", "file to write")
	pages := fs.Int("pages", 1500, "chronam pages to search")
	wires := fs.Int("wires", 5000, "Reuters wires to search")
	per := fs.Int("per", 40, "pairs per tenth of similarity")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var bodies [][]byte
	tok := shingle.NewTokenizer()
	var sets [][]uint64
	for _, src := range []struct {
		name  string
		limit int
	}{{"chronam-1916-jan-feb.jsonl.gz", *pages}, {"reuters21578.jsonl.gz", *wires}} {
		n := 0
		errEnough := fmt.Errorf("enough")
		err := readCorpus(filepath.Join(*dir, src.name), func(_ string, text []byte) error {
			if n++; n > src.limit {
				return errEnough
			}
			lines := passage.Lines(nil, text)
			for _, sp := range passage.Split(nil, text, lines, nil, passage.Params{}) {
				body := text[sp.Start:sp.End]
				set := shingle.Set(shingle.AppendWordShingles(nil, tok.AppendTokens(nil, body), shingle.DefaultWordSize))
				if len(set) < 5 {
					continue
				}
				bodies = append(bodies, slices.Clone(body))
				sets = append(sets, set)
			}
			return nil
		})
		if err != nil && err != errEnough {
			return err
		}
	}
	all := eval.AllPairs(sets, 0.1)
	rng := rand.New(rand.NewPCG(*seed, 0))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var tenths [8][]eval.Pair
	for _, p := range all {
		if t := int(p.Sim*10) - 1; t >= 0 && t < 8 && len(tenths[t]) < *per {
			tenths[t] = append(tenths[t], p)
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	enc := json.NewEncoder(zw)
	for t, ps := range tenths {
		slices.SortFunc(ps, func(a, b eval.Pair) int { return a.A*len(sets) + a.B - b.A*len(sets) - b.B })
		for _, p := range ps {
			if err := enc.Encode(struct{ A, B string }{string(bodies[p.A]), string(bodies[p.B])}); err != nil {
				return err
			}
		}
		fmt.Printf("%.1f-%.1f: %d pairs\n", float64(t+1)/10, float64(t+2)/10, len(ps))
	}
	fmt.Printf("%d passages, %d pairs at 0.1 or more\n", len(sets), len(all))
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
