package shingle

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

// isStopWord does not allocate: the compiler turns m[string(b)] into a lookup without a copy.
func isStopWord(w []byte) bool {
	if len(w) > 24 {
		return false
	}
	_, ok := stopWords[string(w)]
	return ok
}

// IsStopWord reports whether the normalised word w is an English or Russian stop word.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}
