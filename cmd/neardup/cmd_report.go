package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/seeds"
	"github.com/neardup/neardup/shingle"
)

var reportCommand = command{
	summary: "print clusters of duplicate documents and passages in a corpus",
	usage:   "[flags] [PATH...]",
	help: `
PATH is a text file, a folder (read recursively; *.jsonl, *.ndjson and their .gz are JSON
Lines, *.gz other files gzipped text, anything else plain text), or - for standard input
(JSON Lines when it starts with "{", else one text document). Standard input is read only
when - is given: with no PATH, the report runs on the five seed articles embedded in neardup.

Examples:
  neardup report                                  # the embedded seed articles
  neardup report articles/                        # every file under articles/
  neardup report --format jsonl news.jsonl.gz     # JSON Lines out, for other tools
  zcat dump.jsonl.gz | neardup report --id-field url --text-field body -
  neardup report --skip-bad --fail-on-dups feeds/ || echo "duplicates found"

Tiers: exact (identical after normalisation), near (word-shingle Jaccard >= --near), rewrite
(the same story reworded: content-word Jaccard >= --rewrite, passages of prose only).

EXIT STATUS
  0  the report was written (whether or not it holds duplicates)
  1  --fail-on-dups was given and duplicates were found
  2  an error: bad flags, unreadable or bad input (see --skip-bad), failed output
  130 interrupted
Scripts should treat any other status as failure.`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &reportOptions{}
		o.AddFlags(fs)
		return o.run
	},
}

type reportOptions struct {
	format       string
	color        string
	idField      string
	textField    string
	skipBad      bool
	quiet        bool
	failOnDups   bool
	workers      int
	near         float64
	rewrite      float64
	noRewrite    bool
	shingleUnit  string
	shingleSize  int
	hashes       int
	seed         uint64
	minWords     int
	snippetWidth int
	index        string
}

func (o *reportOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.format, "format", "f", "table", "output format: table, csv, jsonl or markdown")
	fs.StringVar(&o.color, "color", "auto", "colour the table: auto (when stdout is a terminal), always or never")
	fs.StringVar(&o.idField, "id-field", "id", "JSON Lines field holding the document id")
	fs.StringVar(&o.textField, "text-field", "text", "JSON Lines field holding the document text")
	fs.BoolVar(&o.skipBad, "skip-bad", false, "skip (and count) bad inputs instead of stopping at the first")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing; with --fail-on-dups, only the exit status tells")
	fs.BoolVar(&o.failOnDups, "fail-on-dups", false, "exit 1 when any duplicate cluster is found")
	fs.IntVarP(&o.workers, "workers", "j", 0, "signing goroutines (0: one per CPU); never changes the output")
	fs.Float64Var(&o.near, "near", dedup.DefaultNearThreshold, "near tier: least word-shingle Jaccard similarity")
	fs.Float64Var(&o.rewrite, "rewrite", dedup.DefaultRewriteThreshold, "rewrite tier: least content-word Jaccard similarity")
	fs.BoolVar(&o.noRewrite, "no-rewrite", false, "turn the rewrite tier off")
	fs.StringVar(&o.shingleUnit, "shingle", string(shingle.Words), "shingle unit: word or char")
	fs.IntVar(&o.shingleSize, "shingle-size", 0, fmt.Sprintf("tokens per shingle (0: %d for words, %d for chars)", shingle.DefaultWordSize, shingle.DefaultCharSize))
	fs.IntVar(&o.hashes, "hashes", minhash.DefaultSize, "MinHash signature length")
	fs.Uint64Var(&o.seed, "seed", 0, "MinHash seed")
	fs.IntVar(&o.minWords, "min-words", passage.DefaultMinWords, "least words in a passage window")
	fs.IntVar(&o.snippetWidth, "snippet-width", 0, "snippet length in characters (0: 60)")
	fs.StringVar(&o.index, "index", "", "also save the documents, passages and signatures in this bbolt index file")
}

