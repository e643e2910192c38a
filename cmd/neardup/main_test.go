package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs neardup in-process and returns its exit code and streams.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %q\nwant: %q\n(run go test -update if the change is intended)", name, i+1, g, w)
			}
		}
	}
}

// TestReportSeedsGolden pins what a new user sees first: the report on the embedded seeds.
func TestReportSeedsGolden(t *testing.T) {
	code, out, errs := runCLI(t, "", "report")
	if code != exitOK {
		t.Fatalf("report exit %d, stderr %q", code, errs)
	}
	golden(t, "report_seeds.golden", out)
}

// TestReportSpill: the report is the same in memory and through a spill file, and a spill
// folder that cannot be used is an error that names the way out.
func TestReportSpill(t *testing.T) {
	_, spilled, _ := runCLI(t, "", "report", "--spill-over", "0", "--spill-dir", t.TempDir())
	code, inMemory, errs := runCLI(t, "", "report", "--in-memory")
	if code != exitOK {
		t.Fatalf("report --in-memory exit %d, stderr %q", code, errs)
	}
	if spilled != inMemory {
		t.Errorf("report through a spill file differs from one in memory:\n%s\n---\n%s", spilled, inMemory)
	}
	code, _, errs = runCLI(t, "", "report", "--spill-over", "0", "--spill-dir", filepath.Join(t.TempDir(), "missing"))
	if code != exitError || !strings.Contains(errs, "--spill-dir") {
		t.Errorf("report with a missing spill folder: exit %d, stderr %q", code, errs)
	}
}

