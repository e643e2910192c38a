package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/dedup"
)

var rmCommand = command{
	summary: "remove documents from an index by id",
	usage:   "--index FILE ID...",
	help: `
Every key a document owns (its passages, signatures, band keys, and its share of the counts
the gate weighs words and spots boilerplate with) goes in one transaction.

Examples:
  neardup rm --index news.db 2024/06/01/story-17 2024/06/01/story-18

EXIT STATUS
  0  every ID was removed
  1  some ID was not in the index (the others were removed)
  2  an error (nothing was removed)`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &rmOptions{}
		fs.StringVar(&o.index, "index", "", "the bbolt index file")
		fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing")
		return o.run
	},
}

type rmOptions struct {
	index string
	quiet bool
}

func (o *rmOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) == 0 {
		return exitError, usageError{"no ID to remove"}
	}
	var pf paramFlags
	ix, p, err := openIndex(o.index, &pf, false, false)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	args = slices.Compact(slices.Sorted(slices.Values(args)))
	missing, err := dedup.Remove(ix, p, args)
	if err != nil {
		return exitError, err
	}
	if err := ix.Close(); err != nil {
		return exitError, fmt.Errorf("close index: %w", err)
	}
	if !o.quiet {
		fmt.Fprintf(e.stdout, "%d removed\n", len(args)-len(missing))
		if len(missing) > 0 {
			fmt.Fprintf(e.stderr, "neardup rm: not in the index: %s\n", strings.Join(missing, ", "))
		}
	}
	if len(missing) > 0 {
		return exitFound, nil
	}
	return exitOK, nil
}
