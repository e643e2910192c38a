package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// paramFlags are the flags that set dedup.Params: what is found. An index fixes them when it
// is created; later commands read them from it.
type paramFlags struct {
	fs          *pflag.FlagSet
	near        float64
	rewrite     float64
	noRewrite   bool
	shingleUnit string
	shingleSize int
	hashes      int
	seed        uint64
	minWords    int
}

var paramFlagNames = []string{"near", "rewrite", "no-rewrite", "shingle", "shingle-size", "hashes", "seed", "min-words"}

func (o *paramFlags) AddFlags(fs *pflag.FlagSet) {
	o.fs = fs
	fs.Float64Var(&o.near, "near", dedup.DefaultNearThreshold, "near tier: least word-shingle Jaccard similarity")
	fs.Float64Var(&o.rewrite, "rewrite", dedup.DefaultRewriteThreshold, "rewrite tier: least IDF-weighted content-word Jaccard similarity")
	fs.BoolVar(&o.noRewrite, "no-rewrite", false, "turn the rewrite tier off")
	fs.StringVar(&o.shingleUnit, "shingle", string(shingle.Words), "shingle unit: word or char")
	fs.IntVar(&o.shingleSize, "shingle-size", 0, fmt.Sprintf("tokens per shingle (0: %d for words, %d for chars)", shingle.DefaultWordSize, shingle.DefaultCharSize))
	fs.IntVar(&o.hashes, "hashes", minhash.DefaultSize, "MinHash signature length")
	fs.Uint64Var(&o.seed, "seed", 0, "MinHash seed")
	fs.IntVar(&o.minWords, "min-words", passage.DefaultMinWords, "least words in a passage window")
}

// changed reports whether any parameter flag was given.
func (o *paramFlags) changed() bool {
	for _, n := range paramFlagNames {
		if o.fs != nil && o.fs.Changed(n) {
			return true
		}
	}
	return false
}

func (o *paramFlags) check() error {
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
	}
	return nil
}

func (o *paramFlags) params() dedup.Params {
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

// inputFlags say how documents are read.
type inputFlags struct {
	idField   string
	textField string
	skipBad   bool
}

func (o *inputFlags) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.idField, "id-field", "id", "JSON Lines field holding the document id")
	fs.StringVar(&o.textField, "text-field", "text", "JSON Lines field holding the document text")
	fs.BoolVar(&o.skipBad, "skip-bad", false, "skip (and count) bad inputs instead of stopping at the first")
}

func (o *inputFlags) options(e *env, cmd string, quiet bool) corpus.Options {
	return corpus.Options{
		IDField: o.idField, TextField: o.textField, SkipBad: o.skipBad,
		OnSkip: func(err error) {
			if !quiet {
				fmt.Fprintf(e.stderr, "neardup %s: skipped: %v\n", cmd, err)
			}
		},
	}
}

// outputFlags say how results are written.
type outputFlags struct {
	format       string
	color        string
	quiet        bool
	snippetWidth int
}

func (o *outputFlags) AddFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.format, "format", "f", "table", "output format: table, csv, jsonl or markdown")
	fs.StringVar(&o.color, "color", "auto", "colour the table: auto (when stdout is a terminal), always or never")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing; only the exit status tells")
	fs.IntVar(&o.snippetWidth, "snippet-width", 0, "snippet length in characters (0: 60)")
}

func (o *outputFlags) parse(e *env) (report.Format, bool, error) {
	format, err := report.ParseFormat(o.format)
	if err != nil {
		return "", false, usageError{err.Error()}
	}
	switch o.color {
	case "auto":
		return format, e.stdoutTTY, nil
	case "always":
		return format, true, nil
	case "never":
		return format, false, nil
	}
	return "", false, usageError{fmt.Sprintf("--color %q is not auto, always or never", o.color)}
}

func (o *outputFlags) options(e *env, color bool) report.Options {
	return report.Options{Color: color, SnippetWidth: o.snippetWidth, Width: e.width}
}

// spillFlags say where a report keeps its working data.
type spillFlags struct {
	spillDir  string
	spillOver float64
	inMemory  bool
}

// releaseEvery is how often a report drops the spilled pages it touched from its resident
// memory; the page cache keeps them, so touching them again costs a minor fault. Every
// 250 ms, the generated gigabyte took 171 s (59 s of it in the kernel); every second, 147 s
// (29 s), with the same peak of mapped pages (5.3 GB): the pages a tier touches come back
// faster than any period drops them.
const releaseEvery = time.Second

// reportMemoryLimit is the soft limit of a spilling report's heap, unless GOMEMLIMIT is set.
// The generated gigabyte's heap holds about 285 MB live through its tiers (about 140 bytes
// a passage, and its documents'); under this limit its report took 121-131 s, as under 448
// MiB, with a peak RSS of 878-924 MiB (963-1,054 MiB on the same day before). What is live
// grows with the corpus: past about 1.2 GB of such text the heap outgrows the limit, and
// the collector runs often (taking up to half the CPU) rather than fail.
const reportMemoryLimit = 384 << 20

