package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
)

var addCommand = command{
	summary: "add documents to a persistent index, without deciding anything about them",
	usage:   "--index FILE [flags] PATH...",
	help: `
Bulk ingestion: the documents under PATH (files, folders, JSON Lines, - for standard input)
are signed in parallel and written to the bbolt index FILE by one writer, whole documents
to a transaction. The index is created when FILE does not exist, with the parameter flags
given (see 'neardup help report'); an existing index keeps the parameters it was created
with, and other values are an error.

Running add again is safe: a document whose id the index holds with the same text is
skipped, and one whose text changed replaces the earlier version (a revision). An
interrupted add (Ctrl-C, SIGTERM) leaves every document either in or out; run it again to
finish.

Examples:
  neardup add --index news.db archive/
  neardup add --index news.db --id-field url --text-field body feed.jsonl.gz

EXIT STATUS
  0  the documents are in the index
  2  an error (nothing of the failing transaction was written)
  130 interrupted (committed documents stay; run again to resume)`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &addOptions{}
		o.AddFlags(fs)
		return o.run
	},
}

type addOptions struct {
	paramFlags
	inputFlags
	profileFlags
	index   string
	quiet   bool
	workers int
}

func (o *addOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.index, "index", "", "the bbolt index file (created if missing)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing")
	fs.IntVarP(&o.workers, "workers", "j", 0, "signing goroutines (0: one per CPU)")
	o.inputFlags.AddFlags(fs)
	o.paramFlags.AddFlags(fs)
	o.profileFlags.AddFlags(fs)
}

func (o *addOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	defer o.profileFlags.start(e)()
	if len(args) == 0 {
		return exitError, usageError{"no PATH to add (use - for standard input)"}
	}
	ix, p, err := openIndex(o.index, &o.paramFlags, true, false)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	docs, stats, err := readDocs(ctx, args, e, o.inputFlags.options(e, "add", o.quiet))
	if err != nil {
		return exitError, err
	}
	opt := dedup.Options{Workers: o.workers}
	if e.stderrTTY && !o.quiet {
		opt.Progress = progress(e, "adding", time.Now())
	}
	st, err := dedup.Add(ctx, ix, docs, p, opt)
	if err != nil {
		return exitError, err
	}
	// The segments that add's own transactions left unmerged, so that gates seek in few.
	copt := index.CompactOptions{}
	if e.stderrTTY && !o.quiet {
		copt.Progress = entryProgress(e, "merging segments", time.Now())
	}
	if _, err := ix.Compact(ctx, copt); err != nil {
		return exitError, err
	}
	is, err := ix.Stats()
	if err != nil {
		return exitError, err
	}
	if err := ix.Close(); err != nil {
		return exitError, fmt.Errorf("close index: %w", err)
	}
	if !o.quiet {
		fmt.Fprintf(e.stdout, "%d added, %d revised, %d unchanged, %d skipped; the index holds %d documents, %d passages\n",
			st.Added, st.Revised, st.Unchanged, stats.Skipped, is.Docs, is.Passages)
	}
	return exitOK, nil
}

// progress returns a Progress callback that draws "verb done/total documents, rate, ETA" on
// stderr.
func progress(e *env, verb string, start time.Time) func(done, total int) {
	return progressOf(e, verb, "documents", start)
}

// entryProgress is progress for a compaction, counted in band entries.
func entryProgress(e *env, verb string, start time.Time) func(done, total uint64) {
	p := progressOf(e, verb, "entries", start)
	return func(done, total uint64) { p(int(done), int(total)) }
}

func progressOf(e *env, verb, unit string, start time.Time) func(done, total int) {
	return func(done, total int) {
		el := time.Since(start).Seconds()
		rate := float64(done) / max(el, 1e-3)
		eta := ""
		if rate > 0 && done < total {
			eta = fmt.Sprintf(", %s left", (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second))
		}
		fmt.Fprintf(e.stderr, "\r\033[K%s %d/%d %s, %.0f/s%s", verb, done, total, unit, rate, eta)
		if done == total {
			fmt.Fprint(e.stderr, "\r\033[K")
		}
	}
}
