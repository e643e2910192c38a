package dedup

import (
	"cmp"
	"context"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/neardup/neardup/cluster"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/internal/radix"
	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// Options are settings that never change what is found.
type Options struct {
	Workers int // signing goroutines; default GOMAXPROCS
	// Progress, when set, is called from one goroutine with the documents signed so far.
	Progress func(done, total int)
	// Spill, when set, holds the sets and signatures of every document and passage and the
	// tables of candidates: a temporary file, mapped, whose pages the kernel can evict. Find
	// makes more files beside it for the passages' records (see psg).
	Spill *spill.Arena
	// Index, when set, receives every document with its passages and signatures as they are
	// signed: one goroutine writes them in input order, BatchDocs to a transaction.
	Index *index.Index
	// BatchDocs is the documents per index transaction; default 2000.
	BatchDocs int
}

const (
	tierExact uint8 = iota
	tierNear
	tierContained
	tierRewrite
)

var tierNames = [...]report.Tier{report.TierExact, report.TierNear, report.TierContained, report.TierRewrite}

// rewriteBandAt is the Jaccard the rewrite tier's banding aims at, below the threshold of
// weighted Jaccard: an index's signatures are of the plain stems, whose plain Jaccard runs
// lower than the weighted one when the words a pair shares are rare. A report's are
// weighted (appendWeighted) and keep the banding.
const rewriteBandAt = 0.15

// rewriteMinShared is the bands a rewrite candidate must share: one shared band of two rows
// happens by chance to a tenth of unrelated pairs of a large corpus, two to about one in a
// hundred, while reworded passages (plain Jaccard 0.25 and up) share four or more on average.
const rewriteMinShared = 2

// rewriteEstimateAt is the least signature estimate a rewrite candidate must show before its
// weighted Jaccard is computed. Of 2.75 million chronam candidates that passed half the
// banding's aim, the 1.04 million under two thirds of it made no edge (the first edges start
// at 0.125; plain signatures). A report's weighted signatures estimate the weighted Jaccard
// itself: 0.15 there would verify half as many candidates (123,000 of 637,000 on chronam)
// and lose 2 of 27,082 links, but took no less time.
const rewriteEstimateAt = rewriteBandAt * 2 / 3

// maxBucket bounds the items of one LSH bucket that are paired with each other: beyond it,
// only its earliest item is paired with the rest (see lsh.Table.Pairs), which keeps thousands
// of copies of one passage linear.
const maxBucket = 500

type doc struct {
	lines    *lineSet   // kept from signing for the index writer only
	marks    []lineMark // its boilerplate and furniture, for the report
	first    int        // index of its first passage in Finder.passages
	npass    int
	exact    uint64
	shingles []uint32
	sig      []uint32
}

// worker holds one goroutine's scratch.
type worker struct {
	seq, prints []uint64 // scratch for a passage's shingles, stems and fingerprints
	masked      []uint64 // a passage's shingles as they are winnowed (see maskStopShingles)
	tok         *shingle.Tokenizer
	toks        []shingle.Token
	lines       lineSet   // the lines of the document at hand
	tally       lineTally // lines counted for boilerplate
	ft          psgFeatures
	sig, rwSig  []uint32
	set         []uint32
	sorter      radix.Sorter
	marks       []lineMark
}

// set32 cuts hashes to their low 32 bits and makes a sorted set of them, in w's scratch: the
// form the index stores. Two sets of n hashes cut this way lose about n²/2³² shared
// elements to collisions.
func (w *worker) set32(hs []uint64) []uint32 {
	w.set = w.set[:0]
	for _, h := range hs {
		w.set = append(w.set, uint32(h))
	}
	w.sorter.Uint32s(w.set)
	return slices.Compact(w.set)
}

// Find reports the duplicate documents and passages among docs. docs are in ingestion order:
// the earliest member of a cluster represents it. The result is the same for any Workers.
func Find(ctx context.Context, docs []corpus.Doc, p Params, opt Options) (*report.Report, error) {
	start := time.Now()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p = p.WithDefaults()
	mh, err := minhash.New(p.MinHash)
	if err != nil {
		return nil, err
	}
	f := &finder{docs: docs, p: p, mh: mh, opt: opt, ds: make([]doc, len(docs))}
	defer f.close()
	if err := f.signWeighed(ctx); err != nil {
		return nil, err
	}
	docGroups := f.docClusters()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range f.ds {
		f.ds[i].shingles, f.ds[i].sig = nil, nil // the passages are all that is compared next
	}
	psgGroups := f.passageClusters(docGroups)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Only now: a gigabyte's boilerplate, with every place it was met, took 40 MB of the
	// heap the tiers need.
	bp := f.boilerplate()
	r := &report.Report{Boilerplate: bp}
	r.Clusters = append(f.docReport(docGroups), f.passageReport(psgGroups)...)
	slices.SortStableFunc(r.Clusters, func(a, b report.Cluster) int {
		if a.Level != b.Level {
			if a.Level == report.LevelDocument {
				return -1
			}
			return 1
		}
		return len(b.Members) - len(a.Members)
	})
	s := report.Summary{
		Documents: len(docs), Passages: len(f.ps), Clusters: len(r.Clusters), Boilerplate: len(bp),
		ByTier:  map[report.Tier]int{},
		ByLevel: map[report.Level]int{},
	}
	for i := range r.Clusters {
		c := &r.Clusters[i]
		c.ID = i + 1
		s.ByTier[c.Tier]++
		s.ByLevel[c.Level]++
	}
	s.Elapsed = time.Since(start)
	r.Summary = s
	return r, nil
}

// signWeighed signs every document of a report and weighs the passages' stems: what the tiers
// compare is then in f.ps. f.close releases its files.
func (f *finder) signWeighed(ctx context.Context) error {
	var err error
	if f.mem, err = newPSGMemory(f.opt.Spill); err != nil {
		return err
	}
	if err := f.forEach(ctx, f.countLines); err != nil {
		return err
	}
	if err := f.findBoilerplate(); err != nil {
		return err
	}
	f.lineDF = nil // for an index's counts; a report has what it needs in f.boiler
	if err := f.signAll(ctx, nil); err != nil {
		return err
	}
	f.workers = nil // their buffers and stem caches: tens of megabytes the rest never reads
	// Records are final once signed: the spill files' pages can then leave the resident set
	// (spill.Arena.Seal). The stems' weights come with weighStems.
	f.mem.sets.Seal()
	f.mem.rw.Seal()
	f.mem.prints.Seal()
	f.mem.sigs.Seal()
	f.lshNear, _ = lsh.Recall(f.p.NearThreshold, f.mh.Size())
	f.lshRewrite, _ = lsh.Optimal(rewriteBandAt, f.mh.Size())
	total := 0
	for _, ps := range f.pending {
		total += len(ps)
	}
	f.ps = make([]psg, 0, total)
	for i := range f.ds {
		d := &f.ds[i]
		d.first = len(f.ps)
		f.ps = append(f.ps, f.pending[i]...)
		d.npass = len(f.pending[i])
		f.pending[i] = nil
	}
	f.weighStems()
	return ctx.Err()
}

// close drops the files of f's records.
func (f *finder) close() {
	if f.mem != nil {
		f.mem.close()
	}
}

type finder struct {
	docs      []corpus.Doc
	p         Params
	mh        *minhash.Hasher
	opt       Options
	ds        []doc
	boiler    map[uint64]int // boilerplate line hash -> documents holding it
	furniture map[uint64]int // furniture line hash -> documents holding it
	lineDF    map[uint64]int // short standalone line hash -> documents of this corpus holding it
	pending   [][]psg
	ps        []psg
	workers   []*worker  // one per goroutine, kept across phases for their warm buffers
	mem       *psgMemory // see memory

	lshNear, lshRewrite lsh.Params

	// replace maps documents being added to the indexed versions they replace; nil in a
	// report, which refuses an index that already holds its documents.
	replace map[int]index.DocID
	adder   *Adder // the Adder whose chunk this is, if any
}

// freeSigs drops every signature: nothing may read one afterwards. In a spill file, the
// pointers would point into memory no longer mapped; on the heap, the memory goes back.
func (f *finder) freeSigs() {
	for i := range f.ps {
		f.ps[i].sig, f.ps[i].rwsig = nil, nil
	}
	drop(&f.memory().sigs)
	drop(&f.memory().rwSigs)
}

// freePrints drops every passage's fingerprints, as freeSigs does signatures.
func (f *finder) freePrints() {
	for i := range f.ps {
		f.ps[i].printsAt, f.ps[i].nPrints = nil, 0
	}
	drop(&f.memory().prints)
}

// freeStems drops every passage's stems and their weights, as freeSigs does signatures.
func (f *finder) freeStems() {
	for i := range f.ps {
		f.ps[i].rw, f.ps[i].wts = nil, nil
	}
	drop(&f.memory().rw)
	drop(&f.memory().wts)
}

// onHeap is the memory of finders that Find made no files for; its arenas stay nil.
var onHeap psgMemory

// memory is where passages keep their records.
func (f *finder) memory() *psgMemory {
	if f.mem == nil {
		return &onHeap
	}
	return f.mem
}

// forEach runs fn over every document on Workers goroutines. Each fn writes only to its own
// document's slots, so the result does not depend on scheduling.
func (f *finder) forEach(ctx context.Context, fn func(w *worker, i int)) error {
	return f.forRange(ctx, 0, len(f.docs), fn)
}

// forRange runs fn over documents lo..hi-1 on Workers goroutines.
func (f *finder) forRange(ctx context.Context, lo, hi int, fn func(w *worker, i int)) error {
	if f.workers == nil {
		n := f.opt.Workers
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		for range n {
			f.workers = append(f.workers, &worker{tok: shingle.NewTokenizer()})
		}
	}
	var next, done atomic.Int64
	next.Store(int64(lo))
	done.Store(int64(lo))
	var wg sync.WaitGroup
	for _, w := range f.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				i := int(next.Add(1) - 1)
				if i >= hi {
					return
				}
				fn(w, i)
				done.Add(1)
			}
		}()
	}
	if f.opt.Progress != nil {
		stop := make(chan struct{})
		go func() { wg.Wait(); close(stop) }()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
	loop:
		for {
			select {
			case <-stop:
				break loop
			case <-t.C:
				f.opt.Progress(int(done.Load()), len(f.docs))
			}
		}
		f.opt.Progress(int(done.Load()), len(f.docs))
	}

	wg.Wait()
	return ctx.Err()
}

