package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/index"
)

var compactCommand = command{
	summary: "merge an index's segments so that gates look up less, and drop what deletes left",
	usage:   "--index FILE [flags]",
	help: `
An index keeps the LSH band keys of each write as an immutable segment and merges segments
of a size class as it goes; a gate looks up every segment. add merges what its writes left
when it ends, and serve in the background; compact merges each family's segments into one
and drops the tombstones of removed documents. Run it after large or many small ingestions.
Like every command, it needs the index to itself (stop serve first: a second process gets
"index in use"). It works in transactions of a few million band keys each, so memory stays
small; an interrupted compaction loses nothing, and the next one cleans up after it.

Examples:
  neardup compact --index news.db
  neardup compact --index news.db --tiered   # only what add would merge

EXIT STATUS
  0  done
  2  an error
  130 interrupted (the index is as it was before the merge under way)`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &compactOptions{}
		fs.StringVar(&o.index, "index", "", "the bbolt index file")
		fs.BoolVar(&o.tiered, "tiered", false, "merge only whole size classes (8 segments of a level), as add does")
		fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing")
		return o.run
	},
}

type compactOptions struct {
	index  string
	tiered bool
	quiet  bool
}

func (o *compactOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) > 0 {
		return exitError, usageError{fmt.Sprintf("unexpected argument %q", args[0])}
	}
	var pf paramFlags
	ix, _, err := openIndex(o.index, &pf, false, false)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	before, err := ix.Stats()
	if err != nil {
		return exitError, err
	}
	opt := index.CompactOptions{Full: !o.tiered}
	start := time.Now()
	if e.stderrTTY && !o.quiet {
		opt.Progress = entryProgress(e, "merging", start)
	}
	st, err := ix.Compact(ctx, opt)
	if err != nil {
		return exitError, err
	}
	after, err := ix.Stats()
	if err != nil {
		return exitError, err
	}
	if err := ix.Close(); err != nil {
		return exitError, fmt.Errorf("close index: %w", err)
	}
	if !o.quiet {
		fmt.Fprintf(e.stdout, "merged %d segments (%d band keys) in %.1f s; segments doc/near/rewrite %v -> %v; %d tombstones dropped",
			st.Merged, st.Entries, time.Since(start).Seconds(), before.Segments, after.Segments, st.Tombstones)
		if st.Orphans > 0 {
			fmt.Fprintf(e.stdout, "; %d segments of an interrupted compaction deleted", st.Orphans)
		}
		fmt.Fprintln(e.stdout)
	}
	return exitOK, nil
}
