package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/seeds"
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

Memory: what passages are compared by takes about 15 times the text. Past --spill-over MB of
text it goes to temporary files in --spill-dir instead, paged in and out by the kernel, and
the heap keeps a few hundred bytes a passage: a gigabyte of text in under 1 GB of heap. The
report is the same either way.

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
	paramFlags
	inputFlags
	profileFlags
	outputFlags
	failOnDups bool
	workers    int
	index      string
	spillFlags
}

func (o *reportOptions) AddFlags(fs *pflag.FlagSet) {
	o.outputFlags.AddFlags(fs)
	o.inputFlags.AddFlags(fs)
	fs.BoolVar(&o.failOnDups, "fail-on-dups", false, "exit 1 when any duplicate cluster is found")
	fs.IntVarP(&o.workers, "workers", "j", 0, "signing goroutines (0: one per CPU); never changes the output")
	o.paramFlags.AddFlags(fs)
	fs.StringVar(&o.index, "index", "", "also save the documents, passages and signatures in this bbolt index file")
	o.spillFlags.AddFlags(fs)
	o.profileFlags.AddFlags(fs)
}

// check rejects values that the zero-means-default rule of the library's Params would
// otherwise turn silently into defaults.
func (o *reportOptions) check() error {
	if o.workers < 0 {
		return usageError{fmt.Sprintf("--workers %d: want at least 1, or 0 for one per CPU", o.workers)}
	}
	if err := o.spillFlags.check(); err != nil {
		return err
	}
	return o.paramFlags.check()
}

func (o *reportOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	defer o.profileFlags.start(e)()
	format, color, err := o.outputFlags.parse(e)
	if err != nil {
		return exitError, err
	}
	if err := o.check(); err != nil {
		return exitError, err
	}
	p := o.params()
	if err := p.Validate(); err != nil {
		return exitError, usageError{err.Error()}
	}

	showProgress := e.stderrTTY && !o.quiet
	sp := &spiller{o: &o.spillFlags, warn: func(err error) { fmt.Fprintf(e.stderr, "neardup report: warning: %v\n", err) }}
	defer sp.close()
	docs, stats, err := readDocs(ctx, args, e, o.inputFlags.options(e, "report", o.quiet), sp)
	if err != nil {
		return exitError, err
	}
	if len(docs) == 0 {
		return exitError, fmt.Errorf("no documents to compare (%d skipped)", stats.Skipped)
	}
	opt := dedup.Options{Workers: o.workers, Spill: sp.mem}
	if showProgress {
		opt.Progress = progress(e, "signing", time.Now())
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
		if err := report.Write(w, r, format, o.outputFlags.options(e, color)); err != nil {
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

// checkPaths refuses an empty path argument, which the shell makes of an unset variable.
func checkPaths(args []string) error {
	for _, a := range args {
		if strings.TrimSpace(a) == "" {
			return usageError{"empty path argument"}
		}
	}
	return nil
}

// readDocs reads the documents under args, or the embedded seeds when there are none.
// Their texts go to sp's spill file once they pass its threshold.
func readDocs(ctx context.Context, args []string, e *env, opt corpus.Options, sp *spiller) ([]corpus.Doc, corpus.Stats, error) {
	var docs []corpus.Doc
	keep := func(d corpus.Doc) error {
		d, err := sp.add(docs, d)
		if err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	}
	var stats corpus.Stats
	var err error
	if len(args) == 0 {
		stats, err = corpus.ReadFS(ctx, seeds.FS, opt, keep)
	} else {
		if err := checkPaths(args); err != nil {
			return nil, stats, err
		}
		stats, err = corpus.Read(ctx, args, e.stdin, opt, keep)
	}
	return docs, stats, err
}
