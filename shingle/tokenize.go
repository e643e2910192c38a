package shingle

import (
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
	"github.com/zeebo/xxh3"
	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Flag describes a token.
type Flag uint8

const (
	Stop   Flag = 1 << iota // an English or Russian stop word
	Number                  // digits only
)

// Token is one normalised word.
type Token struct {
	Hash uint64 // HashWord of the normalised word
	// Stem is the hash of the word's Snowball stem for content words (not stop words, not
	// numbers, two letters or more), 0 otherwise. It is set only by AppendContent.
	Stem  uint64
	Flags Flag
}

// Tokenizer splits text into normalised tokens. Its zero value is not ready: use NewTokenizer.
// It is not safe for concurrent use.
type Tokenizer struct {
	word  []byte // the current word, ASCII lower-cased
	norm  []byte // NFKC of a non-ASCII word
	fold  []byte // case fold of norm
	caser cases.Caser
	stems stemCache
}

// stemCache maps word hashes to stem hashes by open addressing, and forgets everything when
// half full: a Go map of as many words cost twice as much to probe. Word hash 0 marks an
// empty slot and is never cached.
type stemCache struct {
	words, stems []uint64
	used         int
}

const stemSlots = 1 << 19

func (c *stemCache) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> (64 - 19) }

func (c *stemCache) get(h uint64) (uint64, bool) {
	if c.used == 0 {
		return 0, false
	}
	for i := c.slot(h); c.words[i] != 0; i = (i + 1) & (stemSlots - 1) {
		if c.words[i] == h {
			return c.stems[i], true
		}
	}
	return 0, false
}

func (c *stemCache) put(h, stem uint64) {
	if h == 0 {
		return
	}
	if c.words == nil {
		c.words, c.stems = make([]uint64, stemSlots), make([]uint64, stemSlots)
	}
	if 2*(c.used+1) > stemSlots {
		clear(c.words)
		c.used = 0
	}
	i := c.slot(h)
	for c.words[i] != 0 {
		i = (i + 1) & (stemSlots - 1)
	}
	c.words[i], c.stems[i] = h, stem
	c.used++
}

// NewTokenizer returns a Tokenizer with warm buffers.
func NewTokenizer() *Tokenizer {
	return &Tokenizer{
		word:  make([]byte, 0, 64),
		norm:  make([]byte, 0, 64),
		fold:  make([]byte, 0, 64),
		caser: cases.Fold(),
	}
}

// AppendTokens appends the tokens of text to dst and returns the extended slice. Stem is left 0.
// It allocates nothing when cap(dst) suffices and text is ASCII.
func (t *Tokenizer) AppendTokens(dst []Token, text []byte) []Token {
	return t.appendTokens(dst, text, false)
}

// AppendContent is AppendTokens that also sets Stem for content words.
func (t *Tokenizer) AppendContent(dst []Token, text []byte) []Token {
	return t.appendTokens(dst, text, true)
}

// AppendNormalized appends the normalised text (tokens joined by one space) to dst.
func (t *Tokenizer) AppendNormalized(dst []byte, text []byte) []byte {
	first := true
	t.scan(text, func(w []byte) {
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		dst = append(dst, w...)
	})
	return dst
}

func (t *Tokenizer) appendTokens(dst []Token, text []byte, content bool) []Token {
	emit := func(w []byte) { dst = append(dst, t.token(w, isNumber(w), content)) }
	i := 0
	for i < len(text) {
		c := text[i]
		if c >= utf8.RuneSelf {
			i = t.scanWord(text, i, emit)
			continue
		}
		if byteClass[c] == 0 {
			i++
			continue
		}
		// Most words are a run of ASCII letters and digits ended by a space or a mark that
		// cannot continue them: those are classified eight bytes at a time and hashed where
		// they lie, lower-cased in a register. Anything else goes through scanWord from the
		// word's start.
		start := i
		if n, h, number := hashASCII(text, i); n > 0 {
			if i += n; !endsWord(text, i) {
				// A hyphen or an apostrophe may still end the word, with a possessive 's
				// dropped; anything that continues it is scanWord's.
				j, ok := afterWord(text, i)
				if !ok {
					i = t.scanWord(text, start, emit)
					continue
				}
				i = j
			}
			tok := Token{Hash: h, Flags: flags(h, number)}
			if content && tok.Flags == 0 && n >= 2 {
				tok.Stem = t.stemASCII(h, text[start:start+n]) // without a possessive 's
			}
			dst = append(dst, tok)
			continue
		}
		var class uint8
		for i < len(text) {
			k := byteClass[text[i]]
			if k == 0 {
				break
			}
			class |= k
			i++
		}
		if i < len(text) && !endsWord(text, i) {
			i = t.scanWord(text, start, emit)
			continue
		}
		w := text[start:i]
		if class&upperClass != 0 {
			w = t.lower(w)
		}
		dst = append(dst, t.token(w, class == digitClass, content))
	}
	return dst
}

