// Package peers measures neardup's signer side by side with other Go MinHash libraries. It is
// a module of its own so that the product never depends on them:
//
//	cd bench/peers && go test -run '^$' -bench . -benchtime 10x
package peers

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"os"
	"testing"
	"time"

	dgryski "github.com/dgryski/go-minhash"
	"github.com/dgryski/go-spooky"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/shingle"
)

// passages reads the first pages of the chronam corpus and splits them as a report does.
func passages(b *testing.B, pages int) ([][]byte, int) {
	f, err := os.Open("../../../shared/corpora/chronam-1916-jan-feb.jsonl.gz")
	if err != nil {
		b.Skipf("corpus absent: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out [][]byte
	size := 0
	for n := 0; n < pages && sc.Scan(); n++ {
		var o struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			b.Fatal(err)
		}
		text := []byte(o.Text)
		size += len(text)
		for _, sp := range passage.Split(nil, text, passage.Lines(nil, text), nil, passage.Params{}) {
			out = append(out, text[sp.Start:sp.End])
		}
	}
	return out, size
}

func fnv64(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// BenchmarkPeers signs the same passages with neardup (normalise, tokenise, word 3-gram
// shingles, one-permutation MinHash of 128 values) and with github.com/dgryski/go-minhash
// (128 values by its two-hash scheme, spooky and FNV-1a, fed the same shingles as 8-byte
// keys, so that it does no tokenising at all), and reports both speeds and their ratio.
func BenchmarkPeers(b *testing.B) {
	bodies, size := passages(b, 60)
	tok := shingle.NewTokenizer()
	mh, err := minhash.New(minhash.Params{})
	if err != nil {
		b.Fatal(err)
	}
	var toks []shingle.Token
	var hs []uint64
	var sig []uint32
	var key [8]byte
	var tOurs, tPeer time.Duration
	for b.Loop() {
		t0 := time.Now()
		for _, body := range bodies {
			toks = tok.AppendTokens(toks[:0], body)
			hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
			sig = mh.Sketch(sig[:0], hs)
		}
		t1 := time.Now()
		for _, body := range bodies {
			toks = tok.AppendTokens(toks[:0], body)
			hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
			m := dgryski.NewMinWise(spooky.Hash64, fnv64, 128)
			for _, h := range hs {
				binary.LittleEndian.PutUint64(key[:], h)
				m.Push(key[:])
			}
		}
		tOurs += t1.Sub(t0)
		tPeer += time.Since(t1)
	}
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(mb/tOurs.Seconds(), "neardup-MB/s")
	b.ReportMetric(mb/tPeer.Seconds(), "go-minhash-MB/s")
	b.ReportMetric(tPeer.Seconds()/tOurs.Seconds(), "speedup")
}