// lineSet is a document's lines as boilerplate is judged by them. Workers fill their own in
// each pass over the documents; a report keeps none, since the lines of a corpus take five
// times its text.
type lineSet struct {
	lines     []passage.Line
	hash      []uint64 // sequence hash of each line; 0 for a line without tokens
	words     []int
	boiler    []bool
	furniture []bool // long lines that travel with a site's boilerplate (see findFurniture)
}

// readLines fills ls with the lines of text, reusing its memory.
func readLines(w *worker, ls *lineSet, text []byte) {
	ls.lines = passage.Lines(ls.lines[:0], text)
	ls.hash, ls.words = ls.hash[:0], ls.words[:0]
	for _, l := range ls.lines {
		w.toks = w.tok.AppendTokens(w.toks[:0], text[l.Start:l.End])
		ls.hash = append(ls.hash, shingle.Sequence(w.toks))
		ls.words = append(ls.words, len(w.toks))
	}
}

// standalone reports whether line k stands on its own — a heading, or a paragraph of one
// line — rather than continuing a hard-wrapped paragraph. Only such lines can be boilerplate:
// the short wrapped lines of a reprinted wire story recur across papers too, and they are
// the evidence of the reprint, not furniture.
func standalone(lines []passage.Line, k int) bool {
	return lines[k].Kind == passage.Heading || lines[k].Para && (k+1 == len(lines) || lines[k+1].Para)
}

// shortLines calls fn with the hash of each distinct line of ls that may be boilerplate: one
// that stands on its own and has at most BoilerplateWords words. Only short lines: a long
// paragraph printed by many sites is a reprint, the very thing to report, however often it
// recurs.
func (f *finder) shortLines(ls *lineSet, fn func(h uint64)) {
	seen := map[uint64]bool{}
	for k, h := range ls.hash {
		if h == 0 || seen[h] || ls.words[k] > f.p.BoilerplateWords || !standalone(ls.lines, k) {
			continue
		}
		seen[h] = true
		fn(h)
	}
}

// long reports whether line k of ls may be furniture: standalone, with more than
// BoilerplateWords words.
func (f *finder) long(ls *lineSet, k int) bool {
	return ls.hash[k] != 0 && ls.words[k] > f.p.BoilerplateWords && standalone(ls.lines, k)
}

