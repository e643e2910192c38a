package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/eval"
)

var evalCommand = command{
	summary: "measure precision and recall on the real corpora, with known answers",
	usage:   "[flags]",
	help: `
Builds labelled test sets from the corpora (see ../shared/corpora/README.md) with a fixed
seed and scores the detector through the code users run:

  LSH recall    every Reuters document and passage pair compared exactly (brute force
                with prefix filtering), against the pairs the LSH index proposes, at
                several thresholds, each with its own index and banding
  robustness    modified copies of BBC News and Reuters articles, one run per category
                (exact, light and heavy edits, OCR noise, other site boilerplate, abridged,
                merged, reordered paragraphs, rewrites), among distractors; recall,
                precision, F1 and the adjusted Rand index of the document clusters
  precision     every link the truth does not hold is counted, including those among the
                originals and distractors (same-topic articles) and those that site
                boilerplate alone makes
  natural       the chronam front pages: reprints across newspapers, with a random sample
                of the links written out for reading (--sample-out)

The table is Markdown, as the README shows it. --small is the quick version CI runs.

Examples:
  neardup eval
  neardup eval --small
  neardup eval --corpora /data/corpora --seed 7 --sample-out links.md`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &evalOptions{}
		fs.StringVar(&o.corpora, "corpora", "../shared/corpora", "folder holding bbc.jsonl.gz, reuters21578.jsonl.gz and chronam-1916-jan-feb.jsonl.gz")
		fs.Uint64Var(&o.seed, "seed", 1, "seed of every random choice")
		fs.BoolVar(&o.small, "small", false, "the quick version: fewer articles, 3,000 Reuters documents for recall, no chronam")
		fs.StringVar(&o.sampleOut, "sample-out", "chronam-links.md", "file for the sample of chronam links to read (with the full run)")
		fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
		return o.run
	},
}

type evalOptions struct {
	corpora   string
	seed      uint64
	small     bool
	sampleOut string
	quiet     bool
}

func (o *evalOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) > 0 {
		return exitError, usageError{fmt.Sprintf("unexpected argument %q", args[0])}
	}
	cfg := eval.Full
	if o.small {
		cfg = eval.Small
	}
	cfg.Corpora, cfg.Seed, cfg.NaturalOut = o.corpora, o.seed, o.sampleOut
	if !o.quiet {
		cfg.Progress = func(what string) { fmt.Fprintf(e.stderr, "eval: %s\n", what) }
	}
	res, err := eval.Run(ctx, cfg, os.TempDir())
	if err != nil {
		return exitError, err
	}
	if err := res.WriteTable(e.stdout); err != nil {
		return exitError, err
	}
	return exitOK, nil
}
