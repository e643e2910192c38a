package report

import "time"

// Level says what a cluster groups: whole documents or passages inside them.
type Level string

const (
	LevelDocument Level = "document"
	LevelPassage  Level = "passage"
)

// Tier says how strong a match is.
type Tier string

const (
	// TierExact: identical after normalisation.
	TierExact Tier = "exact"
	// TierNear: light edits, OCR noise, different boilerplate (word-shingle Jaccard).
	TierNear Tier = "near"
	// TierContained: a passage copied, whole or in part, into another (passages only): most
	// of the smaller one's word shingles are in the larger.
	TierContained Tier = "contained"
	// TierRewrite: the same story reworded (content-word Jaccard, verified).
	TierRewrite Tier = "rewrite"
)

// Member is one document or passage in a cluster. Members[0] of a cluster is its representative.
type Member struct {
	Doc     string // the input id
	Passage int    // passage number within the document, from 1; 0 for a document-level member
	// Start and End are UTF-8 byte offsets into the document's original text;
	// 0 and len(text) for a document-level member.
	Start, End int
	// Similarity to the cluster's representative (1 for the representative itself).
	Similarity float64
	Tier       Tier   // the tier of this member's link to the representative
	Snippet    string // a short, single-line excerpt of the member's text
}

// Cluster is a group of documents or passages that are duplicates of its representative.
type Cluster struct {
	ID      int // 1-based, in report order
	Level   Level
	Tier    Tier // the loosest tier among its members' links
	Members []Member
}

// Span is a place in a document.
type Span struct {
	Doc        string
	Start, End int
}

// Boilerplate is a passage that recurs verbatim across many documents: site furniture,
// not news. It is reported, and it never makes two documents similar.
type Boilerplate struct {
	ID      int    // 1-based, in report order
	Text    string // the text of one occurrence, on one line
	Docs    int    // how many distinct documents hold it
	Matches []Span // every occurrence
}

// Summary closes a report.
type Summary struct {
	Documents   int
	Passages    int
	Skipped     int // inputs skipped with --skip-bad
	Clusters    int
	ByTier      map[Tier]int // cluster counts per tier
	ByLevel     map[Level]int
	Boilerplate int
	Elapsed     time.Duration
}

// Merge says that clusters an earlier export of an index reported apart are now one: From
// ids are gone, their members are in cluster Into.
type Merge struct {
	Into int   `json:"into"`
	From []int `json:"from"`
}

// Report is everything a run found, in a deterministic order.
type Report struct {
	Clusters    []Cluster
	Boilerplate []Boilerplate
	Merges      []Merge // only from an export of an index
	Summary     Summary
}
