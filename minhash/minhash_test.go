package minhash

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		p        Params
		wantSize int // 0: New fails with ErrBadParams
	}{
		{Params{}, DefaultSize},
		{Params{Seed: 7}, DefaultSize},
		{Params{Size: 1}, 1},
		{Params{Size: 16, Seed: 1}, 16},
		{Params{Size: 4096}, 4096},
		{Params{Size: 4097}, 0},
		{Params{Size: -1}, 0},
		{Params{Size: math.MinInt}, 0},
	}
	for _, tt := range tests {
		h, err := New(tt.p)
		if tt.wantSize == 0 {
			if err == nil || !errors.Is(err, ErrBadParams) || h != nil {
				t.Errorf("New(%+v)=%v, %v; want nil, ErrBadParams", tt.p, h, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%+v) error %v, want nil", tt.p, err)
			continue
		}
		if got := h.Size(); got != tt.wantSize {
			t.Errorf("New(%+v).Size()=%d, want %d", tt.p, got, tt.wantSize)
		}
		if got := len(h.Sketch(nil, []uint64{1, 2, 3})); got != tt.wantSize {
			t.Errorf("len(New(%+v).Sketch(1,2,3))=%d, want %d", tt.p, got, tt.wantSize)
		}
	}
	if got, want := (Params{}).WithDefaults(), (Params{Size: DefaultSize, Rounds: DefaultRounds}); got != want {
		t.Errorf("Params{}.WithDefaults()=%+v, want %+v", got, want)
	}
}

func mustNew(t testing.TB, p Params) *Hasher {
	t.Helper()
	h, err := New(p)
	if err != nil {
		t.Fatalf("New(%+v): %v", p, err)
	}
	return h
}

// goldenSet is the fixed input of the golden signatures: edge values and a few arbitrary ones.
var goldenSet = []uint64{0, 1, 2, 3, 42, 1 << 63, 0x0123456789abcdef, 0xfedcba9876543210, 0xdeadbeef, math.MaxUint64}

// TestGoldenSketch pins signatures, which are persisted in indexes. Changing any value here is
// an index format change: bump the format version, do not just paste the new values.
func TestGoldenSketch(t *testing.T) {
	tests := []struct {
		p    Params
		in   []uint64
		want []uint32
	}{
		// One round: the signatures of format version 3 and before.
		{Params{Size: 16, Seed: 1, Rounds: 1}, goldenSet, []uint32{
			0x352367d0, 0x4f25443a, 0x615ce8ec, 0xf3cc1fb3, 0xf3cc1fb3, 0x8d645d64, 0x8d645d64, 0xf3cc1fb3,
			0xf3cc1fb3, 0x8d645d64, 0x8d645d64, 0x615ce8ec, 0x45b4c39f, 0x615ce8ec, 0x68dfb174, 0xe0b9883e,
		}},
		{Params{Size: 8, Rounds: 1}, goldenSet, []uint32{
			0x237d4835, 0xf3c2e3f6, 0x57e51ecf, 0x0bb1ec71, 0x237d4835, 0xf3c2e3f6, 0x7d3dabf2, 0x81b3072b,
		}},
		{Params{Size: 16, Seed: 1, Rounds: 1}, []uint64{12345}, slices.Repeat([]uint32{0x752e0daf}, 16)},
		{Params{Size: 8, Rounds: 1}, []uint64{12345}, slices.Repeat([]uint32{0xf0e1ad7e}, 8)},
		// The defaults, two rounds: the second fills some of the bins the first left empty.
		{Params{Size: 16, Seed: 1}, goldenSet, []uint32{
			0x352367d0, 0x4f25443a, 0x659c5bb1, 0xbf67a58d, 0xf3cc1fb3, 0x8d645d64, 0x8d645d64, 0xf3cc1fb3,
			0xf3cc1fb3, 0xa32efa7f, 0x8d645d64, 0x615ce8ec, 0x45b4c39f, 0xbf67a58d, 0x68dfb174, 0xe0b9883e,
		}},
		{Params{Size: 8}, goldenSet, []uint32{
			0x33105804, 0xf3c2e3f6, 0x57e51ecf, 0x0bb1ec71, 0x237d4835, 0xf3c2e3f6, 0x7d3dabf2, 0x81b3072b,
		}},
		{Params{Size: 16, Seed: 1}, []uint64{12345}, []uint32{
			0x752e0daf, 0x752e0daf, 0x606ff29e, 0x606ff29e, 0x752e0daf, 0x606ff29e, 0x752e0daf, 0x606ff29e,
			0x752e0daf, 0x606ff29e, 0x752e0daf, 0x752e0daf, 0x752e0daf, 0x606ff29e, 0x606ff29e, 0x606ff29e,
		}},
	}
	for _, tt := range tests {
		h := mustNew(t, tt.p)
		if got := h.Sketch(nil, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("New(%+v).Sketch(%#x)=%#x, want %#x", tt.p, tt.in, got, tt.want)
		}
	}
}

