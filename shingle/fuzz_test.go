package shingle

import (
	"bytes"
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize feeds arbitrary bytes to the tokenizer. CI runs it with
//
//	go test -run '^$' -fuzz '^FuzzTokenize$' -fuzztime 10s ./shingle/
//
// Crashers found locally belong in testdata/fuzz/FuzzTokenize/.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"",
		"The quick brown fox",
		"Belarus’s “deal” — 75,000 tonnes, 3.5% more; don't.",
		"exam-\nple exam-\n\nple co\u00adop",
		"ЁЛКА и Москва, Straße, ﬁnd ＡＢＣ",
		"a\xffb\xc0\x80c\xe2\x80",
		"1,2,3.4.5,,6..7",
		"'s ’s ʼs x'",
		"ﷺ ŉ e\u0301 \u0301",
		"ABC def1 1.5. 2,a x-y co-\nop O'Brien 3,000,000, end.",
		"word\u00adword Mixed CASE9 9. ,9 a.b",
		"abcdefgh ABCDEFGHI abcdefghijklmno ABCDEFGHIJKLMNOP abcdefghijklmnopq 12345678 123456789.5 Zz",
		"Internationalization's counter-revolutionaries 1234567,890 eightchr.",
		"dogʼs bark is loud, the dog’s too; internationalʼs and more words",
	} {
		f.Add([]byte(s))
	}
	warm := NewTokenizer() // reused across inputs: its buffers and stem cache must not leak
	f.Fuzz(func(t *testing.T, text []byte) {
		orig := slices.Clone(text)
		t1, t2 := NewTokenizer(), NewTokenizer()

		toks1 := t1.AppendTokens(nil, text)
		toks2 := t2.AppendTokens(nil, text)
		if !slices.Equal(toks1, toks2) {
			t.Fatalf("AppendTokens(%q) differs between fresh Tokenizers: %v, then %v", text, toks1, toks2)
		}
		if got := warm.AppendTokens(nil, text); !slices.Equal(got, toks1) {
			t.Fatalf("AppendTokens(%q) on a used Tokenizer=%v, want %v", text, got, toks1)
		}

		// The fast path for plain ASCII words must give what the general scanner gives.
		var slow []Token
		t2.scan(text, func(w []byte) { slow = append(slow, t2.token(w, isNumber(w), false)) })
		if !slices.Equal(toks1, slow) {
			t.Fatalf("AppendTokens(%q)=%v, the general scanner gives %v", text, toks1, slow)
		}

		var slowContent []Token
		t2.scan(text, func(w []byte) { slowContent = append(slowContent, t2.token(w, isNumber(w), true)) })
		content1 := t1.AppendContent(nil, text)
		if !slices.Equal(content1, slowContent) {
			t.Fatalf("AppendContent(%q)=%v, the general scanner gives %v", text, content1, slowContent)
		}
		content2 := warm.AppendContent(nil, text)
		if !slices.Equal(content1, content2) {
			t.Fatalf("AppendContent(%q) differs: %v, then %v", text, content1, content2)
		}
		if len(content1) != len(toks1) {
			t.Fatalf("AppendContent(%q) gave %d tokens, AppendTokens %d", text, len(content1), len(toks1))
		}
		for i, tok := range content1 {
			if tok.Hash != toks1[i].Hash || tok.Flags != toks1[i].Flags {
				t.Fatalf("AppendContent(%q)[%d]=%v, AppendTokens gave %v", text, i, tok, toks1[i])
			}
			if tok.Stem != 0 && tok.Flags != 0 {
				t.Fatalf("AppendContent(%q)[%d]=%v: a stop word or number has a stem", text, i, tok)
			}
		}

		norm1 := t1.AppendNormalized(nil, text)
		norm2 := t2.AppendNormalized(nil, text)
		if !bytes.Equal(norm1, norm2) {
			t.Fatalf("AppendNormalized(%q) differs between fresh Tokenizers: %q, then %q", text, norm1, norm2)
		}
		if got := warm.AppendNormalized(nil, text); !bytes.Equal(got, norm1) {
			t.Fatalf("AppendNormalized(%q) on a used Tokenizer=%q, want %q", text, got, norm1)
		}
		if !utf8.Valid(norm1) {
			// Only runes that decoded as letters, digits or marks are kept, so this holds for
			// invalid input too.
			t.Fatalf("AppendNormalized(%q)=%q, not valid UTF-8", text, norm1)
		}
		if (len(norm1) == 0) != (len(toks1) == 0) {
			t.Fatalf("AppendNormalized(%q)=%q but AppendTokens gave %d tokens", text, norm1, len(toks1))
		}

		for _, n := range []int{2, 5} {
			cs1 := AppendCharShingles(nil, norm1, n)
			cs2 := AppendCharShingles(nil, norm1, n)
			if !slices.Equal(cs1, cs2) {
				t.Fatalf("AppendCharShingles(%q, %d) differs between runs", norm1, n)
			}
			want := 0
			if r := utf8.RuneCount(norm1); r >= n {
				want = r - n + 1
			} else if r > 0 {
				want = 1
			}
			if len(cs1) != want {
				t.Fatalf("len(AppendCharShingles(%q, %d))=%d, want %d", norm1, n, len(cs1), want)
			}
		}
		// Raw (unnormalised, possibly invalid) bytes must not panic either.
		AppendCharShingles(nil, text, 5)

		ws := AppendWordShingles(nil, toks1, 3)
		if want := max(len(toks1)-2, min(len(toks1), 1)); len(ws) != want {
			t.Fatalf("len(AppendWordShingles(%q, 3))=%d, want %d", text, len(ws), want)
		}

		if !bytes.Equal(text, orig) {
			t.Fatalf("tokenizing modified its input: %q, was %q", text, orig)
		}
	})
}
