package minhash

import (
	"fmt"
	"math"
)

// Params fixes the signatures. The zero value means the defaults. Params are persisted in an
// index: signatures made with different Params cannot be compared.
type Params struct {
	Size int    // values per signature; default 128
	Seed uint64 // default 0 (a fixed constant is mixed in)
}

// DefaultSize is the default signature length: the standard error of the Jaccard estimate is
// about sqrt(J(1-J)/Size), 0.044 at J = 0.5.
const DefaultSize = 128

// WithDefaults returns p with zero fields set to their defaults.
func (p Params) WithDefaults() Params {
	if p.Size == 0 {
		p.Size = DefaultSize
	}
	return p
}

// Hasher signs shingle sets. It is immutable after New, so one Hasher may serve every goroutine.
type Hasher struct {
	size int
	seed uint64
	// probes holds the first probeDepth bins of each bin's probe sequence, so that densify
	// looks them up instead of hashing: a passage of a hundred shingles leaves half of 128
	// bins empty, and each empty bin probes twice on average.
	probes []uint16
}

const probeDepth = 32

// New returns a Hasher for p.
func New(p Params) (*Hasher, error) {
	p = p.WithDefaults()
	if p.Size < 1 || p.Size > 4096 {
		return nil, fmt.Errorf("%w: size %d not in 1..4096", ErrBadParams, p.Size)
	}
	h := &Hasher{size: p.Size, seed: mix(p.Seed ^ 0x6e65617264757021)}
	h.probes = make([]uint16, p.Size*probeDepth)
	for i := range p.Size {
		for a := range probeDepth {
			h.probes[i*probeDepth+a] = uint16(h.probe(i, uint64(a+1)))
		}
	}
	return h, nil
}

// probe returns the bin that the attempt-th probe of bin i looks at.
func (h *Hasher) probe(i int, attempt uint64) uint64 {
	p := mix(h.seed ^ uint64(i)<<32 ^ attempt)
	return ((p >> 32) * uint64(h.size)) >> 32
}

// Size returns the number of values per signature.
func (h *Hasher) Size() int { return h.size }

const empty = math.MaxUint32

// Sketch appends the signature of the shingle hashes to dst and returns the extended slice.
// Repeats in hashes do not change the result. An empty set gives a signature of Size copies of
// MaxUint32, which matches only other empty sets: callers should not index those.
// Sketch allocates nothing when cap(dst)-len(dst) >= Size.
func (h *Hasher) Sketch(dst []uint32, hashes []uint64) []uint32 {
	n := len(dst)
	k := uint64(h.size)
	for i := 0; i < h.size; i++ {
		dst = append(dst, empty)
	}
	sig := dst[n:]
	// Which bins hold a value, noted as they fill: densify needs it, and a pass over the
	// signature to find out would cost as much as a short passage's hashing.
	var full [4096 / 64]uint64
	nfull := 0
	for _, x := range hashes {
		v := mix(x ^ h.seed)
		bin := ((v >> 32) * k) >> 32 // gets inlined; no division
		val := uint32(v)
		if val == empty {
			val-- // empty marks an unfilled bin
		}
		if val < sig[bin] {
			if sig[bin] == empty {
				full[bin>>6] |= 1 << (bin & 63)
				nfull++
			}
			sig[bin] = val
		}
	}
	if len(hashes) == 0 {
		return dst
	}
	h.densify(sig, &full, nfull)
	return dst
}

// densify fills each empty bin from the first non-empty bin of its probe sequence. Probing
// the original occupancy (not bins filled earlier in this pass) keeps every borrowed value
// independent of the bin order, as optimal densification requires.
func (h *Hasher) densify(sig []uint32, full *[4096 / 64]uint64, nfull int) {
	if nfull == len(sig) {
		return
	}
	if nfull == 1 {
		// Every probe sequence ends at the one full bin (a set of one shingle, or of a few
		// that fell into one bin): no need to walk them.
		v := uint32(empty)
		for _, x := range sig {
			v = min(v, x)
		}
		for i := range sig {
			sig[i] = v
		}
		return
	}
	for i := range sig {
		if full[i>>6]&(1<<(i&63)) != 0 {
			continue
		}
		found := false
		for _, j := range h.probes[i*probeDepth : (i+1)*probeDepth] {
			if full[j>>6]&(1<<(j&63)) != 0 {
				sig[i] = sig[j]
				found = true
				break
			}
		}
		for attempt := uint64(probeDepth + 1); !found; attempt++ {
			if j := h.probe(i, attempt); full[j>>6]&(1<<(j&63)) != 0 {
				sig[i] = sig[j]
				found = true
			}
		}
	}
}

// mix is the 64-bit finaliser of MurmurHash3 (a bijection with full avalanche).
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Similarity estimates the Jaccard similarity of the sets behind two signatures of equal
// length: the fraction of positions where they agree.
func Similarity(a, b []uint32) float64 {
	if len(a) != len(b) {
		panic("minhash: Similarity of signatures of different lengths")
	}
	if len(a) == 0 {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// SimilarityAtLeast reports whether Similarity(a, b) >= t, stopping as soon as the answer is
// known: a prefilter that most pairs pass after a few agreeing values.
func SimilarityAtLeast(a, b []uint32, t float64) bool {
	if len(a) != len(b) {
		panic("minhash: Similarity of signatures of different lengths")
	}
	if len(a) == 0 {
		return t <= 0
	}
	// The fewest agreeing values k with k/n >= t, exactly as Similarity compares.
	n := float64(len(a))
	need := int(math.Ceil(t * n))
	for need > 0 && float64(need-1)/n >= t {
		need--
	}
	for float64(need)/n < t {
		need++
	}
	if need <= 0 {
		return true
	}
	for i := range a {
		if a[i] == b[i] {
			if need--; need == 0 {
				return true
			}
		} else if len(a)-i-1 < need {
			return false
		}
	}
	return false
}
