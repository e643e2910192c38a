package report

// Outcome is what the gate decided about one article.
type Outcome string

const (
	// OutcomeNew: nothing indexed is like it; it passes.
	OutcomeNew Outcome = "new"
	// OutcomePartial: it reuses passages of indexed articles, less than the gate's limit;
	// it passes, and the matches say what it reuses.
	OutcomePartial Outcome = "partial"
	// OutcomeDuplicate: an exact or near duplicate of an indexed article, or reusing as much
	// of their text as the gate's limit or more; it is rejected.
	OutcomeDuplicate Outcome = "duplicate"
	// OutcomeRewrite: its passages retell indexed articles (rewrite tier) for the gate's limit
	// or more of its text, with no closer match; it is rejected.
	OutcomeRewrite Outcome = "rewrite"
	// OutcomeUnchanged: the index already holds this id with this very text; nothing to do.
	OutcomeUnchanged Outcome = "unchanged"
)

// Rejected reports whether the outcome keeps the article out of the index.
func (o Outcome) Rejected() bool { return o == OutcomeDuplicate || o == OutcomeRewrite }

// Decision is the gate's verdict on one article, with the evidence for it.
type Decision struct {
	Doc     string // the article's id
	Outcome Outcome
	// Added: the article went into the index (false with --dry-run, or when rejected).
	Added bool
	// Revision: the index held an earlier version under the same id, which this one
	// replaced (or would replace, when it passes).
	Revision bool
	// Reused is the share of the article's passage words that match indexed passages. It is
	// 0 for an article that matches indexed ones as a whole: its passages are not matched.
	Reused  float64
	Matches []Match // best first
}

// Match is one indexed article the new one resembles.
type Match struct {
	Doc        string // the indexed article's id
	Level      Level  // document: the whole article; passage: some of its passages
	Tier       Tier
	Similarity float64 // for a document match; the best passage similarity otherwise
	Passages   []PassageMatch
}

// PassageMatch pairs a passage of the new article with one of the indexed article.
type PassageMatch struct {
	Start, End           int // byte offsets in the new article
	MatchStart, MatchEnd int // byte offsets in the indexed article
	Tier                 Tier
	Similarity           float64
	Snippet              string // of the new article's passage
	MatchSnippet         string // of the indexed passage
}
