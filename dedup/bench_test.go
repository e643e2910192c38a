package dedup

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/shingle"
)

// loadCorpus reads up to max documents of a corpus in ../../shared/corpora, or skips.
func loadCorpus(b testing.TB, name string, max int) ([]corpus.Doc, int) {
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

// ceiling is the least work any signer must do: split ASCII text into words, lower-case
// them, hash each with XXH3 and combine each five consecutive word hashes into a shingle
// hash. Issue 7 calls its speed the ceiling.
func ceiling(dst []uint64, text []byte, word []byte) []uint64 {
	var ring [5]uint64
	n := 0
	flush := func() {
		if len(word) == 0 {
			return
		}
		ring[n%5] = xxh3.Hash(word)
		n++
		if n >= 5 {
			h := uint64(0)
			for k := range 5 {
				h = h*0x9E3779B97F4A7C15 + ring[(n+k)%5]
			}
			dst = append(dst, h)
		}
		word = word[:0]
	}
	for _, c := range text {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			word = append(word, c)
		case 'A' <= c && c <= 'Z':
			word = append(word, c+'a'-'A')
		default:
			flush()
		}
	}
	flush()
	return dst
}

// passageBodies returns the texts of the report's passages of docs: the signer works on
// each, as Find does.
func passageBodies(docs []corpus.Doc) [][]byte {
	var bodies [][]byte
	for _, d := range docs {
		lines := passage.Lines(nil, d.Text)
		for _, sp := range passage.Split(nil, d.Text, lines, nil, passage.Params{}) {
			bodies = append(bodies, d.Text[sp.Start:sp.End])
		}
	}
	return bodies
}

// BenchmarkSignCeiling runs the ceiling loop and the signer (normalise, tokenise, word
// shingles, MinHash, per passage as a report does; then per whole page) over the same
// chronam pages in one run, and reports the speeds and their ratios to the ceiling: the
// machine's load moves them alike.
func BenchmarkSignCeiling(b *testing.B) {
	docs, size := loadCorpus(b, "chronam-1916-jan-feb.jsonl.gz", 60)
	tok := shingle.NewTokenizer()
	mh, err := minhash.New(minhash.Params{})
	if err != nil {
		b.Fatal(err)
	}
	bodies := passageBodies(docs)
	toks := make([]shingle.Token, 0, 1<<16)
	hs := make([]uint64, 0, 1<<16)
	sig := make([]uint32, 0, 128)
	word := make([]byte, 0, 64)
	var tCeil, tSign, tPage time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		for _, d := range docs {
			hs = ceiling(hs[:0], d.Text, word)
		}
		t1 := time.Now()
		for _, body := range bodies {
			toks = tok.AppendTokens(toks[:0], body)
			hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
			sig = mh.Sketch(sig[:0], hs)
		}
		t2 := time.Now()
		// Whole pages: a signature per page, as the reference signer was measured;
		// densification then costs nothing.
		for _, d := range docs {
			toks = tok.AppendTokens(toks[:0], d.Text)
			hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
			sig = mh.Sketch(sig[:0], hs)
		}
		tCeil += t1.Sub(t0)
		tSign += t2.Sub(t1)
		tPage += time.Since(t2)
	}
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(mb/tCeil.Seconds(), "ceiling-MB/s")
	b.ReportMetric(mb/tSign.Seconds(), "sign-MB/s")
	b.ReportMetric(tCeil.Seconds()/tSign.Seconds(), "ratio")
	b.ReportMetric(mb/tPage.Seconds(), "page-sign-MB/s")
	b.ReportMetric(tCeil.Seconds()/tPage.Seconds(), "page-ratio")
}

// BenchmarkSignParallel is the per-passage signing of BenchmarkSignCeiling on every core,
// each goroutine with its own tokenizer: run with -cpu 1,2 to see how it scales.
func BenchmarkSignParallel(b *testing.B) {
	docs, size := loadCorpus(b, "chronam-1916-jan-feb.jsonl.gz", 60)
	mh, err := minhash.New(minhash.Params{})
	if err != nil {
		b.Fatal(err)
	}
	bodies := passageBodies(docs)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		tok := shingle.NewTokenizer()
		toks := make([]shingle.Token, 0, 1<<16)
		hs := make([]uint64, 0, 1<<16)
		sig := make([]uint32, 0, 128)
		for pb.Next() {
			for _, body := range bodies {
				toks = tok.AppendTokens(toks[:0], body)
				hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
				sig = mh.Sketch(sig[:0], hs)
			}
		}
	})
}

// BenchmarkSketchPassages times the signatures alone, over the shingle sets of the chronam
// passages that BenchmarkSignCeiling signs: the part of per-passage signing that is not
// tokenising.
func BenchmarkSketchPassages(b *testing.B) {
	docs, size := loadCorpus(b, "chronam-1916-jan-feb.jsonl.gz", 60)
	tok := shingle.NewTokenizer()
	mh, err := minhash.New(minhash.Params{})
	if err != nil {
		b.Fatal(err)
	}
	var sets [][]uint64
	for _, body := range passageBodies(docs) {
		toks := tok.AppendTokens(nil, body)
		sets = append(sets, shingle.AppendWordShingles(nil, toks, shingle.DefaultWordSize))
	}
	sig := make([]uint32, 0, mh.Size())
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range sets {
			sig = mh.Sketch(sig[:0], s)
		}
	}
}