// token makes the token of the normalised word w.
func (t *Tokenizer) token(w []byte, number, content bool) Token {
	h := HashWord(w)
	tok := Token{Hash: h, Flags: flags(h, number)}
	if content && tok.Flags == 0 && utf8.RuneCount(w) >= 2 {
		tok.Stem = t.stem(h, w)
	}
	return tok
}

// flags returns the flags of a word of hash h, a number or not, without a branch: which words
// are stop words is a coin toss to a predictor.
func flags(h uint64, number bool) Flag {
	num := b2u(number)
	return Flag(num)*Number | Flag(stopHashes.has(h)&^num)*Stop
}

// afterWord returns where scanning goes on after a word that a hyphen or an apostrophe at
// text[i] ends, as scanWord would; false if the mark is something else or continues the word.
func afterWord(text []byte, i int) (int, bool) {
	r, n := decode(text, i)
	switch {
	case isHyphen(r):
		if _, join := lineBreakJoin(text, i+n); join {
			return 0, false
		}
		return i, true
	case isApostrophe(r):
		if i+n >= len(text) {
			return i, true
		}
		next, m := decode(text, i+n)
		if next == 's' || next == 'S' {
			if j := i + n + m; j >= len(text) || !isWordRune(peek(text, j)) {
				return j, true // possessive 's
			}
		}
		if isWordRune(next) {
			return 0, false
		}
		return i, true
	}
	return 0, false
}

// stemASCII is stem for the ASCII word raw as written, not lower-cased.
func (t *Tokenizer) stemASCII(h uint64, raw []byte) uint64 {
	if s, ok := t.stems.get(h); ok {
		return s
	}
	return t.stem(h, t.lower(raw))
}

// lower returns the ASCII word w lower-cased, in the tokenizer's word buffer.
func (t *Tokenizer) lower(w []byte) []byte {
	t.word = append(t.word[:0], w...)
	for k, c := range t.word {
		if 'A' <= c && c <= 'Z' {
			t.word[k] = c + 'a' - 'A'
		}
	}
	return t.word
}

// The classes of ASCII bytes in words, as bits; 0 for the rest (and for non-ASCII bytes).
const (
	lowerClass = 1 << iota
	digitClass
	upperClass
)

var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = digitClass
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = lowerClass
		t[c-'a'+'A'] = upperClass
	}
	return t
}()

// endsWord reports whether the ASCII byte text[i], after a run of ASCII word bytes, ends
// the word for certain: not an apostrophe, a hyphen, a non-ASCII rune,
// or a point or comma between digits.
func endsWord(text []byte, i int) bool {
	switch c := text[i]; {
	case c >= utf8.RuneSelf, c == '\'', c == '-':
		return false
	case c == '.' || c == ',':
		return !isDigit(text[i-1]) || i+1 >= len(text) || !isDigit(text[i+1])
	}
	return true
}

// stem caches stems by word hash, since Snowball works on strings and allocates.
func (t *Tokenizer) stem(h uint64, w []byte) uint64 {
	if s, ok := t.stems.get(h); ok {
		return s
	}
	word := string(w)
	var st string
	if r, _ := utf8.DecodeRune(w); unicode.Is(unicode.Cyrillic, r) {
		st = russian.Stem(word, true)
	} else {
		st = english.Stem(word, true)
	}
	s := xxh3.HashString(st) | 1 // never 0, which means "not a content word"
	t.stems.put(h, s)
	return s
}

// isNumber reports whether w is digits, with the separators a number may hold inside.
func isNumber(w []byte) bool {
	for _, c := range w {
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			return false
		}
	}
	return len(w) > 0
}

// wordByte marks ASCII bytes that belong to words.
var wordByte = func() (t [128]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return wordByte[r]
	}
	// U+02BC is a letter to Unicode but an apostrophe in running text.
	return r != 'ʼ' && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' || r == '¬' }

// decode is utf8.DecodeRune with an inlined ASCII fast path.
func decode(text []byte, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(text[i:])
}

