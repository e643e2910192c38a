package lsh

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/zeebo/xxh3"
)

func TestOptimal(t *testing.T) {
	const size = 128
	for _, threshold := range []float64{0.15, 0.3, 0.5, 0.8, 0.9} {
		p, err := Optimal(threshold, size)
		if err != nil {
			t.Errorf("Optimal(%v, %d) error %v", threshold, size, err)
			continue
		}
		if p.Threshold != threshold {
			t.Errorf("Optimal(%v, %d).Threshold=%v, want %v", threshold, size, p.Threshold, threshold)
		}
		if err := p.Validate(size); err != nil {
			t.Errorf("Optimal(%v, %d)=%+v, Validate: %v", threshold, size, p, err)
		}
		if p.Bands*p.Rows > size || p.Bands < 1 || p.Rows < 1 {
			t.Errorf("Optimal(%v, %d)=%d bands × %d rows, want 1 <= bands*rows <= %d", threshold, size, p.Bands, p.Rows, size)
		}
		// A sensible S-curve: likely candidates 0.2 above the threshold, unlikely 0.2 below.
		if above := min(threshold+0.2, 1); Probability(above, p.Bands, p.Rows) < 0.9 {
			t.Errorf("Optimal(%v, %d)=%+v: Probability(%v)=%v, want >= 0.9", threshold, size, p, above, Probability(above, p.Bands, p.Rows))
		}
		if below := threshold - 0.2; below > 0 && Probability(below, p.Bands, p.Rows) > 0.5 {
			t.Errorf("Optimal(%v, %d)=%+v: Probability(%v)=%v, want <= 0.5", threshold, size, p, below, Probability(below, p.Bands, p.Rows))
		}
		// The curve rises through the threshold: Probability is monotone in s.
		prev := 0.0
		for s := 0.0; s <= 1; s += 0.05 {
			pr := Probability(s, p.Bands, p.Rows)
			if pr < prev-1e-12 {
				t.Errorf("Optimal(%v, %d)=%+v: Probability(%v)=%v < Probability(%v)=%v", threshold, size, p, s, pr, s-0.05, prev)
			}
			prev = pr
		}
	}
	// Higher thresholds take more rows per band.
	lo, _ := Optimal(0.3, size)
	hi, _ := Optimal(0.9, size)
	if hi.Rows <= lo.Rows {
		t.Errorf("Optimal(0.9).Rows=%d, Optimal(0.3).Rows=%d: want more rows for the higher threshold", hi.Rows, lo.Rows)
	}
	// Small signatures still work.
	if p, err := Optimal(0.5, 1); err != nil || p.Bands != 1 || p.Rows != 1 {
		t.Errorf("Optimal(0.5, 1)=%+v, %v; want 1 band of 1 row", p, err)
	}
}