func TestSketchDeterminism(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	set := make([]uint64, 300)
	for i := range set {
		set[i] = rng.Uint64()
	}
	p := Params{Size: 64, Seed: 99}
	h := mustNew(t, p)
	want := h.Sketch(nil, set)

	shuffled := slices.Clone(set)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	repeated := append(slices.Clone(set), set[:100]...)
	repeated = append(repeated, set[7], set[7], set[7])
	sorted := slices.Clone(set)
	slices.Sort(sorted)

	inputs := []struct {
		name string
		in   []uint64
	}{
		{"same", set},
		{"shuffled", shuffled},
		{"with repeats", repeated},
		{"sorted", sorted},
	}
	for _, in := range inputs {
		if got := h.Sketch(nil, in.in); !slices.Equal(got, want) {
			t.Errorf("Sketch(%s set)=%#x, want %#x", in.name, got, want)
		}
	}
	// Two Hashers with equal Params agree.
	if got := mustNew(t, p).Sketch(nil, set); !slices.Equal(got, want) {
		t.Errorf("second New(%+v).Sketch=%#x, want %#x", p, got, want)
	}
	// Sketch appends after dst and does not touch what dst holds.
	prefix := []uint32{1, 2, 3}
	got := h.Sketch(prefix, set)
	if !slices.Equal(got[:3], []uint32{1, 2, 3}) || !slices.Equal(got[3:], want) {
		t.Errorf("Sketch([1 2 3], set)=%#x, want [1 2 3] then %#x", got, want)
	}
	// Other seeds give other signatures.
	for _, seed := range []uint64{0, 1, 98, 100, math.MaxUint64} {
		other := mustNew(t, Params{Size: 64, Seed: seed}).Sketch(nil, set)
		if s := Similarity(other, want); s > 0.2 {
			t.Errorf("Similarity of seed %d and seed 99 signatures of one set = %v, want <= 0.2", seed, s)
		}
	}
	// Sketch does not modify its input.
	before := slices.Clone(shuffled)
	h.Sketch(nil, shuffled)
	if !slices.Equal(shuffled, before) {
		t.Error("Sketch modified its input")
	}
}

func TestSketchEmptyAndSingle(t *testing.T) {
	for _, size := range []int{1, 2, 16, 128, 4096} {
		h := mustNew(t, Params{Size: size})
		empty := h.Sketch(nil, nil)
		if want := slices.Repeat([]uint32{math.MaxUint32}, size); !slices.Equal(empty, want) {
			t.Errorf("New(Size %d).Sketch(nil)=%#x, want %d x MaxUint32", size, empty, size)
		}
		if got := Similarity(empty, h.Sketch(nil, []uint64{})); got != 1 {
			t.Errorf("Similarity(empty, empty) with Size %d = %v, want 1", size, got)
		}
		for _, x := range []uint64{0, 1, 12345, math.MaxUint64} {
			sig := h.Sketch(nil, []uint64{x})
			if len(sig) != size {
				t.Fatalf("len(Sketch([%d]))=%d, want %d", x, len(sig), size)
			}
			// One shingle fills one bin a round; the rest borrow.
			distinct := map[uint32]bool{}
			for _, v := range sig {
				distinct[v] = true
			}
			if len(distinct) > DefaultRounds || distinct[math.MaxUint32] {
				t.Errorf("Size %d: Sketch([%d]) holds %d distinct values, want at most %d (and no MaxUint32)", size, x, len(distinct), DefaultRounds)
			}
			if got := Similarity(sig, empty); got != 0 {
				t.Errorf("Size %d: Similarity(Sketch([%d]), empty)=%v, want 0", size, x, got)
			}
		}
	}
}

func TestSketchNoEmptyBins(t *testing.T) {
	// Densification leaves no bin empty, for any non-empty set and any size.
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{3, 16, 128, 1000} {
		h := mustNew(t, Params{Size: size, Seed: 5})
		for _, n := range []int{1, 2, 5, 50, 2000} {
			set := make([]uint64, n)
			for i := range set {
				set[i] = rng.Uint64()
			}
			if i := slices.Index(h.Sketch(nil, set), math.MaxUint32); i >= 0 {
				t.Errorf("Size %d, %d hashes: Sketch bin %d is MaxUint32, want every bin filled", size, n, i)
			}
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b []uint32
		want float64
	}{
		{nil, nil, 0},
		{[]uint32{1}, []uint32{1}, 1},
		{[]uint32{1}, []uint32{2}, 0},
		{[]uint32{1, 2, 3, 4}, []uint32{1, 2, 0, 0}, 0.5},
		{[]uint32{1, 2, 3, 4}, []uint32{4, 3, 2, 1}, 0}, // positions matter, not values
		{[]uint32{5, 5, 5, 6}, []uint32{5, 5, 5, 5}, 0.75},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); got != tt.want {
			t.Errorf("Similarity(%v, %v)=%v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Similarity of lengths 2 and 3 did not panic")
		}
	}()
	Similarity([]uint32{1, 2}, []uint32{1, 2, 3})
}

func TestSketchAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	small := []uint64{rng.Uint64(), rng.Uint64(), rng.Uint64()} // densification path
	large := make([]uint64, 1000)
	for i := range large {
		large[i] = rng.Uint64()
	}
	h := mustNew(t, Params{})
	dst := make([]uint32, 0, h.Size())
	for _, set := range [][]uint64{small, large} {
		if allocs := testing.AllocsPerRun(100, func() {
			dst = h.Sketch(dst[:0], set)
		}); allocs != 0 {
			t.Errorf("Sketch of %d hashes with warm dst: %v allocs per run, want 0", len(set), allocs)
		}
	}
}

// randomPair returns two sets of sizes nA and nB whose Jaccard similarity is close to j, and
// their exact Jaccard similarity. It needs j*nA <= nB <= nA/j.
func randomPair(rng *rand.Rand, nA, nB int, j float64) (a, b []uint64, exact float64) {
	inter := int(math.Round(j * float64(nA+nB) / (1 + j)))
	inter = min(inter, nA, nB)
	pool := make(map[uint64]struct{}, nA+nB)
	fresh := func() uint64 {
		for {
			x := rng.Uint64()
			if _, ok := pool[x]; !ok {
				pool[x] = struct{}{}
				return x
			}
		}
	}
	for range inter {
		x := fresh()
		a, b = append(a, x), append(b, x)
	}
	for len(a) < nA {
		a = append(a, fresh())
	}
	for len(b) < nB {
		b = append(b, fresh())
	}
	rng.Shuffle(len(b), func(i, k int) { b[i], b[k] = b[k], b[i] })
	return a, b, float64(inter) / float64(nA+nB-inter)
}

// TestAccuracy is a fixed-seed property test: Similarity of two signatures estimates the
// Jaccard similarity of the sets, within the tolerance Size 128 allows (standard error about
// sqrt(J(1-J)/128) <= 0.044).
func TestAccuracy(t *testing.T) {
	tests := []struct {
		name       string
		minN, maxN int // size of the first set
		pairs      int
	}{
		{"sizes 20-2000", 20, 2000, 300},
		{"small sets 10-60", 10, 60, 300},
	}
	const (
		maxMAE  = 0.04
		maxErr  = 0.2
		maxBias = 0.01
	)
	h := mustNew(t, Params{Size: 128, Seed: 2026})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(20260101, uint64(i)))
			var sumAbs, sumErr, worst, worstJ float64
			var sa, sb []uint32
			for range tt.pairs {
				j := 0.1 + 0.8*rng.Float64()
				nA := tt.minN + rng.IntN(tt.maxN-tt.minN+1)
				// Both sets within minN..maxN, and j*nA <= nB <= nA/j so that j is reachable.
				lo := max(int(math.Ceil(j*float64(nA))), tt.minN)
				hi := max(min(int(float64(nA)/j), tt.maxN), lo)
				nB := lo + rng.IntN(hi-lo+1)
				a, b, exact := randomPair(rng, nA, nB, j)
				sa = h.Sketch(sa[:0], a)
				sb = h.Sketch(sb[:0], b)
				e := Similarity(sa, sb) - exact
				sumErr += e
				sumAbs += math.Abs(e)
				if math.Abs(e) > worst {
					worst, worstJ = math.Abs(e), exact
				}
			}
			mae := sumAbs / float64(tt.pairs)
			bias := sumErr / float64(tt.pairs)
			t.Logf("%d pairs: MAE %.4f, bias %+.4f, worst error %.3f (at J=%.3f)", tt.pairs, mae, bias, worst, worstJ)
			if mae > maxMAE {
				t.Errorf("mean absolute error of Similarity vs Jaccard = %.4f, want <= %v", mae, maxMAE)
			}
			if worst > maxErr {
				t.Errorf("largest error of Similarity vs Jaccard = %.4f at J=%.3f, want <= %v", worst, worstJ, maxErr)
			}
			if math.Abs(bias) > maxBias {
				t.Errorf("mean error (bias) of Similarity vs Jaccard = %+.4f, want within ±%v", bias, maxBias)
			}
		})
	}
}

