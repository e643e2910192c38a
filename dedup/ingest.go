package dedup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/shingle"
)

// IndexConfig is the index configuration for p: p itself and the banding of each family.
func IndexConfig(p Params) (index.Config, error) {
	if err := p.Validate(); err != nil {
		return index.Config{}, err
	}
	p = p.WithDefaults()
	raw, err := json.Marshal(p)
	if err != nil {
		return index.Config{}, err
	}
	mh, err := minhash.New(p.MinHash)
	if err != nil {
		return index.Config{}, err
	}
	cfg := index.Config{Params: raw, SigSize: mh.Size()}
	at := [...]float64{index.Docs: p.NearThreshold, index.Near: p.NearThreshold, index.Rewrite: rewriteBandAt}
	for f, t := range at {
		band := lsh.Recall
		if index.Family(f) == index.Rewrite {
			// Rewrite candidates must share two bands (rewriteMinShared), which neither
			// rule models; this banding was measured with it.
			band = lsh.Optimal
		}
		if cfg.Bands[f], err = band(t, mh.Size()); err != nil {
			return index.Config{}, err
		}
	}
	return cfg, nil
}

// unindex adds to b the deletion of indexed document id, with its line and stem counts.
func (f *finder) unindex(b *index.Batch, id index.DocID) error {
	old, err := f.opt.Index.Doc(id)
	if err != nil {
		return err
	}
	uncount(b, f.p, &old)
	b.Delete = append(b.Delete, id)
	return nil
}

// uncount takes the counts document d added off b: its stems as stored with its passages,
// and its short standalone lines, found as they were, whatever is boilerplate now.
func uncount(b *index.Batch, p Params, d *index.Doc) {
	if b.Lines == nil {
		b.Lines = map[uint64]int{}
	}
	if b.Stems == nil {
		b.Stems = map[uint64]int{}
	}
	var stems []uint64
	for _, q := range d.Passages {
		for _, h := range q.Stems {
			stems = append(stems, uint64(h))
		}
	}
	for _, h := range shingle.Set(stems) {
		b.Stems[h]--
	}
	var ls lineSet
	readLines(&worker{tok: shingle.NewTokenizer()}, &ls, d.Text)
	(&finder{p: p}).shortLines(&ls, func(h uint64) { b.Lines[h]-- })
}

// AddStats counts what Add did.
type AddStats struct {
	Added     int // new documents
	Revised   int // documents that replaced an earlier version under the same id
	Unchanged int // documents the index already held with the same text
}

// Add puts docs into the index without deciding anything about them: bulk ingestion. Workers
// sign while one goroutine writes whole documents, a bounded number of keys per transaction,
// so an interrupted Add leaves every document either in or out; running it again skips what
// is already in (same id, same text) and replaces what changed (same id, other text).
func Add(ctx context.Context, ix *index.Index, docs []corpus.Doc, p Params, opt Options) (AddStats, error) {
	a, err := NewAdder(ix, p, opt)
	if err != nil {
		return AddStats{}, err
	}
	st, err := a.Add(ctx, docs)
	if werr := a.Wait(); err == nil {
		err = werr
	}
	return st, err
}

// An Adder adds documents to an index a chunk at a time, as Add does, but writes each chunk
// while the caller reads the next and the Adder signs it, where Add returns once it has
// written. What is indexed is what Add would index chunk by chunk: a chunk's boilerplate is
// judged on the line counts of every chunk before it, written or not, and a chunk that names
// a document of the one being written waits for it. One goroutine calls Add and Wait.
type Adder struct {
	ix  *index.Index
	p   Params
	mh  *minhash.Hasher
	opt Options

	// mu is held across each transaction with its bookkeeping, and across each read of line
	// counts with the pending ones, so that a read counts every document once.
	mu      sync.Mutex
	pending map[uint64]int // short lines of documents queued but not yet written

	prev, last *chunkWriter    // the writers of the two chunks added last
	lastNames  map[string]bool // the last chunk's document ids
	failed     error           // the error that stopped adding: the pending lines are off

	beforeWrite func() // a test's, to make the writer lag
}