// defaultSpillOverMB is the text a report keeps on the heap before it spills: there a small
// corpus needs no disk. Spilling costs little (chronam, 100 MB: 8.8-8.9 s and 0.8 GB spilled,
// 8.9 s and 1.6 GB on the heap).
const defaultSpillOverMB = 64

func (o *spillFlags) AddFlags(fs *pflag.FlagSet) {
	fs.Float64Var(&o.spillOver, "spill-over", defaultSpillOverMB, "once the input holds this many MB of text, keep texts, sets, signatures and candidate tables\nin temporary files, which the kernel pages in and out, so that memory stays bounded: the heap\nkeeps a few hundred bytes a passage (0: always)")
	fs.StringVar(&o.spillDir, "spill-dir", "", "folder of those files (default: $TMPDIR, else /tmp); they are deleted as soon as made and\ntake up to 10 times the text on disk")
	fs.BoolVar(&o.inMemory, "in-memory", false, "never spill: keep everything in the Go heap, about 15 times the text")
}

// dirName is the folder the spill file goes to.
func (o *spillFlags) dirName() string {
	if o.spillDir != "" {
		return o.spillDir
	}
	return os.TempDir()
}

func (o *spillFlags) check() error {
	if o.spillOver < 0 {
		return usageError{fmt.Sprintf("--spill-over %v: want 0 or more MB", o.spillOver)}
	}
	return nil
}

// spiller moves a report's working data to spill files once the input passes --spill-over.
type spiller struct {
	o    *spillFlags
	mem  *spill.Arena // nil until then
	size int          // bytes of text read
	undo []func()
	warn func(error) // told of what makes spilling spare less memory than it should
}

// add counts the text of d, read after docs; once over the threshold it opens the spill file
// and moves the texts of docs there. It returns d with its text in the spill file, if open.
func (s *spiller) add(docs []corpus.Doc, d corpus.Doc) (corpus.Doc, error) {
	s.size += len(d.Text)
	if s.mem == nil && !s.o.inMemory && float64(s.size) > s.o.spillOver*(1<<20) {
		mem, err := spill.New(s.o.spillDir)
		if err != nil {
			return d, fmt.Errorf("%w (choose another folder with --spill-dir, or --in-memory)", err)
		}
		s.mem = mem
		s.undo = append(s.undo, func() { mem.Close() }, mem.ReleaseEvery(releaseEvery))
		if s.warn != nil {
			if mem.InMemory() {
				s.warn(fmt.Errorf("the spill folder %s is held in memory (tmpfs): spilling there spares none; --spill-dir can name a folder on disk", s.o.dirName()))
			}
			mem.OnFallback(func(err error) { s.warn(fmt.Errorf("%w; the rest is kept in memory", err)) })
		}
		if os.Getenv("GOMEMLIMIT") == "" {
			// What stays in the heap is then a few hundred bytes a passage, but the
			// collector lets the heap grow to twice what is live: a soft limit makes it
			// collect sooner. A larger corpus goes over it, and the collector takes up to
			// half the CPU.
			prev := debug.SetMemoryLimit(reportMemoryLimit)
			s.undo = append(s.undo, func() { debug.SetMemoryLimit(prev) })
		}
		for i := range docs {
			docs[i].Text = spill.Clone(mem, docs[i].Text)
		}
	}
	if s.mem != nil {
		d.Text = spill.Clone(s.mem, d.Text)
	}
	return d, nil
}

// close stops spilling and removes the file: nothing of it may be used afterwards.
func (s *spiller) close() {
	for i := len(s.undo) - 1; i >= 0; i-- {
		s.undo[i]()
	}
	s.undo = nil
}

// profileFlags write Go profiles of a run, for finding where its time and memory go.
type profileFlags struct {
	cpu, mem string
}

func (o *profileFlags) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.cpu, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it)")
	fs.StringVar(&o.mem, "memprofile", "", "write an allocation profile, taken at the end of the run, to this file")
}

// start begins the CPU profile; the function it returns ends it and writes the allocation
// profile. A failure to write a profile is reported, never fatal to the run.
func (o *profileFlags) start(e *env) func() {
	var cpu *os.File
	if o.cpu != "" {
		f, err := os.Create(o.cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "neardup: cpu profile: %v\n", err)
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if o.mem != "" {
			f, err := os.Create(o.mem)
			if err == nil {
				err = errors.Join(pprof.Lookup("allocs").WriteTo(f, 0), f.Close())
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "neardup: memory profile: %v\n", err)
			}
		}
	}
}
