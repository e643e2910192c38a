package index

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/neardup/neardup/lsh"
)

// testParams is the caller's opaque parameters stored in every test Config.
var testParams = json.RawMessage(`{"k":5,"seed":42,"hash":"xxh3"}`)

// optimal caches lsh.Optimal, which takes about 0.1 s for 128-value signatures.
var optimal = sync.OnceValue(func() map[[2]float64]lsh.Params {
	m := map[[2]float64]lsh.Params{}
	for _, size := range []int{16, 128} {
		for _, th := range []float64{0.5, 0.15} {
			p, err := lsh.Optimal(th, size)
			if err != nil {
				panic(fmt.Sprintf("lsh.Optimal(%v, %d): %v", th, size, err))
			}
			m[[2]float64{th, float64(size)}] = p
		}
	}
	return m
})

// testConfig bands documents and near passages for Jaccard 0.5 and rewrites for 0.15, for
// signatures of size 16 or 128.
func testConfig(tb testing.TB, size int) Config {
	tb.Helper()
	m := optimal()
	half, ok := m[[2]float64{0.5, float64(size)}]
	if !ok {
		tb.Fatalf("testConfig: no banding for size %d", size)
	}
	return Config{
		Params:  testParams,
		SigSize: size,
		Bands: [numFamilies]lsh.Params{
			Docs:    half,
			Near:    half,
			Rewrite: m[[2]float64{0.15, float64(size)}],
		},
	}
}

// openIndex opens path and closes it when the test ends.
func openIndex(tb testing.TB, path string, cfg Config, opt *Options) *Index {
	tb.Helper()
	ix, err := Open(path, cfg, opt)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// newIndex creates an index in a temporary directory. When the test ends the index is closed,
// opened again and checked with bbolt's tx.Check.
func newIndex(tb testing.TB, cfg Config) (*Index, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "neardup.idx")
	// Cleanups run last-registered first: this one runs after openIndex's Close.
	tb.Cleanup(func() { checkFile(tb, path, cfg) })
	return openIndex(tb, path, cfg, nil), path
}

// checkFile opens the index at path and runs bbolt's consistency check on it.
func checkFile(tb testing.TB, path string, cfg Config) {
	tb.Helper()
	ix, err := Open(path, cfg, &Options{ReadOnly: true})
	if err != nil {
		tb.Errorf("check: Open(%s): %v", path, err)
		return
	}
	defer ix.Close()
	if err := ix.Check(); err != nil {
		tb.Errorf("check: %s: %v", path, err)
	}
}

// boltCheck runs bbolt's consistency check on a file that Open refuses.
func boltCheck(tb testing.TB, path string) {
	tb.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Errorf("check: bolt.Open(%s): %v", path, err)
		return
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	if err != nil {
		tb.Errorf("check: %s: %v", path, err)
	}
}

// randSig returns a signature of size random values.
func randSig(r *rand.Rand, size int) []uint32 {
	s := make([]uint32, size)
	for i := range s {
		s[i] = r.Uint32()
	}
	return s
}

// synthDocs makes n documents named prefix-i, each with passages passages of 50 words and
// random signatures; rewrite signatures are left out when rewrite is false.
func synthDocs(r *rand.Rand, prefix string, n, passages, size int, rewrite bool) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		text := make([]byte, 0, passages*300)
		d := Doc{Name: fmt.Sprintf("%s-%d", prefix, i), Exact: r.Uint64(), Sig: randSig(r, size)}
		for j := range passages {
			start := len(text)
			text = fmt.Appendf(text, "passage %d of document %s with some words to fill it. ", j, d.Name)
			for len(text)-start < 300 {
				text = append(text, "lorem ipsum dolor sit amet "...)
			}
			p := Passage{Seq: uint32(j + 1), Start: uint32(start), End: uint32(len(text)), Words: 50, Exact: r.Uint64(), Near: randSig(r, size)}
			if rewrite {
				p.Rewrite = randSig(r, size)
			}
			d.Passages = append(d.Passages, p)
			text = append(text, '\n')
		}
		d.Text = text
		docs[i] = d
	}
	return docs
}
