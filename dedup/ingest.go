package dedup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

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
	var st AddStats
	if err := p.Validate(); err != nil {
		return st, err
	}
	p = p.WithDefaults()
	mh, err := minhash.New(p.MinHash)
	if err != nil {
		return st, err
	}
	opt.Index = ix
	todo := make([]corpus.Doc, 0, len(docs))
	replace := map[int]index.DocID{}
	for _, d := range docs {
		id, err := ix.Lookup(d.ID)
		if errors.Is(err, index.ErrNotFound) {
			todo = append(todo, d)
			continue
		}
		if err != nil {
			return st, err
		}
		_, text, err := ix.Text(id)
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
	f := &finder{docs: todo, p: p, mh: mh, opt: opt, ds: make([]doc, len(todo)), replace: replace}
	if err := f.forEach(ctx, f.countLines); err != nil {
		return st, err
	}
	if err := f.findBoilerplate(); err != nil {
		return st, err
	}
	if err := f.signAll(ctx); err != nil {
		return st, err
	}
	st.Revised = len(replace)
	st.Added = len(todo) - st.Revised
	return st, nil
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
// the random keys beside them (names, exact hashes, word counts), whose pages it rewrites
// once however many keys share them: fewer, larger transactions write less. The bound keeps
// a transaction's dirty pages to some tens of megabytes.
const maxTxKeys = 500_000

// signAll signs every document, in batches. With an index, each signed batch goes to one
// writer goroutine while the workers sign the next, so writing overlaps signing and bbolt
// sees one writer. A failed write stops the signing.
func (f *finder) signAll(ctx context.Context) error {
	batch := f.opt.BatchDocs
	if batch <= 0 {
		batch = defaultBatchDocs
	}
	var (
		todo    chan [2]int
		written chan error
	)
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
		todo = make(chan [2]int, 1)
		written = make(chan error, 1)
		go func() {
			var err error
			for r := range todo {
				if err == nil {
					if err = f.write(r[0], r[1]); err != nil {
						cancel()
					}
				}
			}
			written <- err
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
			select {
			case todo <- [2]int{lo, hi}:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
	}
	if todo != nil {
		close(todo)
		if werr := <-written; werr != nil {
			err = werr // the writer's error is the cause of a cancelled signing
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
	keys := 0
	flush := func(last int) error {
		if _, err := ix.Write(b); err != nil {
			return fmt.Errorf("write documents %d to %d: %w", last-len(b.Docs)+1, last, err)
		}
		b, keys = index.Batch{}, 0
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
		for _, h := range f.docStems(i) {
			b.Stems[h]++
		}
		f.shortLines(f.ds[i].lines, func(h uint64) { b.Lines[h]++ })
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