func TestOptimalBadParams(t *testing.T) {
	tests := []struct {
		threshold float64
		size      int
	}{
		{0, 128},
		{1, 128},
		{-0.5, 128},
		{1.5, 128},
		{math.NaN(), 128},
		{math.Inf(1), 128},
		{0.5, 0},
		{0.5, -1},
	}
	for _, tt := range tests {
		p, err := Optimal(tt.threshold, tt.size)
		if !errors.Is(err, ErrBadParams) {
			t.Errorf("Optimal(%v, %d)=%+v, %v; want ErrBadParams", tt.threshold, tt.size, p, err)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		p    Params
		size int
		ok   bool
	}{
		{Params{Bands: 4, Rows: 2}, 8, true},
		{Params{Bands: 4, Rows: 2}, 128, true},
		{Params{Bands: 16, Rows: 8}, 128, true},
		{Params{Bands: 16, Rows: 9}, 128, false},
		{Params{Bands: 0, Rows: 2}, 8, false},
		{Params{Bands: 2, Rows: 0}, 8, false},
		{Params{Bands: -1, Rows: -1}, 8, false},
		{Params{}, 128, false},
	}
	for _, tt := range tests {
		err := tt.p.Validate(tt.size)
		if (err == nil) != tt.ok {
			t.Errorf("%+v.Validate(%d)=%v, want ok %v", tt.p, tt.size, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBadParams) {
			t.Errorf("%+v.Validate(%d)=%v, want ErrBadParams", tt.p, tt.size, err)
		}
	}
}

func TestProbability(t *testing.T) {
	tests := []struct {
		s          float64
		bands, row int
		want       float64
	}{
		{0, 20, 5, 0},
		{1, 20, 5, 1},
		{0, 1, 1, 0},
		{1, 1, 1, 1},
		{0.5, 1, 1, 0.5},   // b=1, r=1: s
		{0.25, 1, 1, 0.25}, // b=1, r=1: s
		{0.5, 1, 2, 0.25},  // one band: s^r
		{0.5, 1, 3, 0.125}, // one band: s^r
		{0.5, 2, 1, 0.75},  // rows of one: 1-(1-s)^b
		{0.5, 2, 2, 0.4375},
		{0.5, 3, 1, 0.875},
	}
	for _, tt := range tests {
		if got := Probability(tt.s, tt.bands, tt.row); got != tt.want {
			t.Errorf("Probability(%v, %d, %d)=%v, want %v", tt.s, tt.bands, tt.row, got, tt.want)
		}
	}
	// b=1, r=1 is s for any s, to rounding.
	for s := 0.0; s <= 1; s += 0.01 {
		if got := Probability(s, 1, 1); math.Abs(got-s) > 1e-15 {
			t.Errorf("Probability(%v, 1, 1)=%v, want %v", s, got, s)
		}
	}
}

// goldenSig is the fixed signature of the band-hash golden vectors.
var goldenSig = []uint32{0x01234567, 0x89abcdef, 0, 1, 2, 3, 0xffffffff, 42}

// TestGoldenBandHashes pins band hashes, which are persisted as index keys. Changing any value
// here is an index format change: bump FormatVersion in index/FORMAT.md, do not just paste the
// new values.
func TestGoldenBandHashes(t *testing.T) {
	tests := []struct {
		p    Params
		want []uint64
	}{
		{Params{Bands: 4, Rows: 2}, []uint64{0xca2fda8f387aa54c, 0xbc51e9c7e72f4789, 0x83d124a516e0d5d9, 0xafe33d0ba2da8b54}},
		{Params{Bands: 2, Rows: 4}, []uint64{0x27d68151c0352d2d, 0x3211d8aefc559333}},
	}
	for _, tt := range tests {
		if got := AppendBandHashes(nil, goldenSig, tt.p); !slices.Equal(got, tt.want) {
			t.Errorf("AppendBandHashes(%#x, %+v)=%#x, want %#x", goldenSig, tt.p, got, tt.want)
		}
	}
}

// bandHash is the documented definition: XXH3-64 of the band number and the band's values, all
// little-endian uint32.
func bandHash(band int, values []uint32) uint64 {
	buf := binary.LittleEndian.AppendUint32(nil, uint32(band))
	for _, v := range values {
		buf = binary.LittleEndian.AppendUint32(buf, v)
	}
	return xxh3.Hash(buf)
}

func TestBandHashesDefinition(t *testing.T) {
	// Rows above 64 take the streaming path; both must follow the definition.
	for _, p := range []Params{{Bands: 4, Rows: 2}, {Bands: 1, Rows: 1}, {Bands: 2, Rows: 64}, {Bands: 2, Rows: 65}, {Bands: 1, Rows: 200}} {
		sig := make([]uint32, p.Bands*p.Rows+3) // a longer sig: the tail is ignored
		for i := range sig {
			sig[i] = uint32(i*0x9e3779b9 + 7)
		}
		got := AppendBandHashes(nil, sig, p)
		if len(got) != p.Bands {
			t.Errorf("len(AppendBandHashes(%+v))=%d, want %d", p, len(got), p.Bands)
			continue
		}
		for b := range p.Bands {
			if want := bandHash(b, sig[b*p.Rows:(b+1)*p.Rows]); got[b] != want {
				t.Errorf("AppendBandHashes(%+v)[%d]=%#x, want xxh3(LE band ‖ LE values)=%#x", p, b, got[b], want)
			}
		}
	}
}

func TestBandHashesProperties(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	// Equal bands hash equally, whatever the other bands hold.
	a := []uint32{1, 2, 3, 4, 5, 6, 7, 8}
	b := []uint32{9, 9, 3, 4, 9, 9, 9, 9}
	ha, hb := AppendBandHashes(nil, a, p), AppendBandHashes(nil, b, p)
	if ha[1] != hb[1] {
		t.Errorf("band 1 of %v and %v (both [3 4]) hash to %#x and %#x, want equal", a, b, ha[1], hb[1])
	}
	for _, i := range []int{0, 2, 3} {
		if ha[i] == hb[i] {
			t.Errorf("band %d of %v and %v differ but hash to %#x, want different", i, a, b, ha[i])
		}
	}
	// The band number is mixed in: the same values in band 0 and band 1 hash differently.
	c := []uint32{5, 5, 5, 5, 5, 5, 5, 5}
	hc := AppendBandHashes(nil, c, p)
	for i := range hc {
		for j := i + 1; j < len(hc); j++ {
			if hc[i] == hc[j] {
				t.Errorf("AppendBandHashes(%v): bands %d and %d both hash to %#x, want different", c, i, j, hc[i])
			}
		}
	}
	// Row order within a band matters.
	d := []uint32{2, 1, 4, 3, 6, 5, 8, 7}
	hd := AppendBandHashes(nil, d, p)
	for i := range hd {
		if hd[i] == ha[i] {
			t.Errorf("band %d of %v and %v (swapped rows) hash to %#x, want different", i, a, d, hd[i])
		}
	}
	// Appends after what dst holds.
	got := AppendBandHashes([]uint64{7}, a, p)
	if len(got) != 5 || got[0] != 7 || !slices.Equal(got[1:], ha) {
		t.Errorf("AppendBandHashes([7], %v)=%#x, want 7 then %#x", a, got, ha)
	}
}

func TestBandHashesAllocs(t *testing.T) {
	sig := make([]uint32, 128)
	for i := range sig {
		sig[i] = uint32(i) * 2654435761
	}
	for _, p := range []Params{{Bands: 25, Rows: 5}, {Bands: 64, Rows: 2}, {Bands: 2, Rows: 64}, {Bands: 1, Rows: 128}} {
		dst := AppendBandHashes(nil, sig, p)
		if allocs := testing.AllocsPerRun(100, func() {
			dst = AppendBandHashes(dst[:0], sig, p)
		}); allocs != 0 {
			t.Errorf("AppendBandHashes(%+v) with warm dst: %v allocs per run, want 0", p, allocs)
		}
	}
}

// TestRecall: the banding reaches MinRecall at the threshold with the fewest bands of its
// rows, and proposes no more dissimilar pairs than any other banding that reaches it.
func TestRecall(t *testing.T) {
	const size = 128
	for _, threshold := range []float64{0.3, 0.5, 0.7, 0.9} {
		p, err := Recall(threshold, size)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Validate(size); err != nil {
			t.Fatalf("Recall(%v)=%+v: %v", threshold, p, err)
		}
		if pr := Probability(threshold, p.Bands, p.Rows); pr < MinRecall {
			t.Errorf("Recall(%v)=%+v: Probability %v < %v", threshold, p, pr, MinRecall)
		}
		if pr := Probability(threshold, p.Bands-1, p.Rows); pr >= MinRecall {
			t.Errorf("Recall(%v)=%+v: one band fewer still reaches %v", threshold, p, pr)
		}
		fp := func(b, r int) float64 {
			return integrate(func(s float64) float64 { return Probability(s, b, r) }, 0, threshold)
		}
		for r := 1; r <= size; r++ {
			for b := 1; b*r <= size; b++ {
				if Probability(threshold, b, r) >= MinRecall && fp(b, r) < fp(p.Bands, p.Rows)-1e-9 {
					t.Errorf("Recall(%v)=%+v, but %d×%d reaches MinRecall with less false positive area", threshold, p, b, r)
				}
			}
		}
	}
	// Out of reach: the closest banding.
	p, err := Recall(0.5, 2)
	if err != nil || p.Bands != 2 || p.Rows != 1 {
		t.Errorf("Recall(0.5, 2)=%+v, %v; want 2 bands of 1 row", p, err)
	}
	if _, err := Recall(1, size); err == nil {
		t.Error("Recall(1) accepted")
	}
}
