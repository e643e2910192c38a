package dedup

import (
	"fmt"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/passage"
	"github.com/neardup/neardup/shingle"
)

// Params holds every setting that changes what is found. The zero value means the defaults.
// Params are persisted in an index and compared when it is opened.
type Params struct {
	Shingle shingle.Params
	MinHash minhash.Params
	Passage passage.Params

	NearThreshold    float64 // default 0.5
	RewriteThreshold float64 // default 0.25; negative turns the rewrite tier off
	RewriteMinWords  int     // default 40
	BoilerplateDocs  int     // default 3
	BoilerplateWords int     // default 8
}

// Defaults. The rewrite threshold is on IDF-weighted Jaccard of stemmed content words: the
// seeds' reworded passages score 0.28 to 0.29 against the earliest of them, their most similar
// pair across articles 0.13; on BBC News, links at 0.25 are mostly the same story (see the
// README for the measured precision).
const (
	DefaultNearThreshold    = 0.5
	DefaultRewriteThreshold = 0.25
	DefaultRewriteMinWords  = 40
	DefaultBoilerplateDocs  = 3
	DefaultBoilerplateWords = 8
)

// WithDefaults returns p with zero fields set to their defaults.
func (p Params) WithDefaults() Params {
	p.Shingle = p.Shingle.WithDefaults()
	p.MinHash = p.MinHash.WithDefaults()
	p.Passage = p.Passage.WithDefaults()
	if p.NearThreshold == 0 {
		p.NearThreshold = DefaultNearThreshold
	}
	if p.RewriteThreshold == 0 {
		p.RewriteThreshold = DefaultRewriteThreshold
	}
	if p.RewriteMinWords == 0 {
		p.RewriteMinWords = DefaultRewriteMinWords
	}
	if p.BoilerplateDocs == 0 {
		p.BoilerplateDocs = DefaultBoilerplateDocs
	}
	if p.BoilerplateWords == 0 {
		p.BoilerplateWords = DefaultBoilerplateWords
	}
	return p
}

// Validate reports whether p (after defaults) can be used.
func (p Params) Validate() error {
	p = p.WithDefaults()
	if err := p.Shingle.Validate(); err != nil {
		return err
	}
	if _, err := minhash.New(p.MinHash); err != nil {
		return err
	}
	if !(p.NearThreshold > 0 && p.NearThreshold < 1) {
		return fmt.Errorf("%w: near threshold %v not in (0, 1)", ErrBadParams, p.NearThreshold)
	}
	if p.RewriteThreshold >= 1 {
		return fmt.Errorf("%w: rewrite threshold %v not below 1", ErrBadParams, p.RewriteThreshold)
	}
	if p.BoilerplateDocs < 2 {
		return fmt.Errorf("%w: boilerplate needs at least 2 documents, not %d", ErrBadParams, p.BoilerplateDocs)
	}
	return nil
}

// Rewrite reports whether the rewrite tier is on.
func (p Params) Rewrite() bool { return p.RewriteThreshold > 0 }
