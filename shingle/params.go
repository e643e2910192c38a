package shingle

import "fmt"

// Unit is what a shingle is made of.
type Unit string

const (
	Words Unit = "word" // word n-grams
	Chars Unit = "char" // character n-grams over the normalised text
)

// Params fixes how text becomes shingles. The zero value means the defaults. Params are
// persisted in an index; two indexes built with different Params cannot be compared.
type Params struct {
	Unit Unit // default Words
	Size int  // n, the tokens (or characters) per shingle; default 3 for words, 5 for chars
}

// DefaultWordSize is the default n for word shingles. Three words keep light edits and OCR
// noise from breaking most shingles (a changed word breaks n of them) while a shared 3-gram
// is still rare between texts that merely share a topic.
const DefaultWordSize = 3

// DefaultCharSize is the default n for character shingles.
const DefaultCharSize = 5

// WithDefaults returns p with zero fields set to their defaults.
func (p Params) WithDefaults() Params {
	if p.Unit == "" {
		p.Unit = Words
	}
	if p.Size == 0 {
		if p.Unit == Chars {
			p.Size = DefaultCharSize
		} else {
			p.Size = DefaultWordSize
		}
	}
	return p
}

// Validate reports whether p (after defaults) can be used.
func (p Params) Validate() error {
	p = p.WithDefaults()
	switch p.Unit {
	case Words:
		if p.Size < 1 || p.Size > 16 {
			return fmt.Errorf("%w: word shingle size %d not in 1..16", ErrBadParams, p.Size)
		}
	case Chars:
		if p.Size < 2 || p.Size > 64 {
			return fmt.Errorf("%w: char shingle size %d not in 2..64", ErrBadParams, p.Size)
		}
	default:
		return fmt.Errorf("%w: unit %q is not %q or %q", ErrBadParams, p.Unit, Words, Chars)
	}
	return nil
}
