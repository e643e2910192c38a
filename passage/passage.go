package passage

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Kind is what a line or passage is.
type Kind uint8

const (
	Text Kind = iota
	Heading
	List
	Table
)

var kindNames = [...]string{"text", "heading", "list", "table"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Line is one non-blank line of a text.
type Line struct {
	Start, End int // byte offsets of the line without its surrounding white space
	Words      int
	Kind       Kind
	Para       bool // a paragraph starts here
}

// Passage is a span of a text that neardup compares as a unit.
type Passage struct {
	Start, End int // byte offsets into the original text
	Words      int
	Kind       Kind // Text, List or Table
}

// Params sets the window sizes. The zero value means the defaults.
type Params struct {
	MinWords int // default 40
	MaxWords int // default 250
}

// Defaults: windows of 40 words or more keep one-sentence ledes from linking on a few shared
// words, and 250 keeps an OCR column that has no paragraph marks from becoming one passage.
const (
	DefaultMinWords = 40
	DefaultMaxWords = 250
)

// WithDefaults returns p with zero fields set to their defaults.
func (p Params) WithDefaults() Params {
	if p.MinWords <= 0 {
		p.MinWords = DefaultMinWords
	}
	if p.MaxWords <= 0 {
		p.MaxWords = DefaultMaxWords
	}
	if p.MaxWords < p.MinWords {
		p.MaxWords = p.MinWords
	}
	return p
}

// Lines appends the non-blank lines of text, classified, to dst.
func Lines(dst []Line, text []byte) []Line {
	type raw struct {
		start, end  int
		blankBefore bool
		indent      bool
	}
	var rs []raw
	blank := true
	for i := 0; i <= len(text); {
		j := i
		for j < len(text) && text[j] != '\n' {
			j++
		}
		s, e := trim(text, i, j)
		if s < e {
			rs = append(rs, raw{start: s, end: e, blankBefore: blank, indent: s-i >= 2 || (s > i && text[i] == '\t')})
			blank = false
		} else {
			blank = true
		}
		i = j + 1
	}
	if len(rs) == 0 {
		return dst
	}
	lens := make([]int, len(rs))
	for k, r := range rs {
		lens[k] = r.end - r.start
	}
	slices.Sort(lens)
	width := lens[(len(lens)*9+9)/10-1] // the 90th percentile
	wrapped := len(rs) >= 4 && width <= 100

	for k, r := range rs {
		line := text[r.start:r.end]
		l := Line{Start: r.start, End: r.end, Words: countWords(line)}
		blankAfter := k+1 == len(rs) || rs[k+1].blankBefore
		switch {
		case line[0] == '|':
			l.Kind = Table
		case isListItem(line):
			l.Kind = List
		case wrapped && r.blankBefore && blankAfter && l.Words <= 12:
			l.Kind = Heading
		case !wrapped && (l.Words <= 5 || l.Words <= 20 && !endsSentence(line)):
			l.Kind = Heading
		}
		switch {
		case k == 0, r.blankBefore, !wrapped:
			l.Para = true
		default:
			prev := dst[len(dst)-1]
			pl := text[prev.Start:prev.End]
			l.Para = prev.Kind != l.Kind || l.Kind == List || r.indent ||
				endsSentence(pl) && len(pl)*10 < width*8
		}
		if l.Kind == Text && l.Words > DefaultMaxWords {
			dst = splitLong(dst, text, l)
			continue
		}
		dst = append(dst, l)
	}
	return dst
}

// splitLong appends line l, a text line longer than DefaultMaxWords words (a whole article
// with no line breaks, as JSON fields often hold), as pieces that end at sentence ends once
// they hold DefaultMinWords words, or at any word once they hold DefaultMaxWords. Each
// piece starts a paragraph, so that passages form as they would from paragraphs.
func splitLong(dst []Line, text []byte, l Line) []Line {
	start, words := l.Start, 0
	in := false
	for i := l.Start; i < l.End; {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:l.End])
		}
		w := isWordRune(r)
		if w && !in {
			words++
		}
		in = w || in && (r == '\'' || r == '’')
		i += size
		cut := false
		switch {
		case words >= DefaultMaxWords && (r == ' ' || r == '\t'):
			cut = true
		case words >= DefaultMinWords && (r == '.' || r == '!' || r == '?'):
			// A sentence ends where the punctuation (and closing quotes) meet a space.
			j := i
			for j < l.End && (text[j] == '"' || text[j] == '\'' || text[j] == ')') {
				j++
			}
			if j < l.End && (text[j] == ' ' || text[j] == '\t') && !isDigit(text[i-size-1]) {
				i, cut = j, true
			}
		}
		if cut {
			s, e := trim(text, start, i)
			if s < e {
				dst = append(dst, Line{Start: s, End: e, Words: countWords(text[s:e]), Kind: Text, Para: true})
			}
			start, words, in = i, 0, false
		}
	}
	if s, e := trim(text, start, l.End); s < e {
		dst = append(dst, Line{Start: s, End: e, Words: countWords(text[s:e]), Kind: Text, Para: true})
	}
	return dst
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Split appends the passages of text to dst, built from lines (as Lines returns them) except
// those for which skip returns true. skip may be nil.
func Split(dst []Passage, text []byte, lines []Line, skip func(i int) bool, p Params) []Passage {
	p = p.WithDefaults()
	var cur Passage
	open := false   // cur holds lines
	joined := false // the last emitted passage is a text window that cur may still join
	flush := func(final bool) {
		if !open {
			return
		}
		if cur.Kind == Text && final && cur.Words < p.MinWords && joined {
			last := &dst[len(dst)-1]
			last.End, last.Words = cur.End, last.Words+cur.Words
		} else {
			dst = append(dst, cur)
		}
		joined = cur.Kind == Text && !final
		open = false
	}
	for i, l := range lines {
		if skip != nil && skip(i) || l.Kind == Heading {
			flush(true)
			joined = false
			continue
		}
		kind := l.Kind
		if open && cur.Kind != kind {
			flush(true)
			joined = false
		}
		if open && kind == Text && l.Para && cur.Words >= p.MinWords {
			flush(false)
		}
		if open && cur.Words+l.Words > p.MaxWords && cur.Words >= p.MinWords {
			flush(false)
		}
		if !open {
			cur = Passage{Start: l.Start, Kind: kind}
			open = true
		}
		cur.End = l.End
		cur.Words += l.Words
	}
	flush(true)
	return dst
}

func trim(text []byte, i, j int) (int, int) {
	for i < j && isSpace(text[i]) {
		i++
	}
	for j > i && isSpace(text[j-1]) {
		j--
	}
	return i, j
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func isListItem(line []byte) bool {
	if len(line) >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ' {
		return true
	}
	if r, n := utf8.DecodeRune(line); (r == '•' || r == '–' || r == '—' || r == '·') && n < len(line) && line[n] == ' ' {
		return true
	}
	i := 0
	for i < len(line) && i < 3 && '0' <= line[i] && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}

// endsSentence reports whether line ends with sentence-final punctuation, closing quotes and
// brackets aside.
func endsSentence(line []byte) bool {
	for len(line) > 0 {
		r, n := utf8.DecodeLastRune(line)
		switch r {
		case '"', '\'', '”', '’', '»', ')', ']':
			line = line[:len(line)-n]
			continue
		case '.', '!', '?', '…', ':', ';':
			return true
		}
		return false
	}
	return false
}

// countWords counts runs of letters and digits.
func countWords(b []byte) int {
	n := 0
	in := false
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w || in && (r == '\'' || r == '’')
		i += size
	}
	return n
}