// linePair is a long standalone line and a standalone line next to it.
type linePair struct{ line, next uint64 }

// lineTally counts, over the documents one worker read, the documents holding each line
// that may be boilerplate or furniture and each pair of neighbours furniture is judged by.
// Counts do not depend on which worker read what, so tallies add up to the same totals.
type lineTally struct {
	short, long map[uint64]int
	pairs       map[linePair]int
}

// countLines reads the lines of document i into the worker's tally; nothing of the document
// is kept.
func (f *finder) countLines(w *worker, i int) {
	ls := &w.lines
	readLines(w, ls, f.docs[i].Text)
	t := &w.tally
	if t.short == nil {
		t.short, t.long, t.pairs = map[uint64]int{}, map[uint64]int{}, map[linePair]int{}
	}
	f.shortLines(ls, func(h uint64) { t.short[h]++ })
	seen := map[uint64]bool{}
	seenPair := map[linePair]bool{}
	for k := range ls.lines {
		if !f.long(ls, k) {
			continue
		}
		h := ls.hash[k]
		if !seen[h] {
			seen[h] = true
			t.long[h]++
		}
		for _, n := range []int{k - 1, k + 1} {
			if n < 0 || n >= len(ls.lines) || ls.hash[n] == 0 || !standalone(ls.lines, n) {
				continue
			}
			p := linePair{h, ls.hash[n]}
			if !seenPair[p] {
				seenPair[p] = true
				t.pairs[p]++
			}
		}
	}
}

// indexLineCounts is the index's count of each short line hs, with those of the chunks an
// Adder has yet to write.
func (f *finder) indexLineCounts(hs []uint64) ([]int, error) {
	if f.adder != nil {
		return f.adder.lineCounts(hs)
	}
	return f.opt.Index.LineCounts(hs)
}

// findBoilerplate decides, from the workers' tallies of every document (countLines), which
// short lines are boilerplate and which long ones furniture; sign marks them. With an index,
// the documents it holds count too.
func (f *finder) findBoilerplate() error {
	f.lineDF = map[uint64]int{}
	longDF := map[uint64]int{}
	pairDF := map[linePair]int{}
	for _, w := range f.workers {
		t := &w.tally
		for h, n := range t.short {
			f.lineDF[h] += n
		}
		for h, n := range t.long {
			longDF[h] += n
		}
		for p, n := range t.pairs {
			pairDF[p] += n
		}
		*t = lineTally{}
	}
	df := f.lineDF
	if f.opt.Index != nil {
		hs := make([]uint64, 0, len(df))
		for h := range df {
			hs = append(hs, h)
		}
		counts, err := f.indexLineCounts(hs)
		if err != nil {
			return err
		}
		df = make(map[uint64]int, len(hs))
		for i, h := range hs {
			df[h] = f.lineDF[h] + counts[i]
		}
	}
	f.boiler = map[uint64]int{}
	for h, n := range df {
		if n >= f.p.BoilerplateDocs {
			f.boiler[h] = n
		}
	}
	f.pending = make([][]psg, len(f.docs))
	f.findFurniture(longDF, pairDF)
	return nil
}

// furnitureShare is the least share of a long line's documents in which it must sit next to
// the same piece of boilerplate to be furniture itself; furnitureDocs is the fewest documents
// it, and the boilerplate it sits next to, must be in. A site prints its furniture on every
// page, while a story and its title recur in a few documents at a time, each next to the
// other; below furnitureDocs, the title of a story copied three times would make furniture
// of its first paragraph, and that of the next.
const (
	furnitureShare = 0.8
	furnitureDocs  = 10
)

// findFurniture finds the long standalone lines that travel with a site's boilerplate: a
// newsletter pitch, a cookie notice, a copyright paragraph. Such a line is furniture when it
// recurs in furnitureDocs documents or more and, in at least furnitureShare of them, sits
// next to one same boilerplate or furniture line, itself in furnitureDocs documents or more; so furniture grows from the short lines
// outwards, a footer block at a time. A paragraph that many sites reprint does not: next to
// each site's furniture in a few documents only, it sits next to the same one in no large
// share of them. Furniture is left out of passages but kept in the document's text, so that
// copies of one article on one site, whose every paragraph sits next to the same furniture,
// are still found whole. Judged within the documents of one run: an index keeps no counts of
// long lines.
func (f *finder) findFurniture(longDF map[uint64]int, pairDF map[linePair]int) {
	f.furniture = map[uint64]int{}
	for changed := true; changed; {
		changed = false
		for p, n := range pairDF {
			df := longDF[p.line]
			if _, done := f.furniture[p.line]; done || df < max(f.p.BoilerplateDocs, furnitureDocs) {
				continue
			}
			_, furniture := f.furniture[p.next]
			boiler := f.boiler[p.next] >= max(f.p.BoilerplateDocs, furnitureDocs)
			if (boiler || furniture) && float64(n) >= furnitureShare*float64(df) {
				f.furniture[p.line] = df
				changed = true
			}
		}
	}
}

// lineMark is a boilerplate or furniture line of a document, for the report.
type lineMark struct {
	hash       uint64
	start, end int
	furniture  bool
}

// markLines marks the boilerplate and furniture lines of ls, a document's, and returns them
// appended to marks.
func (f *finder) markLines(ls *lineSet, marks []lineMark) []lineMark {
	ls.boiler = slices.Grow(ls.boiler[:0], len(ls.lines))[:len(ls.lines)]
	ls.furniture = slices.Grow(ls.furniture[:0], len(ls.lines))[:len(ls.lines)]
	for k, l := range ls.lines {
		h := ls.hash[k]
		_, boiler := f.boiler[h]
		boiler = boiler && standalone(ls.lines, k)
		_, furniture := f.furniture[h]
		furniture = furniture && f.long(ls, k)
		ls.boiler[k], ls.furniture[k] = boiler, furniture
		if boiler {
			marks = append(marks, lineMark{hash: h, start: l.Start, end: l.End})
		}
		if furniture {
			marks = append(marks, lineMark{hash: h, start: l.Start, end: l.End, furniture: true})
		}
	}
	return marks
}

