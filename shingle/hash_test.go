package shingle

import (
	"bytes"
	"slices"
	"strings"
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
		{"the", "the", 0x323b6dca38184d21},
		{"Belarus", "belarus", 0x89c124989ebc28ad},
		{"Belarus’s", "belarus", 0x89c124989ebc28ad},
		{"МОСКВА", "москва", 0xd7883d5ea91bcaa9},
		{"75,000", "75,000", 0xcbdcc24c219363c0},
		{"Straße", "strasse", 0x7a9c23ea5e7e9bc6},
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
			// The documented definition.
			if got, want := toks[0].Hash, referenceHashWord([]byte(tt.norm)); got != want {
				t.Errorf("AppendTokens(%q)[0].Hash=%#016x, want HashWord(%q)=%#016x", tt.text, got, tt.norm, want)
			}
		})
	}
}

// referenceHashWord is HashWord as its comment defines it, written the plain way.
func referenceHashWord(w []byte) uint64 {
	h := uint64(len(w))*0x9e3779b97f4a7c15 ^ 0x6e65617264757021
	for i := 0; i < len(w); i += 8 {
		var x uint64
		for k := i; k < i+8 && k < len(w); k++ {
			x |= uint64(w[k]) << (8 * (k - i))
		}
		h ^= x
		h = h<<29 | h>>35
		h *= 0xbf58476d1ce4e5b9
	}
	return fmix(h) // the murmur3 finaliser, pinned by the golden vectors
}

func TestGoldenHashWord(t *testing.T) {
	tests := []struct {
		word string
		want uint64
	}{
		{"a", 0x06cc45df756eb197},
		{"the", 0x323b6dca38184d21},
		{"eighteen", 0xc06498e3ab25c19b},             // 8 bytes: one full word
		{"seventeen", 0x2741b9bc7af837c0},            // 9: a word and a byte
		{"internationalization", 0xed48885b0b143eb4}, // 20: two words and a half
		{"москва", 0xd7883d5ea91bcaa9},
	}
	for _, tt := range tests {
		if got := HashWord([]byte(tt.word)); got != tt.want {
			t.Errorf("HashWord(%q)=%#016x, want %#016x", tt.word, got, tt.want)
		}
		if got, want := HashWord([]byte(tt.word)), referenceHashWord([]byte(tt.word)); got != want {
			t.Errorf("HashWord(%q)=%#016x, the definition gives %#016x", tt.word, got, want)
		}
	}
}

// TestTokenHashEveryLength: ASCII words of every length, in every case and at every distance
// from the end of the text, hash to HashWord of their lower-cased bytes, whichever path of the
// tokenizer takes them.
func TestTokenHashEveryLength(t *testing.T) {
	tk := NewTokenizer()
	const letters = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789QwErTy"
	for n := 1; n <= len(letters); n++ {
		word := letters[:n]
		want := HashWord(bytes.ToLower([]byte(word)))
		for pad := 0; pad <= 20; pad++ {
			for _, end := range []string{"", " ", ".", "—", "'", "-x", ", "} {
				text := "x " + word + end + strings.Repeat(" ", pad)
				toks := tk.AppendTokens(nil, []byte(text))
				if len(toks) < 2 {
					t.Fatalf("AppendTokens(%q) gave %d tokens", text, len(toks))
				}
				if toks[1].Hash != want {
					t.Errorf("AppendTokens(%q)[1].Hash=%#016x, want HashWord(%q)=%#016x", text, toks[1].Hash, strings.ToLower(word), want)
				}
				if number := strings.Trim(word, "0123456789") == ""; (toks[1].Flags&Number != 0) != number {
					t.Errorf("AppendTokens(%q)[1].Flags=%v, want Number %v", text, toks[1].Flags, number)
				}
			}
		}
	}
}

func TestGoldenWordShingles(t *testing.T) {
	tests := []struct {
		n    int
		want []uint64
	}{
		{1, []uint64{
			0xb6f91e83d6aecce6,
			0x9e1c0b76671b3dcc,
			0x31b73d82822855b3,
			0x92a2516ab2b5b04d,
			0x10f9cdc59e10c0c0,
			0x0ab1b23bf89a6b99,
			0x91dca3ab96cd0d8c,
			0xb8e8d8bdc076cf31,
			0x150c2487531e5484,
			0x3c8ac3b8ebe5e2f8,
			0xe1e4cc846723aa0a,
			0xb4eddd848f020e9a,
		}},
		{3, []uint64{
			0x125d1a59de966093,
			0xf4a03938c4aea7b5,
			0x29f6164ca7b4305c,
			0x1ec53827f070cee1,
			0xfa2090bdb9c568a5,
			0x2f2cac37989f2764,
			0x248dd956d7a7892c,
			0x766a02b6013c74d6,
			0xc76a20c049e4f4a5,
			0x58d7a585485871b6,
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
	const want = 0xef15f178a57813aa
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
