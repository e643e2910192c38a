package lsh

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

type pair [2]int32

type item struct {
	id  int32
	sig []uint32
}

// pairs returns what Pairs passes to fn and to tooBig.
func pairs(tb *Table, maxBucket, minShared int) (got []pair, big [][]int32) {
	tb.Pairs(maxBucket, minShared, func(ids []int32) {
		big = append(big, slices.Clone(ids))
	}, func(a, b int32) {
		got = append(got, pair{a, b})
	})
	return got, big
}

func TestTablePairs(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	base := []uint32{1, 2, 3, 4, 5, 6, 7, 8}
	items := []item{
		{0, base},
		{1, slices.Clone(base)}, // identical to 0: all 4 bands
		{2, []uint32{11, 12, 13, 14, 15, 16, 17, 18}}, // disjoint from 0
		{3, []uint32{21, 22, 23, 24, 5, 6, 27, 28}},   // band 2 of 0
		{4, []uint32{31, 32, 1, 2, 35, 36, 37, 38}},   // 0's band-0 values, but in band 1
		{5, []uint32{41, 42, 43, 44, 45, 46, 17, 18}}, // band 3 of 2
		{6, []uint32{1, 2, 3, 4, 65, 66, 67, 68}},     // bands 0 and 1 of 0
	}
	tests := []struct {
		minShared int
		want      []pair
	}{
		{0, []pair{{0, 1}, {0, 3}, {0, 6}, {1, 3}, {1, 6}, {2, 5}}},
		{1, []pair{{0, 1}, {0, 3}, {0, 6}, {1, 3}, {1, 6}, {2, 5}}},
		{2, []pair{{0, 1}, {0, 6}, {1, 6}}},
		{3, []pair{{0, 1}}},
		{4, []pair{{0, 1}}},
		{5, nil},
	}
	tb := NewTable(p)
	for _, it := range items {
		tb.Add(it.id, it.sig)
	}
	for _, tt := range tests {
		got, big := pairs(tb, 100, tt.minShared)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Pairs(maxBucket 100, minShared %d)=%v, want %v", tt.minShared, got, tt.want)
		}
		if len(big) != 0 {
			t.Errorf("Pairs(maxBucket 100, minShared %d) called tooBig with %v, want no calls", tt.minShared, big)
		}
	}
	// Pairs does not consume the Table: a second call gives the same.
	a, _ := pairs(tb, 100, 1)
	b, _ := pairs(tb, 100, 1)
	if !slices.Equal(a, b) {
		t.Errorf("second Pairs=%v, first %v: want equal", b, a)
	}
}

func TestTablePairsSparseIDs(t *testing.T) {
	p := Params{Bands: 2, Rows: 2}
	tb := NewTable(p)
	tb.Add(10, []uint32{1, 2, 3, 4})
	tb.Add(20, []uint32{9, 9, 9, 9})
	tb.Add(30, []uint32{1, 2, 8, 8})
	tb.Add(1000, []uint32{7, 7, 3, 4})
	got, _ := pairs(tb, 100, 1)
	if want := []pair{{10, 30}, {10, 1000}}; !slices.Equal(got, want) {
		t.Errorf("Pairs over ids 10, 20, 30, 1000=%v, want %v", got, want)
	}
}

// TestTablePairsWideIDs: members are kept in 3 bytes while the ids fit, in 4 from 2^24; the
// pairs and the buckets too big are those of the same items with small ids, shifted. Ids
// up to 2^24-1 use the third byte of a 3-byte member, and 2^24 needs a fourth.
func TestTablePairsWideIDs(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	rng := rand.New(rand.NewPCG(5, 6))
	var sigs [][]uint32
	for i := range 200 {
		sig := make([]uint32, 8)
		for j := range sig {
			sig[j] = rng.Uint32N(6)
		}
		if i%4 == 0 {
			sig[0], sig[1] = 7, 7 // a bucket too big in band 0
		}
		sigs = append(sigs, sig)
	}
	table := func(shift int32) *Table {
		tb := NewTable(p)
		for i, sig := range sigs {
			tb.Add(int32(i)+shift, sig)
		}
		return tb
	}
	want, wantBig := pairs(table(0), 40, 2)
	if len(want) == 0 || len(wantBig) == 0 {
		t.Fatalf("%d pairs, %d buckets too big: the test needs both", len(want), len(wantBig))
	}
	for _, tt := range []struct {
		shift int32
		width int
	}{
		{1<<24 - 200, 3}, // the last id 2^24-1
		{1<<24 - 199, 4}, // the last id 2^24
		{1 << 24, 4},
	} {
		tb := table(tt.shift)
		got, gotBig := pairs(tb, 40, 2)
		if tb.width != tt.width {
			t.Errorf("ids from %d: members of %d bytes, want %d", tt.shift, tb.width, tt.width)
		}
		shifted := make([]pair, len(want))
		for i, pr := range want {
			shifted[i] = pair{pr[0] + tt.shift, pr[1] + tt.shift}
		}
		if !slices.Equal(got, shifted) {
			t.Errorf("ids from %d: %d pairs, want %d (first %v, want %v)", tt.shift, len(got), len(shifted), got[:min(3, len(got))], shifted[:3])
		}
		var shiftedBig [][]int32
		for _, ids := range wantBig {
			s := make([]int32, len(ids))
			for i, id := range ids {
				s[i] = id + tt.shift
			}
			shiftedBig = append(shiftedBig, s)
		}
		if !slices.EqualFunc(gotBig, shiftedBig, slices.Equal) {
			t.Errorf("ids from %d: buckets too big %v, want %v", tt.shift, gotBig, shiftedBig)
		}
	}
}

