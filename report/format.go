package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Format names an output format.
type Format string

const (
	// FormatTable is an aligned text table for people, optionally coloured.
	FormatTable Format = "table"
	// FormatCSV is one RFC 4180 row per cluster member (per passage match, for
	// decisions), after a header row.
	FormatCSV Format = "csv"
	// FormatJSONL is JSON Lines, the machine-readable contract described in the package doc.
	FormatJSONL Format = "jsonl"
	// FormatMarkdown is GitHub-flavoured Markdown with a table per section.
	FormatMarkdown Format = "markdown"
)

// formats lists every format in the order help text and error messages show them.
var formats = [...]Format{FormatTable, FormatCSV, FormatJSONL, FormatMarkdown}

// Formats returns every valid format, in a fixed order. The caller owns the slice.
func Formats() []Format {
	return append([]Format(nil), formats[:]...)
}

// ParseFormat returns the format named s, ignoring case and surrounding space.
// An unknown name gives an error wrapping [ErrUnknownFormat] whose message lists
// the valid names.
func ParseFormat(s string) (Format, error) {
	name := strings.TrimSpace(s)
	for _, f := range formats {
		if strings.EqualFold(name, string(f)) {
			return f, nil
		}
	}
	return "", unknownFormat(s)
}

func unknownFormat(s string) error {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return fmt.Errorf("%w %q (valid: %s)", ErrUnknownFormat, s, strings.Join(names, ", "))
}

// Defaults used for zero [Options] fields.
const (
	// DefaultSnippetWidth is the snippet length, in runes, when Options.SnippetWidth is 0.
	DefaultSnippetWidth = 60
	// DefaultWidth is the table's target line width, in columns, when Options.Width is 0.
	DefaultWidth = 120
	// minFlexWidth is the narrowest the table lets a SNIPPET or TEXT column get
	// while fitting Options.Width; below it a snippet stops being readable.
	minFlexWidth = 20
)

// Options tune the output. The zero value means defaults.
type Options struct {
	// Color makes the table format print bold headers and coloured tiers with ANSI
	// escape codes. It is ignored by the other formats, and no format ever emits an
	// escape code without it: escape characters inside documents are replaced.
	Color bool
	// SnippetWidth is the most runes a snippet (or boilerplate text in the table and
	// Markdown formats) may take, counting the "…" that marks a cut. Zero or negative
	// means DefaultSnippetWidth. It applies to every format, JSON Lines included.
	SnippetWidth int
	// Width is the table format's target line width in terminal columns. The SNIPPET
	// and TEXT columns are narrowed (but to no fewer than 20 runes, or SnippetWidth
	// if that is smaller) so that lines fit; long document ids can still push a line
	// past it. Zero means DefaultWidth; negative means no limit. Other formats ignore it.
	Width int
}

func (o Options) withDefaults() Options {
	if o.SnippetWidth <= 0 {
		o.SnippetWidth = DefaultSnippetWidth
	}
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	return o
}

// Write renders r to w in format f.
//
// Output is a function of r, f and opt alone, so it is byte-for-byte reproducible;
// the only exception is the elapsed time carried in r.Summary, which the table,
// CSV and Markdown formats never print. Write checks r first and returns an error
// wrapping [ErrInvalidReport], having written nothing, if it is malformed. An error
// from w is returned wrapped; the output may then be incomplete.
//
// Write does not buffer beyond what each format needs; wrap w in a bufio.Writer
// (and flush it) when writing to a file or pipe. Concurrent calls are safe as
// long as they do not share w.
func Write(w io.Writer, r *Report, f Format, opt Options) error {
	if err := r.validate(); err != nil {
		return err
	}
	opt = opt.withDefaults()
	var err error
	switch f {
	case FormatTable:
		err = writeTable(w, r, opt)
	case FormatCSV:
		err = writeCSV(w, r, opt)
	case FormatJSONL:
		err = writeJSONL(w, r, opt)
	case FormatMarkdown:
		err = writeMarkdown(w, r, opt)
	default:
		return unknownFormat(string(f))
	}
	if err != nil {
		return fmt.Errorf("report: write %s: %w", f, err)
	}
	return nil
}

// WriteDecisions renders the gate's decisions, one per article, in input order.
//
// Each format shows every decision with its evidence, then a summary of the
// outcomes: the table and Markdown formats one row per passage match, CSV one row
// per passage match with the decision's fields repeated, and JSON Lines one
// "decision" object per decision and a closing "summary" (the contract is in the
// package doc). As with [Write], output is a function of ds, f and opt alone;
// ds is checked first, and if it is malformed WriteDecisions returns an error
// wrapping [ErrInvalidReport] having written nothing. An error from w is returned
// wrapped; the output may then be incomplete. A nil or empty ds is valid.
func WriteDecisions(w io.Writer, ds []Decision, f Format, opt Options) error {
	if err := validateDecisions(ds); err != nil {
		return err
	}
	opt = opt.withDefaults()
	var err error
	switch f {
	case FormatTable:
		err = writeDecisionTable(w, ds, opt)
	case FormatCSV:
		err = writeDecisionCSV(w, ds, opt)
	case FormatJSONL:
		err = writeDecisionJSONL(w, ds, opt)
	case FormatMarkdown:
		err = writeDecisionMarkdown(w, ds, opt)
	default:
		return unknownFormat(string(f))
	}
	if err != nil {
		return fmt.Errorf("report: write %s decisions: %w", f, err)
	}
	return nil
}

