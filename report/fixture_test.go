package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture is a hand-built report exercising every column: document- and
// passage-level clusters in all three tiers, Cyrillic text long enough to be cut,
// a pipe and quotes, a tab and newlines, an ESC that must never reach a terminal,
// and two boilerplate passages.
func fixture() *Report {
	return &Report{
		Clusters: []Cluster{
			{ID: 1, Level: LevelDocument, Tier: TierNear, Members: []Member{
				{Doc: "001_reuters.txt", Start: 0, End: 2417, Similarity: 1, Tier: TierExact,
					Snippet: "Central bank raises rates by a quarter point\n\nThe central bank raised its main interest rate on Tuesday."},
				{Doc: "002_ap.txt", Start: 0, End: 2417, Similarity: 1, Tier: TierExact,
					Snippet: "Central bank raises rates by a quarter point\n\nThe central bank raised its main interest rate on Tuesday."},
				{Doc: "003_wire.txt", Start: 0, End: 2502, Similarity: 0.87654, Tier: TierNear,
					Snippet: `UPDATE 1-Central bank raises "key" rate as inflation persists`},
			}},
			{ID: 2, Level: LevelPassage, Tier: TierRewrite, Members: []Member{
				{Doc: "004_tass.txt", Passage: 2, Start: 318, End: 1022, Similarity: 1, Tier: TierExact,
					Snippet: "Центральный банк повысил ключевую ставку на четверть пункта,\tсообщила пресс-служба регулятора во вторник."},
				{Doc: "005_ria.txt", Passage: 5, Start: 1410, End: 2123, Similarity: 0.41234, Tier: TierRewrite,
					Snippet: "Регулятор поднял ключевую ставку | рынки отреагировали спокойно"},
			}},
			{ID: 3, Level: LevelPassage, Tier: TierExact, Members: []Member{
				{Doc: "006_blog.md", Passage: 1, Start: 0, End: 88, Similarity: 1, Tier: TierExact,
					Snippet: `Quote: "rates up" | source: wire \ desk`},
				{Doc: "007_forum.md", Passage: 3, Start: 204, End: 292, Similarity: 0.99996, Tier: TierExact,
					Snippet: "Quote: \"rates up\" | source: wire \\ desk \x1b[31m"},
			}},
		},
		Boilerplate: []Boilerplate{
			{ID: 1, Text: "No time to read? Get the morning briefing | Subscribe", Docs: 3, Matches: []Span{
				{Doc: "001_reuters.txt", Start: 2300, End: 2353},
				{Doc: "002_ap.txt", Start: 2300, End: 2353},
				{Doc: "003_wire.txt", Start: 2385, End: 2438},
			}},
			{ID: 2, Text: "© 2024 Example News. All rights reserved. Reproduction without written permission is prohibited.", Docs: 2, Matches: []Span{
				{Doc: "004_tass.txt", Start: 0, End: 98},
				{Doc: "004_tass.txt", Start: 3000, End: 3098},
				{Doc: "005_ria.txt", Start: 2900, End: 2998},
			}},
		},
		Summary: Summary{
			Documents:   7,
			Passages:    42,
			Skipped:     1,
			Clusters:    3,
			ByTier:      map[Tier]int{TierExact: 1, TierNear: 1, TierRewrite: 1},
			ByLevel:     map[Level]int{LevelDocument: 1, LevelPassage: 2},
			Boilerplate: 2,
			Elapsed:     0, // the one non-deterministic field: zero in tests
		},
	}
}

// emptyReport is a run that found nothing.
func emptyReport() *Report {
	return &Report{Summary: Summary{Documents: 2, Passages: 5}}
}

// render writes r in format f and fails the test on error.
func render(t *testing.T, r *Report, f Format, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, f, opt); err != nil {
		t.Fatalf("Write(%s)=%v, want nil", f, err)
	}
	return buf.Bytes()
}

