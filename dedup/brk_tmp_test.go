package dedup

import (
	"fmt"
	"testing"
	"time"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/shingle"
)

func BenchmarkBreakdownTmp(b *testing.B) {
	docs, size := loadCorpus(b, "chronam-1916-jan-feb.jsonl.gz", 60)
	tok := shingle.NewTokenizer()
	mh, _ := minhash.New(minhash.Params{})
	var bodies [][]byte
	for _, d := range docs {
		lines := passage.Lines(nil, d.Text)
		for _, sp := range passage.Split(nil, d.Text, lines, nil, passage.Params{}) {
			bodies = append(bodies, d.Text[sp.Start:sp.End])
		}
	}
	toks := make([]shingle.Token, 0, 1<<16)
	hs := make([]uint64, 0, 1<<16)
	sig := make([]uint32, 0, 128)
	var sets [][]uint64
	for _, body := range bodies {
		toks = tok.AppendTokens(toks[:0], body)
		sets = append(sets, shingle.AppendWordShingles(nil, toks, 3))
	}
	b.Run("tokenize", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, body := range bodies {
				toks = tok.AppendTokens(toks[:0], body)
			}
		}
	})
	b.Run("tok+shingle", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, body := range bodies {
				toks = tok.AppendTokens(toks[:0], body)
				hs = shingle.AppendWordShingles(hs[:0], toks, 3)
			}
		}
	})
	b.Run("sketch", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, s := range sets {
				sig = mh.Sketch(sig[:0], s)
			}
		}
	})
	b.Run("ceiling", func(b *testing.B) {
		b.SetBytes(int64(size))
		word := make([]byte, 0, 64)
		for b.Loop() {
			for _, d := range docs {
				hs = ceiling(hs[:0], d.Text, word)
			}
		}
	})
}

func TestSketchBucketsTmp(t *testing.T) {
	docs, _ := loadCorpus(t, "chronam-1916-jan-feb.jsonl.gz", 60)
	tok := shingle.NewTokenizer()
	mh, _ := minhash.New(minhash.Params{})
	buckets := map[int]time.Duration{}
	counts := map[int]int{}
	sig := make([]uint32, 0, 128)
	for _, d := range docs {
		lines := passage.Lines(nil, d.Text)
		for _, sp := range passage.Split(nil, d.Text, lines, nil, passage.Params{}) {
			toks := tok.AppendTokens(nil, d.Text[sp.Start:sp.End])
			s := shingle.AppendWordShingles(nil, toks, 3)
			k := 1
			for k < len(s) {
				k *= 2
			}
			t0 := time.Now()
			for range 100 {
				sig = mh.Sketch(sig[:0], s)
			}
			buckets[k] += time.Since(t0) / 100
			counts[k]++
		}
	}
	for k := 1; k <= 8192; k *= 2 {
		if counts[k] > 0 {
			fmt.Printf("%5d %5d %8.1f us total %6.0f ns each\n", k, counts[k], float64(buckets[k].Microseconds()), float64(buckets[k].Nanoseconds())/float64(counts[k]))
		}
	}
}