// boilerplate returns the boilerplate lines, then the furniture, each in the order first met,
// with every place sign marked them, the most widespread first.
func (f *finder) boilerplate() []report.Boilerplate {
	var out [2][]report.Boilerplate
	at := [2]map[uint64]int{{}, {}}
	for i := range f.ds {
		for _, m := range f.ds[i].marks {
			kind, n := 0, f.boiler[m.hash]
			if m.furniture {
				kind, n = 1, f.furniture[m.hash]
			}
			j, seen := at[kind][m.hash]
			if !seen {
				j = len(out[kind])
				at[kind][m.hash] = j
				out[kind] = append(out[kind], report.Boilerplate{Text: string(f.docs[i].Text[m.start:m.end]), Docs: n})
			}
			out[kind][j].Matches = append(out[kind][j].Matches, report.Span{Doc: f.docs[i].ID, Start: m.start, End: m.end})
		}
		f.ds[i].marks = nil
		releaseBehind(f.opt.Spill, i)
	}
	all := append(out[0], out[1]...)
	slices.SortStableFunc(all, func(a, b report.Boilerplate) int { return b.Docs - a.Docs })
	for i := range all {
		all[i].ID = i + 1
	}
	return all
}

// sign builds the passages of document i and all the features they are compared by.
func (f *finder) sign(w *worker, i int) {
	text := f.docs[i].Text
	d := &f.ds[i]
	ls := &w.lines
	if f.opt.Index != nil {
		ls = &lineSet{} // the index writer counts its short lines
		d.lines = ls
	}
	readLines(w, ls, text)
	// In the spill file: they are read once, at the report's end, and the heap is the
	// tiers'.
	w.marks = f.markLines(ls, w.marks[:0])
	d.marks = spill.Clone(f.opt.Spill, w.marks)
	// The document: every line but boilerplate.
	w.toks = w.toks[:0]
	for k, l := range ls.lines {
		if !ls.boiler[k] {
			w.toks = w.tok.AppendTokens(w.toks, text[l.Start:l.End])
		}
	}
	d.exact = shingle.Sequence(w.toks)
	// Sets are built in the worker's buffer and kept at their exact size: a report holds
	// every one of them until it ends. Signatures are of the full hashes.
	w.seq = f.shingles(w, w.seq[:0], text, ls)
	d.shingles = spill.Clone(f.opt.Spill, w.set32(w.seq))
	if len(w.seq) > 0 {
		w.sig = f.mh.Sketch(w.sig[:0], w.seq)
		d.sig = spill.Clone(f.memory().sigs, w.sig)
	}

	spans := passage.Split(nil, text, ls.lines, func(k int) bool { return ls.boiler[k] || ls.furniture[k] }, f.p.Passage)
	ps := make([]psg, 0, len(spans))
	ft := &w.ft
	for n, sp := range spans {
		body := text[sp.Start:sp.End]
		w.toks = w.tok.AppendContent(w.toks[:0], body)
		if len(w.toks) == 0 {
			continue
		}
		q := psg{doc: int32(i), seq: int32(n + 1), start: uint32(sp.Start), end: uint32(sp.End),
			words: uint32(sp.Words), kind: sp.Kind, exact: shingle.Sequence(w.toks)}
		w.seq = f.appendShingles(w, w.seq[:0], body)
		winnowed := w.seq
		if f.p.Shingle.Unit == shingle.Words {
			w.masked = maskStopShingles(append(w.masked[:0], w.seq...), w.toks, f.p.Shingle.Size)
			winnowed = w.masked
		}
		w.prints = appendWinnow(w.prints[:0], winnowed)
		ft.prints = shingle.Set(w.prints)
		ft.shingles = append(ft.shingles[:0], w.set32(w.seq)...)
		ft.nearSig = f.mh.Sketch(ft.nearSig[:0], w.seq)
		ft.numbers = append(ft.numbers[:0], w.set32(shingle.AppendNumbers(w.seq[:0], w.toks))...)
		ft.stems, ft.rwSig = ft.stems[:0], nil
		if f.p.Rewrite() && sp.Kind == passage.Text && sp.Words >= f.p.RewriteMinWords && isProse(w.toks) {
			if w.seq = shingle.AppendStems(w.seq[:0], w.toks); len(w.seq) > 0 {
				ft.stems = append(ft.stems, w.set32(w.seq)...)
				// A report signs the stems once they are weighed (weighStems); an index
				// has no weights it could keep.
				if f.opt.Index != nil {
					ft.rwSig = f.mh.Sketch(w.rwSig[:0], w.seq)
					w.rwSig = ft.rwSig
				}
			}
		}
		q.setFeatures(f.memory(), ft)
		ps = append(ps, q)
	}
	f.pending[i] = ps
}

// minStopShare is the least share of stop words in prose. Running text in English or Russian
// is 30-50 % function words; line-ups, tables of results and lists of names have almost none,
// and two of them share names without telling the same story.
const minStopShare = 0.15

// isProse reports whether toks read as running text rather than a list of names or figures.
func isProse(toks []shingle.Token) bool {
	stop := 0
	for _, t := range toks {
		if t.Flags&shingle.Stop != 0 {
			stop++
		}
	}
	return float64(stop) >= minStopShare*float64(len(toks))
}

// shingles appends the shingles of the document's non-boilerplate text, in text order
// and with repeats: the callers sign them as they are and keep them as a 32-bit set.
func (f *finder) shingles(w *worker, dst []uint64, text []byte, ls *lineSet) []uint64 {
	if f.p.Shingle.Unit == shingle.Words {
		return shingle.AppendWordShingles(dst, w.toks, f.p.Shingle.Size)
	}
	var norm []byte
	for k, l := range ls.lines {
		if !ls.boiler[k] {
			norm = w.tok.AppendNormalized(append(norm, ' '), text[l.Start:l.End])
		}
	}
	return shingle.AppendCharShingles(dst, norm, f.p.Shingle.Size)
}

// appendShingles appends the shingles of body; w.toks must hold its tokens.
func (f *finder) appendShingles(w *worker, dst []uint64, body []byte) []uint64 {
	if f.p.Shingle.Unit == shingle.Words {
		return shingle.AppendWordShingles(dst, w.toks, f.p.Shingle.Size)
	}
	norm := w.tok.AppendNormalized(nil, body)
	return shingle.AppendCharShingles(dst, norm, f.p.Shingle.Size)
}