// validate checks the invariants the writers rely on.
func (r *Report) validate() error {
	if r == nil {
		return fmt.Errorf("%w: nil report", ErrInvalidReport)
	}
	for i, c := range r.Clusters {
		if err := c.validate(); err != nil {
			return fmt.Errorf("%w: cluster %d (index %d): %v", ErrInvalidReport, c.ID, i, err)
		}
	}
	for i, b := range r.Boilerplate {
		for j, s := range b.Matches {
			if err := checkSpan(s.Start, s.End); err != nil {
				return fmt.Errorf("%w: boilerplate %d (index %d) match %d: %v", ErrInvalidReport, b.ID, i, j, err)
			}
		}
	}
	return nil
}

func (c Cluster) validate() error {
	if len(c.Members) == 0 {
		return fmt.Errorf("no members")
	}
	if !c.Level.valid() {
		return fmt.Errorf("unknown level %q", c.Level)
	}
	if !c.Tier.valid() {
		return fmt.Errorf("unknown tier %q", c.Tier)
	}
	for j, m := range c.Members {
		if !m.Tier.valid() {
			return fmt.Errorf("member %d: unknown tier %q", j, m.Tier)
		}
		if math.IsNaN(m.Similarity) || math.IsInf(m.Similarity, 0) {
			return fmt.Errorf("member %d: similarity %v", j, m.Similarity)
		}
		if err := checkSpan(m.Start, m.End); err != nil {
			return fmt.Errorf("member %d: %v", j, err)
		}
	}
	return nil
}

// validateDecisions checks the invariants the decision writers rely on.
func validateDecisions(ds []Decision) error {
	for i, d := range ds {
		if err := d.validate(); err != nil {
			return fmt.Errorf("%w: decision %d (%q): %v", ErrInvalidReport, i, d.Doc, err)
		}
	}
	return nil
}

func (d Decision) validate() error {
	if !d.Outcome.valid() {
		return fmt.Errorf("unknown outcome %q", d.Outcome)
	}
	if d.Added && (d.Outcome.Rejected() || d.Outcome == OutcomeUnchanged) {
		return fmt.Errorf("outcome %s, yet added", d.Outcome)
	}
	if err := checkUnit("reused", d.Reused); err != nil {
		return err
	}
	for j, m := range d.Matches {
		if err := m.validate(); err != nil {
			return fmt.Errorf("match %d: %v", j, err)
		}
	}
	return nil
}

// validate also checks that passages are given exactly for a passage-level match:
// no format could show passages of a document-level match, and a passage-level
// match without any would have no rows in CSV.
func (m Match) validate() error {
	if !m.Level.valid() {
		return fmt.Errorf("unknown level %q", m.Level)
	}
	if !m.Tier.valid() {
		return fmt.Errorf("unknown tier %q", m.Tier)
	}
	if err := checkUnit("similarity", m.Similarity); err != nil {
		return err
	}
	switch {
	case m.Level == LevelDocument && len(m.Passages) > 0:
		return fmt.Errorf("document-level match with %d passages", len(m.Passages))
	case m.Level == LevelPassage && len(m.Passages) == 0:
		return fmt.Errorf("passage-level match without passages")
	}
	for k, p := range m.Passages {
		if !p.Tier.valid() {
			return fmt.Errorf("passage %d: unknown tier %q", k, p.Tier)
		}
		if err := checkUnit("similarity", p.Similarity); err != nil {
			return fmt.Errorf("passage %d: %v", k, err)
		}
		if err := checkSpan(p.Start, p.End); err != nil {
			return fmt.Errorf("passage %d: %v", k, err)
		}
		if err := checkSpan(p.MatchStart, p.MatchEnd); err != nil {
			return fmt.Errorf("passage %d: match %v", k, err)
		}
	}
	return nil
}

// checkUnit reports a value that is not a finite number from 0 to 1. (NaN fails
// both comparisons, and so does not pass.)
func checkUnit(name string, x float64) error {
	if !(x >= 0 && x <= 1) {
		return fmt.Errorf("%s %v, want 0 to 1", name, x)
	}
	return nil
}

func checkSpan(start, end int) error {
	if start < 0 || end < start {
		return fmt.Errorf("bad byte range %d-%d", start, end)
	}
	return nil
}

func (l Level) valid() bool { return l == LevelDocument || l == LevelPassage }

func (t Tier) valid() bool {
	return t == TierExact || t == TierNear || t == TierContained || t == TierRewrite
}

func (o Outcome) valid() bool { return slices.Contains(outcomes[:], o) }

// outcomes lists every outcome in the order summaries show them.
var outcomes = [...]Outcome{OutcomeNew, OutcomePartial, OutcomeDuplicate, OutcomeRewrite, OutcomeUnchanged}
