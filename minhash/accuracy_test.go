package minhash_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/shingle"
)

// realPairs reads testdata/pairs.jsonl.gz: 320 pairs of real passages (OCR'd 1916 newspaper
// pages and Reuters wires), 40 from each tenth of exact word 3-gram Jaccard similarity from
// 0.1 to 0.9, written by `go run ./cmd/neardup-bench pairs`.
func realPairs(t *testing.T) (a, b [][]uint64, exact []float64) {
	t.Helper()
	f, err := os.Open("testdata/pairs.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
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
			t.Fatal(err)
		}
		x, y := set(p.A), set(p.B)
		a, b, exact = append(a, x), append(b, y), append(exact, jaccard(x, y))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return a, b, exact
}

func jaccard(x, y []uint64) float64 {
	inter, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			inter++
			i++
			j++
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}

// classic is MinHash with one hash function per value (k-mins): the estimator OPH with
// densification must match.
func classic(set []uint64, size int, seed uint64) []uint64 {
	sig := make([]uint64, size)
	for i := range sig {
		sig[i] = math.MaxUint64
		for _, x := range set {
			sig[i] = min(sig[i], murmurMix(x^murmurMix(seed<<16|uint64(i)+1)))
		}
	}
	return sig
}

func murmurMix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// TestEstimatorAccuracy measures the mean absolute error of the Jaccard estimate against
// the exact similarity on real passage pairs spread over 0.1-0.9, for the signatures Sketch
// makes and for classic MinHash with as many hash functions, each averaged over seeds: one
// permutation with densification must be at least as accurate, and unbiased in every tenth.
func TestEstimatorAccuracy(t *testing.T) {
	a, b, exact := realPairs(t)
	if len(exact) < 320 {
		t.Fatalf("%d pairs in testdata, want 320", len(exact))
	}
	const seeds = 8
	var errOPH, errClassic float64
	var bias [10]float64
	var inTenth [10]int
	for seed := range uint64(seeds) {
		h, err := minhash.New(minhash.Params{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		for i := range exact {
			est := minhash.Similarity(h.Sketch(nil, a[i]), h.Sketch(nil, b[i]))
			errOPH += math.Abs(est - exact[i])
			tenth := min(int(exact[i]*10), 9)
			bias[tenth] += est - exact[i]
			inTenth[tenth]++

			x, y := classic(a[i], h.Size(), seed), classic(b[i], h.Size(), seed)
			eq := 0
			for k := range x {
				if x[k] == y[k] {
					eq++
				}
			}
			errClassic += math.Abs(float64(eq)/float64(len(x)) - exact[i])
		}
	}
	n := float64(seeds * len(exact))
	errOPH /= n
	errClassic /= n
	t.Logf("mean absolute error over %d pairs and %d seeds: one permutation %.4f, classic %.4f", len(exact), seeds, errOPH, errClassic)
	if errOPH > errClassic*1.03 {
		t.Errorf("one-permutation MinHash error %.4f, classic %.4f: want at most classic's (3 %% allowed for the draw)", errOPH, errClassic)
	}
	for k, s := range bias {
		if inTenth[k] == 0 {
			continue
		}
		// The standard error of a tenth's mean is under 0.044/sqrt(320) = 0.0025.
		if m := s / float64(inTenth[k]); math.Abs(m) > 0.01 {
			t.Errorf("pairs at %.1f-%.1f: mean error %+.4f, want unbiased (within 0.01)", float64(k)/10, float64(k+1)/10, m)
		}
	}
}
