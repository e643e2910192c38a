package report

import (
	"encoding/json"
	"io"
	"math"
)

// The JSON Lines records. Structs, not maps, so that field order is fixed; the
// package doc is the contract and testdata/full.jsonl.golden pins it.
type (
	jsonCluster struct {
		Type    string       `json:"type"` // "cluster"
		ID      int          `json:"id"`
		Level   Level        `json:"level"`
		Tier    Tier         `json:"tier"`
		Size    int          `json:"size"`
		Members []jsonMember `json:"members"`
	}
	jsonMember struct {
		Doc        string  `json:"doc"`
		Passage    int     `json:"passage"`
		Start      int     `json:"start"`
		End        int     `json:"end"`
		Similarity float64 `json:"similarity"`
		Tier       Tier    `json:"tier"`
		Snippet    string  `json:"snippet"`
	}
	jsonBoilerplate struct {
		Type    string     `json:"type"` // "boilerplate"
		ID      int        `json:"id"`
		Docs    int        `json:"docs"`
		Text    string     `json:"text"`
		Matches []jsonSpan `json:"matches"`
	}
	jsonSpan struct {
		Doc   string `json:"doc"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	}
	jsonMerge struct {
		Type string `json:"type"`
		Into int    `json:"into"`
		From []int  `json:"from"`
	}
	jsonSummary struct {
		Type        string     `json:"type"` // "summary"
		Documents   int        `json:"documents"`
		Passages    int        `json:"passages"`
		Skipped     int        `json:"skipped"`
		Clusters    int        `json:"clusters"`
		Tiers       jsonTiers  `json:"tiers"`
		Levels      jsonLevels `json:"levels"`
		Boilerplate int        `json:"boilerplate"`
		ElapsedMS   int64      `json:"elapsed_ms"`
	}
	// jsonTiers and jsonLevels are the summary's count maps as structs, so every
	// key is always present, in a fixed order.
	jsonTiers struct {
		Exact     int `json:"exact"`
		Near      int `json:"near"`
		Contained int `json:"contained"`
		Rewrite   int `json:"rewrite"`
	}
	jsonLevels struct {
		Document int `json:"document"`
		Passage  int `json:"passage"`
	}
)

// clusterRecord is c as its JSON Lines record.
func clusterRecord(c Cluster, opt Options) jsonCluster {
	jc := jsonCluster{
		Type:    "cluster",
		ID:      c.ID,
		Level:   c.Level,
		Tier:    c.Tier,
		Size:    len(c.Members),
		Members: make([]jsonMember, len(c.Members)),
	}
	for i, m := range c.Members {
		jc.Members[i] = jsonMember{
			Doc:        m.Doc,
			Passage:    m.Passage,
			Start:      m.Start,
			End:        m.End,
			Similarity: round4(m.Similarity),
			Tier:       m.Tier,
			Snippet:    snippet(m.Snippet, opt.SnippetWidth),
		}
	}
	return jc
}

// ClusterJSON returns c as the value its JSON Lines "cluster" object encodes, for APIs that
// serve clusters one by one.
func ClusterJSON(c Cluster, opt Options) any { return clusterRecord(c, opt.withDefaults()) }

// writeJSONL writes the JSON Lines contract documented in the package doc: one
// "cluster" object per cluster, one "boilerplate" object per boilerplate passage,
// then exactly one "summary" object, each on its own line. HTML characters are not
// escaped (consumers are programs, not browsers), and invalid UTF-8 in strings comes
// out as U+FFFD, as encoding/json does.
func writeJSONL(w io.Writer, r *Report, opt Options) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range r.Clusters {
		jc := clusterRecord(c, opt)
		if err := enc.Encode(jc); err != nil {
			return err
		}
	}
	for _, b := range r.Boilerplate {
		jb := jsonBoilerplate{
			Type:    "boilerplate",
			ID:      b.ID,
			Docs:    b.Docs,
			Text:    b.Text,
			Matches: make([]jsonSpan, len(b.Matches)), // [] rather than null when empty
		}
		for i, s := range b.Matches {
			jb.Matches[i] = jsonSpan(s)
		}
		if err := enc.Encode(jb); err != nil {
			return err
		}
	}
	for _, m := range r.Merges {
		if err := enc.Encode(jsonMerge{Type: "merge", Into: m.Into, From: m.From}); err != nil {
			return err
		}
	}
	s := r.Summary
	return enc.Encode(jsonSummary{
		Type:      "summary",
		Documents: s.Documents,
		Passages:  s.Passages,
		Skipped:   s.Skipped,
		Clusters:  s.Clusters,
		Tiers: jsonTiers{
			Exact:     s.ByTier[TierExact],
			Near:      s.ByTier[TierNear],
			Contained: s.ByTier[TierContained],
			Rewrite:   s.ByTier[TierRewrite],
		},
		Levels: jsonLevels{
			Document: s.ByLevel[LevelDocument],
			Passage:  s.ByLevel[LevelPassage],
		},
		Boilerplate: s.Boilerplate,
		ElapsedMS:   s.Elapsed.Milliseconds(),
	})
}

// The JSON Lines records of the decisions stream, documented in the package doc
// and pinned by testdata/decisions.jsonl.golden.
type (
	jsonDecision struct {
		Type     string      `json:"type"` // "decision"
		Doc      string      `json:"doc"`
		Outcome  Outcome     `json:"outcome"`
		Added    bool        `json:"added"`
		Revision bool        `json:"revision"`
		Reused   float64     `json:"reused"`
		Matches  []jsonMatch `json:"matches"`
	}
	jsonMatch struct {
		Doc        string             `json:"doc"`
		Level      Level              `json:"level"`
		Tier       Tier               `json:"tier"`
		Similarity float64            `json:"similarity"`
		Passages   []jsonPassageMatch `json:"passages"`
	}
	jsonPassageMatch struct {
		Start        int     `json:"start"`
		End          int     `json:"end"`
		MatchStart   int     `json:"match_start"`
		MatchEnd     int     `json:"match_end"`
		Tier         Tier    `json:"tier"`
		Similarity   float64 `json:"similarity"`
		Snippet      string  `json:"snippet"`
		MatchSnippet string  `json:"match_snippet"`
	}
	jsonDecisionSummary struct {
		Type     string       `json:"type"` // "summary"
		Articles int          `json:"articles"`
		Outcomes jsonOutcomes `json:"outcomes"`
		Added    int          `json:"added"`
	}
	// jsonOutcomes has every outcome as a key, always present, in a fixed order.
	jsonOutcomes struct {
		New       int `json:"new"`
		Partial   int `json:"partial"`
		Duplicate int `json:"duplicate"`
		Rewrite   int `json:"rewrite"`
		Unchanged int `json:"unchanged"`
	}
)

// writeDecisionJSONL writes the decisions contract documented in the package doc:
// one "decision" object per decision, in input order, then exactly one "summary"
// object, each on its own line. Arrays are [] rather than null when empty.
func writeDecisionJSONL(w io.Writer, ds []Decision, opt Options) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range ds {
		jd := decisionRecord(d, opt)
		if err := enc.Encode(jd); err != nil {
			return err
		}
	}
	by, added := tallyDecisions(ds)
	return enc.Encode(decisionSummary(len(ds), by, added))
}

func decisionSummary(n int, by map[Outcome]int, added int) jsonDecisionSummary {
	return jsonDecisionSummary{
		Type:     "summary",
		Articles: n,
		Outcomes: jsonOutcomes{
			New:       by[OutcomeNew],
			Partial:   by[OutcomePartial],
			Duplicate: by[OutcomeDuplicate],
			Rewrite:   by[OutcomeRewrite],
			Unchanged: by[OutcomeUnchanged],
		},
		Added: added,
	}
}

// round4 rounds x to 4 decimal places, half away from zero.
func round4(x float64) float64 {
	return math.Round(x*1e4) / 1e4
}
