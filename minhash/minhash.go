package minhash

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// Params fixes the signatures. The zero value means the defaults. Params are persisted in an
// index: signatures made with different Params cannot be compared.
type Params struct {
	Size int    // values per signature; default 128
	Seed uint64 // default 0 (a fixed constant is mixed in)
	// Rounds is how many times each shingle is put in a bin before the bins still empty are
	// densified; default 2. Each round after the first costs one more hash per shingle of a
	// set that left bins empty, and makes short passages' estimates more accurate.
	Rounds int
}

// DefaultSize is the default signature length: the standard error of the Jaccard estimate is
// about sqrt(J(1-J)/Size), 0.044 at J = 0.5.
const DefaultSize = 128

// DefaultRounds makes the estimate on real passage pairs at least as accurate as classic
// MinHash with Size hash functions (TestEstimatorAccuracy): with one round, passages of
// under a hundred shingles fill few bins and the borrowed values repeat them.
const DefaultRounds = 2

// WithDefaults returns p with zero fields set to their defaults.
func (p Params) WithDefaults() Params {
	if p.Size == 0 {
		p.Size = DefaultSize
	}
	if p.Rounds == 0 {
		p.Rounds = DefaultRounds
	}
	return p
}

// Hasher signs shingle sets. It is immutable after New, so one Hasher may serve every goroutine.
type Hasher struct {
	size    int
	seed    uint64
	rounds  []uint64 // the seeds of the rounds after the first
	empties []uint32 // Size copies of empty
	// probes holds the first probeDepth bins of each bin's probe sequence, so that densify
	// looks them up instead of hashing: a passage of a hundred shingles leaves half of 128
	// bins empty, and each empty bin probes twice on average.
	probes []uint16
	// first[j*size+i] is the attempt at which bin i's probe sequence first reaches bin j
	// (noReach if not within maxReach attempts), for sizes up to firstMaxSize. With few full
	// bins, probing costs size/full steps per empty bin, and mispredicted branches; the
	// earliest of the full bins in a column of first is the same answer in full steps.
	first []uint16
}

const (
	maxRounds  = 8
	probeDepth = 32
	// firstMaxSize bounds first's table at 128 KiB.
	firstMaxSize = 256
	maxReach     = 1<<16 - 2
	noReach      = 1<<16 - 1
	// fewFull: below it densify reads first, at or above it probes (measured at size 128
	// on chronam's passages by BenchmarkSketchPassages in dedup).
	fewFull = 12
	chunk   = 8
)

