package dedup

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/lsh"
	"github.com/neardup/neardup/minhash"
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
		if cfg.Bands[f], err = lsh.Optimal(t, mh.Size()); err != nil {
			return index.Config{}, err
		}
	}
	return cfg, nil
}

const defaultBatchDocs = 2000

// signAll signs every document, in batches. With an index, each signed batch goes to one
// writer goroutine while the workers sign the next, so writing overlaps signing and bbolt
// sees one writer with large transactions.
func (f *finder) signAll(ctx context.Context) error {
	batch := f.opt.BatchDocs
	if batch <= 0 {
		batch = defaultBatchDocs
	}
	var (
		todo    chan [2]int
		written chan error
	)
	if f.opt.Index != nil {
		if err := f.opt.Index.AddBoilerplate(f.boilerDF()); err != nil {
			return err
		}
		todo = make(chan [2]int, 1)
		written = make(chan error, 1)
		go func() {
			var err error
			for r := range todo {
				if err == nil {
					err = f.write(r[0], r[1])
				}
			}
			written <- err
		}()
	}
	var err error
	for lo := 0; lo < len(f.docs) && err == nil; lo += batch {
		hi := min(lo+batch, len(f.docs))
		if err = f.forRange(ctx, lo, hi, f.sign); err == nil && todo != nil {
			select {
			case todo <- [2]int{lo, hi}:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
	}
	if todo != nil {
		close(todo)
		if werr := <-written; err == nil {
			err = werr
		}
	}
	return err
}

// write adds documents lo..hi-1, signed, to the index in one transaction.
func (f *finder) write(lo, hi int) error {
	docs := make([]index.Doc, 0, hi-lo)
	for i := lo; i < hi; i++ {
		d := &f.ds[i]
		rec := index.Doc{Name: f.docs[i].ID, Text: f.docs[i].Text, Exact: d.exact, Sig: d.sig}
		for _, q := range f.pending[i] {
			rec.Passages = append(rec.Passages, index.Passage{
				Seq: uint32(q.seq), Start: uint32(q.span.Start), End: uint32(q.span.End),
				Kind: uint8(q.span.Kind), Words: uint32(q.span.Words), Exact: q.exact,
				Near: q.nearSig, Rewrite: q.rwSig,
			})
		}
		docs = append(docs, rec)
	}
	if _, err := f.opt.Index.Add(docs); err != nil {
		return fmt.Errorf("write documents %d to %d: %w", lo+1, hi, err)
	}
	return nil
}

// boilerDF returns the boilerplate line hashes with the number of documents holding each.
func (f *finder) boilerDF() map[uint64]int {
	out := make(map[uint64]int, len(f.boiler))
	for i := range f.ds {
		seen := map[uint64]bool{}
		for k, b := range f.ds[i].boiler {
			if h := f.ds[i].lineHash[k]; b && !seen[h] {
				seen[h] = true
				out[h]++
			}
		}
	}
	return out
}
