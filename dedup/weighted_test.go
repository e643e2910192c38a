package dedup

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/shingle"
)

func TestAppendWeighted(t *testing.T) {
	for _, tc := range []struct {
		weight float64
		want   int // elements
	}{
		{0.1, 1}, // every stem counts at least once
		{math.Ln2, 1},
		{0.74, 1},
		{0.76, 2},
		{1, 2},
		{2.2, 4},
		{12.3, 25},
	} {
		got := appendWeighted(nil, []uint32{0x2b}, []float64{tc.weight})
		if len(got) != tc.want {
			t.Errorf("weight %v: %d elements, want %d", tc.weight, len(got), tc.want)
		}
		for r, x := range got {
			if uint32(x) != 0x2b || x>>32 != uint64(r) {
				t.Errorf("weight %v: element %d is %#x, want the stem with %d above it", tc.weight, r, x, r)
			}
		}
	}
	if got := appendWeighted([]uint64{7}, []uint32{1, 3}, []float64{0.5, 1.2}); !slices.Equal(got, []uint64{7, 1, 3, 1<<32 | 3}) {
		t.Errorf("two stems appended to [7]: %#x", got)
	}
}

// TestWeightedSignature: the rewrite signature estimates the weighted Jaccard the rewrite tier
// verifies, on pairs whose plain Jaccard is far from it: those that share only common words,
// and those that share only rare ones.
func TestWeightedSignature(t *testing.T) {
	mh, err := minhash.New(minhash.Params{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	// A vocabulary with the weights ln(1 + N/df) of a corpus of 100,000 documents, document
	// frequencies spread evenly on a log scale.
	const vocab = 20000
	stems := make([]uint32, vocab)
	weight := map[uint32]float64{}
	for i := range stems {
		stems[i] = rng.Uint32() | 1
		weight[stems[i]] = math.Log1p(1e5 / math.Pow(10, 5*rng.Float64()))
	}
	byWeight := slices.Clone(stems)
	slices.SortFunc(byWeight, func(a, b uint32) int { return cmp.Compare(weight[a], weight[b]) })
	common, rare := byWeight[:vocab/4], byWeight[3*vocab/4:]
	sign := func(set []uint32) ([]uint32, []float64, float64) {
		slices.Sort(set)
		set = slices.Compact(set)
		ws := make([]float64, len(set))
		total := 0.0
		for j, s := range set {
			ws[j] = weight[s]
			total += ws[j]
		}
		return set, ws, total
	}
	pick := func(from []uint32, n int) []uint32 {
		out := make([]uint32, n)
		for k := range out {
			out[k] = from[rng.IntN(len(from))]
		}
		return out
	}
	var errW, errPlain, bias float64
	const pairs = 400
	for p := range pairs {
		shared := common
		if p%2 == 1 {
			shared = rare
		}
		both := pick(shared, 5+rng.IntN(40))
		a, aw, at := sign(append(pick(stems, 10+rng.IntN(50)), both...))
		b, bw, bt := sign(append(pick(stems, 10+rng.IntN(50)), both...))
		exact := weightedJaccard(a, aw, at, b, bw, bt, 0)
		est := minhash.Similarity(mh.Sketch(nil, appendWeighted(nil, a, aw)), mh.Sketch(nil, appendWeighted(nil, b, bw)))
		plain := minhash.Similarity(mh.Sketch(nil, appendWeighted(nil, a, make([]float64, len(a)))), mh.Sketch(nil, appendWeighted(nil, b, make([]float64, len(b)))))
		errW += math.Abs(est - exact)
		errPlain += math.Abs(plain - exact)
		bias += est - exact
	}
	errW, errPlain, bias = errW/pairs, errPlain/pairs, bias/pairs
	t.Logf("mean absolute error against weighted Jaccard: weighted signature %.4f, plain %.4f; bias %+.4f", errW, errPlain, bias)
	if errW > 0.045 || math.Abs(bias) > 0.02 {
		t.Errorf("weighted signature: mean absolute error %.4f (want at most 0.045), bias %+.4f (want within 0.02)", errW, bias)
	}
	if errPlain < 2*errW {
		t.Errorf("a plain signature's error %.4f is not twice the weighted one's %.4f: the pairs do not test the weighting", errPlain, errW)
	}
}

// TestReportSignsWeighted: once a report has weighed the stems, every passage with stems has
// the weighted signature of them, with or without an index, while the index keeps the plain
// signatures it was given as documents were signed.
func TestReportSignsWeighted(t *testing.T) {
	docs := seedDocs(t)
	for _, tc := range []struct{ withIndex, spilled bool }{{false, false}, {false, true}, {true, false}} {
		withIndex := tc.withIndex
		p := Params{}.WithDefaults()
		mh, err := minhash.New(p.MinHash)
		if err != nil {
			t.Fatal(err)
		}
		var opt Options
		if tc.spilled { // records in sealed files, not the heap
			mem, err := spill.New(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer mem.Close()
			opt.Spill = mem
		}
		if withIndex {
			cfg, err := IndexConfig(p)
			if err != nil {
				t.Fatal(err)
			}
			ix, err := index.Open(filepath.Join(t.TempDir(), "seeds.db"), cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			opt.Index = ix
		}
		f := &finder{docs: docs, p: p, mh: mh, opt: opt, ds: make([]doc, len(docs))}
		defer f.close()
		if err := f.signWeighed(context.Background()); err != nil {
			t.Fatal(err)
		}
		signed, plain := 0, 0
		for i := range f.ps {
			q := &f.ps[i]
			if q.nStems == 0 {
				if q.rwSig() != nil {
					t.Errorf("passage %d has no stems but a rewrite signature", i)
				}
				continue
			}
			want := mh.Sketch(nil, appendWeighted(nil, q.stems(), q.weights()))
			if !slices.Equal(q.rwSig(), want) {
				t.Fatalf("index %v: passage %d's rewrite signature is not the weighted one of its stems", withIndex, i)
			}
			signed++
			if !withIndex {
				continue
			}
			id, err := opt.Index.Lookup(docs[q.doc].ID)
			if err != nil {
				t.Fatal(err)
			}
			d, err := opt.Index.Doc(id)
			if err != nil {
				t.Fatal(err)
			}
			for _, ip := range d.Passages {
				if ip.Seq == uint32(q.seq) && ip.Rewrite != nil && !slices.Equal(ip.Rewrite, want) {
					plain++
				}
			}
		}
		if signed < 20 {
			t.Errorf("index %v: %d passages signed for rewrites, want the seeds' dozens", withIndex, signed)
		}
		if withIndex && plain != signed {
			t.Errorf("the index holds %d plain rewrite signatures of %d", plain, signed)
		}
	}
}

// TestPrintsLeaveOutStopShingles: a report's passages have the fingerprints of their word
// shingles with those of stop words only masked, and of all their character shingles.
func TestPrintsLeaveOutStopShingles(t *testing.T) {
	text := strings.Repeat("It was one of them, and all of them were there as it is. The kaiser spoke of peace at Verdun. ", 8)
	docs := []corpus.Doc{{ID: "a", Text: []byte(text)}}
	tok := shingle.NewTokenizer()
	for _, unit := range []shingle.Unit{shingle.Words, shingle.Chars} {
		p := Params{Shingle: shingle.Params{Unit: unit}}.WithDefaults()
		mh, err := minhash.New(p.MinHash)
		if err != nil {
			t.Fatal(err)
		}
		f := &finder{docs: docs, p: p, mh: mh, ds: make([]doc, len(docs))}
		defer f.close()
		if err := f.signWeighed(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(f.ps) == 0 {
			t.Fatalf("%s shingles: no passages", unit)
		}
		left := 0 // fingerprints of stop words only that masking left out
		for i := range f.ps {
			q := &f.ps[i]
			body := docs[0].Text[q.start:q.end]
			toks := tok.AppendContent(nil, body)
			var hs []uint64
			if unit == shingle.Chars {
				hs = shingle.AppendCharShingles(nil, tok.AppendNormalized(nil, body), p.Shingle.Size)
			} else {
				hs = shingle.AppendWordShingles(nil, toks, p.Shingle.Size)
			}
			want := shingle.Set(appendWinnow(nil, hs))
			if unit == shingle.Words {
				ms := maskStopShingles(slices.Clone(hs), toks, p.Shingle.Size)
				stop := map[uint64]bool{}
				for k := range hs {
					if ms[k] == maskedShingle {
						stop[hs[k]] = true
					}
				}
				for _, h := range want {
					if stop[h] {
						left++
					}
				}
				want = shingle.Set(appendWinnow(nil, ms))
			}
			if !slices.Equal(q.prints(), want) {
				t.Errorf("%s shingles, passage %d: fingerprints %x, want %x", unit, i, q.prints(), want)
			}
		}
		if unit == shingle.Words && left == 0 {
			t.Error("no fingerprint of stop words only to leave out: the text does not test the masking")
		}
	}
}