// New returns a Hasher for p.
func New(p Params) (*Hasher, error) {
	p = p.WithDefaults()
	if p.Size < 1 || p.Size > 4096 {
		return nil, fmt.Errorf("%w: size %d not in 1..4096", ErrBadParams, p.Size)
	}
	if p.Rounds < 1 || p.Rounds > maxRounds {
		return nil, fmt.Errorf("%w: rounds %d not in 1..%d", ErrBadParams, p.Rounds, maxRounds)
	}
	h := &Hasher{size: p.Size, seed: mix(p.Seed ^ 0x6e65617264757021)}
	h.empties = make([]uint32, p.Size)
	for i := range h.empties {
		h.empties[i] = empty
	}
	h.rounds = make([]uint64, p.Rounds-1)
	for r := range h.rounds {
		h.rounds[r] = mix(h.seed + uint64(r+1)*0x9e3779b97f4a7c15)
	}
	h.probes = make([]uint16, p.Size*probeDepth)
	for i := range p.Size {
		for a := range probeDepth {
			h.probes[i*probeDepth+a] = uint16(h.probe(i, uint64(a+1)))
		}
	}
	if p.Size <= firstMaxSize {
		k := p.Size
		h.first = make([]uint16, k*k)
		for j := range h.first {
			h.first[j] = noReach
		}
		for i := range k {
			left := k
			for a := uint64(1); a <= maxReach && left > 0; a++ {
				if j := int(h.probe(i, a)); h.first[j*k+i] == noReach {
					h.first[j*k+i] = uint16(a)
					left--
				}
			}
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
	dst = append(dst, h.empties...)
	sig := dst[n:]
	if len(hashes) == 0 {
		return dst
	}
	k := uint64(h.size)
	// Which bins hold a value, noted as they fill: densify needs it.
	var full [4096 / 64]uint64
	if k <= 256 {
		var taken [256]uint8
		nfull := h.rounds256(sig, hashes, &full, &taken)
		h.densify(sig, &full, nfull, &taken)
		return dst
	}
	for _, x := range hashes {
		v := mix(x ^ h.seed)
		bin := ((v >> 32) * k) >> 32 // gets inlined; no division
		sig[bin] = min(sig[bin], min(uint32(v), empty-1))
		full[bin>>6] |= 1 << (bin & 63)
	}
	nfull := 0
	for _, w := range full[:(k+63)/64] {
		nfull += bits.OnesCount64(w)
	}
	// Later rounds put every shingle in another bin, and only bins empty when the round
	// starts take it: a bin's value is then the least of its earliest round, so a set full
	// before the last round would get nothing more from it.
	for _, seed := range h.rounds {
		if nfull == h.size {
			break
		}
		open := full
		for _, x := range hashes {
			v := mix(x ^ seed)
			bin := ((v >> 32) * k) >> 32
			// No branch: which bins were open is as good as a coin toss for most sets.
			taken := uint32(open[bin>>6]>>(bin&63)&1) * empty
			sig[bin] = min(sig[bin], min(uint32(v), empty-1)|taken)
			full[bin>>6] |= 1 << (bin & 63)
		}
		nfull = 0
		for _, w := range full[:(k+63)/64] {
			nfull += bits.OnesCount64(w)
		}
	}
	h.densify(sig, &full, nfull, nil)
	return dst
}

// rounds256 is the rounds of Sketch for sizes up to 256: a byte per bin notes which are
// full, set by a plain store where a bit would be a read, a modify and a write that the
// next shingle in the same word waits on. It fills full and returns how many bins are.
func (h *Hasher) rounds256(sig []uint32, hashes []uint64, full *[4096 / 64]uint64, taken *[256]uint8) int {
	k := uint64(len(sig))
	for _, x := range hashes {
		v := mix(x ^ h.seed)
		bin := ((v >> 32) * k) >> 32
		sig[bin] = min(sig[bin], min(uint32(v), empty-1))
		taken[bin&255] = 1
	}
	nfull := pack(full, taken, len(sig))
	for _, seed := range h.rounds {
		if nfull == len(sig) {
			break
		}
		open := *taken
		for _, x := range hashes {
			v := mix(x ^ seed)
			bin := ((v >> 32) * k) >> 32
			sig[bin] = min(sig[bin], min(uint32(v), empty-1)|uint32(open[bin&255])*empty)
			taken[bin&255] = 1
		}
		nfull = pack(full, taken, len(sig))
	}
	return nfull
}

// pack sets the bits of full from the bytes of taken (each 0 or 1), for size bins, and
// returns how many are set.
func pack(full *[4096 / 64]uint64, taken *[256]uint8, size int) int {
	n := 0
	for w := 0; w*64 < size; w++ {
		var word uint64
		for g := range 8 {
			// Eight 0-or-1 bytes gathered into the top byte by one multiply.
			b := binary.LittleEndian.Uint64(taken[(w*64+g*8)&255:])
			word |= (b * 0x0102040810204080 >> 56) << (8 * g)
		}
		full[w] = word
		n += bits.OnesCount64(word)
	}
	return n
}

// densify fills each empty bin from the first non-empty bin of its probe sequence. Probing
// the original occupancy (not bins filled earlier in this pass) keeps every borrowed value
// independent of the bin order, as optimal densification requires.
//
// taken, for sizes up to 256, holds a byte per bin, 1 where it is full: probing it is a
// load where the bitmap is a load, a shift and a mask.
func (h *Hasher) densify(sig []uint32, full *[4096 / 64]uint64, nfull int, taken *[256]uint8) {
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
	// The empty bins are walked through the bitmap's complement: testing each bin for
	// fullness would mispredict a branch on every other one.
	words := (len(sig) + 63) / 64
	if nfull < fewFull && h.first != nil {
		h.densifyFew(sig, full, nfull)
		return
	}
	if taken != nil {
		h.probeTaken(sig, full, taken, 2*nfull >= len(sig))
		return
	}
	for w := range words {
		for e := emptyBits(full, w, len(sig)); e != 0; e &= e - 1 {
			i := w*64 + bits.TrailingZeros64(e)
			probes := h.probes[i*probeDepth : (i+1)*probeDepth]
			// Eight probes at a time without a branch: with a third of the bins full
			// one of them hits 96 times in a hundred, so the branch is seldom mispredicted.
			for c := 0; ; c += chunk {
				if c == probeDepth {
					sig[i] = h.pull(sig, full, i, probeDepth+1)
					break
				}
				q := (*[chunk]uint16)(probes[c:])
				m := fullBit(full, q[0]) | fullBit(full, q[1])<<1 | fullBit(full, q[2])<<2 | fullBit(full, q[3])<<3 |
					fullBit(full, q[4])<<4 | fullBit(full, q[5])<<5 | fullBit(full, q[6])<<6 | fullBit(full, q[7])<<7
				if m != 0 {
					sig[i] = sig[probes[c+bits.TrailingZeros(m)]]
					break
				}
			}
		}
	}
}

// probeTaken is densify's probing through taken: four probes at a time when half the bins
// or more are full (one of them hits 94 times in a hundred), eight otherwise.
func (h *Hasher) probeTaken(sig []uint32, full *[4096 / 64]uint64, taken *[256]uint8, dense bool) {
	width := chunk
	if dense {
		width = 4
	}
	for w := range (len(sig) + 63) / 64 {
		for e := emptyBits(full, w, len(sig)); e != 0; e &= e - 1 {
			i := w*64 + bits.TrailingZeros64(e)
			probes := h.probes[i*probeDepth : (i+1)*probeDepth]
			for c := 0; ; c += width {
				if c == probeDepth {
					sig[i] = h.pull(sig, full, i, probeDepth+1)
					break
				}
				m := takenBits(taken, (*[4]uint16)(probes[c:]))
				if !dense {
					m |= takenBits(taken, (*[4]uint16)(probes[c+4:])) << 4
				}
				if m != 0 {
					sig[i] = sig[probes[c+bits.TrailingZeros(m)]]
					break
				}
			}
		}
	}
}

// takenBits returns bit k set where bin q[k] is full.
func takenBits(taken *[256]uint8, q *[4]uint16) uint {
	return uint(taken[q[0]&255]) | uint(taken[q[1]&255])<<1 | uint(taken[q[2]&255])<<2 | uint(taken[q[3]&255])<<3
}

// densifyFew is densify for sets that filled few bins, where an empty bin would probe
// size/nfull times: the earliest of the full bins in its column of first is the same answer.
// A row of first is read in sequence for each full bin, with no branch.
func (h *Hasher) densifyFew(sig []uint32, full *[4096 / 64]uint64, nfull int) {
	k := len(sig)
	words := (k + 63) / 64
	// Attempt and bin in one key, so that min needs no branch.
	var keys [firstMaxSize]uint32
	best := keys[:k]
	started := false
	for w := range words {
		for word := full[w]; word != 0; word &= word - 1 {
			j := w*64 + bits.TrailingZeros64(word)
			row := h.first[j*k:][:k]
			if !started {
				for i, a := range row {
					best[i] = uint32(a)<<16 | uint32(j)
				}
				started = true
				continue
			}
			for i, a := range row {
				best[i] = min(best[i], uint32(a)<<16|uint32(j))
			}
		}
	}
	for w := range words {
		for e := emptyBits(full, w, k); e != 0; e &= e - 1 {
			i := w*64 + bits.TrailingZeros64(e)
			if b := best[i]; b>>16 == noReach {
				sig[i] = h.pull(sig, full, i, 1)
			} else {
				sig[i] = sig[b&0xffff]
			}
		}
	}
}

// fullBit returns 1 if bin j is full, else 0.
func fullBit(full *[4096 / 64]uint64, j uint16) uint {
	return uint(full[(j>>6)&63]>>(j&63)) & 1 // the mask spares a bounds check
}

// emptyBits returns the w-th word of the bitmap's complement, within size bins.
func emptyBits(full *[4096 / 64]uint64, w, size int) uint64 {
	e := ^full[w]
	if rest := size - w*64; rest < 64 {
		e &= 1<<rest - 1
	}
	return e
}

// pull probes from attempt on, hashing each probe, and returns the value of the first full
// bin it meets.
func (h *Hasher) pull(sig []uint32, full *[4096 / 64]uint64, i int, attempt uint64) uint32 {
	for ; ; attempt++ {
		if j := h.probe(i, attempt); full[j>>6]&(1<<(j&63)) != 0 {
			return sig[j]
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
	need := agreeing(len(a), t)
	if need <= 0 {
		return true
	}
	// Eight values at a time without a branch on each: most pairs asked are chance
	// collisions that agree nowhere, and are settled once too few values are left.
	i := 0
	for ; i+8 <= len(a); i += 8 {
		x, y := a[i:i+8], b[i:i+8]
		need -= b2i(x[0] == y[0]) + b2i(x[1] == y[1]) + b2i(x[2] == y[2]) + b2i(x[3] == y[3]) +
			b2i(x[4] == y[4]) + b2i(x[5] == y[5]) + b2i(x[6] == y[6]) + b2i(x[7] == y[7])
		if need <= 0 {
			return true
		}
		if len(a)-i-8 < need {
			return false
		}
	}
	for ; i < len(a); i++ {
		need -= b2i(a[i] == b[i])
	}
	return need <= 0
}

// agreeing returns the fewest agreeing values k of n with k/n >= t, exactly as Similarity
// compares.
func agreeing(n int, t float64) int {
	nf := float64(n)
	need := int(math.Ceil(t * nf))
	for need > 0 && float64(need-1)/nf >= t {
		need--
	}
	for float64(need)/nf < t {
		need++
	}
	return need
}

// AppendLowBytes appends the low byte of every value of sig to dst: a b-bit signature (Li &
// König, "b-Bit Minwise Hashing", WWW 2010), a quarter of the memory to read when pairs are
// many and most are to be ruled out.
func AppendLowBytes(dst []byte, sig []uint32) []byte {
	for _, v := range sig {
		dst = append(dst, byte(v))
	}
	return dst
}

// LowBytesAtLeast is SimilarityAtLeast on the low bytes of two signatures of equal length
// (see AppendLowBytes). Values equal in full are equal in their low bytes, so it never rules
// out a pair that SimilarityAtLeast keeps; unequal values agree by chance in one place of 256.
func LowBytesAtLeast(a, b []byte, t float64) bool {
	if len(a) != len(b) {
		panic("minhash: LowBytesAtLeast of signatures of different lengths")
	}
	if len(a) == 0 {
		return t <= 0
	}
	need := agreeing(len(a), t)
	if need <= 0 {
		return true
	}
	// Eight bytes a word: a byte of x is zero where a and b agree.
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	i := 0
	for ; i+8 <= len(a); i += 8 {
		x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
		need -= bits.OnesCount64(^((x&lo7 + lo7) | x | lo7) & hi)
		if need <= 0 {
			return true
		}
		if len(a)-i-8 < need {
			return false
		}
	}
	for ; i < len(a); i++ {
		need -= b2i(a[i] == b[i])
	}
	return need <= 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
