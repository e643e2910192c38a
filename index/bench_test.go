package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// BenchmarkAdd ingests batches of 1000 synthetic documents of 5 passages, each signed with
// random 128-value signatures (document, near and rewrite), one Add per batch.
func BenchmarkAdd(b *testing.B) {
	for _, nosync := range []bool{false, true} {
		name := "sync"
		if nosync {
			name = "nosync"
		}
		b.Run(name, func(b *testing.B) {
			const perBatch, passages = 1000, 5
			cfg := testConfig(b, 128)
			ix, path := newIndex(b, cfg)
			if nosync {
				ix.Close()
				ix = openIndex(b, path, cfg, &Options{NoSync: true})
			}
			r := rand.New(rand.NewPCG(1, 2))
			b.ReportAllocs()
			n := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				docs := synthDocs(r, fmt.Sprintf("b%d", i), perBatch, passages, 128, true)
				b.StartTimer()
				if _, err := ix.Add(docs); err != nil {
					b.Fatal(err)
				}
				n += perBatch * passages
			}
			b.StopTimer()
			if err := ix.Sync(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "passages/s")
			// The file grows ahead of its pages (bbolt remaps in doubling steps), so report both
			// its size and the pages in use.
			fi, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			st, err := ix.Stats()
			if err != nil {
				b.Fatal(err)
			}
			if st.Passages != n {
				b.Fatalf("Stats().Passages=%d, want %d", st.Passages, n)
			}
			b.ReportMetric(float64(fi.Size())/float64(n), "file-B/passage")
			b.ReportMetric(float64(st.Bytes)/float64(n), "pages-B/passage")
		})
	}
}

// BenchmarkCandidates queries an index of 50,000 passages with the near signatures of indexed
// passages.
func BenchmarkCandidates(b *testing.B) {
	const docs, passages, batch = 10000, 5, 1000
	cfg := testConfig(b, 128)
	ix, path := newIndex(b, cfg)
	ix.Close()
	ix = openIndex(b, path, cfg, &Options{NoSync: true})
	r := rand.New(rand.NewPCG(3, 4))
	var queries [][]uint32
	for i := 0; i < docs/batch; i++ {
		ds := synthDocs(r, fmt.Sprintf("c%d", i), batch, passages, 128, false)
		for _, d := range ds {
			d.Sig = nil
			for _, p := range d.Passages {
				if r.IntN(50) == 0 {
					queries = append(queries, p.Near)
				}
			}
		}
		if _, err := ix.Add(ds); err != nil {
			b.Fatal(err)
		}
	}
	if err := ix.Sync(); err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("passages=%d", docs*passages), func(b *testing.B) {
		b.ReportAllocs()
		var dst []Key
		found, i := 0, 0
		for b.Loop() {
			var err error
			dst, err = ix.Candidates(Near, queries[i%len(queries)], dst[:0])
			if err != nil {
				b.Fatal(err)
			}
			found += len(dst)
			i++
		}
		if found < i {
			b.Fatalf("%d queries found %d candidates, want each to find itself", i, found)
		}
	})
}