// withoutSummary drops the summary line of JSON Lines output, whose elapsed time varies.
func withoutSummary(out string) string {
	var kept []string
	for line := range strings.Lines(out) {
		if !strings.Contains(line, `"type":"summary"`) {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "")
}

type jsonMember struct {
	Doc        string  `json:"doc"`
	Passage    int     `json:"passage"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Similarity float64 `json:"similarity"`
}

type jsonObject struct {
	Type    string       `json:"type"`
	Level   string       `json:"level"`
	Tier    string       `json:"tier"`
	Members []jsonMember `json:"members"`
	Text    string       `json:"text"`
	Docs    int          `json:"docs"`
}

// TestReportSeedsContract checks the seeds' findings through the JSON Lines contract: the
// four passages of 004 that restate the "big deal" form one rewrite cluster, the site
// furniture is boilerplate, and no cluster links two different articles.
func TestReportSeedsContract(t *testing.T) {
	code, out, errs := runCLI(t, "", "report", "--format", "jsonl")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	text, err := os.ReadFile("../../seeds/004_923dfeccae6572de.txt")
	if err != nil {
		t.Fatal(err)
	}
	var clusters, summaries int
	boiler := map[string]bool{}
	var bigDeal *jsonObject
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var o jsonObject
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		switch o.Type {
		case "cluster":
			clusters++
			for _, m := range o.Members {
				if m.Doc != o.Members[0].Doc {
					t.Errorf("cluster links different articles: %s and %s", o.Members[0].Doc, m.Doc)
				}
			}
			for _, m := range o.Members {
				if strings.HasPrefix(string(text[m.Start:m.End]), "As Belarus signals its intent") {
					bigDeal = &o
				}
			}
		case "boilerplate":
			boiler[o.Text] = true
		case "summary":
			summaries++
		default:
			t.Errorf("unknown type %q", o.Type)
		}
	}
	if summaries != 1 {
		t.Errorf("%d summaries, want 1", summaries)
	}
	for _, b := range []string{"No time to read?", "Get a summary", "Previous Article", "Next Article"} {
		if !boiler[b] {
			t.Errorf("boilerplate %q not reported; got %v", b, boiler)
		}
	}
	if bigDeal == nil {
		t.Fatal("no cluster holds the passage \"As Belarus signals its intent\"")
	}
	if bigDeal.Level != "passage" || bigDeal.Tier != "rewrite" {
		t.Errorf("big-deal cluster is %s/%s, want passage/rewrite", bigDeal.Level, bigDeal.Tier)
	}
	want := []string{
		"Belarus is set to negotiate",
		"Belarusian President Alexander Lukashenko recently announced",
		"Belarusian President Alexander Lukashenko has underscored",
		"As Belarus signals its intent",
	}
	var got []string
	for _, m := range bigDeal.Members {
		got = append(got, string(text[m.Start:m.End]))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("big-deal cluster lacks the passage %q; members start %q", w, got)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitError, "Usage"},
		{[]string{"frobnicate"}, exitError, "unknown command"},
		{[]string{"report", "--format", "xml"}, exitError, "see 'neardup help report'"},
		{[]string{"report", "--no-such-flag"}, exitError, "unknown flag"},
		{[]string{"report", "--near", "1.5"}, exitError, "--near 1.5"},
		{[]string{"report", "--near", "0"}, exitError, "--near 0"},
		{[]string{"report", "--rewrite", "0"}, exitError, "--no-rewrite"},
		{[]string{"report", "--min-words", "-5"}, exitError, "--min-words -5"},
		{[]string{"report", "--hashes", "0"}, exitError, "--hashes 0"},
		{[]string{"report", "--shingle", "sentence"}, exitError, "unit"},
		{[]string{"report", "--color", "sometimes"}, exitError, "--color"},
		{[]string{"report", "does/not/exist"}, exitError, "does/not/exist"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("neardup %q = %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.msg)
		}
	}
}

// TestInterrupted: a run whose context is cancelled exits 130 and writes no report, whatever
// phase it was in.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"report"}, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
	if code != exitInterrupted || out.Len() != 0 || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("cancelled report: exit %d, stdout %q, stderr %q; want %d, nothing, \"interrupted\"", code, out.String(), errb.String(), exitInterrupted)
	}
}

// TestReportIndex: --index saves the corpus; a second run into the same index is refused
// before it writes anything, and other parameters are refused too.
func TestReportIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seeds.db")
	code, out, errs := runCLI(t, "", "report", "--index", path, "-f", "jsonl")
	if code != exitOK || !strings.Contains(out, `"type":"summary"`) {
		t.Fatalf("report --index: exit %d, stderr %q", code, errs)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "", "report", "--index", path)
	if code != exitError || !strings.Contains(errs, "already") {
		t.Errorf("second report --index: exit %d, stderr %q; want 2 and \"already\"", code, errs)
	}
	code, _, errs = runCLI(t, "", "report", "--index", path, "--near", "0.6")
	if code != exitError || !strings.Contains(errs, "parameters differ") {
		t.Errorf("report --index with --near 0.6: exit %d, stderr %q; want 2 and \"parameters differ\"", code, errs)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("refused runs changed the index file")
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"report", "--help"}, {"help", "report"}} {
		code, out, _ := runCLI(t, "", args...)
		if code != exitOK || !strings.Contains(out, "report") {
			t.Errorf("neardup %q = %d, %q", args, code, out)
		}
	}
	_, out, _ := runCLI(t, "", "report", "--help")
	for _, part := range []string{"Usage:", "Examples:", "EXIT STATUS", "--format"} {
		if !strings.Contains(out, part) {
			t.Errorf("report --help lacks %q", part)
		}
	}
}

func TestReportStdinAndFailOnDups(t *testing.T) {
	line := `{"id":"a","text":"The quick brown fox jumps over the lazy dog near the river bank today."}` + "\n"
	in := line + strings.Replace(line, `"a"`, `"b"`, 1) + `{"id":"c","text":"Something else entirely, about markets and rates and the weather in spring."}` + "\n"
	code, out, errs := runCLI(t, in, "report", "--format", "csv", "--fail-on-dups", "-")
	if code != exitFound {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitFound, errs)
	}
	if !strings.Contains(out, ",document,exact,2,a,") || !strings.Contains(out, ",document,exact,2,b,") {
		t.Errorf("csv lacks the exact document cluster of a and b:\n%s", out)
	}
	code, out, _ = runCLI(t, in, "report", "-q", "--fail-on-dups", "-")
	if code != exitFound || out != "" {
		t.Errorf("-q: exit %d, out %q; want %d and nothing", code, out, exitFound)
	}
}

func TestReportBadInput(t *testing.T) {
	in := "{\"id\":\"a\",\"text\":\"fine text here\"}\n{broken\n"
	code, _, errs := runCLI(t, in, "report", "-")
	if code != exitError || !strings.Contains(errs, ":2:") {
		t.Errorf("malformed line: exit %d, stderr %q; want 2 and the line number", code, errs)
	}
	code, _, errs = runCLI(t, in, "report", "--skip-bad", "-")
	if code != exitOK || !strings.Contains(errs, "skipped") {
		t.Errorf("--skip-bad: exit %d, stderr %q; want 0 and a skip notice", code, errs)
	}
}

// TestAddGate walks the gate's life cycle through the command line: add, gate a copy (exit 1),
// gate a new article (exit 0, added), re-gate it (unchanged), and stats.
func TestAddGate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	code, out, errs := runCLI(t, "", "add", "--index", db, "../../seeds/000_65a1acdc87ecbba0.txt", "../../seeds/001_05f35c96041d07df.txt")
	if code != exitOK || !strings.Contains(out, "2 added") {
		t.Fatalf("add: exit %d, out %q, stderr %q", code, out, errs)
	}
	seed, err := os.ReadFile("../../seeds/001_05f35c96041d07df.txt")
	if err != nil {
		t.Fatal(err)
	}
	copyDoc := `{"id":"copy","text":` + strconvQuote(strings.Replace(string(seed), "striking warning", "stark warning", 1)) + "}\n"
	code, out, errs = runCLI(t, copyDoc, "gate", "--index", db, "-f", "jsonl", "-")
	if code != exitFound || !strings.Contains(out, `"outcome":"duplicate"`) || !strings.Contains(out, `"level":"document"`) {
		t.Errorf("gate a copy: exit %d, out %q, stderr %q; want 1 and a document duplicate", code, out, errs)
	}
	fresh := `{"id":"fresh","text":"The city council voted on Wednesday to extend the opening hours of public libraries after a campaign by parents and teachers."}` + "\n"
	for _, want := range []string{`"outcome":"new","added":true`, `"outcome":"unchanged"`} {
		code, out, errs = runCLI(t, fresh, "gate", "--index", db, "-f", "jsonl", "-")
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("gate a new article: exit %d, out %q, stderr %q; want 0 and %s", code, out, errs, want)
		}
	}
	code, out, errs = runCLI(t, fresh, "gate", "--index", db, "-q", "--dry-run", "-")
	if code != exitOK || out != "" {
		t.Errorf("gate -q --dry-run: exit %d, out %q, stderr %q", code, out, errs)
	}
	code, out, _ = runCLI(t, "", "stats", "--index", db)
	if code != exitOK || !strings.Contains(out, "documents     3") {
		t.Errorf("stats: exit %d, out %q; want 3 documents", code, out)
	}
	code, out, errs = runCLI(t, "", "export", "--index", db, "-f", "jsonl")
	if code != exitOK || !strings.Contains(out, `"type":"summary"`) {
		t.Errorf("export: exit %d, out %q, stderr %q", code, out, errs)
	}
	// Ids are stable, so a second export, spilled, gives the same clusters.
	code, spilled, errs := runCLI(t, "", "export", "--index", db, "-f", "jsonl", "--spill-over", "0", "--spill-dir", t.TempDir())
	if code != exitOK || withoutSummary(spilled) != withoutSummary(out) {
		t.Errorf("export spilled: exit %d, stderr %q, out\n%s\nwant\n%s", code, errs, spilled, out)
	}
	code, out, errs = runCLI(t, "", "rm", "--index", db, "fresh", "nothing-here")
	if code != exitFound || !strings.Contains(out, "1 removed") || !strings.Contains(errs, "nothing-here") {
		t.Errorf("rm: exit %d, out %q, stderr %q; want 1, 1 removed, nothing-here missing", code, out, errs)
	}
	// Four writes and a delete: segments to merge and a tombstone to drop.
	code, out, errs = runCLI(t, "", "compact", "--index", db)
	if code != exitOK || !strings.Contains(out, "-> [1 1 1]") || !strings.Contains(out, "1 tombstones dropped") {
		t.Errorf("compact: exit %d, out %q, stderr %q; want one segment a family and 1 tombstone dropped", code, out, errs)
	}
	code, out, _ = runCLI(t, copyDoc, "gate", "--index", db, "--dry-run", "-f", "jsonl", "-")
	if code != exitFound || !strings.Contains(out, `"outcome":"duplicate"`) {
		t.Errorf("gate a copy after compact: exit %d, out %q; want a duplicate still", code, out)
	}
	code, _, errs = runCLI(t, "", "compact", "--index", db, "extra")
	if code != exitError || !strings.Contains(errs, "unexpected argument") {
		t.Errorf("compact with an argument: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCLI(t, "", "gate", "--index", db, "--near", "0.7", "-")
	if code != exitError || !strings.Contains(errs, "parameters differ") {
		t.Errorf("gate with other parameters: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCLI(t, "", "gate", "--index", db)
	if code != exitError || !strings.Contains(errs, "no PATH") {
		t.Errorf("gate without PATH: exit %d, stderr %q", code, errs)
	}
	code, _, errs = runCLI(t, "", "stats", "--index", filepath.Join(dir, "none.db"))
	if code != exitError || !strings.Contains(errs, "none.db") {
		t.Errorf("stats of a missing index: exit %d, stderr %q", code, errs)
	}
}

// TestAddChunks: add reads, signs and writes a chunk at a time; a document per chunk still
// puts every document in the index, and a second run finds them all unchanged (the folder
// holds the five seeds, their README and seeds.go).
func TestAddChunks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	code, out, errs := runCLI(t, "", "add", "--index", db, "--chunk", "0.000001", "../../seeds")
	if code != exitOK || !strings.Contains(out, "7 added") || !strings.Contains(out, "holds 7 documents") {
		t.Fatalf("add a document a chunk: exit %d, out %q, stderr %q; want 7 added (the seeds folder also holds README.md and seeds.go)", code, out, errs)
	}
	code, out, errs = runCLI(t, "", "add", "--index", db, "../../seeds")
	if code != exitOK || !strings.Contains(out, "0 added, 0 revised, 7 unchanged") {
		t.Errorf("add again: exit %d, out %q, stderr %q; want 7 unchanged", code, out, errs)
	}
	code, _, errs = runCLI(t, "", "add", "--index", db, "--chunk", "0", "../../seeds")
	if code != exitError || !strings.Contains(errs, "--chunk") {
		t.Errorf("add --chunk 0: exit %d, stderr %q; want a usage error", code, errs)
	}
}

// TestReportContained: a report holding the contained tier (an excerpt of a paragraph) is
// written in every format.
func TestReportContained(t *testing.T) {
	seed, err := os.ReadFile("../../seeds/001_05f35c96041d07df.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(seed)), "\n")
	if len(lines) < 6 {
		t.Fatalf("seed 001 has %d lines, want 6", len(lines))
	}
	// Every line is a passage; the copy keeps the first 20 of the second one's 43 words:
	// Jaccard 0.44, under the near tier, and wholly contained.
	// (A full stop, or a short line reads as a heading.)
	abridged := strings.Join(strings.Fields(lines[1])[:20], " ") + "."
	in := `{"id":"full","text":` + strconvQuote(string(seed)) + "}\n" + `{"id":"abridged","text":` + strconvQuote(abridged) + "}\n"
	for f, marker := range map[string]string{"csv": ",passage,contained,", "jsonl": `"level":"passage","tier":"contained"`, "table": "contained", "markdown": "contained"} {
		code, out, errs := runCLI(t, in, "report", "-f", f, "-")
		// The table and Markdown name the tier in the cluster and again in the summary.
		if min := map[bool]int{true: 2, false: 1}[f == "table" || f == "markdown"]; code != exitOK || strings.Count(out, marker) < min {
			t.Errorf("report -f %s: exit %d, stderr %q; want 0 and a contained cluster in\n%s", f, code, errs, out)
		}
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestGateStreamCutShort: a bad line in the middle of the input leaves the decisions made
// before it on stdout, and no closing summary.
func TestGateStreamCutShort(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	in := `{"id":"a","text":"The council voted to extend library hours after a campaign by parents and teachers."}` + "\n{broken\n"
	code, out, errs := runCLI(t, in, "gate", "--index", db, "-f", "jsonl", "-")
	if code != exitError || !strings.Contains(out, `"doc":"a"`) || strings.Contains(out, `"type":"summary"`) {
		t.Errorf("gate over a bad line: exit %d, out %q, stderr %q; want 2, the decision on a, no summary", code, out, errs)
	}
}
