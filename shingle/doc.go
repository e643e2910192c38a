// Package shingle turns text into stable 64-bit hashes: normalised word tokens, word n-gram
// shingles (w-shingling, Broder 1997) and character n-grams, plus the content-word features
// the rewrite tier compares.
//
// # Normalisation
//
// A token is a run of letters, digits and combining marks. ASCII words are lower-cased in place;
// a word holding any non-ASCII byte is put in Unicode NFKC form and case-folded (UAX #15, and
// the full case folding of golang.org/x/text/cases), and Cyrillic ё is written е. Everything
// else separates tokens, so typographic quotes, dashes and punctuation of every script fold away.
// Inside a word, apostrophes (' ’ ʼ) are dropped and a final possessive "'s" is removed; a
// hyphen at the end of a line joins the two halves of a word broken there (OCR and hard-wrapped
// text); soft hyphens are ignored; "75,000" and "3.5" stay one number token, separator included.
//
// # Hashes
//
// A token hashes to HashWord of its normalised UTF-8 bytes (eight bytes at a time, folded by
// rotate and multiply, then the murmur3 finaliser: a word of up to 8 bytes cannot collide with
// another, and an ASCII word is hashed in a register as it is read); a word shingle combines the hashes
// of its n tokens with an order-sensitive mix (see combine); a character shingle is XXH3-64 of
// its bytes in the normalised text (tokens joined by one space). The values are persisted in
// indexes, so they are pinned by golden vectors in hash_test.go: changing any of them is a
// format change.
//
// # Caveats
//
// A Tokenizer keeps scratch buffers and a stem cache: it is not safe for concurrent use. Make
// one per goroutine.
package shingle
