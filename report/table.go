package report

// This is the only file that imports tablewriter (STYLE.md §8): its v1 API is not
// v0's, and keeping it here bounds the cost of the next break.

import (
	"bytes"
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// ANSI SGR sequences, used only when Options.Color is set.
const (
	sgrBold   = "\x1b[1m"
	sgrReset  = "\x1b[0m"
	sgrRed    = "\x1b[31m"
	sgrYellow = "\x1b[33m"
	sgrCyan   = "\x1b[36m"
	sgrGreen  = "\x1b[32m"
)

// tierColor: the stronger the match, the louder the colour.
var tierColor = map[string]string{
	string(TierExact):     sgrRed,
	string(TierNear):      sgrYellow,
	string(TierContained): sgrGreen,
	string(TierRewrite):   sgrCyan,
}

// columnGap is the space between table columns. No column has left padding and
// the last has none on the right, so a line is at most the sum of the column
// widths plus columnGap between each pair.
const columnGap = "  "

// writeTable renders the clusters table, the boilerplate table and the summary
// line. The whole output is built in memory (tablewriter's batch mode holds every
// row anyway) and reaches w in a single Write, so a failing w is always reported.
func writeTable(w io.Writer, r *Report, opt Options) error {
	var buf bytes.Buffer
	if len(r.Clusters) == 0 {
		buf.WriteString("no duplicate clusters\n")
	} else {
		rows := clusterRows(r.Clusters)
		fitColumn(clusterHeader, rows, clusterSnippetCol, opt)
		colorTiers(rows, clusterTierCol, opt)
		if err := renderTable(&buf, clusterHeader, rows, opt); err != nil {
			return err
		}
	}
	if len(r.Boilerplate) > 0 {
		buf.WriteString("\n" + bold("Boilerplate", opt) + "\n")
		rows := boilerplateRows(r.Boilerplate)
		fitColumn(boilerplateHeader, rows, boilerTextCol, opt)
		if err := renderTable(&buf, boilerplateHeader, rows, opt); err != nil {
			return err
		}
	}
	for _, m := range r.Merges {
		buf.WriteString("\n" + m.Line())
	}
	buf.WriteString("\n" + r.Summary.Line() + "\n")
	_, err := w.Write(trimLines(buf.Bytes()))
	return err
}

// writeDecisionTable renders the decisions table, one row per passage match, and
// the decisions' summary line; with no decisions, the summary line alone. Like
// writeTable, it reaches w in a single Write.
func writeDecisionTable(w io.Writer, ds []Decision, opt Options) error {
	var buf bytes.Buffer
	if len(ds) > 0 {
		rows := decisionRows(ds)
		fitColumn(decisionHeader, rows, decisionSnippetCol, opt)
		colorTiers(rows, decisionTierCol, opt)
		if err := renderTable(&buf, decisionHeader, rows, opt); err != nil {
			return err
		}
		buf.WriteString("\n")
	}
	buf.WriteString(decisionsLine(ds) + "\n")
	_, err := w.Write(trimLines(buf.Bytes()))
	return err
}

// colorTiers colours the tier names in column col when colour is on. It must run
// after fitColumn, which measures the cells.
func colorTiers(rows [][]string, col int, opt Options) {
	if !opt.Color {
		return
	}
	for _, row := range rows {
		if c, ok := tierColor[row[col]]; ok {
			row[col] = c + row[col] + sgrReset
		}
	}
}

// newTable returns a borderless table in the style of `ps` or `kubectl get`:
// left-aligned columns two spaces apart under a rule, which leaves the most room
// for snippets. East Asian width is switched off so that ambiguous-width runes such
// as "…" measure one column whatever the locale: the output must not depend on the
// environment. (tablewriter keeps that setting globally; this package is its only
// user in neardup.)
func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.Border{Left: tw.Off, Right: tw.Off, Top: tw.Off, Bottom: tw.Off},
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off, ShowHeader: tw.On},
				Lines:      tw.Lines{ShowTop: tw.Off, ShowBottom: tw.Off, ShowHeaderLine: tw.On},
			},
		})),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: columnGap, Overwrite: true}),
		tablewriter.WithHeaderAutoFormat(tw.Off), // keep headers as written
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone), // cells are already one line and fitted
	)
}

// renderTable writes header and rows as one table to w.
func renderTable(w io.Writer, header []string, rows [][]string, opt Options) error {
	t := newTable(w)
	// No padding after the last column, so the rule under the header ends with the text.
	pad := make([]tw.Padding, len(header))
	for i := range pad {
		pad[i] = tw.Padding{Right: columnGap, Overwrite: true}
	}
	pad[len(pad)-1] = tw.PaddingNone
	t.Configure(func(cfg *tablewriter.Config) {
		cfg.Header.Padding.PerColumn = pad
		cfg.Row.Padding.PerColumn = pad
	})
	h := make([]any, len(header))
	for i, s := range header {
		h[i] = bold(s, opt)
	}
	t.Header(h...)
	for _, row := range rows {
		if err := t.Append(row); err != nil {
			return err
		}
	}
	return t.Render()
}

// fitColumn truncates column flex of rows to opt.SnippetWidth runes, or narrower if
// needed for the table to fit opt.Width columns, but not below minFlexWidth. It must
// run before any colour is added to the cells.
func fitColumn(header []string, rows [][]string, flex int, opt Options) {
	width := opt.SnippetWidth
	if opt.Width > 0 {
		used := 0
		for col := range header {
			if col == flex {
				continue
			}
			w := displayWidth(header[col])
			for _, row := range rows {
				w = max(w, displayWidth(row[col]))
			}
			used += w + len(columnGap) // flex is the last column: no gap after it
		}
		room := max(opt.Width-used, minFlexWidth)
		width = min(width, room)
	}
	for _, row := range rows {
		row[flex] = truncate(row[flex], width)
	}
}

// displayWidth is the number of terminal columns s takes, measured as tablewriter
// measures cells with East Asian width off (see newTable), without touching its
// global setting.
func displayWidth(s string) int {
	return twwidth.WidthWithOptions(s, twwidth.Options{})
}

// bold wraps s in bold escape codes when colour is on.
func bold(s string, opt Options) string {
	if !opt.Color {
		return s
	}
	return sgrBold + s + sgrReset
}

// trimLines removes the trailing spaces tablewriter pads every line with.
func trimLines(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	out := make([]byte, 0, len(b))
	for _, l := range lines {
		nl := bytes.HasSuffix(l, []byte("\n"))
		l = bytes.TrimRight(l, " \n")
		out = append(out, l...)
		if nl {
			out = append(out, '\n')
		}
	}
	return out
}
