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
			row[8] = strconv.FormatFloat(round4(m.Similarity), 'f', -1, 64)
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