// chunkWriter is the goroutine that writes one chunk, after the chunk before.
type chunkWriter struct {
	after *chunkWriter // the chunk written before, until it is
	done  chan struct{}
	err   error // set before done is closed: this chunk's error, or an earlier chunk's
}

// NewAdder returns an Adder of documents to ix, signed with p. Options.Index is ix.
func NewAdder(ix *index.Index, p Params, opt Options) (*Adder, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p = p.WithDefaults()
	mh, err := minhash.New(p.MinHash)
	if err != nil {
		return nil, err
	}
	opt.Index = ix
	return &Adder{ix: ix, p: p, mh: mh, opt: opt, pending: map[uint64]int{}}, nil
}

// SetProgress sets the Progress callback of the chunks added from now on.
func (a *Adder) SetProgress(fn func(done, total int)) { a.opt.Progress = fn }

// Add signs docs and queues them to be written once the chunks added before are. It returns
// when they are signed, what it will add, and an error of its own or of an earlier chunk's
// writing; Wait waits for the writing.
func (a *Adder) Add(ctx context.Context, docs []corpus.Doc) (AddStats, error) {
	var st AddStats
	if a.failed != nil {
		return st, a.failed
	}
	if w := a.prev; w != nil {
		// Two chunks at most wait to be written, with their memory.
		<-w.done
		if w.err != nil {
			a.failed = w.err
			return st, w.err
		}
	}
	if w := a.last; w != nil {
		for _, d := range docs {
			if a.lastNames[d.ID] {
				<-w.done // a document being written must be in the index to be looked up
				break
			}
		}
	}
	todo := make([]corpus.Doc, 0, len(docs))
	replace := map[int]index.DocID{}
	for _, d := range docs {
		id, err := a.ix.Lookup(d.ID)
		if errors.Is(err, index.ErrNotFound) {
			todo = append(todo, d)
			continue
		}
		if err != nil {
			return st, err
		}
		_, text, err := a.ix.Text(id)
		if err != nil {
			return st, err
		}
		if bytes.Equal(text, d.Text) {
			st.Unchanged++
			continue
		}
		replace[len(todo)] = id
		todo = append(todo, d)
	}
	f := &finder{docs: todo, p: a.p, mh: a.mh, opt: a.opt, ds: make([]doc, len(todo)), replace: replace, adder: a}
	if err := f.forEach(ctx, f.countLines); err != nil {
		return st, err
	}
	if err := f.findBoilerplate(); err != nil {
		return st, err
	}
	w := &chunkWriter{after: a.last, done: make(chan struct{})}
	a.prev, a.last = a.last, w
	a.lastNames = make(map[string]bool, len(todo))
	for _, d := range todo {
		a.lastNames[d.ID] = true
	}
	if err := f.signAll(ctx, w); err != nil {
		a.failed = err
		return st, err
	}
	if len(replace) > 0 {
		// A revision's old lines are taken off its counts as it is written, not before: the
		// next chunk is judged once they are.
		<-w.done
		if w.err != nil {
			a.failed = w.err
			return st, w.err
		}
	}
	st.Revised = len(replace)
	st.Added = len(todo) - st.Revised
	return st, nil
}

// Wait waits until every chunk added is written or has failed, and returns the first error.
func (a *Adder) Wait() error {
	if a.last == nil {
		return nil
	}
	<-a.last.done
	return a.last.err
}

// lineCounts is the index's count of each short line hs, and of the chunks waiting to be
// written.
func (a *Adder) lineCounts(hs []uint64) ([]int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	counts, err := a.ix.LineCounts(hs)
	if err != nil {
		return nil, err
	}
	for i, h := range hs {
		counts[i] += a.pending[h]
	}
	return counts, nil
}

// queue counts the short lines of documents lo..hi-1 of f as pending, before they go to the
// writer.
func (a *Adder) queue(f *finder, lo, hi int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := lo; i < hi; i++ {
		f.shortLines(f.ds[i].lines, func(h uint64) { a.pending[h]++ })
	}
}

// written takes the lines of a committed transaction's documents off the pending ones; mu
// is held.
func (a *Adder) written(lines map[uint64]int) {
	for h, n := range lines {
		if a.pending[h] -= n; a.pending[h] <= 0 {
			delete(a.pending, h)
		}
	}
}