// checkGolden compares got with testdata/name.golden, or rewrites the file under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, firstDiff(string(got), string(want)))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g := strings.SplitAfter(got, "\n")
	w := strings.SplitAfter(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		switch {
		case i >= len(g):
			return fmt.Sprintf("line %d: missing %q (and %d more lines)", i+1, w[i], len(w)-i-1)
		case i >= len(w):
			return fmt.Sprintf("line %d: extra %q (and %d more lines)", i+1, g[i], len(g)-i-1)
		case g[i] != w[i]:
			return fmt.Sprintf("line %d:\nmissing %q\nextra   %q", i+1, w[i], g[i])
		}
	}
	return "no difference"
}

// decisionsFixture is a hand-built run of the gate exercising every column and
// outcome: new and added; partial with two passage matches against one article and
// one against another; a duplicate at document level that would replace an earlier
// version; a rewrite; an unchanged article; and a dry-run partial revision with
// Cyrillic, a pipe, a tab, a newline and an ESC in its snippet, another ESC in its
// match snippet, and a share reused too small to round to 1%.
func decisionsFixture() []Decision {
	return []Decision{
		{Doc: "010_new.txt", Outcome: OutcomeNew, Added: true},
		{Doc: "011_partial.txt", Outcome: OutcomePartial, Added: true, Reused: 0.23456, Matches: []Match{
			{Doc: "003_wire.txt", Level: LevelPassage, Tier: TierExact, Similarity: 1, Passages: []PassageMatch{
				{Start: 0, End: 412, MatchStart: 130, MatchEnd: 540, Tier: TierExact, Similarity: 1,
					Snippet:      "Central bank raises rates by a quarter point\n\nThe central bank raised its main interest rate on Tuesday.",
					MatchSnippet: "Central bank raises rates by a quarter point. The central bank raised its main interest rate on Tuesday."},
				{Start: 1200, End: 1530, MatchStart: 2010, MatchEnd: 2344, Tier: TierNear, Similarity: 0.87654,
					Snippet:      `Analysts had expected the "hike" after last month's data`,
					MatchSnippet: `Analysts expected the "hike" after last month's inflation data`},
			}},
			{Doc: "006_blog.md", Level: LevelPassage, Tier: TierNear, Similarity: 0.71234, Passages: []PassageMatch{
				{Start: 2000, End: 2100, MatchStart: 0, MatchEnd: 88, Tier: TierNear, Similarity: 0.71234,
					Snippet: "Markets took the news calmly", MatchSnippet: "Markets took the news in their stride"},
			}},
		}},
		{Doc: "012_copy.txt", Outcome: OutcomeDuplicate, Revision: true, Reused: 1, Matches: []Match{
			{Doc: "001_reuters.txt", Level: LevelDocument, Tier: TierExact, Similarity: 1},
		}},
		{Doc: "013_retold.txt", Outcome: OutcomeRewrite, Reused: 0.61, Matches: []Match{
			{Doc: "002_ap.txt", Level: LevelPassage, Tier: TierRewrite, Similarity: 0.43125, Passages: []PassageMatch{
				{Start: 0, End: 980, MatchStart: 0, MatchEnd: 1011, Tier: TierRewrite, Similarity: 0.43125,
					Snippet:      "Borrowing costs went up again on Tuesday as the bank acted",
					MatchSnippet: "The central bank raised its main interest rate on Tuesday"},
			}},
		}},
		{Doc: "001_reuters.txt", Outcome: OutcomeUnchanged},
		{Doc: "014_интерфакс.txt", Outcome: OutcomePartial, Revision: true, Reused: 0.0042, Matches: []Match{
			{Doc: "004_tass.txt", Level: LevelPassage, Tier: TierNear, Similarity: 0.81234, Passages: []PassageMatch{
				{Start: 318, End: 1022, MatchStart: 300, MatchEnd: 1010, Tier: TierNear, Similarity: 0.81234,
					Snippet:      "Регулятор \x1b[1mподнял ключевую ставку |\tрынки\nотреагировали спокойно, сообщили аналитики",
					MatchSnippet: "Центральный банк повысил ключевую ставку \x1b[31mна четверть пункта"},
			}},
		}},
	}
}

// renderDecisions writes ds in format f and fails the test on error.
func renderDecisions(t *testing.T, ds []Decision, f Format, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDecisions(&buf, ds, f, opt); err != nil {
		t.Fatalf("WriteDecisions(%s)=%v, want nil", f, err)
	}
	return buf.Bytes()
}