// weighStems gives every content word its inverse document frequency, ln(1 + N/df), so that
// the rewrite tier counts shared rare words (names, places) above the words every article on
// the topic uses.
func (f *finder) weighStems() {
	// Document frequencies are counted in shards of the stems, one per core, each by one
	// goroutine that reads every document's stems and counts those of its shard: counting
	// into one table took a core for as long as the rest of weighing on all of them.
	shards := make([]countTable, runtime.GOMAXPROCS(0))
	for k := range shards {
		shards[k] = countTable{mem: f.opt.Spill, once: true}
	}
	defer func() {
		for k := range shards {
			shards[k].free()
		}
	}()
	shardOf := func(h uint32) int { return int(uint64(h) * uint64(len(shards)) >> 32) }
	const docWave = 1 << 12 // documents whose stems are read before they are released
	for lo := 0; lo < len(f.ds); lo += docWave {
		hi := min(lo+docWave, len(f.ds))
		var wg sync.WaitGroup
		for k := range shards {
			wg.Go(func() {
				t := &shards[k]
				for i := lo; i < hi; i++ {
					d := &f.ds[i]
					for _, q := range f.ps[d.first : d.first+d.npass] {
						for _, h := range q.stems() {
							if shardOf(h) == k {
								t.addOnce(uint64(h), int32(i))
							}
						}
					}
				}
			})
		}
		wg.Wait()
		f.memory().rw.Release()
	}
	df := func(h uint32) int32 { return shards[shardOf(h)].get(uint64(h)) }
	n := float64(len(f.ds))
	// The weights are written a wave of passages at a time, and each wave's are final once
	// written, so that they can leave memory as the stems did.
	wts, rwSigs := f.memory().wts, f.memory().rwSigs
	const wave = 1 << 14
	type scratch struct {
		hs  []uint64
		sig []uint32
	}
	states := perCore(func() *scratch { return &scratch{} })
	for lo := 0; lo < len(f.ps); lo += wave {
		ps := f.ps[lo:min(lo+wave, len(f.ps))]
		for k := range ps {
			if q := &ps[k]; q.nStems > 0 {
				q.wts = unsafe.SliceData(spill.Make[float64](wts, int(q.nStems)))
				q.rwsig = unsafe.SliceData(spill.Make[uint32](rwSigs, int(q.sigSize)))
			}
		}
		inParts(len(ps), 4096, states, func(st *scratch, lo, hi int) []struct{} {
			for k := lo; k < hi; k++ {
				q := &ps[k]
				weights := q.weights()
				for j, h := range q.stems() {
					weights[j] = math.Log1p(n / float64(df(h)))
					q.weight += weights[j]
				}
				if q.nStems > 0 {
					st.hs = appendWeighted(st.hs[:0], q.stems(), weights)
					st.sig = f.mh.Sketch(st.sig[:0], st.hs)
					copy(q.rwSig(), st.sig)
				}
			}
			return nil
		})
		wts.Settle()
		rwSigs.Settle()
		f.opt.Spill.Release()
	}
	wts.Seal()
	rwSigs.Seal()
}

// rewriteRepeat is the elements of a stem of weight 1 in a rewrite signature, see
// appendWeighted.
const rewriteRepeat = 2

// appendWeighted appends the elements of the rewrite signature of stems: each stem repeated in
// proportion to its weight, as max(1, round(rewriteRepeat·w)) distinct elements. Two passages'
// signatures then agree in about the share their weighted Jaccard gives, the similarity
// they are verified by, where a signature of the plain stems agrees in their plain
// Jaccard: pairs whose only shared words are the commonest made most of the candidates, and
// their buckets grew with the corpus.
func appendWeighted(dst []uint64, stems []uint32, weights []float64) []uint64 {
	for j, s := range stems {
		for r := range max(1, int(weights[j]*rewriteRepeat+0.5)) {
			dst = append(dst, uint64(r)<<32|uint64(s))
		}
	}
	return dst
}

// countTable counts non-zero keys by open addressing: a Go map of a million stems spent
// most of weighStems growing and probing.
type countTable struct {
	mem    *spill.Arena
	keys   []uint64
	counts []int32
	last   []int32 // with once, the last document counted in each slot, plus one
	once   bool
	used   int
	shift  uint // 64 - log2(len(keys))
}

// slot is where h's probe starts: Fibonacci hashing, since stem hashes have their lowest bit
// set and the low bits alone would use half the table.
func (t *countTable) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> t.shift }

func (t *countTable) add(h uint64) { t.counts[t.insert(h)]++ }

// addOnce counts h once for each document doc it is added from: a table made with once
// counts the documents holding a key, not its occurrences.
func (t *countTable) addOnce(h uint64, doc int32) {
	if i := t.insert(h); t.last[i] != doc+1 {
		t.last[i] = doc + 1
		t.counts[i]++
	}
}