func TestTablePairsOrder(t *testing.T) {
	// Many identical signatures: every pair, each once, ordered by a then b.
	p := Params{Bands: 8, Rows: 1}
	tb := NewTable(p)
	const n = 12
	var want []pair
	for i := range int32(n) {
		tb.Add(i, []uint32{1, 2, 3, 4, 5, 6, 7, 8})
		for j := i + 1; j < n; j++ {
			want = append(want, pair{i, j})
		}
	}
	got, _ := pairs(tb, n, 1)
	if !slices.Equal(got, want) {
		t.Errorf("Pairs of %d identical signatures=%v, want %v", n, got, want)
	}
}

func TestTableMaxBucket(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	common := []uint32{1, 2, 3, 4, 5, 6, 7, 8}
	tb := NewTable(p)
	for id := range int32(5) { // ids 0..4: one bucket of 5 in every band
		tb.Add(id, common)
	}
	tb.Add(5, []uint32{50, 51, 52, 53, 54, 55, 56, 57})
	tb.Add(6, []uint32{60, 61, 52, 53, 64, 65, 66, 67}) // band 1 of 5
	all := []int32{0, 1, 2, 3, 4}

	var allPairs []pair
	for i := range int32(5) {
		for j := i + 1; j < 5; j++ {
			allPairs = append(allPairs, pair{i, j})
		}
	}
	allPairs = append(allPairs, pair{5, 6})

	tests := []struct {
		maxBucket int
		want      []pair
		wantBig   [][]int32
	}{
		{5, allPairs, nil},
		// Each too-big bucket is reported once, and its lowest item is paired with the rest.
		{4, []pair{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {5, 6}}, [][]int32{all, all, all, all}},
		{2, []pair{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {5, 6}}, [][]int32{all, all, all, all}},
		{1, []pair{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {5, 6}}, [][]int32{all, all, all, all, {5, 6}}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("maxBucket=", tt.maxBucket), func(t *testing.T) {
			got, big := pairs(tb, tt.maxBucket, 1)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Pairs(maxBucket %d)=%v, want %v", tt.maxBucket, got, tt.want)
			}
			if !slices.EqualFunc(big, tt.wantBig, slices.Equal) {
				t.Errorf("Pairs(maxBucket %d) passed tooBig %v, want %v", tt.maxBucket, big, tt.wantBig)
			}
			// A nil tooBig is allowed and changes nothing else.
			var got2 []pair
			tb.Pairs(tt.maxBucket, 1, nil, func(a, b int32) { got2 = append(got2, pair{a, b}) })
			if !slices.Equal(got2, tt.want) {
				t.Errorf("Pairs(maxBucket %d, tooBig nil)=%v, want %v", tt.maxBucket, got2, tt.want)
			}
		})
	}
}

func TestTableMaxBucketOtherBand(t *testing.T) {
	// A too-big bucket pairs its lowest item with the others; pairs among the others are
	// still found through another band they share.
	p := Params{Bands: 2, Rows: 1}
	tb := NewTable(p)
	tb.Add(0, []uint32{1, 100})
	tb.Add(1, []uint32{1, 100})
	tb.Add(2, []uint32{1, 200})
	tb.Add(3, []uint32{1, 300})
	got, big := pairs(tb, 2, 1)
	if want := []pair{{0, 1}, {0, 2}, {0, 3}}; !slices.Equal(got, want) {
		t.Errorf("Pairs(maxBucket 2)=%v, want %v", got, want)
	}
	if want := [][]int32{{0, 1, 2, 3}}; !slices.EqualFunc(big, want, slices.Equal) {
		t.Errorf("Pairs(maxBucket 2) passed tooBig %v, want %v", big, want)
	}
	// The star link of a too-big bucket counts as one shared band.
	if got, _ := pairs(tb, 2, 2); !slices.Equal(got, []pair{{0, 1}}) {
		t.Errorf("Pairs(maxBucket 2, minShared 2)=%v, want [{0 1}]", got)
	}
}