// scan calls emit with each normalised word. The slice passed to emit is only valid during
// the call.
func (t *Tokenizer) scan(text []byte, emit func([]byte)) {
	for i := 0; i < len(text); {
		i = t.scanWord(text, i, emit)
	}
}

// scanWord skips what is not a word from i on, calls emit with the next word (NFKC may make
// it several), and returns where scanning goes on.
func (t *Tokenizer) scanWord(text []byte, i int, emit func([]byte)) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if wordByte[c] {
				break
			}
			i++
		} else if r, n := utf8.DecodeRune(text[i:]); !isWordRune(r) {
			i += n
		} else {
			break
		}
	}
	if i == len(text) {
		return i
	}
	w := t.word[:0]
	ascii := true
	var r rune
	var n int
	for i < len(text) {
		// Most text is ASCII letters and digits: take runs of them a byte at a time.
		if c := text[i]; c < utf8.RuneSelf && wordByte[c] {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w = append(w, c)
			i++
			continue
		}
		r, n = decode(text, i)
		if isWordRune(r) {
			if r < utf8.RuneSelf {
				c := byte(r)
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				w = append(w, c)
			} else {
				ascii = false
				w = append(w, text[i:i+n]...)
			}
			i += n
			continue
		}
		if r == '\u00ad' { // soft hyphen: invisible, inside words
			i += n
			continue
		}
		if isApostrophe(r) && i+n < len(text) {
			next, m := decode(text, i+n)
			if next == 's' || next == 'S' {
				if j := i + n + m; j >= len(text) || !isWordRune(peek(text, j)) {
					i = j // possessive 's
					break
				}
			}
			if isWordRune(next) {
				i += n
				continue
			}
			break
		}
		if (r == '.' || r == ',') && len(w) > 0 && isDigit(w[len(w)-1]) && i+1 < len(text) && isDigit(text[i+1]) {
			// Kept: 3.5 and 35 are different figures.
			w = append(w, byte(r))
			i++
			continue
		}
		if isHyphen(r) {
			if j, ok := lineBreakJoin(text, i+n); ok {
				i = j
				continue
			}
		}
		break
	}
	t.word = w[:0] // keep what the buffer grew to
	if ascii {
		emit(w)
		return i
	}
	// NFKC can turn one letter into several words (U+FDFA) or add a space (U+037A):
	// split what it gives as the scanner would have split it.
	w = t.normalize(w)
	for len(w) > 0 {
		j := 0
		for j < len(w) {
			r, n := decode(w, j)
			if !isWordRune(r) {
				break
			}
			j += n
		}
		if j > 0 {
			emit(w[:j])
		}
		for j < len(w) {
			r, n := decode(w, j)
			if isWordRune(r) {
				break
			}
			j += n
		}
		w = w[j:]
	}
	return i
}

func peek(text []byte, i int) rune {
	r, _ := decode(text, i)
	return r
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// lineBreakJoin reports whether a hyphen ending at i is a word broken across lines ("exam-\nple"),
// and where the word goes on.
func lineBreakJoin(text []byte, i int) (int, bool) {
	nl := false
	for i < len(text) {
		switch text[i] {
		case ' ', '\t', '\r':
			i++
			continue
		case '\n':
			if nl {
				return 0, false // a blank line ends the paragraph
			}
			nl = true
			i++
			continue
		}
		break
	}
	if !nl || i >= len(text) {
		return 0, false
	}
	r, _ := decode(text, i)
	return i, unicode.IsLetter(r)
}

// normalize puts a non-ASCII word in NFKC form, case-folds it, and writes ё as е.
func (t *Tokenizer) normalize(w []byte) []byte {
	t.norm = norm.NFKC.Append(t.norm[:0], w...)
	t.caser.Reset()
	for {
		t.fold = t.fold[:cap(t.fold)]
		nDst, _, err := t.caser.Transform(t.fold, t.norm, true)
		if err == transform.ErrShortDst {
			t.fold = make([]byte, 0, 2*cap(t.fold)+len(t.norm))
			t.caser.Reset()
			continue
		}
		if err != nil { // invalid UTF-8 is copied through by the caser; anything else: keep NFKC
			return t.norm
		}
		t.fold = t.fold[:nDst]
		break
	}
	// ё (d1 91) -> е (d0 b5); Ё is already folded.
	out := t.fold
	for k := 0; k+1 < len(out); k++ {
		if out[k] == 0xd1 && out[k+1] == 0x91 {
			out[k], out[k+1] = 0xd0, 0xb5
		}
	}
	return out
}
