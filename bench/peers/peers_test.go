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
	"math"
	"os"
	"runtime"
	"slices"
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

// fnv64 is FNV-1a, written out so that it allocates nothing (hash/fnv's New64a would, on
// every key, and slow the peer down for no fault of its own).
func fnv64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// BenchmarkPeers signs the same passages with neardup (normalise, tokenise, word 3-gram
// shingles, one-permutation MinHash of 128 values) and with github.com/dgryski/go-minhash
// (128 values by its two-hash scheme, spooky and FNV-1a, fed the same shingles as 8-byte
// keys, so that it does no tokenising of its own), and reports both speeds and their ratio;
// then the ratio at equal accuracy, with go-minhash given as many values as it needs to be as
// accurate as neardup's 128 on real passage pairs (TestAccuracy).
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
	a, c, exact := pairs(b)
	eqSize, _ := equalAccuracySize(a, c, exact, neardupError(b, a, c, exact))
	runtime.GC() // the search's garbage is not the timed loops' to collect
	var tOurs, tPeer, tEqual time.Duration
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
		t2 := time.Now()
		for _, body := range bodies {
			toks = tok.AppendTokens(toks[:0], body)
			hs = shingle.AppendWordShingles(hs[:0], toks, shingle.DefaultWordSize)
			m := dgryski.NewMinWise(spooky.Hash64, fnv64, eqSize)
			for _, h := range hs {
				binary.LittleEndian.PutUint64(key[:], h)
				m.Push(key[:])
			}
		}
		tOurs += t1.Sub(t0)
		tPeer += t2.Sub(t1)
		tEqual += time.Since(t2)
	}
	mb := float64(size) * float64(b.N) / 1e6
	b.ReportMetric(mb/tOurs.Seconds(), "neardup-MB/s")
	b.ReportMetric(mb/tPeer.Seconds(), "go-minhash-MB/s")
	b.ReportMetric(tPeer.Seconds()/tOurs.Seconds(), "speedup")
	b.ReportMetric(float64(eqSize), "go-minhash-equal-accuracy-values")
	b.ReportMetric(tEqual.Seconds()/tOurs.Seconds(), "speedup-equal-accuracy")
}

// pairs reads the passage pairs of neardup's estimator test (minhash/testdata): 320 pairs of
// real passages, 40 in each tenth of exact word 3-gram Jaccard similarity over 0.1-0.9.
func pairs(tb testing.TB) (a, b [][]uint64, exact []float64) {
	f, err := os.Open("../../minhash/testdata/pairs.jsonl.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	tok := shingle.NewTokenizer()
	set := func(text string) []uint64 {
		return shingle.Set(shingle.AppendWordShingles(nil, tok.AppendTokens(nil, []byte(text)), shingle.DefaultWordSize))
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p struct{ A, B string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			tb.Fatal(err)
		}
		x, y := set(p.A), set(p.B)
		inter := 0
		for _, h := range x {
			if _, ok := slices.BinarySearch(y, h); ok {
				inter++
			}
		}
		a, b = append(a, x), append(b, y)
		exact = append(exact, float64(inter)/float64(len(x)+len(y)-inter))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return a, b, exact
}

const accuracySeeds = 8

// neardupError is the mean absolute error of neardup's estimate (128 values) over the pairs
// and accuracySeeds seeds.
func neardupError(tb testing.TB, a, b [][]uint64, exact []float64) float64 {
	sum := 0.0
	for seed := range uint64(accuracySeeds) {
		mh, err := minhash.New(minhash.Params{Seed: seed})
		if err != nil {
			tb.Fatal(err)
		}
		for i := range exact {
			sum += math.Abs(minhash.Similarity(mh.Sketch(nil, a[i]), mh.Sketch(nil, b[i])) - exact[i])
		}
	}
	return sum / float64(accuracySeeds*len(exact))
}

// peerSign is go-minhash's signature of a shingle set with size values, the set's hashes
// fed as 8-byte keys; seed varies the keys, since go-minhash takes no seed.
func peerSign(set []uint64, size int, seed uint64) *dgryski.MinWise {
	m := dgryski.NewMinWise(spooky.Hash64, fnv64, size)
	var key [8]byte
	for _, h := range set {
		binary.LittleEndian.PutUint64(key[:], h^seed*0x9e3779b97f4a7c15)
		m.Push(key[:])
	}
	return m
}

// peerError is go-minhash's mean absolute error with size values, as neardupError.
func peerError(a, b [][]uint64, exact []float64, size int) float64 {
	sum := 0.0
	for seed := range uint64(accuracySeeds) {
		for i := range exact {
			sum += math.Abs(peerSign(a[i], size, seed).Similarity(peerSign(b[i], size, seed)) - exact[i])
		}
	}
	return sum / float64(accuracySeeds*len(exact))
}

// equalAccuracySize is the fewest values, in steps of 8 from 128 to 512, with which
// go-minhash's estimate on the pairs is as accurate as neardup's (ours), and its error then.
func equalAccuracySize(a, b [][]uint64, exact []float64, ours float64) (size int, peer float64) {
	for size = 128; size < 512; size += 8 {
		if peer = peerError(a, b, exact, size); peer <= ours {
			break
		}
	}
	return size, peer
}

// TestAccuracy compares the two estimators on the same pairs: with as many values (128),
// neardup's must be at least as accurate, else "equal accuracy" would flatter it.
func TestAccuracy(t *testing.T) {
	a, b, exact := pairs(t)
	ours := neardupError(t, a, b, exact)
	peer := peerError(a, b, exact, 128)
	t.Logf("mean absolute error over %d pairs and %d seeds: neardup (128 values) %.4f, go-minhash (128) %.4f", len(exact), accuracySeeds, ours, peer)
	if ours > peer {
		t.Errorf("neardup's error %.4f is above go-minhash's %.4f with as many values", ours, peer)
	}
	size, at := equalAccuracySize(a, b, exact, ours)
	t.Logf("go-minhash needs %d values for an error of %.4f (neardup's: %.4f)", size, at, ours)
}
