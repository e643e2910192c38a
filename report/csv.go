package report

import (
	"encoding/csv"
	"io"
	"strconv"
)

// csvHeader names the CSV columns. The file holds cluster members only; boilerplate
// and the summary have no rows in it.
var csvHeader = []string{"cluster", "level", "tier", "size", "doc", "passage", "start", "end", "similarity", "snippet"}

// writeCSV writes a header row and then one row per cluster member, repeating the
// cluster's id, level, tier and size on each so every row stands alone. Values are
// as in JSON Lines: passage 0 for a document-level member, similarity rounded to
// 4 decimals, doc ids verbatim.
func writeCSV(w io.Writer, r *Report, opt Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, c := range r.Clusters {
		for _, m := range c.Members {
			row[0] = strconv.Itoa(c.ID)
			row[1] = string(c.Level)
			row[2] = string(c.Tier)
			row[3] = strconv.Itoa(len(c.Members))
			row[4] = m.Doc
			row[5] = strconv.Itoa(m.Passage)
			row[6] = strconv.Itoa(m.Start)
			row[7] = strconv.Itoa(m.End)
			row[8] = csvFloat(m.Similarity)
			row[9] = snippet(m.Snippet, opt.SnippetWidth)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	// csv.Writer buffers: Flush, then Error reports any write that failed.
	cw.Flush()
	return cw.Error()
}

// decisionCSVHeader names the columns of the decisions CSV.
var decisionCSVHeader = []string{"doc", "outcome", "added", "revision", "reused", "match", "level", "tier",
	"similarity", "start", "end", "match_start", "match_end", "snippet", "match_snippet"}

// writeDecisionCSV writes a header row and then one row per passage match,
// repeating the decision's fields (doc to reused) and the match's (match, level)
// on each so every row stands alone; tier and similarity are the passage match's.
// A document-level match takes one row with its own tier and similarity and empty
// offsets and snippets; a decision without matches, one row with every match field
// empty. Values are as in JSON Lines: true or false, numbers rounded to 4
// decimals, doc ids verbatim. The summary has no row. ds must be valid.
func writeDecisionCSV(w io.Writer, ds []Decision, opt Options) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(decisionCSVHeader); err != nil {
		return err
	}
	row := make([]string, len(decisionCSVHeader))
	for _, d := range ds {
		if err := writeDecisionRows(cw, row, d, opt); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeDecisionRows writes d's rows; row is scratch of len(decisionCSVHeader).
func writeDecisionRows(cw *csv.Writer, row []string, d Decision, opt Options) error {
	clear(row)
	row[0] = d.Doc
	row[1] = string(d.Outcome)
	row[2] = strconv.FormatBool(d.Added)
	row[3] = strconv.FormatBool(d.Revision)
	row[4] = csvFloat(d.Reused)
	if len(d.Matches) == 0 {
		return cw.Write(row)
	}
	for _, m := range d.Matches {
		row[5] = m.Doc
		row[6] = string(m.Level)
		if m.Level == LevelDocument {
			row[7] = string(m.Tier)
			row[8] = csvFloat(m.Similarity)
			clear(row[9:])
			if err := cw.Write(row); err != nil {
				return err
			}
			continue
		}
		for _, p := range m.Passages {
			row[7] = string(p.Tier)
			row[8] = csvFloat(p.Similarity)
			row[9] = strconv.Itoa(p.Start)
			row[10] = strconv.Itoa(p.End)
			row[11] = strconv.Itoa(p.MatchStart)
			row[12] = strconv.Itoa(p.MatchEnd)
			row[13] = snippet(p.Snippet, opt.SnippetWidth)
			row[14] = snippet(p.MatchSnippet, opt.SnippetWidth)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// csvFloat formats a share or similarity as JSON Lines does: rounded to 4 decimals.
func csvFloat(x float64) string {
	return strconv.FormatFloat(round4(x), 'f', -1, 64)
}
