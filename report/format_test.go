package report

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		err  error
	}{
		{"table", FormatTable, nil},
		{"csv", FormatCSV, nil},
		{"jsonl", FormatJSONL, nil},
		{"markdown", FormatMarkdown, nil},
		{" JSONL\n", FormatJSONL, nil},
		{"Markdown", FormatMarkdown, nil},
		{"", "", ErrUnknownFormat},
		{"json", "", ErrUnknownFormat},
		{"md", "", ErrUnknownFormat},
		{"table,csv", "", ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Fatalf("ParseFormat(%q)=%q, %v, want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
			if err != nil && !strings.Contains(err.Error(), "table, csv, jsonl, markdown") {
				t.Errorf("ParseFormat(%q) error %q does not list the valid formats", tt.in, err)
			}
		})
	}
}

func TestFormatsRoundTrip(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(string(f)); got != f || err != nil {
			t.Errorf("ParseFormat(%q)=%q, %v, want %q, nil", f, got, err, f)
		}
	}
	fs := Formats()
	fs[0] = "clobbered"
	if Formats()[0] != FormatTable {
		t.Errorf("Formats returned its internal array")
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, fixture(), "xml", Options{})
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("Write(xml)=%v, want ErrUnknownFormat", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Write(xml) wrote %q, want nothing", buf.String())
	}
}

var errBoom = errors.New("boom")

// errWriter accepts n bytes, then fails every write with errBoom.
type errWriter struct{ n int }

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, errBoom
}

func TestWriteError(t *testing.T) {
	for _, f := range Formats() {
		for _, n := range []int{0, 10, 300} {
			err := Write(&errWriter{n: n}, fixture(), f, Options{})
			if !errors.Is(err, errBoom) {
				t.Errorf("Write(%s) to a writer failing after %d bytes=%v, want errBoom", f, n, err)
			}
		}
	}
}

func TestWriteInvalid(t *testing.T) {
	tests := map[string]func(r *Report){
		"no members":      func(r *Report) { r.Clusters[1].Members = nil },
		"unknown level":   func(r *Report) { r.Clusters[0].Level = "chapter" },
		"unknown tier":    func(r *Report) { r.Clusters[0].Tier = "" },
		"member tier":     func(r *Report) { r.Clusters[2].Members[0].Tier = "" },
		"NaN similarity":  func(r *Report) { r.Clusters[0].Members[1].Similarity = math.NaN() },
		"Inf similarity":  func(r *Report) { r.Clusters[0].Members[1].Similarity = math.Inf(1) },
		"reversed span":   func(r *Report) { r.Clusters[1].Members[1].End = 10 },
		"negative start":  func(r *Report) { r.Clusters[1].Members[1].Start = -1 },
		"boilerplate end": func(r *Report) { r.Boilerplate[1].Matches[2].End = 0 },
	}
	for name, breakIt := range tests {
		t.Run(name, func(t *testing.T) {
			r := fixture()
			breakIt(r)
			for _, f := range Formats() {
				var buf bytes.Buffer
				if err := Write(&buf, r, f, Options{}); !errors.Is(err, ErrInvalidReport) {
					t.Errorf("Write(%s)=%v, want ErrInvalidReport", f, err)
				}
				if buf.Len() != 0 {
					t.Errorf("Write(%s) wrote %d bytes before failing, want none", f, buf.Len())
				}
			}
		})
	}
	if err := Write(new(bytes.Buffer), nil, FormatJSONL, Options{}); !errors.Is(err, ErrInvalidReport) {
		t.Errorf("Write(nil report)=%v, want ErrInvalidReport", err)
	}
}

// TestNoEscapeCodes: without Color no format emits ESC, although the fixture has
// one in a snippet; with it, only the table does.
func TestNoEscapeCodes(t *testing.T) {
	for _, f := range Formats() {
		for _, color := range []bool{false, true} {
			out := render(t, fixture(), f, Options{Color: color})
			got := bytes.IndexByte(out, 0x1b) >= 0
			if want := color && f == FormatTable; got != want {
				t.Errorf("Write(%s, Color=%v) has escape codes=%v, want %v", f, color, got, want)
			}
		}
	}
}

func TestTableWidth(t *testing.T) {
	tests := []struct {
		width     int
		maxLine   int // longest cluster-table line, in runes
		maxSnip   int // longest snippet cell, in runes
		snipWidth int
	}{
		{0, DefaultWidth, DefaultSnippetWidth, 0},
		{110, 110, 27, 0}, // the other columns take 83
		{60, 103, 20, 0},  // cannot fit: snippets stop at minFlexWidth
		{60, 93, 10, 10},  // unless SnippetWidth is smaller still
		{-1, 143, DefaultSnippetWidth, 0},
		{-1, 93, 10, 10},
	}
	for _, tt := range tests {
		opt := Options{Width: tt.width, SnippetWidth: tt.snipWidth}
		out := string(render(t, fixture(), FormatTable, opt))
		clusters, _, _ := strings.Cut(out, "\n\n")
		longest := 0
		for _, line := range strings.Split(clusters, "\n") {
			longest = max(longest, utf8.RuneCountInString(line))
		}
		if longest > tt.maxLine {
			t.Errorf("%+v: longest line %d runes, want at most %d:\n%s", opt, longest, tt.maxLine, clusters)
		}
		rows := clusterRows(fixture().Clusters)
		fitColumn(clusterHeader, rows, clusterSnippetCol, opt.withDefaults())
		for _, row := range rows {
			if n := utf8.RuneCountInString(row[clusterSnippetCol]); n > tt.maxSnip {
				t.Errorf("%+v: snippet %q has %d runes, want at most %d", opt, row[clusterSnippetCol], n, tt.maxSnip)
			}
		}
	}
}

