package shingle

import (
	"slices"
	"testing"

	"github.com/zeebo/xxh3"
)

// The golden vectors below pin hashes that are persisted in indexes. Changing any of them is
// an index format change: bump the format version and say so in the release notes, do not
// just paste the new values.

// goldenSentence is the fixed text the word-shingle vectors are computed on. It normalises to
// 12 tokens: belarus is set to negotiate a significant agreement with the united states.
const goldenSentence = "Belarus is set to negotiate a significant agreement with the United States."

func TestGoldenTokenHashes(t *testing.T) {
	tests := []struct {
		text string // one word as written
		norm string // its normalised form
		want uint64
	}{
		{"the", "the", 0xcb1283631cf33d7d},
		{"Belarus", "belarus", 0xd01c2d8d862de89c},
		{"Belarus’s", "belarus", 0xd01c2d8d862de89c},
		{"МОСКВА", "москва", 0xbd4315bdaf9f5153},
		{"75,000", "75,000", 0xa410e2012f64b5c8},
		{"Straße", "strasse", 0x6a5260406c46e30c},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			toks := tk.AppendTokens(nil, []byte(tt.text))
			if len(toks) != 1 {
				t.Fatalf("AppendTokens(%q) gave %d tokens, want 1", tt.text, len(toks))
			}
			if got := toks[0].Hash; got != tt.want {
				t.Errorf("AppendTokens(%q)[0].Hash=%#016x, want %#016x", tt.text, got, tt.want)
			}
			// The documented definition: XXH3-64 of the normalised UTF-8 bytes.
			if got, want := toks[0].Hash, xxh3.HashString(tt.norm); got != want {
				t.Errorf("AppendTokens(%q)[0].Hash=%#016x, want xxh3(%q)=%#016x", tt.text, got, tt.norm, want)
			}
		})
	}
}

func TestGoldenWordShingles(t *testing.T) {
	tests := []struct {
		n    int
		want []uint64
	}{
		{1, []uint64{
			0x746e7a4cd292b1df,
			0x7a88e9df206884e3,
			0x1c2ac408013a6c36,
			0x146e0ffd358c3e42,
			0xbc5a9a2b79f3485a,
			0x2caaf93f77a09a96,
			0x87db2b338a035a74,
			0x018a27bb7a4c8e6b,
			0x43e2a105849b6309,
			0xec53c56fdb14c8b6,
			0x926900209d965331,
			0x97d95e050bc7e6d6,
		}},
		{3, []uint64{
			0x91ef6994a9b86ce2,
			0x252117884af1237e,
			0x98cabd0ae806fa74,
			0xa772602a9f3d3bab,
			0x9a3fc21d2aa96bc7,
			0x8e99f3e298eb6edd,
			0x3d11726029f60d01,
			0x0379c92d1a80829f,
			0x50cde3ba7ca4695a,
			0xca694fb761ac4e17,
		}},
	}
	toks := NewTokenizer().AppendTokens(nil, []byte(goldenSentence))
	if len(toks) != 12 {
		t.Fatalf("AppendTokens(%q) gave %d tokens, want 12", goldenSentence, len(toks))
	}
	for _, tt := range tests {
		got := AppendWordShingles(nil, toks, tt.n)
		if !slices.Equal(got, tt.want) {
			t.Errorf("AppendWordShingles(%q, %d)=%#x, want %#x", goldenSentence, tt.n, got, tt.want)
		}
	}

	// Hasher with the default Params is the n=3 word shingling.
	h, err := NewHasher(Params{})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.AppendHashes(nil, []byte(goldenSentence)); !slices.Equal(got, tests[1].want) {
		t.Errorf("Hasher{}.AppendHashes(%q)=%#x, want %#x", goldenSentence, got, tests[1].want)
	}
}

func TestGoldenSequence(t *testing.T) {
	const want = 0x2acfd9de52fbe235
	toks := NewTokenizer().AppendTokens(nil, []byte(goldenSentence))
	if got := Sequence(toks); got != want {
		t.Errorf("Sequence(%q)=%#016x, want %#016x", goldenSentence, got, uint64(want))
	}
	// Texts equal after normalisation have equal sequences.
	const variant = "BELARUS  is set to\nnegotiate a significant agreement with the “United States”"
	if got := Sequence(NewTokenizer().AppendTokens(nil, []byte(variant))); got != want {
		t.Errorf("Sequence(%q)=%#016x, want %#016x", variant, got, uint64(want))
	}
	if got := Sequence(nil); got != 0 {
		t.Errorf("Sequence(nil)=%#x, want 0", got)
	}
}

func TestGoldenCharShingles(t *testing.T) {
	tests := []struct {
		text string
		norm string
		want []uint64
	}{
		{"Straße Café", "strasse café", []uint64{
			0x1c33a107dbcb4655,
			0x68e2e943fbd8c2c9,
			0x443508be1ae2e836,
			0xcffb079e8b4d16ec,
			0xea2391bb1b995a8a,
			0xad33cae7eaf09d19,
			0xa313aaff6eace0e4,
			0xfb93078395729ac6,
		}},
		// Shorter than n: one shingle of the whole text.
		{"Café", "café", []uint64{0x4c83dbd5f29d367f}},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		norm := tk.AppendNormalized(nil, []byte(tt.text))
		if string(norm) != tt.norm {
			t.Fatalf("AppendNormalized(%q)=%q, want %q", tt.text, norm, tt.norm)
		}
		got := AppendCharShingles(nil, norm, 5)
		if !slices.Equal(got, tt.want) {
			t.Errorf("AppendCharShingles(%q, 5)=%#x, want %#x", norm, got, tt.want)
		}
		// The documented definition: XXH3-64 of each run of 5 runes.
		r := []rune(tt.norm)
		var def []uint64
		for i := 0; i+5 <= len(r); i++ {
			def = append(def, xxh3.HashString(string(r[i:i+5])))
		}
		if len(r) < 5 {
			def = append(def, xxh3.HashString(tt.norm))
		}
		if !slices.Equal(got, def) {
			t.Errorf("AppendCharShingles(%q, 5)=%#x, want xxh3 of each 5-rune window %#x", norm, got, def)
		}
	}

	h, err := NewHasher(Params{Unit: Chars})
	if err != nil {
		t.Fatal(err)
	}
	if got := h.AppendHashes(nil, []byte(tests[0].text)); !slices.Equal(got, tests[0].want) {
		t.Errorf("Hasher{Chars}.AppendHashes(%q)=%#x, want %#x", tests[0].text, got, tests[0].want)
	}
}