// insert returns the slot of h, taken for it if it had none.
func (t *countTable) insert(h uint64) uint64 {
	if 2*(t.used+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	i := t.slot(h)
	for t.keys[i] != 0 && t.keys[i] != h {
		i = (i + 1) & mask
	}
	if t.keys[i] == 0 {
		t.keys[i] = h
		t.used++
	}
	return i
}

// get returns the count of h, 0 if h was never added.
func (t *countTable) get(h uint64) int32 {
	if i := t.find(h); i >= 0 {
		return t.counts[i]
	}
	return 0
}

// find returns the slot of h, -1 if h was never added.
func (t *countTable) find(h uint64) int {
	if len(t.keys) == 0 {
		return -1
	}
	mask := uint64(len(t.keys) - 1)
	for i := t.slot(h); t.keys[i] != 0; i = (i + 1) & mask {
		if t.keys[i] == h {
			return int(i)
		}
	}
	return -1
}

func (t *countTable) grow() {
	old, oldCounts, oldLast := t.keys, t.counts, t.last
	t.keys = spill.Make[uint64](t.mem, max(1024, 2*len(old)))
	t.counts = spill.Make[int32](t.mem, len(t.keys))
	if t.once {
		t.last = spill.Make[int32](t.mem, len(t.keys))
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(len(t.keys))))
	mask := uint64(len(t.keys) - 1)
	for j, h := range old {
		if h == 0 {
			continue
		}
		i := t.slot(h)
		for t.keys[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.counts[i] = h, oldCounts[j]
		if t.once {
			t.last[i] = oldLast[j]
		}
	}
	spill.Free(t.mem, old)
	spill.Free(t.mem, oldCounts)
	spill.Free(t.mem, oldLast)
}

// free gives the table's memory back.
func (t *countTable) free() {
	spill.Free(t.mem, t.keys)
	spill.Free(t.mem, t.counts)
	spill.Free(t.mem, t.last)
	*t = countTable{mem: t.mem, once: t.once}
}

// weightedJaccard is Σ weights of the shared stems / Σ weights of all stems of two sorted
// stem sets with their weights (the weighted Jaccard similarity of the two sets), or 0 as
// soon as it cannot reach min: the shared weight is at most the lighter side's total, so
// light/heavy < min rules a pair out unread.
func weightedJaccard[T shingle.Hash](a []T, aw []float64, aTotal float64, b []T, bw []float64, bTotal float64, min float64) float64 {
	if lo, hi := math.Min(aTotal, bTotal), math.Max(aTotal, bTotal); hi == 0 || lo < min*hi {
		return 0
	}
	var inter, union float64
	restA, restB := aTotal, bTotal // the weight not yet merged on each side
	i, j := 0, 0
	for step := 1; i < len(a) && j < len(b); step++ {
		switch {
		case a[i] < b[j]:
			union += aw[i]
			restA -= aw[i]
			i++
		case a[i] > b[j]:
			union += bw[j]
			restB -= bw[j]
			j++
		default:
			inter += aw[i]
			union += aw[i]
			restA -= aw[i]
			restB -= bw[j]
			i++
			j++
		}
		// Most candidates are far from min: once even sharing all that is left on the
		// lighter side could not reach it, stop. (Checked every 16 steps: the check costs
		// a division.)
		if step&15 == 0 {
			most := inter + math.Min(restA, restB)
			if most < min*(aTotal+bTotal-most)*(1-1e-9) {
				return 0
			}
		}
	}
	for ; i < len(a); i++ {
		union += aw[i]
	}
	for ; j < len(b); j++ {
		union += bw[j]
	}
	if union == 0 {
		return 0
	}
	return inter / union
}

// nodes are groups of items identical after normalisation, each clustered as one: node k
// holds items[at[k]:at[k+1]], ascending. Four bytes a node and one an item, where a slice
// per node took 24 bytes a node of a large report's heap.
type nodes struct {
	items []int32
	at    []int32
}

func (ns *nodes) len() int { return len(ns.at) - 1 }

// of returns node k's items.
func (ns *nodes) of(k int32) []int32 { return ns.items[ns.at[k]:ns.at[k+1]] }

// rep returns node k's earliest item, which stands for it.
func (ns *nodes) rep(k int32) int32 { return ns.items[ns.at[k]] }

// exactNodes groups items by their exact hash; items with hash 0 (empty) are left out. Nodes
// come out ordered by their earliest item, so that a cluster's centre is its earliest item.
// Their items are runs of one array from mem, found through an open-addressing table: a map
// and a slice per node took a tenth of a gigabyte corpus's heap.
func exactNodes(mem *spill.Arena, n int, hash func(i int) uint64) *nodes {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	keys := spill.Make[uint64](mem, size)
	defer spill.Free(mem, keys)
	ids := spill.Make[int32](mem, size) // node of keys[i]
	defer spill.Free(mem, ids)
	shift := uint(64 - bits.TrailingZeros(uint(size)))
	of := spill.Make[int32](mem, n) // item i's node, -1 for none
	defer spill.Free(mem, of)
	var count []int32
	for i := range n {
		h := hash(i)
		if h == 0 {
			of[i] = -1
			continue
		}
		j := (h * 0x9e3779b97f4a7c15) >> shift
		for keys[j] != 0 && keys[j] != h {
			j = (j + 1) & uint64(size-1)
		}
		if keys[j] == 0 {
			keys[j], ids[j] = h, int32(len(count))
			count = append(count, 0)
		}
		of[i] = ids[j]
		count[ids[j]]++
	}
	ns := &nodes{items: spill.Make[int32](mem, n), at: make([]int32, len(count)+1)}
	for k, c := range count {
		ns.at[k+1] = ns.at[k] + c
	}
	next := slices.Clone(ns.at[:len(count)])
	for i, k := range of {
		if k >= 0 {
			ns.items[next[k]] = int32(i)
			next[k]++
		}
	}
	ns.items = ns.items[:ns.at[len(count)]]
	return ns
}

// keep leaves in each node its first item and those that keep returns true for, told the
// items kept so far.
func (ns *nodes) keep(keep func(kept []int32, item int32) bool) {
	w := int32(0)
	for k := range ns.len() {
		items := ns.of(int32(k))
		start := w
		ns.items[w] = items[0]
		w++
		for _, it := range items[1:] {
			if keep(ns.items[start:w], it) {
				ns.items[w] = it
				w++
			}
		}
		ns.at[k] = start
	}
	ns.at[ns.len()] = w
	ns.items = ns.items[:w]
}

// link verifies the LSH candidates among nodes, banded by lp, and returns the edges whose
// similarity sim is at least threshold. sig reads the signatures from sigs; size(i) is the
// bytes of item i's records that sim reads (see verifyInBlocks). Candidates in stronger,
// sorted pairs a<<32|b of nodes a < b, are not verified: a stronger tier linked them, and
// clustering takes the stronger edge of a pair. Nor are those that skip, if not nil, returns
// true for.
func link(mem, sigs *spill.Arena, nodes *nodes, sig func(i int32) []uint32, sim func(a, b int32) float64, size func(i int32) int, lp lsh.Params, threshold float64, minShared int, tier uint8, stronger []uint64, skip func(a, b int32) bool) []cluster.Edge {
	t := lsh.NewTableIn(lp, mem)
	signed := 0
	for k := range int32(nodes.len()) {
		if sig(nodes.rep(k)) != nil {
			signed++
		}
	}
	t.Grow(signed)
	for k := range int32(nodes.len()) {
		if s := sig(nodes.rep(k)); s != nil {
			t.Add(k, s)
		}
		releaseBehind(sigs, int(k))
	}
	t.Build()
	type state struct {
		sc    lsh.Scratch
		pairs []uint64
	}
	parts := inWindows(mem, t.Len(), 2048, perCore(func() *state { return &state{} }), func(st *state, lo, hi int) []uint64 {
		st.pairs = st.pairs[:0]
		at := -1 // a cursor in stronger: pairs come in ascending order
		t.PairsRange(lo, hi, &st.sc, maxBucket, minShared, nil, func(a, b int32) {
			pr := uint64(a)<<32 | uint64(b)
			if len(stronger) > 0 {
				if at < 0 {
					at, _ = slices.BinarySearch(stronger, pr)
				}
				for at < len(stronger) && stronger[at] < pr {
					at++
				}
				if at < len(stronger) && stronger[at] == pr {
					return
				}
			}
			if skip != nil && skip(a, b) {
				return
			}
			st.pairs = append(st.pairs, pr)
		})
		return spill.Clone(mem, st.pairs)
	})
	t.Free()
	bs := cutBlocks(nodes.len(), func(k int32) int { return size(nodes.rep(k)) })
	return verifyInBlocks(mem, parts, bs, mem.Release, func(a, b int32) (cluster.Edge, bool) {
		j := sim(nodes.rep(a), nodes.rep(b))
		return cluster.Edge{A: a, B: b, Sim: j, Tier: tier}, j >= threshold
	})
}

// releaseBehind releases mem every 4,096 items of a loop that reads it in order: such a
// loop maps records at gigabytes a second, which the releases every second do not bound,
// and a loop over documents maps a stretch of their passages' records with each. mem is
// the arena read, not one the loop writes at random: a page written again after its
// release costs a fault that the file system takes part in.
func releaseBehind(mem *spill.Arena, i int) {
	if i&0xfff == 0xfff {
		mem.Release()
	}
}

// groups are clusters of nodes; expanded, their members are items.
type groupItem struct {
	item int32
	sim  float64
	tier uint8
}

func expand(nodes *nodes, gs []cluster.Group) [][]groupItem {
	var out [][]groupItem
	for _, g := range gs {
		var items []groupItem
		for k, m := range g.Members {
			for _, it := range nodes.of(m.Item) {
				gi := groupItem{item: it, sim: m.Sim, tier: m.Tier}
				if k == 0 { // the centre's own copies
					gi.sim, gi.tier = 1, tierExact
				}
				items = append(items, gi)
			}
		}
		out = append(out, items)
	}
	return out
}

func (f *finder) docClusters() [][]groupItem {
	nodes := exactNodes(f.opt.Spill, len(f.ds), func(i int) uint64 { return f.ds[i].exact })
	edges := link(f.opt.Spill, f.memory().sigs, nodes,
		func(i int32) []uint32 { return f.ds[i].sig },
		func(a, b int32) float64 { return shingle.Jaccard(f.ds[a].shingles, f.ds[b].shingles) },
		func(i int32) int { return 4 * len(f.ds[i].shingles) },
		f.lshNear, f.p.NearThreshold, 1, tierNear, nil, nil)
	return clusterNodes(f.opt.Spill, nodes, edges)
}

// clusterNodes runs star clustering over nodes (as exactNodes orders them) and adds nodes of identical items that linked to
// nothing else as exact clusters.
func clusterNodes(mem *spill.Arena, nodes *nodes, edges []cluster.Edge) [][]groupItem {
	gs := cluster.StarIn(mem, nodes.len(), edges)
	in := make([]bool, nodes.len())
	for _, g := range gs {
		for _, m := range g.Members {
			in[m.Item] = true
		}
	}
	for k := range int32(nodes.len()) {
		if !in[k] && len(nodes.of(k)) > 1 {
			gs = append(gs, cluster.Group{Members: []cluster.Member{{Item: k, Sim: 1}}})
		}
	}
	slices.SortFunc(gs, func(a, b cluster.Group) int { return int(a.Members[0].Item - b.Members[0].Item) })
	return expand(nodes, gs)
}

func (f *finder) passageClusters(docGroups [][]groupItem) [][]groupItem {
	docCluster := make([]int, len(f.ds))
	for i := range docCluster {
		docCluster[i] = -1
	}
	for g, items := range docGroups {
		for _, it := range items {
			docCluster[it.item] = g
		}
	}
	// sameCopy: passages of documents that are already one document cluster.
	sameCopy := func(a, b int32) bool {
		ca, cb := docCluster[f.ps[a].doc], docCluster[f.ps[b].doc]
		return ca >= 0 && ca == cb && f.ps[a].doc != f.ps[b].doc
	}
	nodes := exactNodes(f.opt.Spill, len(f.ps), func(i int) uint64 { return f.ps[i].exact })
	// twins holds, for a passage kept in a node, the identical passages of the other
	// documents of its document cluster, left out so that a copied article makes no passage
	// cluster of its own; they come back into any cluster their twin joins with a third
	// document, which holds their text as much as the twin's.
	twins := map[int32][]int32{}
	nodes.keep(func(kept []int32, it int32) bool {
		for _, k := range kept {
			if sameCopy(k, it) {
				twins[k] = append(twins[k], it)
				return false
			}
		}
		return true
	})
	rep := nodes.rep
	// Pairs of nodes that are copies of one document are never verified: clustering would
	// drop their edges. On the gigabyte they were most of the near tier's pairs, growing with
	// the square of a document's copies. copyOf[k] is the document cluster of node k's
	// document (-1 for none), so that millions of candidates read 4 bytes each at random
	// rather than a passage's record.
	copyOf := spill.Make[int32](f.opt.Spill, nodes.len())
	for k := range copyOf {
		copyOf[k] = int32(docCluster[f.ps[rep(int32(k))].doc])
	}
	copies := func(a, b int32) bool {
		return copyOf[a] >= 0 && copyOf[a] == copyOf[b] && sameCopy(rep(a), rep(b))
	}
	edges := link(f.opt.Spill, f.memory().sigs, nodes,
		func(i int32) []uint32 { return f.ps[i].nearSig() },
		func(a, b int32) float64 { return shingle.Jaccard(f.ps[a].shingles(), f.ps[b].shingles()) },
		func(i int32) int { return 4 * int(f.ps[i].nShingles) },
		f.lshNear, f.p.NearThreshold, 1, tierNear, nil, copies)
	// The near pairs, as sorted keys: a map of millions of pairs took more memory than the
	// edges themselves.
	pair := func(a, b int32) uint64 { return uint64(min(a, b))<<32 | uint64(max(a, b)) }
	near := spill.Make[uint64](f.opt.Spill, len(edges))
	for i, e := range edges {
		near[i] = pair(e.A, e.B)
	}
	slices.Sort(near)
	contained := f.containedEdges(nodes, func(a, b int32) bool {
		if copies(a, b) { // two reads, before the search's twenty
			return true
		}
		_, found := slices.BinarySearch(near, pair(a, b))
		return found
	})
	f.freePrints()
	var rewrites []cluster.Edge
	if !f.p.Rewrite() {
		f.freeSigs()
	}
	if f.p.Rewrite() {
		// Most band collisions at this loose banding are chance: a signature estimate far
		// below the banding's aim rules them out for a fraction of an exact merge. Millions
		// of pairs are asked, at random places: the low bytes of the signatures, side by
		// side, are a quarter of the memory to read.
		size := f.mh.Size()
		lowAt := make([]int32, len(f.ps)) // where passage i's low bytes start, in signatures
		signed := 0
		for i := range f.ps {
			if f.ps[i].nStems > 0 {
				signed++
			}
		}
		low := spill.Make[byte](f.opt.Spill, signed*size)[:0]
		defer spill.Free(f.opt.Spill, low)
		for i := range f.ps {
			if sig := f.ps[i].rwSig(); sig != nil {
				lowAt[i] = int32(len(low) / size)
				low = minhash.AppendLowBytes(low, sig)
			}
			releaseBehind(f.memory().rwSigs, i)
		}
		lowSig := func(i int32) []byte { at := int(lowAt[i]) * size; return low[at : at+size] }
		// Pairs a near or contained edge links are not verified again (on the gigabyte,
		// 4.3 million of 63 million candidates but most of the rewrite edges).
		held := spill.Make[uint64](f.opt.Spill, len(contained))
		for i, e := range contained {
			held[i] = pair(e.A, e.B)
		}
		slices.Sort(held)
		stronger := merge(spill.Make[uint64](f.opt.Spill, len(near)+len(held))[:0], near, held)
		spill.Free(f.opt.Spill, held)
		rewrites = link(f.opt.Spill, f.memory().rwSigs, nodes,
			func(i int32) []uint32 { return f.ps[i].rwSig() },
			func(a, b int32) float64 {
				if !minhash.LowBytesAtLeast(lowSig(a), lowSig(b), rewriteEstimateAt) {
					return 0
				}
				x, y := &f.ps[a], &f.ps[b]
				j := weightedJaccard(x.stems(), x.weights(), x.weight, y.stems(), y.weights(), y.weight, f.p.RewriteThreshold)
				if j >= f.p.RewriteThreshold && numbersDisagree(x.numbers(), y.numbers()) {
					return 0
				}
				return j
			},
			func(i int32) int { q := &f.ps[i]; return size + 12*int(q.nStems) + 4*int(q.nNumbers) },
			f.lshRewrite, f.p.RewriteThreshold, rewriteMinShared, tierRewrite, stronger, copies)
		spill.Free(f.opt.Spill, stronger)
		f.freeSigs()
		f.freeStems()
	}
	spill.Free(f.opt.Spill, near)
	spill.Free(f.opt.Spill, copyOf)
	all := join(f.opt.Spill, edges, contained, rewrites)
	spill.Free(f.opt.Spill, edges)
	spill.Free(f.opt.Spill, contained)
	spill.Free(f.opt.Spill, rewrites)
	defer spill.Free(f.opt.Spill, all)
	// A third document's passage can still link two copies of one document: keep the
	// earliest copy in each cluster.
	var out [][]groupItem
	for _, g := range clusterNodes(f.opt.Spill, nodes, all) {
		items := g[:1]
		for _, it := range g[1:] {
			dup := false
			for _, k := range items {
				dup = dup || sameCopy(k.item, it.item)
			}
			if !dup {
				items = append(items, it)
			}
		}
		if len(items) > 1 {
			for _, it := range items[:len(items):len(items)] {
				for _, tw := range twins[it.item] {
					items = append(items, groupItem{item: tw, sim: it.sim, tier: it.tier})
				}
			}
			out = append(out, items)
		}
	}
	return out
}

// merge appends the values of a and b, both ascending, to dst in ascending order.
func merge(dst, a, b []uint64) []uint64 {
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// numbersDisagree is the rewrite tier's veto: two passages that both hold numbers but share
// none report different facts (another quarter's results, another score).
func numbersDisagree(a, b []uint32) bool {
	return len(a) > 0 && len(b) > 0 && shingle.Intersection(a, b) == 0
}

// clusters turns groups into report clusters at level; member says where an item is, and
// text what it says. Snippets are cut in the items' order, which is the texts' order in
// mem: a large report's members are all over its texts, and read in the clusters' order
// they would map all of them.
func clusters(mem *spill.Arena, level report.Level, groups [][]groupItem, member func(item int32) report.Member, text func(item int32) []byte) []report.Cluster {
	out := make([]report.Cluster, 0, len(groups))
	type ref struct{ item, c, m int32 }
	var refs []ref
	for _, g := range groups {
		c := report.Cluster{Level: level}
		tier := tierExact
		for _, it := range g {
			tier = max(tier, it.tier)
			m := member(it.item)
			m.Similarity, m.Tier = it.sim, tierNames[it.tier]
			refs = append(refs, ref{it.item, int32(len(out)), int32(len(c.Members))})
			c.Members = append(c.Members, m)
		}
		c.Tier = tierNames[tier]
		out = append(out, c)
	}
	slices.SortFunc(refs, func(a, b ref) int { return cmp.Compare(a.item, b.item) })
	for i, r := range refs {
		out[r.c].Members[r.m].Snippet = snippet(text(r.item))
		releaseBehind(mem, i)
	}
	return out
}

func (f *finder) docReport(groups [][]groupItem) []report.Cluster {
	return clusters(f.opt.Spill, report.LevelDocument, groups, func(i int32) report.Member {
		return report.Member{Doc: f.docs[i].ID, End: len(f.docs[i].Text)}
	}, func(i int32) []byte { return f.docs[i].Text })
}

func (f *finder) passageReport(groups [][]groupItem) []report.Cluster {
	return clusters(f.opt.Spill, report.LevelPassage, groups, func(i int32) report.Member {
		q := f.ps[i]
		return report.Member{Doc: f.docs[q.doc].ID, Passage: int(q.seq), Start: int(q.start), End: int(q.end)}
	}, func(i int32) []byte { q := &f.ps[i]; return f.docs[q.doc].Text[q.start:q.end] })
}

// snippet returns up to 160 bytes of text, cut at a rune boundary; the reporter shortens it
// further for display.
func snippet(text []byte) string {
	const n = 160
	if len(text) <= n {
		return string(text)
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return string(text[:cut])
}
