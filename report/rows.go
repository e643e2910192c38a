package report

import (
	"strconv"
)

// The human-readable formats (table and Markdown) share these columns.
var (
	clusterHeader     = []string{"CLUSTER", "LEVEL", "TIER", "SIZE", "DOCUMENT", "PASSAGE", "BYTES", "SIMILARITY", "SNIPPET"}
	boilerplateHeader = []string{"ID", "DOCS", "OCCURRENCES", "TEXT"}
)

// Column indexes the writers treat specially.
const (
	clusterTierCol    = 2
	clusterSnippetCol = 8
	boilerTextCol     = 3
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
			row[6] = strconv.Itoa(m.Start) + "-" + strconv.Itoa(m.End)
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
	return strconv.FormatFloat(sim, 'f', 2, 64)
}
