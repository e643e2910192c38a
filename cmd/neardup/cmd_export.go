package main

import (
	"bufio"
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/report"
)

var exportCommand = command{
	summary: "print the clusters of everything an index holds, with stable ids",
	usage:   "--index FILE [flags]",
	help: `
The clusters are those 'neardup report' finds over the indexed documents in ingestion
order. Their ids stay stable from one export to the next: a cluster keeps its id while it
keeps a member it had, a new cluster gets a new id, and clusters that became one keep the
smallest id, reported as a merge (a "merge" object in JSON Lines, a line in the table).
The ids are stored in the index, so export writes to it.

Examples:
  neardup export --index news.db --format csv > clusters.csv
  neardup export --index news.db -f jsonl | jq 'select(.type=="merge")'

EXIT STATUS
  0  exported
  2  an error`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &exportOptions{}
		fs.StringVar(&o.index, "index", "", "the bbolt index file")
		fs.IntVarP(&o.workers, "workers", "j", 0, "signing goroutines (0: one per CPU); never changes the output")
		o.outputFlags.AddFlags(fs)
		o.spillFlags.AddFlags(fs)
		return o.run
	},
}

type exportOptions struct {
	outputFlags
	spillFlags
	index   string
	workers int
}

func (o *exportOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) > 0 {
		return exitError, usageError{"export takes no arguments"}
	}
	format, color, err := o.outputFlags.parse(e)
	if err != nil {
		return exitError, err
	}
	if err := o.spillFlags.check(); err != nil {
		return exitError, err
	}
	var pf paramFlags
	ix, p, err := openIndex(o.index, &pf, false, false)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	sp := &spiller{o: &o.spillFlags, warn: func(err error) { fmt.Fprintf(e.stderr, "neardup export: warning: %v\n", err) }}
	defer sp.close()
	var docs []corpus.Doc
	err = dedup.IndexedDocs(ix, func(d corpus.Doc) error {
		d, err := sp.add(docs, d)
		docs = append(docs, d)
		return err
	})
	if err != nil {
		return exitError, err
	}
	r, err := dedup.ExportDocs(ctx, ix, docs, p, dedup.Options{Workers: o.workers, Spill: sp.mem})
	if err != nil {
		return exitError, err
	}
	if err := ix.Close(); err != nil {
		return exitError, fmt.Errorf("close index: %w", err)
	}
	if o.quiet {
		return exitOK, nil
	}
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	if err := report.Write(w, r, format, o.outputFlags.options(e, color)); err != nil {
		return exitError, err
	}
	if err := w.Flush(); err != nil {
		return exitError, fmt.Errorf("write output: %w", err)
	}
	return exitOK, nil
}
