package dedup

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/shingle"
)

// loadCorpus reads up to max documents of a corpus in ../../shared/corpora, or skips.
func loadCorpus(b *testing.B, name string, max int) ([]corpus.Doc, int) {
	b.Helper()
	f, err := os.Open("../../shared/corpora/" + name)
	if err != nil {
		b.Skipf("corpus absent: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var docs []corpus.Doc
	size := 0
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() && len(docs) < max {
		var o struct {
			ID   json.RawMessage `json:"id"`
			Text string          `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, corpus.Doc{ID: string(o.ID), Text: []byte(o.Text)})
		size += len(o.Text)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs, size
}

// BenchmarkSign is the per-passage work of a report on one core: normalise, tokenise, word
// shingles, MinHash; on OCR'd newspaper pages.
func BenchmarkSign(b *testing.B) {
	docs, size := loadCorpus(b, "chronam-1916-jan-feb.jsonl.gz", 60)
	tok := shingle.NewTokenizer()
	mh, err := minhash.New(minhash.Params{})
	if err != nil {
		b.Fatal(err)
	}
	toks := make([]shingle.Token, 0, 1<<16)
	hs := make([]uint64, 0, 1<<16)
	sig := make([]uint32, 0, 128)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			toks = tok.AppendTokens(toks[:0], d.Text)
			hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
			sig = mh.Sketch(sig[:0], hs)
		}
	}
}

// BenchmarkFind is a whole report, all tiers, on BBC News (2,225 articles) and on the first
// 10,000 Reuters wires.
func BenchmarkFind(b *testing.B) {
	b.Run("bbc", func(b *testing.B) { benchFind(b, "bbc.jsonl.gz", 1<<30) })
	b.Run("reuters10k", func(b *testing.B) { benchFind(b, "reuters21578.jsonl.gz", 10000) })
}

func benchFind(b *testing.B, name string, max int) {
	docs, size := loadCorpus(b, name, max)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Find(context.Background(), docs, Params{}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