func TestSummaryLine(t *testing.T) {
	tests := []struct {
		s    Summary
		want string
	}{
		{Summary{}, "0 documents, 0 passages: 0 clusters (0 exact, 0 near, 0 contained, 0 rewrite; 0 document, 0 passage), 0 boilerplate passages"},
		{
			Summary{Documents: 5, Passages: 42, Clusters: 1, ByTier: map[Tier]int{TierRewrite: 1}, ByLevel: map[Level]int{LevelPassage: 1}, Boilerplate: 4},
			"5 documents, 42 passages: 1 cluster (0 exact, 0 near, 0 contained, 1 rewrite; 0 document, 1 passage), 4 boilerplate passages",
		},
		{
			Summary{Documents: 1, Passages: 1, Skipped: 2, Boilerplate: 1},
			"1 document, 1 passage: 0 clusters (0 exact, 0 near, 0 contained, 0 rewrite; 0 document, 0 passage), 1 boilerplate passage, 2 inputs skipped",
		},
	}
	for _, tt := range tests {
		if got := tt.s.Line(); got != tt.want {
			t.Errorf("Line(%+v)=%q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	r := &Report{Clusters: []Cluster{{ID: 1, Level: LevelPassage, Tier: TierExact, Members: []Member{
		{Doc: "a|b.txt", Passage: 1, End: 3, Similarity: 1, Tier: TierExact, Snippet: `x | y \| z`},
	}}}}
	out := string(render(t, r, FormatMarkdown, Options{}))
	for _, want := range []string{`| a\|b.txt |`, `| x \| y \\\| z |`} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown output lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteDecisionsUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := WriteDecisions(&buf, decisionsFixture(), "xml", Options{})
	if !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("WriteDecisions(xml)=%v, want ErrUnknownFormat", err)
	}
	if buf.Len() != 0 {
		t.Errorf("WriteDecisions(xml) wrote %q, want nothing", buf.String())
	}
}

func TestWriteDecisionsError(t *testing.T) {
	for _, f := range Formats() {
		for _, n := range []int{0, 10, 300} {
			err := WriteDecisions(&errWriter{n: n}, decisionsFixture(), f, Options{})
			if !errors.Is(err, errBoom) {
				t.Errorf("WriteDecisions(%s) to a writer failing after %d bytes=%v, want errBoom", f, n, err)
			}
		}
	}
}

func TestWriteDecisionsInvalid(t *testing.T) {
	tests := map[string]func(ds []Decision){
		"unknown outcome":       func(ds []Decision) { ds[0].Outcome = "maybe" },
		"empty outcome":         func(ds []Decision) { ds[4].Outcome = "" },
		"duplicate added":       func(ds []Decision) { ds[2].Added = true },
		"rewrite added":         func(ds []Decision) { ds[3].Added = true },
		"unchanged added":       func(ds []Decision) { ds[4].Added = true },
		"NaN reused":            func(ds []Decision) { ds[1].Reused = math.NaN() },
		"reused above 1":        func(ds []Decision) { ds[1].Reused = 1.01 },
		"negative reused":       func(ds []Decision) { ds[1].Reused = -0.1 },
		"unknown level":         func(ds []Decision) { ds[2].Matches[0].Level = "chapter" },
		"unknown match tier":    func(ds []Decision) { ds[2].Matches[0].Tier = "" },
		"Inf match similarity":  func(ds []Decision) { ds[2].Matches[0].Similarity = math.Inf(1) },
		"match similarity >1":   func(ds []Decision) { ds[3].Matches[0].Similarity = 2 },
		"document with passage": func(ds []Decision) { ds[2].Matches[0].Passages = ds[3].Matches[0].Passages },
		"passage without any":   func(ds []Decision) { ds[3].Matches[0].Passages = nil },
		"unknown passage tier":  func(ds []Decision) { ds[1].Matches[1].Passages[0].Tier = "close" },
		"NaN passage sim":       func(ds []Decision) { ds[1].Matches[0].Passages[1].Similarity = math.NaN() },
		"negative passage sim":  func(ds []Decision) { ds[1].Matches[0].Passages[1].Similarity = -1 },
		"reversed span":         func(ds []Decision) { ds[1].Matches[0].Passages[1].End = 10 },
		"negative start":        func(ds []Decision) { ds[5].Matches[0].Passages[0].Start = -1 },
		"reversed match span":   func(ds []Decision) { ds[5].Matches[0].Passages[0].MatchEnd = 0 },
		"negative match start":  func(ds []Decision) { ds[1].Matches[0].Passages[0].MatchStart = -5 },
	}
	for name, breakIt := range tests {
		t.Run(name, func(t *testing.T) {
			ds := decisionsFixture()
			breakIt(ds)
			for _, f := range Formats() {
				var buf bytes.Buffer
				if err := WriteDecisions(&buf, ds, f, Options{}); !errors.Is(err, ErrInvalidReport) {
					t.Errorf("WriteDecisions(%s)=%v, want ErrInvalidReport", f, err)
				}
				if buf.Len() != 0 {
					t.Errorf("WriteDecisions(%s) wrote %d bytes before failing, want none", f, buf.Len())
				}
			}
		})
	}
	// The bounds themselves are valid.
	ds := []Decision{{Doc: "a", Outcome: OutcomePartial, Reused: 1, Matches: []Match{
		{Doc: "b", Level: LevelPassage, Tier: TierNear, Similarity: 0, Passages: []PassageMatch{{Tier: TierNear, Similarity: 1}}},
	}}}
	if err := WriteDecisions(new(bytes.Buffer), ds, FormatJSONL, Options{}); err != nil {
		t.Errorf("WriteDecisions(%+v)=%v, want nil", ds, err)
	}
}

