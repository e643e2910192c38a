package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/report"
)

var gateCommand = command{
	summary: "check new articles against an index; add those that pass",
	usage:   "--index FILE [flags] PATH...|-",
	help: `
Each article under PATH (files, folders, JSON Lines, - for standard input) is checked
against everything in the index, in input order, and decided:

  new        nothing indexed is like it: it passes, and is added
  partial    it reuses passages of indexed articles, less than --max-reused of its words:
             it passes, is added, and the matches say what it reuses
  duplicate  an exact or near copy of an indexed article, or reusing --max-reused of its
             words or more: rejected
  rewrite    it retells indexed articles (rewrite tier) for --max-reused of its words or
             more: rejected
  unchanged  the index holds this id with this very text: nothing to do

Every match names the indexed article, the level (document or passage), the tier, the
similarity, and which passages of each side matched (byte offsets and snippets). An article
whose id is already indexed with another text is a revision: it replaces the earlier version
when it passes, and is never a match for it. Restatements inside the article itself are
listed as matches with the article's own id; they never count against it.

The index is created when FILE does not exist (see 'neardup help add').

Examples:
  neardup gate --index news.db incoming/*.txt && publish incoming/
  cat feed.jsonl | neardup gate --index news.db -f jsonl - > decisions.jsonl
  neardup gate --index news.db --dry-run draft.txt

EXIT STATUS
  0  every article passed (new, partial or unchanged)
  1  at least one article was rejected as a duplicate or rewrite
  2  an error; it outranks a rejection
  130 interrupted
Scripts should treat any other status as failure.`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &gateOptions{}
		o.AddFlags(fs)
		return o.run
	},
}

type gateOptions struct {
	paramFlags
	inputFlags
	outputFlags
	index     string
	dryRun    bool
	maxReused float64
}

func (o *gateOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.index, "index", "", "the bbolt index file (created if missing)")
	fs.BoolVarP(&o.dryRun, "dry-run", "n", false, "decide, but add nothing to the index")
	fs.Float64Var(&o.maxReused, "max-reused", dedup.DefaultMaxReused, "reject an article when this share of its words or more matches indexed passages")
	o.outputFlags.AddFlags(fs)
	o.inputFlags.AddFlags(fs)
	o.paramFlags.AddFlags(fs)
}

func (o *gateOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) == 0 {
		return exitError, usageError{"no PATH to gate (use - for standard input)"}
	}
	if !(o.maxReused > 0 && o.maxReused <= 1) {
		return exitError, usageError{fmt.Sprintf("--max-reused %v: want a share above 0, at most 1", o.maxReused)}
	}
	format, color, err := o.outputFlags.parse(e)
	if err != nil {
		return exitError, err
	}
	ix, p, err := openIndex(o.index, &o.paramFlags, true, false)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	g, err := dedup.NewGate(ix, p, dedup.GateOptions{MaxReused: o.maxReused, DryRun: o.dryRun})
	if err != nil {
		return exitError, err
	}
	// Decisions go out as they are made (JSON Lines and CSV at once), so a pipeline reading
	// them keeps pace with the gate, and an error later still leaves the earlier ones told.
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	var stream *report.DecisionStream
	if !o.quiet {
		if stream, err = report.NewDecisionStream(w, format, o.outputFlags.options(e, color)); err != nil {
			return exitError, err
		}
	}
	rejected := false
	_, err = corpus.Read(ctx, args, e.stdin, o.inputFlags.options(e, "gate", o.quiet), func(d corpus.Doc) error {
		dec, err := g.Decide(ctx, d)
		if err != nil {
			return fmt.Errorf("%s: %w", d.ID, err)
		}
		rejected = rejected || dec.Outcome.Rejected()
		if stream == nil {
			return nil
		}
		if err := stream.Write(dec); err != nil {
			return err
		}
		return w.Flush()
	})
	// A JSON Lines or CSV stream cut short by an error gets no closing summary, so that a
	// reader can tell it is incomplete; tables still show the decisions made.
	if stream != nil && (err == nil || format == report.FormatTable || format == report.FormatMarkdown) {
		err = errors.Join(err, stream.Close())
	}
	err = errors.Join(err, w.Flush())
	if cerr := ix.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close index: %w", cerr))
	}
	if err != nil {
		return exitError, err
	}
	if rejected {
		return exitFound, nil
	}
	return exitOK, nil
}