// TestSimilarityAtLeast agrees with Similarity at every threshold step, and at thresholds a
// rounding error away from one.
func TestSimilarityAtLeast(t *testing.T) {
	for n := 1; n <= 40; n++ {
		a, b := make([]uint32, n), make([]uint32, n)
		for i := range a {
			a[i] = uint32(i)
		}
		for eq := 0; eq <= n; eq++ {
			copy(b, a)
			for i := eq; i < n; i++ {
				b[i] = ^a[i]
			}
			for _, th := range []float64{0.3, 0.45 - 0.15, float64(eq) / float64(n), math.Nextafter(float64(eq)/float64(n), 2)} {
				if got, want := SimilarityAtLeast(a, b, th), Similarity(a, b) >= th; got != want {
					t.Fatalf("n %d, %d agree, t %v: SimilarityAtLeast %v, Similarity >= t %v", n, eq, th, got, want)
				}
			}
		}
	}
	a := []uint32{1, 2, 3, 4, 5, 6, 7, 8}
	for _, b := range [][]uint32{
		{1, 2, 3, 4, 5, 6, 7, 8}, {0, 0, 0, 0, 0, 0, 0, 0}, {1, 0, 3, 0, 5, 0, 7, 0}, {0, 0, 0, 0, 0, 0, 7, 8},
	} {
		for k := 0; k <= 9; k++ {
			th := float64(k) / 8
			if got, want := SimilarityAtLeast(a, b, th), Similarity(a, b) >= th; got != want {
				t.Errorf("SimilarityAtLeast(%v, %v, %v) = %v, want %v", a, b, th, got, want)
			}
		}
	}
}

// TestDensifyReference compares Sketch with densification written the plain way (each empty
// bin hashes its probe sequence until it meets a bin the set filled), for sets that leave
// from none to nearly all bins empty: the first-reach and probe tables must not change a value.
func TestDensifyReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, size := range []int{2, 16, 64, 100, 128, 256, 300, 1000} {
		for rounds := range 3 {
			h := mustNew(t, Params{Size: size, Seed: 9, Rounds: rounds + 1})
			for _, n := range []int{1, 2, 3, 5, 8, 10, 13, 16, 20, 24, 30, 40, 60, 200, 2000} {
				for range 20 {
					set := make([]uint64, n)
					for i := range set {
						set[i] = rng.Uint64()
					}
					got := h.Sketch(nil, set)
					want := referenceSketch(h, set)
					if !slices.Equal(got, want) {
						t.Fatalf("Size %d, %d rounds, %d hashes: Sketch differs from the reference densification", size, rounds+1, n)
					}
				}
			}
		}
	}
}

func referenceSketch(h *Hasher, set []uint64) []uint32 {
	k := uint64(h.size)
	sig := slices.Repeat([]uint32{empty}, h.size)
	for _, seed := range append([]uint64{h.seed}, h.rounds...) {
		round := slices.Repeat([]uint32{empty}, h.size)
		for _, x := range set {
			v := mix(x ^ seed)
			bin := ((v >> 32) * k) >> 32
			round[bin] = min(round[bin], uint32(v), empty-1)
		}
		for i, v := range round {
			if sig[i] == empty {
				sig[i] = v
			}
		}
	}
	out := slices.Clone(sig)
	for i := range sig {
		for attempt := uint64(1); out[i] == empty; attempt++ {
			out[i] = sig[h.probe(i, attempt)]
		}
	}
	return out
}

// TestLowBytesAtLeast: on low-byte signatures the answer is the plain count of agreeing
// bytes, and it is true wherever SimilarityAtLeast is.
func TestLowBytesAtLeast(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for n := 1; n <= 40; n++ {
		for range 50 {
			a, b := make([]uint32, n), make([]uint32, n)
			for i := range a {
				a[i] = rng.Uint32()
				switch rng.IntN(3) {
				case 0:
					b[i] = a[i]
				case 1:
					b[i] = a[i] ^ 0x100 // other value, same low byte
				default:
					b[i] = rng.Uint32()
				}
			}
			la, lb := AppendLowBytes(nil, a), AppendLowBytes(nil, b)
			agree := 0
			for i := range la {
				if la[i] == lb[i] {
					agree++
				}
			}
			for _, th := range []float64{0, 0.1, 0.3, float64(agree) / float64(n), math.Nextafter(float64(agree)/float64(n), 2), 1} {
				got := LowBytesAtLeast(la, lb, th)
				if want := float64(agree)/float64(n) >= th; got != want {
					t.Fatalf("n %d, %d bytes agree, t %v: LowBytesAtLeast %v, want %v", n, agree, th, got, want)
				}
				if SimilarityAtLeast(a, b, th) && !got {
					t.Fatalf("n %d, t %v: SimilarityAtLeast true, LowBytesAtLeast false", n, th)
				}
			}
		}
	}
}
