package shingle

import (
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
)

// combine mixes n token hashes into one shingle hash. The multiply-rotate chain is
// order-sensitive ("a b c" != "c b a"), and the final avalanche (the murmur3 finaliser)
// spreads it so that the low and high bits are both usable by MinHash.
func combine(toks []Token) uint64 {
	h := chainStart(len(toks))
	for _, t := range toks {
		h = chain(h, t.Hash)
	}
	return fmix(h)
}

func chainStart(n int) uint64 { return uint64(n) * 0x9e3779b97f4a7c15 }

func chain(h, x uint64) uint64 { return bits.RotateLeft64(h^x, 27) * 0x9e3779b97f4a7c15 }

// fmix is the 64-bit finaliser of MurmurHash3.
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// AppendWordShingles appends the hash of every run of n consecutive tokens to dst. A text of
// fewer than n tokens (but at least one) gives one shingle of all its tokens, so that short
// passages still have a set to compare. It does not sort or remove repeats: see Set.
func AppendWordShingles(dst []uint64, toks []Token, n int) []uint64 {
	if len(toks) == 0 {
		return dst
	}
	if len(toks) < n {
		return append(dst, combine(toks))
	}
	if n == 3 {
		// The default, unrolled: combine's loop and its bounds checks cost as much as its
		// arithmetic.
		start := chainStart(3)
		for i := 2; i < len(toks); i++ {
			dst = append(dst, fmix(chain(chain(chain(start, toks[i-2].Hash), toks[i-1].Hash), toks[i].Hash)))
		}
		return dst
	}
	for i := 0; i+n <= len(toks); i++ {
		dst = append(dst, combine(toks[i:i+n]))
	}
	return dst
}

// AppendCharShingles appends the XXH3-64 hash of every run of n runes of the normalised text
// norm (see Tokenizer.AppendNormalized) to dst. A shorter text gives one shingle of itself.
func AppendCharShingles(dst []uint64, norm []byte, n int) []uint64 {
	if len(norm) == 0 {
		return dst
	}
	// start holds the byte offsets of the last n runes, as a ring.
	var ring [64]int
	count := 0
	for i := 0; i < len(norm); {
		_, size := utf8.DecodeRune(norm[i:])
		ring[count%n] = i
		count++
		i += size
		if count >= n {
			dst = append(dst, xxh3.Hash(norm[ring[count%n]:i]))
		}
	}
	if count < n {
		dst = append(dst, xxh3.Hash(norm))
	}
	return dst
}

// AppendStems appends the Stem of every content token to dst.
func AppendStems(dst []uint64, toks []Token) []uint64 {
	for _, t := range toks {
		if t.Stem != 0 {
			dst = append(dst, t.Stem)
		}
	}
	return dst
}

// AppendNumbers appends the hash of every number token to dst.
func AppendNumbers(dst []uint64, toks []Token) []uint64 {
	for _, t := range toks {
		if t.Flags&Number != 0 {
			dst = append(dst, t.Hash)
		}
	}
	return dst
}

// Sequence hashes the whole token sequence: equal for texts that are identical after
// normalisation.
func Sequence(toks []Token) uint64 {
	if len(toks) == 0 {
		return 0
	}
	return combine(toks)
}

// Set sorts hashes and removes repeats in place, making a set that Jaccard can compare.
func Set(hashes []uint64) []uint64 {
	slices.Sort(hashes)
	return slices.Compact(hashes)
}

// Hash is a shingle hash, whole or cut to 32 bits as an index may store it.
type Hash interface{ ~uint32 | ~uint64 }

// Jaccard returns |a∩b| / |a∪b| of two sorted sets without repeats, as Set makes them. Two
// empty sets score 0.
func Jaccard[T Hash](a, b []T) float64 {
	inter := Intersection(a, b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Intersection returns |a∩b| of two sorted sets without repeats.
func Intersection[T Hash](a, b []T) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Hasher turns text into the shingle set Params describe. It is not safe for concurrent use.
type Hasher struct {
	p    Params
	tok  *Tokenizer
	toks []Token
	norm []byte
}

// NewHasher returns a Hasher for p (zero fields take defaults).
func NewHasher(p Params) (*Hasher, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Hasher{p: p.WithDefaults(), tok: NewTokenizer(), toks: make([]Token, 0, 256), norm: make([]byte, 0, 1024)}, nil
}

// AppendHashes appends the shingle hashes of text to dst, unsorted and with repeats.
func (h *Hasher) AppendHashes(dst []uint64, text []byte) []uint64 {
	if h.p.Unit == Chars {
		h.norm = h.tok.AppendNormalized(h.norm[:0], text)
		return AppendCharShingles(dst, h.norm, h.p.Size)
	}
	h.toks = h.tok.AppendTokens(h.toks[:0], text)
	return AppendWordShingles(dst, h.toks, h.p.Size)
}
