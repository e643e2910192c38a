package shingle

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestAppendNormalized(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"empty", "", ""},
		{"only separators", " \t\n.,;:!?()[]", ""},
		{"ascii lower", "Hello WORLD, HeLLo again", "hello world hello again"},
		{"ascii digits and letters", "COVID19 B52s", "covid19 b52s"},
		{"collapse whitespace", "  a\t\tb\r\n\nc  ", "a b c"},

		// NFKC.
		{"ligature fi", "ﬁnd the ﬁle", "find the file"},
		{"ligature ff", "eﬀort", "effort"},
		{"fullwidth letters", "ＡＢＣ ｄｅｆ", "abc def"},
		{"fullwidth digits", "１２３", "123"},
		{"combining acute composed", "Cafe\u0301", "café"},

		// Case folding.
		{"sharp s", "Straße", "strasse"},
		{"capital sharp s", "STRAẞE", "strasse"},
		{"cyrillic upper", "МОСКВА Москва", "москва москва"},
		{"cyrillic yo", "ёлка Ёлка", "елка елка"},
		{"greek final sigma", "ΟΔΟΣ οδος", "οδοσ οδοσ"},
		{"mixed ascii and non-ascii", "MÜNCHEN", "münchen"},

		// Typographic punctuation separates.
		{"curly double quotes", "“quoted” words", "quoted words"},
		{"guillemets", "«Известия»", "известия"},
		{"em dash", "war—peace", "war peace"},
		{"en dash", "1914–1918", "1914 1918"},
		{"spaced dash", "yes — no", "yes no"},
		{"ellipsis", "wait…what", "wait what"},
		{"plain hyphen mid line", "well-known", "well known"},

		// Apostrophes.
		{"possessive curly", "Belarus’s intention", "belarus intention"},
		{"possessive straight", "Belarus's intention", "belarus intention"},
		{"possessive capital S", "BELARUS'S", "belarus"},
		{"possessive at end of sentence", "the country’s.", "the country"},
		{"contraction straight", "don't", "dont"},
		{"contraction curly", "Don’t", "dont"},
		{"inner apostrophes", "rock'n'roll", "rocknroll"},
		{"plural possessive", "students' books", "students books"},
		{"apostrophe then s-word", "o'sullivan", "osullivan"},
		{"leading quote", "'quoted'", "quoted"},

		// Line-break hyphens.
		{"ocr line break", "exam-\nple", "example"},
		{"ocr line break crlf", "exam-\r\nple", "example"},
		{"ocr line break with spaces", "exam-  \n  ple", "example"},
		{"ocr line break capital", "exam-\nPle", "example"},
		{"not-sign hyphen", "exam¬\nple", "example"},
		{"unicode hyphen", "exam‐\nple", "example"},
		{"blank line ends paragraph", "exam-\n\nple", "exam ple"},
		{"blank line with spaces", "exam-\n \nple", "exam ple"},
		{"hyphen then digit", "page-\n12", "page 12"},
		{"hyphen at end of text", "exam-\n", "exam"},
		{"hyphen without newline", "exam- ple", "exam ple"},

		// Soft hyphen.
		{"soft hyphen", "co\u00adop\u00aderation", "cooperation"},
		{"soft hyphen alone", "a \u00ad b", "a b"},

		// Numbers.
		{"thousands comma", "75,000 people", "75,000 people"},
		{"decimal point", "3.5 percent", "3.5 percent"},
		{"a sentence-final point is no separator", "in 1916. Then", "in 1916 then"},
		{"several groups", "1,234,567.89", "1,234,567.89"},
		{"sentence end after number", "in 1916. Then", "in 1916 then"},
		{"comma after number", "1916, then", "1916 then"},
		{"comma list", "a,b", "a b"},

		// Invalid UTF-8 separates and does not panic.
		{"invalid bytes", "a\xffb\xc0c", "a b c"},
		{"truncated rune", "abc\xe2\x80", "abc"},
		{"lone continuation", "\x80\x80word\x80", "word"},
		{"replacement char", "a\ufffdb", "a b"},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tk.AppendNormalized(nil, []byte(tt.text))
			if string(got) != tt.want {
				t.Errorf("AppendNormalized(%q)=%q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestAppendNormalizedModifierApostrophe covers U+02BC, which the package doc lists among the
// apostrophes that are dropped inside a word.
func TestAppendNormalizedModifierApostrophe(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"donʼt", "dont"},
		{"Belarusʼs policy", "belarus policy"},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		if got := tk.AppendNormalized(nil, []byte(tt.text)); string(got) != tt.want {
			t.Errorf("AppendNormalized(%q)=%q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestNormalizedRetokenizes checks that the normalised text, split again, gives the same
// tokens: character shingles are taken over the normalised text, word shingles over tokens,
// and the two must describe the same words.
func TestNormalizedRetokenizes(t *testing.T) {
	tests := []struct {
		name string
		text string
		bug  string
	}{
		{"seed sentence", "Belarus’s “deal” with the U.S. — 75,000 tonnes, 3.5% more.", ""},
		{"ocr", "The exam-\nple of co\u00adop-\n\neration", ""},
		{"cyrillic", "ЁЛКА и Москва", ""},
		{"ligatures", "ﬁnd ＡＢＣ Straße", ""},
		{"nfkc adds spaces", "ﷺ", ""},
		{"nfkc adds a leading space", "ͺ", ""},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.bug != "" {
			}
			norm := tk.AppendNormalized(nil, []byte(tt.text))
			a := tk.AppendTokens(nil, []byte(tt.text))
			b := tk.AppendTokens(nil, norm)
			if !slices.Equal(a, b) {
				t.Errorf("AppendTokens(%q)=%v, want AppendTokens(%q)=%v", norm, b, tt.text, a)
			}
			if again := tk.AppendNormalized(nil, norm); string(again) != string(norm) {
				t.Errorf("AppendNormalized(%q)=%q, want it unchanged", norm, again)
			}
		})
	}
}

func TestAppendNormalizedAppends(t *testing.T) {
	tk := NewTokenizer()
	dst := []byte("prefix|")
	got := tk.AppendNormalized(dst, []byte("A b"))
	if want := "prefix|a b"; string(got) != want {
		t.Errorf("AppendNormalized(%q, %q)=%q, want %q", "prefix|", "A b", got, want)
	}
}

func TestTokenFlags(t *testing.T) {
	tests := []struct {
		text string
		want Flag
	}{
		{"the", Stop},
		{"The", Stop},
		{"said", Stop},
		{"don't", Stop}, // "dont" is on the list
		{"и", Stop},
		{"И", Stop},
		{"ещё", Stop},
		{"её", Stop},
		{"75,000", Number},
		{"1916", Number},
		{"3.5", Number},
		{"１２３", Number},
		{"agreement", 0},
		{"москва", 0},
		{"b52", 0},
		{"x", 0},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		toks := tk.AppendTokens(nil, []byte(tt.text))
		if len(toks) != 1 {
			t.Errorf("AppendTokens(%q) gave %d tokens, want 1", tt.text, len(toks))
			continue
		}
		if got := toks[0].Flags; got != tt.want {
			t.Errorf("AppendTokens(%q)[0].Flags=%v, want %v", tt.text, got, tt.want)
		}
		if got := toks[0].Stem; got != 0 {
			t.Errorf("AppendTokens(%q)[0].Stem=%#x, want 0 (only AppendContent sets it)", tt.text, got)
		}
	}
}

func TestIsStopWord(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"the", true}, {"и", true}, {"dont", true}, {"The", false}, {"don't", false},
		{"agreement", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsStopWord(tt.w); got != tt.want {
			t.Errorf("IsStopWord(%q)=%v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestAppendContentStems(t *testing.T) {
	tests := []struct {
		text    string
		content bool // Stem != 0
	}{
		{"the", false},
		{"и", false},
		{"75,000", false},
		{"x", false},  // one letter
		{"ж", false},  // one letter, Cyrillic
		{"é", false},  // one rune after NFKC
		{"an", false}, // stop word
		{"go", true},  // two letters
		{"agreement", true},
		{"Lukashenko", true},
		{"москва", true},
		{"b52", true},
	}
	tk := NewTokenizer()
	for _, tt := range tests {
		toks := tk.AppendContent(nil, []byte(tt.text))
		if len(toks) != 1 {
			t.Errorf("AppendContent(%q) gave %d tokens, want 1", tt.text, len(toks))
			continue
		}
		if got := toks[0].Stem != 0; got != tt.content {
			t.Errorf("AppendContent(%q)[0].Stem!=0 is %v, want %v", tt.text, got, tt.content)
		}
		// AppendContent and AppendTokens agree on everything but Stem.
		plain := tk.AppendTokens(nil, []byte(tt.text))
		if plain[0].Hash != toks[0].Hash || plain[0].Flags != toks[0].Flags {
			t.Errorf("AppendContent(%q)[0]=%v, AppendTokens gave %v: want equal Hash and Flags", tt.text, toks[0], plain[0])
		}
	}
}

func TestStemClasses(t *testing.T) {
	// Words in one group share a Snowball stem; groups differ from each other.
	groups := [][]string{
		{"negotiate", "negotiations", "negotiation", "Negotiated"},
		{"announced", "announces", "announcing", "announce"},
		{"agreement", "agreements"},
		{"москва", "москвы", "Москве"},
		{"переговоры", "переговорах"},
	}
	tk := NewTokenizer()
	stem := func(w string) uint64 {
		toks := tk.AppendContent(nil, []byte(w))
		if len(toks) != 1 {
			t.Fatalf("AppendContent(%q) gave %d tokens, want 1", w, len(toks))
		}
		return toks[0].Stem
	}
	seen := make(map[uint64]string)
	for _, g := range groups {
		first := stem(g[0])
		if first == 0 {
			t.Errorf("AppendContent(%q)[0].Stem=0, want a content stem", g[0])
		}
		for _, w := range g[1:] {
			if got := stem(w); got != first {
				t.Errorf("AppendContent(%q)[0].Stem=%#x, want %#x as for %q", w, got, first, g[0])
			}
		}
		if other, ok := seen[first]; ok {
			t.Errorf("%q and %q share stem %#x, want different stems", g[0], other, first)
		}
		seen[first] = g[0]
	}
	// The stem cache must not change results: a fresh Tokenizer agrees.
	for _, g := range groups {
		for _, w := range g {
			a := stem(w)
			b := NewTokenizer().AppendContent(nil, []byte(w))[0].Stem
			if a != b {
				t.Errorf("cached stem of %q=%#x, fresh Tokenizer gives %#x", w, a, b)
			}
		}
	}
}

func TestAppendStemsAndNumbers(t *testing.T) {
	text := []byte("The 75,000 negotiators said и negotiations in 1916")
	tk := NewTokenizer()
	toks := tk.AppendContent(nil, text)
	if len(toks) != 8 {
		t.Fatalf("AppendContent(%q) gave %d tokens, want 8", text, len(toks))
	}
	stems := AppendStems(nil, toks)
	if len(stems) != 2 {
		t.Errorf("AppendStems(%q) gave %d stems, want 2 (negotiators, negotiations)", text, len(stems))
	}
	nums := AppendNumbers(nil, toks)
	want := []uint64{toks[1].Hash, toks[7].Hash}
	if !slices.Equal(nums, want) {
		t.Errorf("AppendNumbers(%q)=%#x, want %#x", text, nums, want)
	}
}

func TestTokenizerAllocs(t *testing.T) {
	text := []byte("The quick brown fox jumps over the lazy dog. In 1916, 75,000 people don't agree; " +
		"exam-\nple of Belarus's co-operation and 3.5 percent.")
	tk := NewTokenizer()
	dst := tk.AppendTokens(nil, text) // warm dst and the Tokenizer's buffers
	if len(dst) == 0 {
		t.Fatal("no tokens")
	}
	allocs := testing.AllocsPerRun(100, func() {
		dst = tk.AppendTokens(dst[:0], text)
	})
	if allocs != 0 {
		t.Errorf("AppendTokens(ASCII) with warm dst: %v allocs per run, want 0", allocs)
	}
}

func TestNormalizeValidUTF8(t *testing.T) {
	// Everything outside words separates tokens, so the output is valid UTF-8 even when the
	// input is not.
	inputs := []string{"a\xffb", "\xed\xa0\x80x", "Ёж\xc3", "\xf4\x90\x80\x80ok", "ﬁ\x80ﬂ"}
	tk := NewTokenizer()
	for _, in := range inputs {
		if got := tk.AppendNormalized(nil, []byte(in)); !utf8.Valid(got) {
			t.Errorf("AppendNormalized(%q)=%q, want valid UTF-8", in, got)
		}
	}
}

// TestStemCache: what the cache returns is what was put, until it forgets everything at
// half full; word hash 0 is never cached.
func TestStemCache(t *testing.T) {
	var c stemCache
	if _, ok := c.get(5); ok {
		t.Fatal("empty cache: get(5) found something")
	}
	c.put(0, 9)
	if _, ok := c.get(0); ok {
		t.Error("word hash 0 was cached")
	}
	for h := uint64(1); h <= stemSlots/2; h++ {
		c.put(h, h*3)
	}
	for _, h := range []uint64{1, 77, stemSlots / 2} {
		if s, ok := c.get(h); !ok || s != h*3 {
			t.Errorf("get(%d)=%d, %v; want %d, true", h, s, ok, h*3)
		}
	}
	c.put(stemSlots, 1) // one past half full: the cache starts again
	if _, ok := c.get(77); ok || c.used != 1 {
		t.Errorf("after the cache filled: get(77) found, used %d; want forgotten, 1", c.used)
	}
	if s, ok := c.get(stemSlots); !ok || s != 1 {
		t.Errorf("get of the entry that restarted the cache=%d, %v; want 1, true", s, ok)
	}
}
