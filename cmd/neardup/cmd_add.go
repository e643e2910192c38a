package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
)

var addCommand = command{
	summary: "add documents to a persistent index, without deciding anything about them",
	usage:   "--index FILE [flags] PATH...",
	help: `
Bulk ingestion: the documents under PATH (files, folders, JSON Lines, - for standard input)
are read a chunk at a time (--chunk MB of text), signed in parallel and written to the bbolt
index FILE by one writer, whole documents to a transaction, while the next chunk is read and
signed, so memory stays flat however large the input. The index is created when FILE does
not exist, with the parameter flags given (see 'neardup help report'); an existing index
keeps the parameters it was created with, and other values are an error.

Running add again is safe: a document whose id the index holds with the same text is
skipped, and one whose text changed replaces the earlier version (a revision). An
interrupted add (Ctrl-C, SIGTERM) leaves every document either in or out; run it again to
finish.

Examples:
  neardup add --index news.db archive/
  neardup add --index news.db --id-field url --text-field body feed.jsonl.gz

EXIT STATUS
  0  the documents are in the index
  2  an error: nothing of the failing transaction was written, and the chunks read before
     it are in the index (run add again once the input is fixed: what is in is skipped)
  130 interrupted (committed documents stay; run again to resume)`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &addOptions{}
		o.AddFlags(fs)
		return o.run
	},
}

// defaultChunkMB is the text add reads before it signs and writes what it read. Signing
// holds several times the text it signs (lines, shingle sets, signatures) until written.
const defaultChunkMB = 8

// memPerChunkByte sets add's soft memory limit from the chunk: 768 MiB for the default.
const memPerChunkByte = 96

// maxChunkMB bounds --chunk: a larger chunk saves nothing more.
const maxChunkMB = 4096

type addOptions struct {
	paramFlags
	inputFlags
	profileFlags
	index   string
	quiet   bool
	workers int
	chunk   float64 // MB
}

func (o *addOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.index, "index", "", "the bbolt index file (created if missing)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing")
	fs.IntVarP(&o.workers, "workers", "j", 0, "signing goroutines (0: one per CPU)")
	fs.Float64Var(&o.chunk, "chunk", defaultChunkMB, "MB of text read, signed and written at a time: the heap is kept near 96 times this\n(unless GOMEMLIMIT is set); boilerplate is judged on a chunk and the documents already\nin the index")
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
	if err := checkPaths(args); err != nil {
		return exitError, err
	}
	if !(o.chunk > 0 && o.chunk <= maxChunkMB) {
		return exitError, usageError{fmt.Sprintf("--chunk %v: want a size in MB above 0 and at most %d", o.chunk, maxChunkMB)}
	}
	chunkBytes := int(o.chunk * (1 << 20))
	lift := func() {}
	if os.Getenv("GOMEMLIMIT") == "" {
		// What add holds while it adds is bounded by the chunk, but the collector lets the
		// heap grow to twice what is live; a soft limit makes it collect sooner. Adding a
		// gigabyte of text: peak heap 1.2 -> 0.8 GB for 4 % more time. The merging at the
		// end is not bounded by the chunk: the limit is lifted before it.
		prev := debug.SetMemoryLimit(max(512<<20, int64(chunkBytes)*memPerChunkByte))
		lift = func() { debug.SetMemoryLimit(prev) }
	}
	defer lift()
	// The input is added a chunk at a time as it is read, so that memory does not grow with
	// the corpus: a chunk is written while the next is read and signed, and the chunk before
	// it is in the index before that one is signed (three chunks in memory at most).
	var (
		chunk []corpus.Doc
		size  int
		st    dedup.AddStats
		start = time.Now()
	)
	adder, err := dedup.NewAdder(ix, p, dedup.Options{Workers: o.workers})
	if err != nil {
		return exitError, err
	}
	addChunk := func() error {
		if len(chunk) == 0 {
			return nil
		}
		if e.stderrTTY && !o.quiet {
			before, show := st.Added+st.Revised+st.Unchanged, progress(e, "adding", start)
			adder.SetProgress(func(done, total int) { show(before+done, before+total) })
		}
		cs, err := adder.Add(ctx, chunk)
		st.Added, st.Revised, st.Unchanged = st.Added+cs.Added, st.Revised+cs.Revised, st.Unchanged+cs.Unchanged
		chunk, size = nil, 0
		return err
	}
	stats, err := corpus.Read(ctx, args, e.stdin, o.inputFlags.options(e, "add", o.quiet), func(d corpus.Doc) error {
		chunk = append(chunk, d)
		if size += len(d.Text); size >= chunkBytes {
			return addChunk()
		}
		return nil
	})
	if err == nil {
		err = addChunk()
	}
	// Whatever failed, what was queued is written (or fails) before the index closes.
	if werr := adder.Wait(); err == nil {
		err = werr
	}
	if err != nil {
		return exitError, err
	}
	lift()
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
