package shingle

import (
	"errors"
	"slices"
	"testing"
)

func TestSet(t *testing.T) {
	tests := []struct {
		in, want []uint64
	}{
		{nil, nil},
		{[]uint64{}, []uint64{}},
		{[]uint64{7}, []uint64{7}},
		{[]uint64{3, 1, 2}, []uint64{1, 2, 3}},
		{[]uint64{5, 5, 5}, []uint64{5}},
		{[]uint64{9, 1, 9, 0, 1, ^uint64(0)}, []uint64{0, 1, 9, ^uint64(0)}},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := Set(in); !slices.Equal(got, tt.want) {
			t.Errorf("Set(%v)=%v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestJaccardIntersection(t *testing.T) {
	tests := []struct {
		name        string
		a, b        []uint64
		wantInter   int
		wantJaccard float64
	}{
		{"both empty", nil, nil, 0, 0},
		{"one empty", []uint64{1, 2}, nil, 0, 0},
		{"other empty", nil, []uint64{1}, 0, 0},
		{"identical", []uint64{1, 2, 3}, []uint64{1, 2, 3}, 3, 1},
		{"disjoint", []uint64{1, 3, 5}, []uint64{2, 4, 6}, 0, 0},
		{"half", []uint64{1, 2, 3}, []uint64{2, 3, 4}, 2, 0.5},
		{"subset", []uint64{1, 2, 3, 4}, []uint64{2, 3}, 2, 0.5},
		{"one shared of five", []uint64{1, 2, 3}, []uint64{3, 4, 5}, 1, 0.2},
		{"extremes", []uint64{0, ^uint64(0)}, []uint64{^uint64(0)}, 1, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Intersection(tt.a, tt.b); got != tt.wantInter {
				t.Errorf("Intersection(%v, %v)=%d, want %d", tt.a, tt.b, got, tt.wantInter)
			}
			if got := Intersection(tt.b, tt.a); got != tt.wantInter {
				t.Errorf("Intersection(%v, %v)=%d, want %d", tt.b, tt.a, got, tt.wantInter)
			}
			if got := Jaccard(tt.a, tt.b); got != tt.wantJaccard {
				t.Errorf("Jaccard(%v, %v)=%v, want %v", tt.a, tt.b, got, tt.wantJaccard)
			}
			if got := Jaccard(tt.b, tt.a); got != tt.wantJaccard {
				t.Errorf("Jaccard(%v, %v)=%v, want %v", tt.b, tt.a, got, tt.wantJaccard)
			}
		})
	}
}

func TestParamsValidate(t *testing.T) {
	tests := []struct {
		p       Params
		wantErr bool
		want    Params // after WithDefaults
	}{
		{Params{}, false, Params{Words, 3}},
		{Params{Unit: Words}, false, Params{Words, 3}},
		{Params{Unit: Chars}, false, Params{Chars, 5}},
		{Params{Size: 1}, false, Params{Words, 1}},
		{Params{Size: 16}, false, Params{Words, 16}},
		{Params{Size: 17}, true, Params{Words, 17}},
		{Params{Size: -1}, true, Params{Words, -1}},
		{Params{Unit: Chars, Size: 2}, false, Params{Chars, 2}},
		{Params{Unit: Chars, Size: 64}, false, Params{Chars, 64}},
		{Params{Unit: Chars, Size: 1}, true, Params{Chars, 1}},
		{Params{Unit: Chars, Size: 65}, true, Params{Chars, 65}},
		{Params{Unit: "Word"}, true, Params{"Word", 3}},
		{Params{Unit: "byte", Size: 4}, true, Params{"byte", 4}},
	}
	for _, tt := range tests {
		if got := tt.p.WithDefaults(); got != tt.want {
			t.Errorf("%+v.WithDefaults()=%+v, want %+v", tt.p, got, tt.want)
		}
		err := tt.p.Validate()
		if (err != nil) != tt.wantErr {
			t.Errorf("%+v.Validate()=%v, want error %v", tt.p, err, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrBadParams) {
			t.Errorf("%+v.Validate()=%v, want errors.Is ErrBadParams", tt.p, err)
		}
		h, err := NewHasher(tt.p)
		if (err != nil) != tt.wantErr || (h == nil) != tt.wantErr {
			t.Errorf("NewHasher(%+v)=%v, %v; want error %v", tt.p, h, err, tt.wantErr)
		}
	}
}

func TestAppendWordShinglesShape(t *testing.T) {
	tk := NewTokenizer()
	tests := []struct {
		text string
		n    int
		want int // number of shingles
	}{
		{"", 3, 0},
		{"... ,,,", 3, 0},
		{"one", 3, 1},
		{"one two", 3, 1},
		{"one two three", 3, 1},
		{"one two three four", 3, 2},
		{"a b c d e f g h i j", 1, 10},
		{"a b c d e f g h i j", 10, 1},
	}
	for _, tt := range tests {
		toks := tk.AppendTokens(nil, []byte(tt.text))
		if got := AppendWordShingles(nil, toks, tt.n); len(got) != tt.want {
			t.Errorf("len(AppendWordShingles(%q, %d))=%d, want %d", tt.text, tt.n, len(got), tt.want)
		}
	}

	// A short text gives one shingle equal to its Sequence; the shingle is order-sensitive.
	ab := tk.AppendTokens(nil, []byte("alpha beta"))
	ba := tk.AppendTokens(nil, []byte("beta alpha"))
	if got, want := AppendWordShingles(nil, ab, 3), []uint64{Sequence(ab)}; !slices.Equal(got, want) {
		t.Errorf("AppendWordShingles(%q, 3)=%#x, want %#x", "alpha beta", got, want)
	}
	if Sequence(ab) == Sequence(ba) {
		t.Errorf("Sequence(%q)=Sequence(%q)=%#x, want order-sensitive", "alpha beta", "beta alpha", Sequence(ab))
	}
	// Shingling appends after what dst holds.
	dst := []uint64{42}
	got := AppendWordShingles(dst, ab, 1)
	if len(got) != 3 || got[0] != 42 {
		t.Errorf("AppendWordShingles([42], %q, 1)=%#x, want 42 then 2 hashes", "alpha beta", got)
	}
	// A shared 3-gram gives a shared shingle, wherever it sits.
	x := AppendWordShingles(nil, tk.AppendTokens(nil, []byte("the cat sat on mats")), 3)
	y := AppendWordShingles(nil, tk.AppendTokens(nil, []byte("a dog and the cat sat")), 3)
	if got := Intersection(Set(x), Set(y)); got != 1 {
		t.Errorf("shared 3-grams of %q and %q: %d, want 1", "the cat sat on mats", "a dog and the cat sat", got)
	}
}

func TestAppendCharShinglesShape(t *testing.T) {
	tests := []struct {
		norm string
		n    int
		want int
	}{
		{"", 5, 0},
		{"abcd", 5, 1},
		{"abcde", 5, 1},
		{"abcdef", 5, 2},
		{"ёлка", 2, 3},       // runes, not bytes
		{"ёлка", 5, 1},       // 4 runes (8 bytes) < 5
		{"a\xffb", 2, 2},     // an invalid byte counts as one rune
		{"ab cd", 64, 1},     // the ring holds 64
		{"abcdefghij", 2, 9}, // every adjacent pair
	}
	for _, tt := range tests {
		if got := AppendCharShingles(nil, []byte(tt.norm), tt.n); len(got) != tt.want {
			t.Errorf("len(AppendCharShingles(%q, %d))=%d, want %d", tt.norm, tt.n, len(got), tt.want)
		}
	}
	// Equal windows hash equally: "abab" has windows ab, ba, ab.
	got := AppendCharShingles(nil, []byte("abab"), 2)
	if len(got) != 3 || got[0] != got[2] || got[0] == got[1] {
		t.Errorf("AppendCharShingles(%q, 2)=%#x, want [x y x] with x != y", "abab", got)
	}
}

func TestShingleAllocs(t *testing.T) {
	text := []byte("Belarus is set to negotiate a significant agreement with the United States, " +
		"President Alexander Lukashenko announced, emphasizing that the deal will not come at the expense.")
	tk := NewTokenizer()
	toks := tk.AppendTokens(nil, text)
	dst := AppendWordShingles(nil, toks, 3)
	if allocs := testing.AllocsPerRun(100, func() {
		dst = AppendWordShingles(dst[:0], toks, 3)
	}); allocs != 0 {
		t.Errorf("AppendWordShingles with warm dst: %v allocs per run, want 0", allocs)
	}

	h, err := NewHasher(Params{Unit: Words})
	if err != nil {
		t.Fatal(err)
	}
	dst = h.AppendHashes(dst[:0], text)
	if allocs := testing.AllocsPerRun(100, func() {
		dst = h.AppendHashes(dst[:0], text)
	}); allocs != 0 {
		t.Errorf("Hasher{Words}.AppendHashes with warm dst: %v allocs per run, want 0", allocs)
	}

	norm := tk.AppendNormalized(nil, text)
	dst = AppendCharShingles(dst[:0], norm, 5)
	if allocs := testing.AllocsPerRun(100, func() {
		dst = AppendCharShingles(dst[:0], norm, 5)
	}); allocs != 0 {
		t.Errorf("AppendCharShingles with warm dst: %v allocs per run, want 0", allocs)
	}
}
