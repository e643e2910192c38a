package report

import (
	"io"
	"strings"
)

// writeMarkdown writes a "## Clusters" and a "## Boilerplate" section, each a
// GitHub-flavoured Markdown table (or a sentence when empty), then the summary
// line. Columns match the table format; numeric columns are right-aligned.
func writeMarkdown(w io.Writer, r *Report, opt Options) error {
	var b strings.Builder
	b.WriteString("## Clusters\n\n")
	if len(r.Clusters) == 0 {
		b.WriteString("No duplicate clusters.\n")
	} else {
		rows := clusterRows(r.Clusters)
		for _, row := range rows {
			row[clusterSnippetCol] = truncate(row[clusterSnippetCol], opt.SnippetWidth)
		}
		markdownTable(&b, clusterHeader, ":--:-:-:-", rows)
	}
	b.WriteString("\n## Boilerplate\n\n")
	if len(r.Boilerplate) == 0 {
		b.WriteString("No boilerplate passages.\n")
	} else {
		rows := boilerplateRows(r.Boilerplate)
		for _, row := range rows {
			row[boilerTextCol] = truncate(row[boilerTextCol], opt.SnippetWidth)
		}
		markdownTable(&b, boilerplateHeader, ":::-", rows)
	}
	for _, m := range r.Merges {
		b.WriteString("\n" + m.Line() + "\n")
	}
	b.WriteString("\n" + r.Summary.Line() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDecisionMarkdown writes a "## Decisions" section, a GitHub-flavoured
// Markdown table with the table format's columns (or a sentence when there are no
// decisions), then the decisions' summary line.
func writeDecisionMarkdown(w io.Writer, ds []Decision, opt Options) error {
	var b strings.Builder
	b.WriteString("## Decisions\n\n")
	if len(ds) == 0 {
		b.WriteString("No articles.\n")
	} else {
		rows := decisionRows(ds)
		for _, row := range rows {
			row[decisionSnippetCol] = truncate(row[decisionSnippetCol], opt.SnippetWidth)
		}
		markdownTable(&b, decisionHeader, "--:---:---", rows)
	}
	b.WriteString("\n" + decisionsLine(ds) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownTable writes a GFM table. align holds one byte per column: ':' for
// right-aligned (numbers), '-' for left. Cells must already be single lines.
func markdownTable(b *strings.Builder, header []string, align string, rows [][]string) {
	writeMarkdownRow(b, header)
	b.WriteString("|")
	for i := range header {
		if align[i] == ':' {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, row := range rows {
		writeMarkdownRow(b, row)
	}
}

func writeMarkdownRow(b *strings.Builder, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" ")
		b.WriteString(markdownEscaper.Replace(c))
		b.WriteString(" |")
	}
	b.WriteString("\n")
}

// markdownEscaper keeps a cell's text literal inside a GFM table: "|" would end the
// cell, and escaping "\" first keeps a backslash in the text from escaping what
// follows it.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`)
