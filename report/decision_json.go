package report

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MarshalDecision returns d as one "decision" object of the decisions JSON Lines stream
// documented in the package doc: the same fields in the same order, "type" first, arrays []
// rather than null, ratios rounded to 4 decimals, snippets cut to opt.SnippetWidth runes, and
// "<", ">" and "&" not escaped. There is no trailing newline. It suits a response body that
// carries one decision, such as the HTTP API's.
//
// A decision that breaks an invariant [WriteDecisions] checks gives an error wrapping
// [ErrInvalidReport].
func MarshalDecision(d Decision, opt Options) ([]byte, error) {
	if err := validateDecisions([]Decision{d}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(decisionRecord(d, opt.withDefaults())); err != nil {
		return nil, fmt.Errorf("report: marshal decision %q: %w", d.Doc, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decisionRecord is d as the JSON Lines record writeDecisionJSONL writes for it; the two
// build the same record from here, and the serve package's tests compare their bytes. opt must have
// its defaults set.
func decisionRecord(d Decision, opt Options) jsonDecision {
	jd := jsonDecision{
		Type:     "decision",
		Doc:      d.Doc,
		Outcome:  d.Outcome,
		Added:    d.Added,
		Revision: d.Revision,
		Reused:   round4(d.Reused),
		Matches:  make([]jsonMatch, len(d.Matches)),
	}
	for i, m := range d.Matches {
		jm := jsonMatch{
			Doc:        m.Doc,
			Level:      m.Level,
			Tier:       m.Tier,
			Similarity: round4(m.Similarity),
			Passages:   make([]jsonPassageMatch, len(m.Passages)),
		}
		for j, p := range m.Passages {
			jm.Passages[j] = jsonPassageMatch{
				Start:        p.Start,
				End:          p.End,
				MatchStart:   p.MatchStart,
				MatchEnd:     p.MatchEnd,
				Tier:         p.Tier,
				Similarity:   round4(p.Similarity),
				Snippet:      snippet(p.Snippet, opt.SnippetWidth),
				MatchSnippet: snippet(p.MatchSnippet, opt.SnippetWidth),
			}
		}
		jd.Matches[i] = jm
	}
	return jd
}
