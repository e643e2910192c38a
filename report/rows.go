package report

import (
	"math"
	"strconv"
	"strings"
)

// The human-readable formats (table and Markdown) share these columns.
var (
	clusterHeader     = []string{"CLUSTER", "LEVEL", "TIER", "SIZE", "DOCUMENT", "PASSAGE", "BYTES", "SIMILARITY", "SNIPPET"}
	boilerplateHeader = []string{"ID", "DOCS", "OCCURRENCES", "TEXT"}
	decisionHeader    = []string{"DOC", "DECISION", "REUSED", "MATCH", "LEVEL", "TIER", "SIM", "BYTES", "MATCH BYTES", "SNIPPET"}
)

// Column indexes the writers treat specially.
const (
	clusterTierCol     = 2
	clusterSnippetCol  = 8
	boilerTextCol      = 3
	decisionTierCol    = 5
	decisionSnippetCol = 9
)

// clusterRows returns one row of cells per member, in report order. The cluster's
// own cells (id, level, tier, size) are filled on its first row only, so clusters
// stand out without merged cells. Every cell is one line; the snippet is not yet
// truncated, since the table fits it to the line width.
func clusterRows(cs []Cluster) [][]string {
	var rows [][]string
	for _, c := range cs {
		for i, m := range c.Members {
			row := make([]string, len(clusterHeader))
			if i == 0 {
				row[0] = strconv.Itoa(c.ID)
				row[1] = string(c.Level)
				row[2] = string(c.Tier)
				row[3] = strconv.Itoa(len(c.Members))
			}
			row[4] = oneLine(m.Doc)
			row[5] = passageCell(m.Passage)
			row[6] = spanCell(m.Start, m.End)
			row[7] = similarityCell(i, m.Similarity)
			row[8] = oneLine(m.Snippet)
			rows = append(rows, row)
		}
	}
	return rows
}

// boilerplateRows returns one row per boilerplate passage; the text is one line but
// not yet truncated.
func boilerplateRows(bs []Boilerplate) [][]string {
	rows := make([][]string, 0, len(bs))
	for _, b := range bs {
		rows = append(rows, []string{
			strconv.Itoa(b.ID),
			strconv.Itoa(b.Docs),
			strconv.Itoa(len(b.Matches)),
			oneLine(b.Text),
		})
	}
	return rows
}

// passageCell shows a passage number, or "-" for a document-level member.
func passageCell(p int) string {
	if p == 0 {
		return "-"
	}
	return strconv.Itoa(p)
}

// similarityCell shows "rep" for the representative (member 0), else two decimals.
func similarityCell(i int, sim float64) string {
	if i == 0 {
		return "rep"
	}
	return decimal2(sim)
}

// decisionRows returns one row per (decision, match, passage match), in input
// order: a document-level match takes one row, with "-" for its byte ranges and
// no snippet, and a decision without matches one row with empty match cells. The
// decision's cells (doc, decision, reused) are filled on its first row only, and
// a match's (match, level) on its first; tier and similarity are the passage
// match's own. The snippet is one line but not yet truncated. ds must be valid.
func decisionRows(ds []Decision) [][]string {
	var rows [][]string
	for _, d := range ds {
		first := len(rows)
		if len(d.Matches) == 0 {
			rows = append(rows, make([]string, len(decisionHeader)))
		}
		for _, m := range d.Matches {
			if m.Level == LevelDocument {
				row := make([]string, len(decisionHeader))
				row[3] = oneLine(m.Doc)
				row[4] = string(m.Level)
				row[5] = string(m.Tier)
				row[6] = decimal2(m.Similarity)
				row[7] = "-"
				row[8] = "-"
				rows = append(rows, row)
				continue
			}
			for j, p := range m.Passages {
				row := make([]string, len(decisionHeader))
				if j == 0 {
					row[3] = oneLine(m.Doc)
					row[4] = string(m.Level)
				}
				row[5] = string(p.Tier)
				row[6] = decimal2(p.Similarity)
				row[7] = spanCell(p.Start, p.End)
				row[8] = spanCell(p.MatchStart, p.MatchEnd)
				row[9] = oneLine(p.Snippet)
				rows = append(rows, row)
			}
		}
		row := rows[first]
		row[0] = oneLine(d.Doc)
		row[1] = decisionCell(d)
		row[2] = reusedCell(d.Reused)
	}
	return rows
}

// decisionCell shows the outcome, ", added" when the article went into the index,
// then in parentheses "revision" when it replaces (or would replace) an earlier
// version, and "dry run" when it passed but was not added:
//
//	new, added   partial, added (revision)   duplicate   new (dry run)   unchanged
func decisionCell(d Decision) string {
	s := string(d.Outcome)
	if d.Added {
		s += ", added"
	}
	var notes []string
	if d.Revision {
		notes = append(notes, "revision")
	}
	if !d.Added && !d.Outcome.Rejected() && d.Outcome != OutcomeUnchanged {
		notes = append(notes, "dry run")
	}
	if len(notes) > 0 {
		s += " (" + strings.Join(notes, ", ") + ")"
	}
	return s
}

// reusedCell shows a share as a whole percentage, "-" for none. A share that is
// neither none nor all never rounds to "0%" or "100%", but shows as "<1%" or ">99%".
func reusedCell(x float64) string {
	p := math.Round(x * 100)
	switch {
	case x == 0:
		return "-"
	case p == 0:
		return "<1%"
	case p == 100 && x < 1:
		return ">99%"
	}
	return strconv.Itoa(int(p)) + "%"
}

// spanCell shows a byte range as "start-end".
func spanCell(start, end int) string {
	return strconv.Itoa(start) + "-" + strconv.Itoa(end)
}

// decimal2 shows a similarity with two decimals.
func decimal2(x float64) string {
	return strconv.FormatFloat(x, 'f', 2, 64)
}
