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

// stopHashes holds the stop words' token hashes in buckets of four: the tokenizer has each
// word's hash already, and a bucket is compared whole, with no branch to mispredict on the
// four words in ten that are stop words. Two words with one 64-bit hash are not expected in
// any corpus.
var stopHashes = func() *stopSet {
	hashes := make([]uint64, 0, len(stopWords))
	for w := range stopWords {
		hashes = append(hashes, HashWord([]byte(w)))
	}
	// The first multiplier that leaves no bucket over full; the set is fixed, so this is too.
	for mul := uint64(0x9e3779b97f4a7c15); mul < 0x9e3779b97f4a7c15+1<<20; mul += 2 {
		s := &stopSet{mul: mul}
		used := make([]int, len(s.buckets))
		ok := true
		for _, h := range hashes {
			k := s.bucket(h)
			if used[k] == len(s.buckets[k]) {
				ok = false
				break
			}
			s.buckets[k][used[k]] = h
			used[k]++
		}
		if !ok {
			continue
		}
		// An empty slot holds a value of another bucket, which no hash looked up here can
		// equal: a zero there would make the word that hashes to 0 a stop word.
		for k := range s.buckets {
			fill := uint64(1)
			for s.bucket(fill) == uint64(k) {
				fill++
			}
			for j := used[k]; j < len(s.buckets[k]); j++ {
				s.buckets[k][j] = fill
			}
		}
		return s
	}
	panic("shingle: no multiplier spreads the stop words four to a bucket")
}()

const stopBucketBits = 8

type stopSet struct {
	mul     uint64
	buckets [1 << stopBucketBits][4]uint64
}

func (s *stopSet) bucket(h uint64) uint64 { return (h * s.mul) >> (64 - stopBucketBits) }

// has reports whether h is a stop word's hash, as 1 or 0.
func (s *stopSet) has(h uint64) uint8 {
	b := &s.buckets[s.bucket(h)]
	return b2u(b[0] == h) | b2u(b[1] == h) | b2u(b[2] == h) | b2u(b[3] == h)
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// IsStopWord reports whether the normalised word w is an English or Russian stop word.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}
