package lsh

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/zeebo/xxh3"
)

// Params fixes the banding. Bands*Rows must not exceed the signature size.
type Params struct {
	Threshold float64 // the Jaccard similarity the banding is tuned for
	Bands     int
	Rows      int
}

// Weights of false positives and false negatives for Optimal. Missing a duplicate costs more
// than verifying a pair that turns out not to be one, since every candidate is verified.
const (
	FalsePositiveWeight = 0.3
	FalseNegativeWeight = 0.7
)

// Optimal returns the Params for threshold and a signature of size values that minimise
// FalsePositiveWeight·(false positive area) + FalseNegativeWeight·(false negative area).
func Optimal(threshold float64, size int) (Params, error) {
	if !(threshold > 0 && threshold < 1) {
		return Params{}, fmt.Errorf("%w: threshold %v not in (0, 1)", ErrBadParams, threshold)
	}
	if size < 1 {
		return Params{}, fmt.Errorf("%w: signature size %d", ErrBadParams, size)
	}
	best := Params{Threshold: threshold}
	bestErr := math.Inf(1)
	for b := 1; b <= size; b++ {
		for r := 1; b*r <= size; r++ {
			fp := integrate(func(s float64) float64 { return Probability(s, b, r) }, 0, threshold)
			fn := integrate(func(s float64) float64 { return 1 - Probability(s, b, r) }, threshold, 1)
			e := FalsePositiveWeight*fp + FalseNegativeWeight*fn
			if e < bestErr-1e-12 {
				bestErr, best.Bands, best.Rows = e, b, r
			}
		}
	}
	return best, nil
}

// MinRecall is the chance that Recall's bandings give a pair exactly at the threshold of
// sharing a band; pairs above it share one more often still.
const MinRecall = 0.995

// Recall returns the Params for threshold and a signature of size values that propose a pair
// of similarity threshold with probability at least MinRecall, and, among those, propose the
// fewest dissimilar pairs (the least false positive area). Where every candidate is
// verified, a missed pair is lost for good while a false candidate costs one comparison, so
// recall is a constraint, not a weight: Optimal's weighted balance puts the S-curve's middle
// near the threshold and misses about half the pairs found there. When no banding reaches
// MinRecall, the one that comes closest is returned.
func Recall(threshold float64, size int) (Params, error) {
	if !(threshold > 0 && threshold < 1) {
		return Params{}, fmt.Errorf("%w: threshold %v not in (0, 1)", ErrBadParams, threshold)
	}
	if size < 1 {
		return Params{}, fmt.Errorf("%w: signature size %d", ErrBadParams, size)
	}
	best := Params{Threshold: threshold}
	bestFP, bestP := math.Inf(1), -1.0
	for r := 1; r <= size; r++ {
		for b := 1; b*r <= size; b++ {
			p := Probability(threshold, b, r)
			if p < MinRecall {
				if bestFP == math.Inf(1) && p > bestP {
					bestP, best.Bands, best.Rows = p, b, r
				}
				continue
			}
			// The fewest bands of r rows that reach MinRecall: more only add false positives.
			if fp := integrate(func(s float64) float64 { return Probability(s, b, r) }, 0, threshold); fp < bestFP-1e-12 {
				bestFP, best.Bands, best.Rows = fp, b, r
			}
			break
		}
	}
	return best, nil
}

// Probability is the chance that sets of Jaccard similarity s share a band: 1-(1-s^r)^b.
func Probability(s float64, bands, rows int) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(rows)), float64(bands))
}

// integrate uses the midpoint rule, fine enough to rank bandings.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 200
	h := (b - a) / n
	sum := 0.0
	for i := 0; i < n; i++ {
		sum += f(a + (float64(i)+0.5)*h)
	}
	return sum * h
}

// Validate reports whether p can band signatures of size values.
func (p Params) Validate(size int) error {
	if p.Bands < 1 || p.Rows < 1 || p.Bands*p.Rows > size {
		return fmt.Errorf("%w: %d bands of %d rows for signatures of %d", ErrBadParams, p.Bands, p.Rows, size)
	}
	return nil
}

// AppendBandHashes appends the hash of each of p.Bands bands of sig to dst. It allocates
// nothing when cap(dst) suffices.
func AppendBandHashes(dst []uint64, sig []uint32, p Params) []uint64 {
	var buf [4 + 4*64]byte
	for b := 0; b < p.Bands; b++ {
		band := sig[b*p.Rows : (b+1)*p.Rows]
		binary.LittleEndian.PutUint32(buf[:4], uint32(b))
		if p.Rows <= 64 {
			for i, v := range band {
				binary.LittleEndian.PutUint32(buf[4+4*i:], v)
			}
			dst = append(dst, xxh3.Hash(buf[:4+4*len(band)]))
			continue
		}
		h := xxh3.New()
		h.Write(buf[:4])
		for _, v := range band {
			binary.LittleEndian.PutUint32(buf[4:8], v)
			h.Write(buf[4:8])
		}
		dst = append(dst, h.Sum64())
	}
	return dst
}