// TestDecisionsNoEscapeCodes: without Color no format emits ESC, although the
// fixture has some in snippets; with it, only the table does.
func TestDecisionsNoEscapeCodes(t *testing.T) {
	for _, f := range Formats() {
		for _, color := range []bool{false, true} {
			out := renderDecisions(t, decisionsFixture(), f, Options{Color: color})
			got := bytes.IndexByte(out, 0x1b) >= 0
			if want := color && f == FormatTable; got != want {
				t.Errorf("WriteDecisions(%s, Color=%v) has escape codes=%v, want %v", f, color, got, want)
			}
		}
	}
}

func TestDecisionsTableWidth(t *testing.T) {
	for _, tt := range []struct{ width, snipWidth, maxSnip int }{
		{0, 0, minFlexWidth}, // the other columns leave too little room
		{-1, 0, DefaultSnippetWidth},
		{-1, 10, 10},
	} {
		opt := Options{Width: tt.width, SnippetWidth: tt.snipWidth}
		rows := decisionRows(decisionsFixture())
		fitColumn(decisionHeader, rows, decisionSnippetCol, opt.withDefaults())
		longest := 0
		for _, row := range rows {
			longest = max(longest, utf8.RuneCountInString(row[decisionSnippetCol]))
		}
		if longest != tt.maxSnip {
			t.Errorf("%+v: longest snippet %d runes, want %d", opt, longest, tt.maxSnip)
		}
	}
}

func TestDecisionCell(t *testing.T) {
	tests := []struct {
		d    Decision
		want string
	}{
		{Decision{Outcome: OutcomeNew, Added: true}, "new, added"},
		{Decision{Outcome: OutcomeNew}, "new (dry run)"},
		{Decision{Outcome: OutcomeNew, Revision: true}, "new (revision, dry run)"},
		{Decision{Outcome: OutcomePartial, Added: true, Revision: true}, "partial, added (revision)"},
		{Decision{Outcome: OutcomeDuplicate}, "duplicate"},
		{Decision{Outcome: OutcomeDuplicate, Revision: true}, "duplicate (revision)"},
		{Decision{Outcome: OutcomeRewrite}, "rewrite"},
		{Decision{Outcome: OutcomeUnchanged}, "unchanged"},
	}
	for _, tt := range tests {
		if got := decisionCell(tt.d); got != tt.want {
			t.Errorf("decisionCell(%+v)=%q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestReusedCell(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "-"},
		{0.0001, "<1%"},
		{0.005, "1%"},
		{0.4249, "42%"},
		{0.995, ">99%"},
		{1, "100%"},
	}
	for _, tt := range tests {
		if got := reusedCell(tt.in); got != tt.want {
			t.Errorf("reusedCell(%v)=%q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecisionsLine(t *testing.T) {
	tests := []struct {
		ds   []Decision
		want string
	}{
		{nil, "0 articles; 0 added"},
		{[]Decision{{Outcome: OutcomeNew, Added: true}}, "1 article: 1 new; 1 added"},
		{[]Decision{{Outcome: OutcomeDuplicate}, {Outcome: OutcomeNew}, {Outcome: OutcomeDuplicate}}, "3 articles: 1 new, 2 duplicate; 0 added"},
		{decisionsFixture(), "6 articles: 1 new, 2 partial, 1 duplicate, 1 rewrite, 1 unchanged; 2 added"},
	}
	for _, tt := range tests {
		if got := decisionsLine(tt.ds); got != tt.want {
			t.Errorf("decisionsLine(%d decisions)=%q, want %q", len(tt.ds), got, tt.want)
		}
	}
}
