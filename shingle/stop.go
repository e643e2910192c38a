package shingle

import "github.com/zeebo/xxh3"

var stopWords = func() map[string]struct{} {
	m := make(map[string]struct{}, len(englishStopWords)+len(russianStopWords))
	for _, w := range englishStopWords {
		m[w] = struct{}{}
	}
	for _, w := range russianStopWords {
		m[w] = struct{}{}
	}
	return m
}()

// stopHashes holds the stop words' token hashes in an open-addressing table: the tokenizer
// has each word's hash already, and probing it costs a fraction of hashing the word again
// as a string map key. Two words with one 64-bit hash are not expected in any corpus.
var stopHashes = func() stopSet {
	s := make(stopSet, 1<<12) // under a quarter full
	for w := range stopWords {
		h := xxh3.HashString(w)
		i := h & uint64(len(s)-1)
		for s[i] != 0 {
			i = (i + 1) & uint64(len(s)-1)
		}
		s[i] = h
	}
	return s
}()

type stopSet []uint64

func (s stopSet) has(h uint64) bool {
	mask := uint64(len(s) - 1)
	for i := h & mask; s[i] != 0; i = (i + 1) & mask {
		if s[i] == h {
			return true
		}
	}
	return false
}

// IsStopWord reports whether the normalised word w is an English or Russian stop word.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}