func TestTableEmpty(t *testing.T) {
	tb := NewTable(Params{Bands: 4, Rows: 2})
	if got, big := pairs(tb, 10, 1); len(got) != 0 || len(big) != 0 {
		t.Errorf("Pairs of an empty Table=%v, tooBig %v; want none", got, big)
	}
	tb = NewTable(Params{Bands: 4, Rows: 2})
	tb.Add(0, []uint32{1, 2, 3, 4, 5, 6, 7, 8})
	if got, big := pairs(tb, 10, 1); len(got) != 0 || len(big) != 0 {
		t.Errorf("Pairs of a one-item Table=%v, tooBig %v; want none", got, big)
	}
}

// TestTableAddAfterPairs: the buckets are built by the first Pairs; a later Add panics
// rather than go unseen.
func TestTableAddAfterPairs(t *testing.T) {
	tb := NewTable(Params{Bands: 1, Rows: 1})
	tb.Add(0, []uint32{1})
	pairs(tb, 10, 1)
	defer func() {
		if recover() == nil {
			t.Error("Add after Pairs did not panic")
		}
	}()
	tb.Add(1, []uint32{1})
}

func TestTableAddOutOfOrder(t *testing.T) {
	for _, ids := range [][2]int32{{3, 3}, {3, 2}} {
		tb := NewTable(Params{Bands: 1, Rows: 1})
		tb.Add(ids[0], []uint32{1})
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Add(%d) after Add(%d) did not panic", ids[1], ids[0])
				}
			}()
			tb.Add(ids[1], []uint32{1})
		}()
	}
}

func TestTableNegativeIDs(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("Add(-1, sig) did not panic; ids index Pairs' slices and must be non-negative")
		}
	}()
	tb := NewTable(Params{Bands: 1, Rows: 1})
	tb.Add(-1, []uint32{1})
}

func TestTableGrow(t *testing.T) {
	p := Params{Bands: 4, Rows: 2}
	grown, plain := NewTable(p), NewTable(p)
	grown.Grow(3)
	for i, sig := range [][]uint32{{1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 9, 9, 9, 9, 9, 9}, {1, 2, 3, 4, 0, 0, 0, 0}} {
		grown.Add(int32(i), sig)
		plain.Add(int32(i), sig)
	}
	var a, b [][2]int32
	grown.Pairs(100, 1, nil, func(x, y int32) { a = append(a, [2]int32{x, y}) })
	plain.Pairs(100, 1, nil, func(x, y int32) { b = append(b, [2]int32{x, y}) })
	if !slices.Equal(a, b) || len(a) != 3 {
		t.Errorf("pairs after Grow %v, without %v; want the same three", a, b)
	}
}

// PairsRange over consecutive ranges, with one Scratch shared by calls of different
// minShared, gives the pairs a brute-force count of shared bands gives.
func TestTablePairsRangeScratch(t *testing.T) {
	p := Params{Bands: 6, Rows: 1}
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 300
	sigs := make([][]uint32, n)
	tb := NewTable(p)
	for i := range sigs {
		sigs[i] = make([]uint32, p.Bands)
		for b := range sigs[i] {
			sigs[i][b] = uint32(rng.IntN(12)) // small values: many shared bands
		}
		tb.Add(int32(i), sigs[i])
	}
	var sc Scratch
	for _, minShared := range []int{2, 1, 3, 0, 6, 2} {
		var want []pair
		for a := range int32(n) {
			for b := a + 1; b < n; b++ {
				shared := 0
				for k := range p.Bands {
					if sigs[a][k] == sigs[b][k] {
						shared++
					}
				}
				if shared >= max(minShared, 1) {
					want = append(want, pair{a, b})
				}
			}
		}
		var got []pair
		for lo := 0; lo < n; lo += 37 {
			tb.PairsRange(lo, min(lo+37, n), &sc, n, minShared, nil, func(a, b int32) {
				got = append(got, pair{a, b})
			})
		}
		if !slices.Equal(got, want) {
			t.Errorf("PairsRange(minShared %d): %d pairs, want %d", minShared, len(got), len(want))
		}
	}
}