// Remove deletes the documents named ids from the index, with every key they own and their
// share of the line and stem counts, in one transaction. Names the index does not hold are
// returned in missing; the others are removed all the same.
func Remove(ix *index.Index, p Params, ids []string) (missing []string, err error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p = p.WithDefaults()
	mh, err := minhash.New(p.MinHash)
	if err != nil {
		return nil, err
	}
	f := &finder{p: p, mh: mh, opt: Options{Index: ix}}
	var b index.Batch
	for _, name := range ids {
		id, err := ix.Lookup(name)
		if errors.Is(err, index.ErrNotFound) {
			missing = append(missing, name)
			continue
		}
		if err != nil {
			return nil, err
		}
		if slices.Contains(b.Delete, id) {
			continue
		}
		if err := f.unindex(&b, id); err != nil {
			return nil, err
		}
	}
	if len(b.Delete) == 0 {
		return missing, nil
	}
	if _, err := ix.Write(b); err != nil {
		return nil, err
	}
	return missing, nil
}

// record is the index record of signed document i.
func (f *finder) record(i int) index.Doc {
	d := &f.ds[i]
	rec := index.Doc{Name: f.docs[i].ID, Text: f.docs[i].Text, Exact: d.exact, Sig: d.sig, Shingles: d.shingles}
	for _, q := range f.pending[i] {
		rec.Passages = append(rec.Passages, index.Passage{
			Seq: uint32(q.seq), Start: q.start, End: q.end,
			Kind: uint8(q.kind), Words: q.words, Exact: q.exact,
			Near: q.nearSig(), Rewrite: q.rwSig(),
			Shingles: q.shingles(), Stems: q.stems(), Numbers: q.numbers(),
		})
	}
	return rec
}

// docStems returns the distinct stems of document i's passages, cut to 32 bits as the index
// counts them.
func (f *finder) docStems(i int) []uint64 {
	var all []uint64
	for _, q := range f.pending[i] {
		for _, h := range q.stems() {
			all = append(all, uint64(h))
		}
	}
	return shingle.Set(all)
}

// defaultBatchDocs is the documents signed between two hand-overs to the index writer.
const defaultBatchDocs = 1024

// releaseText is how much text a report signs between two releases of the spilled pages it
// wrote (some ten times as many bytes): released only once a second, those pages grew with
// the speed of signing, and chronam's peak RSS with them.
const releaseText = 4 << 20

// maxTxKeys bounds the band entries one index transaction writes. Entries are packed into
// segments, so a large transaction costs little per entry; what a transaction pays for is
// the random keys beside them (names, and the packed values of exact hashes and word
// counts), which it rewrites once however many of their keys it changes: fewer, larger
// transactions write less (this bound writes an 8 MB chunk of text in one or two; with
// bbolt's hashmap freelist, it took the generated gigabyte's add from 264 to 230 s). The
// bound keeps a transaction's dirty pages to about a hundred megabytes.
const maxTxKeys = 2_000_000