// check rejects values that the zero-means-default rule of the library's Params would
// otherwise turn silently into defaults.
func (o *reportOptions) check() error {
	switch {
	case !(o.near > 0 && o.near < 1):
		return usageError{fmt.Sprintf("--near %v: want a similarity between 0 and 1", o.near)}
	case !(o.rewrite > 0 && o.rewrite < 1):
		return usageError{fmt.Sprintf("--rewrite %v: want a similarity between 0 and 1 (--no-rewrite turns the tier off)", o.rewrite)}
	case o.hashes < 1:
		return usageError{fmt.Sprintf("--hashes %d: want at least 1", o.hashes)}
	case o.minWords < 1:
		return usageError{fmt.Sprintf("--min-words %d: want at least 1", o.minWords)}
	case o.shingleSize < 0:
		return usageError{fmt.Sprintf("--shingle-size %d: want at least 1, or 0 for the unit's default", o.shingleSize)}
	case o.workers < 0:
		return usageError{fmt.Sprintf("--workers %d: want at least 1, or 0 for one per CPU", o.workers)}
	}
	return nil
}

func (o *reportOptions) params() dedup.Params {
	p := dedup.Params{NearThreshold: o.near, RewriteThreshold: o.rewrite}
	if o.noRewrite {
		p.RewriteThreshold = -1
	}
	p.Shingle.Unit = shingle.Unit(o.shingleUnit)
	p.Shingle.Size = o.shingleSize
	p.MinHash.Size = o.hashes
	p.MinHash.Seed = o.seed
	p.Passage.MinWords = o.minWords
	return p
}

func (o *reportOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	format, err := report.ParseFormat(o.format)
	if err != nil {
		return exitError, usageError{err.Error()}
	}
	color := false
	switch o.color {
	case "auto":
		color = e.stdoutTTY
	case "always":
		color = true
	case "never":
	default:
		return exitError, usageError{fmt.Sprintf("--color %q is not auto, always or never", o.color)}
	}
	if err := o.check(); err != nil {
		return exitError, err
	}
	p := o.params()
	if err := p.Validate(); err != nil {
		return exitError, usageError{err.Error()}
	}

	progress := e.stderrTTY && !o.quiet
	docs, stats, err := readDocs(ctx, args, e, corpus.Options{
		IDField: o.idField, TextField: o.textField, SkipBad: o.skipBad,
		OnSkip: func(err error) {
			if !o.quiet {
				fmt.Fprintf(e.stderr, "neardup report: skipped: %v\n", err)
			}
		},
	})
	if err != nil {
		return exitError, err
	}
	if len(docs) == 0 {
		return exitError, fmt.Errorf("no documents to compare (%d skipped)", stats.Skipped)
	}
	opt := dedup.Options{Workers: o.workers}
	if progress {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(e.stderr, "\rsigning %d/%d documents", done, total)
			if done == total {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
		}
	}
	if o.index != "" {
		cfg, err := dedup.IndexConfig(p)
		if err != nil {
			return exitError, err
		}
		ix, err := index.Open(o.index, cfg, nil)
		if err != nil {
			return exitError, err
		}
		defer ix.Close()
		opt.Index = ix
	}
	r, err := dedup.Find(ctx, docs, p, opt)
	if err != nil {
		return exitError, err
	}
	if opt.Index != nil {
		if err := opt.Index.Close(); err != nil {
			return exitError, fmt.Errorf("close index: %w", err)
		}
	}
	r.Summary.Skipped = stats.Skipped
	if !o.quiet {
		w := bufio.NewWriterSize(e.stdout, 64<<10)
		if err := report.Write(w, r, format, report.Options{Color: color, SnippetWidth: o.snippetWidth, Width: e.width}); err != nil {
			return exitError, err
		}
		if err := w.Flush(); err != nil {
			return exitError, fmt.Errorf("write output: %w", err)
		}
	}
	if o.failOnDups && len(r.Clusters) > 0 {
		return exitFound, nil
	}
	return exitOK, nil
}

// readDocs reads the documents under args, or the embedded seeds when there are none.
func readDocs(ctx context.Context, args []string, e *env, opt corpus.Options) ([]corpus.Doc, corpus.Stats, error) {
	var docs []corpus.Doc
	keep := func(d corpus.Doc) error {
		docs = append(docs, d)
		return nil
	}
	var stats corpus.Stats
	var err error
	if len(args) == 0 {
		stats, err = corpus.ReadFS(ctx, seeds.FS, opt, keep)
	} else {
		for _, a := range args {
			if strings.TrimSpace(a) == "" {
				return nil, stats, usageError{"empty path argument"}
			}
		}
		stats, err = corpus.Read(ctx, args, e.stdin, opt, keep)
	}
	return docs, stats, err
}