// signAll signs every document, in batches. With an index, each signed batch goes to a
// writer goroutine (w's, or one of its own) while the workers sign the next, so writing
// overlaps signing and bbolt sees one writer; it writes once w.after is written. A failed
// write stops the signing. signAll returns when the writing is done, unless an Adder waits
// for it.
func (f *finder) signAll(ctx context.Context, w *chunkWriter) error {
	batch := f.opt.BatchDocs
	if batch <= 0 {
		batch = defaultBatchDocs
	}
	var todo chan [2]int
	if ix := f.opt.Index; ix != nil {
		if f.replace == nil { // a report, not an add: the corpus must be new to the index
			names := make([]string, len(f.docs))
			for i, d := range f.docs {
				names[i] = d.ID
			}
			// Refuse before writing anything, so that a second run cannot leave half a batch.
			if name, err := ix.FirstIndexed(names); err != nil {
				return err
			} else if name != "" {
				return fmt.Errorf("%w: %q (the index already holds this corpus, or part of it; 'neardup add' updates an index)", index.ErrExists, name)
			}
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		if w == nil {
			w = &chunkWriter{done: make(chan struct{})}
		}
		queue := 1
		if f.adder != nil {
			// The next chunk is signed while this one waits: signing this one must not.
			queue = (len(f.docs) + batch - 1) / batch
		}
		todo = make(chan [2]int, queue)
		go func() {
			defer close(w.done)
			var err error
			if w.after != nil {
				<-w.after.done
				if err = w.after.err; err != nil {
					cancel()
				}
				w.after = nil
			}
			for r := range todo {
				if f.adder != nil && f.adder.beforeWrite != nil {
					f.adder.beforeWrite()
				}
				if err == nil {
					if err = f.write(r[0], r[1]); err != nil {
						cancel()
					}
				}
			}
			w.err = err
		}()
	}
	var err error
	for lo, hi := 0, 0; lo < len(f.docs) && err == nil; lo = hi {
		hi = min(lo+batch, len(f.docs))
		if todo == nil {
			hi = lo + 1
			for text := len(f.docs[lo].Text); hi < len(f.docs) && hi-lo < batch && text < releaseText; hi++ {
				text += len(f.docs[hi].Text)
			}
		}
		err = f.forRange(ctx, lo, hi, f.sign)
		// The records signed so far are final.
		m := f.memory()
		m.sets.Settle()
		m.rw.Settle()
		m.prints.Settle()
		m.sigs.Settle()
		if todo == nil {
			f.opt.Spill.Release()
		}
		if err == nil && todo != nil {
			if f.adder != nil {
				f.adder.queue(f, lo, hi)
			}
			select {
			case todo <- [2]int{lo, hi}:
			case <-ctx.Done():
				err = ctx.Err() // the Adder fails: its pending lines no longer matter
			}
		}
	}
	if todo != nil {
		close(todo)
		if err != nil || f.adder == nil {
			<-w.done
			if w.err != nil {
				err = w.err // the writer's error is the cause of a cancelled signing
			}
		}
	}
	return err
}

// write adds documents lo..hi-1, signed, to the index, in transactions of at most maxTxKeys
// keys, each with the line and stem counts of its documents.
func (f *finder) write(lo, hi int) error {
	ix := f.opt.Index
	cfg := ix.Config()
	var b index.Batch
	var lines map[uint64]int // b's documents' own, without what revisions take off
	keys := 0
	flush := func(last int) error {
		if a := f.adder; a != nil {
			a.mu.Lock()
			defer a.mu.Unlock()
		}
		if _, err := ix.Write(b); err != nil {
			return fmt.Errorf("write documents %d to %d: %w", last-len(b.Docs)+1, last, err)
		}
		if f.adder != nil {
			f.adder.written(lines)
		}
		b, lines, keys = index.Batch{}, nil, 0
		return nil
	}
	for i := lo; i < hi; i++ {
		if old, ok := f.replace[i]; ok {
			if err := f.unindex(&b, old); err != nil {
				return err
			}
		}
		rec := f.record(i)
		n := 3 + cfg.Bands[index.Docs].Bands
		for _, q := range rec.Passages {
			n += 2 + cfg.Bands[index.Near].Bands
			if q.Rewrite != nil {
				n += cfg.Bands[index.Rewrite].Bands
			}
		}
		if keys > 0 && keys+n > maxTxKeys {
			if err := flush(i); err != nil {
				return err
			}
		}
		b.Docs = append(b.Docs, rec)
		keys += n
		// Counts go with their document, so an interrupted run leaves them consistent.
		if b.Stems == nil {
			b.Stems, b.Lines = map[uint64]int{}, map[uint64]int{}
		}
		if lines == nil {
			lines = map[uint64]int{}
		}
		for _, h := range f.docStems(i) {
			b.Stems[h]++
		}
		f.shortLines(f.ds[i].lines, func(h uint64) { b.Lines[h]++; lines[h]++ })
		f.ds[i].lines = nil
	}
	if err := flush(hi); err != nil {
		return err
	}
	if f.replace != nil {
		// An add reads nothing of a written document again: its memory goes back while
		// the next batch is signed.
		for i := lo; i < hi; i++ {
			f.pending[i], f.ds[i] = nil, doc{}
		}
	}
	return nil
}
