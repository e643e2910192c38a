package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// got is a Doc with the text as a string, so that tests compare by value.
type got struct {
	ID, Source string
	Line       int
	Text       string
}

func (g got) String() string {
	return fmt.Sprintf("{%q %s:%d %q}", g.ID, g.Source, g.Line, g.Text)
}

func collect(ctx context.Context, paths []string, stdin io.Reader, opt Options) ([]got, Stats, error) {
	var docs []got
	st, err := Read(ctx, paths, stdin, opt, func(d Doc) error {
		docs = append(docs, got{d.ID, d.Source, d.Line, string(d.Text)})
		return nil
	})
	return docs, st, err
}

// gzipped compresses s. Writing to a bytes.Buffer cannot fail, so neither
// can it, which lets test tables call it.
func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// writeTree creates files (slash path -> content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func diffDocs(t *testing.T, what string, docs, want []got) {
	t.Helper()
	if slices.Equal(docs, want) {
		return
	}
	t.Errorf("%s: docs differ", what)
	for _, d := range want {
		if !slices.Contains(docs, d) {
			t.Errorf("  missing %v", d)
		}
	}
	for _, d := range docs {
		if !slices.Contains(want, d) {
			t.Errorf("  extra   %v", d)
		}
	}
	t.Errorf("  got  %v\n  want %v", docs, want)
}

// tree is a folder exercising every format, hidden names, symlinks and the
// ordering corner where "b-c.txt" sorts before "b/c.txt".
var tree = map[string]string{
	"a.txt":          "alpha\n",
	"b-c.txt":        "b dash c",
	"b/c.txt":        "nested",
	"b/d/e.txt":      "deep",
	"b/.hidden.txt":  "hidden file",
	".git/config":    "hidden dir",
	"docs.jsonl":     `{"id":"j1","text":"one","extra":[1,{"x":2}]}` + "\n\n  \r\n" + `{"id":2,"text":"two"}` + "\r\n",
	"more.jsonl.gz":  "", // filled in by the test: gzip'd JSON Lines
	"notes.txt.gz":   "", // gzip'd plain text
	"z.ndjson":       `{"text":"nd","id":"n1"}`,
	"UPPER.JSONL":    `{"id":"u","text":"upper case suffix"}` + "\n",
	"caf\u00e9.txt":  "unicode name",
	"sub/space d.md": "markdown is plain text too",
}

func makeTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := maps(tree)
	files["more.jsonl.gz"] = gzipped(`{"id":"g1","text":"gz one"}` + "\n" + `{"id":"g2","text":"gz two"}`)
	files["notes.txt.gz"] = gzipped("gzipped text")
	writeTree(t, dir, files)
	if err := os.Symlink("b", filepath.Join(dir, "link-dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.txt", filepath.Join(dir, "link-file.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func maps(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func TestReadFolder(t *testing.T) {
	dir := makeTree(t)
	t.Chdir(dir)
	// The whole tree, in lexical order of slash paths.
	wantTree := func(root string) []got {
		src := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
		return []got{
			{"u", src("UPPER.JSONL"), 1, "upper case suffix"},
			{"a.txt", src("a.txt"), 0, "alpha\n"},
			{"b-c.txt", src("b-c.txt"), 0, "b dash c"},
			{"b/c.txt", src("b/c.txt"), 0, "nested"},
			{"b/d/e.txt", src("b/d/e.txt"), 0, "deep"},
			{"café.txt", src("café.txt"), 0, "unicode name"},
			{"j1", src("docs.jsonl"), 1, "one"},
			{"2", src("docs.jsonl"), 4, "two"},
			{"link-file.txt", src("link-file.txt"), 0, "alpha\n"},
			{"g1", src("more.jsonl.gz"), 1, "gz one"},
			{"g2", src("more.jsonl.gz"), 2, "gz two"},
			{"notes.txt.gz", src("notes.txt.gz"), 0, "gzipped text"},
			{"sub/space d.md", src("sub/space d.md"), 0, "markdown is plain text too"},
			{"n1", src("z.ndjson"), 1, "nd"},
		}
	}
	tests := []struct {
		name  string
		paths []string
		stdin string
		want  []got
	}{
		{"absolute folder", []string{dir}, "", wantTree(dir)},
		{"dot", []string{"."}, "", wantTree(".")},
		{"folder with slash", []string{"b/"}, "", []got{
			{"c.txt", "b/c.txt", 0, "nested"},
			{"d/e.txt", "b/d/e.txt", 0, "deep"},
		}},
		{"files keep the path as given", []string{"./a.txt", "b/../b-c.txt", "b/.hidden.txt"}, "", []got{
			{"./a.txt", "./a.txt", 0, "alpha\n"},
			{"b/../b-c.txt", "b/../b-c.txt", 0, "b dash c"},
			{"b/.hidden.txt", "b/.hidden.txt", 0, "hidden file"},
		}},
		{"symlinked folder given by name", []string{"link-dir"}, "", []got{
			{"c.txt", "link-dir/c.txt", 0, "nested"},
			{"d/e.txt", "link-dir/d/e.txt", 0, "deep"},
		}},
		{"arguments in order, stdin between", []string{"z.ndjson", "-", "b/d"}, "from stdin", []got{
			{"n1", "z.ndjson", 1, "nd"},
			{"-", "-", 0, "from stdin"},
			{"e.txt", "b/d/e.txt", 0, "deep"},
		}},
		{"gzip files by name", []string{"more.jsonl.gz", "notes.txt.gz"}, "", []got{
			{"g1", "more.jsonl.gz", 1, "gz one"},
			{"g2", "more.jsonl.gz", 2, "gz two"},
			{"notes.txt.gz", "notes.txt.gz", 0, "gzipped text"},
		}},
		{"no paths", nil, "ignored", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, st, err := collect(t.Context(), tt.paths, strings.NewReader(tt.stdin), Options{})
			if err != nil {
				t.Fatalf("Read(%q) error: %v", tt.paths, err)
			}
			diffDocs(t, fmt.Sprintf("Read(%q)", tt.paths), docs, tt.want)
			if want := (Stats{Docs: len(tt.want)}); st != want {
				t.Errorf("Read(%q) stats=%+v, want %+v", tt.paths, st, want)
			}
		})
	}
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		opt   Options
		want  []got
	}{
		{"plain text kept unmodified", "  \n\thello\r\nworld\n", Options{}, []got{{"-", "-", 0, "  \n\thello\r\nworld\n"}}},
		{"text that looks like JSON later", "note: {\"id\":1}", Options{}, []got{{"-", "-", 0, "note: {\"id\":1}"}}},
		{"text starting with a JSON array", `["not", "lines"]`, Options{}, []got{{"-", "-", 0, `["not", "lines"]`}}},
		{"text with BOM", bom + "hello", Options{}, []got{{"-", "-", 0, bom + "hello"}}},
		{"gzip text", gzipped("zipped\n"), Options{}, []got{{"-", "-", 0, "zipped\n"}}},
		{"JSON Lines", `{"id":"a","text":"one"}` + "\n" + `{"id":"b","text":"two"}` + "\n", Options{}, []got{
			{"a", "-", 1, "one"},
			{"b", "-", 2, "two"},
		}},
		{"JSON Lines after blank lines", "\n \r\n\t" + `{"id":"a","text":"one"}` + "\n\n" + `{"id":"b","text":"two"}`, Options{}, []got{
			{"a", "-", 3, "one"},
			{"b", "-", 5, "two"},
		}},
		{"JSON Lines with BOM", bom + `{"id":"a","text":"one"}`, Options{}, []got{{"a", "-", 1, "one"}}},
		{"gzip JSON Lines", gzipped("\n" + `{"id":"a","text":"one"}` + "\n"), Options{}, []got{{"a", "-", 2, "one"}}},
		{"numeric ids kept as written", strings.Join([]string{
			`{"id":42,"text":"a"}`,
			`{"id":-7,"text":"b"}`,
			`{"id":1.5e3,"text":"c"}`,
			`{"id":12345678901234567891,"text":"d"}`,
			`{"id":"42.0","text":"e"}`,
		}, "\n"), Options{}, []got{
			{"42", "-", 1, "a"},
			{"-7", "-", 2, "b"},
			{"1.5e3", "-", 3, "c"},
			{"12345678901234567891", "-", 4, "d"},
			{"42.0", "-", 5, "e"},
		}},
		{"escapes decoded", `{"id":"caf\u00e9","text":"caf\u00e9 \"q\"\n\ttab \ud83d\ude00"}` + "\n" + `{"id":"raw","text":"naïve 😀"}`, Options{}, []got{
			{"café", "-", 1, "café \"q\"\n\ttab 😀"},
			{"raw", "-", 2, "naïve 😀"},
		}},
		{"custom fields", `{"id":"ignored","url":"https://x/1","text":"ignored too","body":"the body"}`, Options{IDField: "url", TextField: "body"}, []got{
			{"https://x/1", "-", 1, "the body"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, st, err := collect(t.Context(), []string{"-"}, strings.NewReader(tt.stdin), tt.opt)
			if err != nil {
				t.Fatalf("Read(stdin %q) error: %v", tt.stdin, err)
			}
			diffDocs(t, fmt.Sprintf("Read(stdin %q)", tt.stdin), docs, tt.want)
			if st.Docs != len(tt.want) || st.Skipped != 0 {
				t.Errorf("Read(stdin %q) stats=%+v, want %d docs", tt.stdin, st, len(tt.want))
			}
		})
	}
}

// errCase is one bad input; files are written to a temporary folder that is
// the working directory, so messages hold short relative paths.
type errCase struct {
	name    string
	files   map[string]string
	links   map[string]string // symlink name -> target
	paths   []string
	stdin   string
	opt     Options
	want    error  // a sentinel, or an error errors.Is must match
	msg     string // the whole message; "" to check only the prefix
	prefix  string
	fatal   bool // ends the call even under SkipBad
	goodDoc int  // documents read under SkipBad
}

var errCases = []errCase{
	{name: "invalid UTF-8 text", files: map[string]string{"bad.txt": "ok\nbad \xff here"}, paths: []string{"bad.txt"},
		want: ErrInvalidUTF8, msg: "corpus: bad.txt:2: invalid UTF-8"},
	{name: "invalid UTF-8 line", files: map[string]string{"bad.jsonl": `{"id":"a","text":"ok"}` + "\n" + "{\"id\":\"b\",\"text\":\"\xff\"}\n"}, paths: []string{"bad.jsonl"},
		want: ErrInvalidUTF8, msg: "corpus: bad.jsonl:2: invalid UTF-8", goodDoc: 1},
	{name: "invalid UTF-8 in an unknown field", files: map[string]string{"bad.jsonl": "{\"id\":\"b\",\"text\":\"t\",\"x\":\"\xc3\"}"}, paths: []string{"bad.jsonl"},
		want: ErrInvalidUTF8, msg: "corpus: bad.jsonl:1: invalid UTF-8"},
	{name: "empty file", files: map[string]string{"empty.txt": ""}, paths: []string{"empty.txt"},
		want: ErrEmpty, msg: "corpus: empty.txt: empty document"},
	{name: "white space file", files: map[string]string{"d/blank.txt": " \n\t\u00a0\u3000\r\n"}, paths: []string{"d"},
		want: ErrEmpty, msg: "corpus: d/blank.txt: empty document"},
	{name: "empty stdin", paths: []string{"-"}, stdin: "",
		want: ErrEmpty, msg: "corpus: -: empty document"},
	{name: "blank JSON text", files: map[string]string{"e.jsonl": `{"id":"a","text":" \n\u2003"}`}, paths: []string{"e.jsonl"},
		want: ErrEmpty, msg: "corpus: e.jsonl:1: empty document"},
	{name: "truncated JSON", files: map[string]string{"m.jsonl": `{"id":"a","text":"x"`}, paths: []string{"m.jsonl"},
		want: ErrMalformedJSON, msg: "corpus: m.jsonl:1: malformed JSON: unexpected end of JSON input"},
	{name: "trailing garbage", stdin: "\n" + `{"id":"a","text":"x"} x`, paths: []string{"-"},
		want: ErrMalformedJSON, msg: "corpus: -:2: malformed JSON: invalid character 'x' after top-level value"},
	{name: "not an object", files: map[string]string{"m.ndjson": `{"id":"a","text":"x"}` + "\n" + `["a","b"]`}, paths: []string{"m.ndjson"},
		want: ErrMalformedJSON, msg: "corpus: m.ndjson:2: malformed JSON: line is not a JSON object", goodDoc: 1},
	{name: "missing text", files: map[string]string{"f.jsonl": "\n\n" + `{"id":"a","body":"x"}`}, paths: []string{"f.jsonl"},
		want: ErrMissingField, msg: `corpus: f.jsonl:3: missing field "text"`},
	{name: "missing id", files: map[string]string{"f.jsonl": `{"ID":"a","text":"x"}`}, paths: []string{"f.jsonl"},
		want: ErrMissingField, msg: `corpus: f.jsonl:1: missing field "id"`},
	{name: "missing custom field", stdin: `{"id":"a","text":"x"}`, paths: []string{"-"}, opt: Options{TextField: "body"},
		want: ErrMissingField, msg: `corpus: -:1: missing field "body"`},
	{name: "text is a number", stdin: `{"id":"a","text":5}`, paths: []string{"-"},
		want: ErrMissingField, msg: `corpus: -:1: field "text" is a number, want a string`},
	{name: "text is null", stdin: `{"id":"a","text":null}`, paths: []string{"-"},
		want: ErrMissingField, msg: `corpus: -:1: field "text" is null, want a string`},
	{name: "text is an array", stdin: `{"id":"a","text":["x"]}`, paths: []string{"-"},
		want: ErrMissingField, msg: `corpus: -:1: field "text" is an array, want a string`},
	{name: "id is a boolean", stdin: `{"id":true,"text":"x"}`, paths: []string{"-"},
		want: ErrMissingField, msg: `corpus: -:1: field "id" is a boolean, want a string or a number`},
	{name: "id is an object", stdin: `{"id":{},"text":"x"}`, paths: []string{"-"},
		want: ErrMissingField, msg: `corpus: -:1: field "id" is an object, want a string or a number`},
	{name: "id is empty", stdin: `{"id":"","text":"x"}`, paths: []string{"-"},
		want: ErrMissingField, msg: `corpus: -:1: field "id" is an empty string`},
	{name: "text file too large", files: map[string]string{"big.txt": "12345678901"}, paths: []string{"big.txt"}, opt: Options{MaxDocBytes: 10},
		want: ErrTooLarge, msg: "corpus: big.txt: document too large: over 10 bytes"},
	{name: "gzip text too large", files: map[string]string{"big.gz": gzipped(strings.Repeat("x", 1000))}, paths: []string{"big.gz"}, opt: Options{MaxDocBytes: 999},
		want: ErrTooLarge, msg: "corpus: big.gz: document too large: over 999 bytes"},
	{name: "stdin text too large", stdin: strings.Repeat(" ", 5) + "123456", paths: []string{"-"}, opt: Options{MaxDocBytes: 10},
		want: ErrTooLarge, msg: "corpus: -: document too large: over 10 bytes"},
	{name: "JSON line too large", files: map[string]string{"big.jsonl": `{"id":"a","text":"fits"}` + "\n" + `{"id":"b","text":"does not fit"}` + "\n"}, paths: []string{"big.jsonl"}, opt: Options{MaxDocBytes: 30},
		want: ErrTooLarge, msg: "corpus: big.jsonl:2: document too large: over 30 bytes", goodDoc: 1},
	{name: "binary file", files: map[string]string{"bin.txt": "ab\ncd\x00\xff"}, paths: []string{"bin.txt"},
		want: ErrBinary, msg: "corpus: bin.txt:2: binary file (holds a NUL byte)"},
	{name: "UTF-16 file", files: map[string]string{"u16.txt": "\xff\xfeh\x00i\x00"}, paths: []string{"."},
		want: ErrBinary, msg: "corpus: u16.txt:1: binary file (holds a NUL byte)"},
	{name: "duplicate id across files", files: map[string]string{
		"a.jsonl": `{"id":"x","text":"first"}`,
		"b.jsonl": `{"id":"y","text":"other"}` + "\n" + `{"id":"x","text":"second"}`,
	}, paths: []string{"a.jsonl", "b.jsonl"},
		want: ErrDuplicateID, msg: `corpus: b.jsonl:2: duplicate id "x" (first seen at a.jsonl:1)`, goodDoc: 2},
	{name: "duplicate id of a text file", files: map[string]string{"d/a.txt": "text", "e/a.txt": "text"}, paths: []string{"d", "e"},
		want: ErrDuplicateID, msg: `corpus: e/a.txt: duplicate id "a.txt" (first seen at d/a.txt)`, goodDoc: 1},
	{name: "duplicate number id", stdin: `{"id":7,"text":"a"}` + "\n" + `{"id":"7","text":"b"}`, paths: []string{"-"},
		want: ErrDuplicateID, msg: `corpus: -:2: duplicate id "7" (first seen at -:1)`, goodDoc: 1},
	{name: "not gzip", files: map[string]string{"x.txt.gz": "plain text, not gzip"}, paths: []string{"x.txt.gz"},
		want: gzip.ErrHeader, msg: "corpus: x.txt.gz: gzip: invalid header"},
	{name: "empty gzip", files: map[string]string{"x.jsonl.gz": ""}, paths: []string{"x.jsonl.gz"},
		want: io.ErrUnexpectedEOF, msg: "corpus: x.jsonl.gz: gzip: unexpected EOF"},
	{name: "truncated gzip", files: map[string]string{"t.jsonl.gz": gzipped(`{"id":"a","text":"x"}` + "\n" + `{"id":"b","text":"y"}` + "\n")[:30]}, paths: []string{"t.jsonl.gz"},
		want: io.ErrUnexpectedEOF, prefix: "corpus: t.jsonl.gz:"},
	{name: "missing path", paths: []string{"nope.txt"},
		want: fs.ErrNotExist, msg: "corpus: nope.txt: stat: no such file or directory", fatal: true},
	{name: "missing path after good ones", files: map[string]string{"a.txt": "a"}, paths: []string{"a.txt", "nope"},
		want: fs.ErrNotExist, msg: "corpus: nope: stat: no such file or directory", fatal: true, goodDoc: 1},
	{name: "dangling symlink", files: map[string]string{"d/a.txt": "a", "d/z.txt": "z"}, links: map[string]string{"d/zz.txt": "gone.txt"}, paths: []string{"d"},
		want: fs.ErrNotExist, msg: "corpus: d/zz.txt: stat: no such file or directory", goodDoc: 2},
}

func runErrCase(t *testing.T, tc errCase, skip bool) {
	dir := t.TempDir()
	writeTree(t, dir, tc.files)
	for name, target := range tc.links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	opt := tc.opt
	var skipped []error
	if skip {
		opt.SkipBad = true
		opt.OnSkip = func(err error) { skipped = append(skipped, err) }
	}
	docs, st, err := collect(t.Context(), tc.paths, strings.NewReader(tc.stdin), opt)
	if skip && !tc.fatal {
		if err != nil {
			t.Fatalf("Read(%q) with SkipBad error: %v", tc.paths, err)
		}
		if len(skipped) != 1 || st.Skipped != 1 {
			t.Fatalf("Read(%q) with SkipBad skipped %v (stats %+v), want one", tc.paths, skipped, st)
		}
		err = skipped[0]
	} else if err == nil {
		t.Fatalf("Read(%q) = nil error, want %v", tc.paths, tc.want)
	}
	if len(docs) != tc.goodDoc || st.Docs != tc.goodDoc {
		t.Errorf("Read(%q) gave %d docs (stats %+v), want %d: %v", tc.paths, len(docs), st, tc.goodDoc, docs)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Read(%q) error %T %v, want *Error", tc.paths, err, err)
	}
	if !errors.Is(err, tc.want) {
		t.Errorf("Read(%q) error %q, want errors.Is %v", tc.paths, err, tc.want)
	}
	if tc.msg != "" && err.Error() != tc.msg {
		t.Errorf("Read(%q) error\n  %q\nwant\n  %q", tc.paths, err, tc.msg)
	}
	if !strings.HasPrefix(err.Error(), tc.prefix) {
		t.Errorf("Read(%q) error %q, want prefix %q", tc.paths, err, tc.prefix)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range errCases {
		t.Run(tc.name, func(t *testing.T) { runErrCase(t, tc, false) })
	}
}

func TestReadErrorsSkipBad(t *testing.T) {
	for _, tc := range errCases {
		t.Run(tc.name, func(t *testing.T) { runErrCase(t, tc, true) })
	}
}

func TestReadUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.txt": "a", "secret.txt": "s", "z/z.txt": "z", "locked/x.txt": "x"})
	for _, p := range []string{"secret.txt", "locked"} {
		if err := os.Chmod(filepath.Join(dir, p), 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	t.Chdir(dir)

	_, _, err := collect(t.Context(), []string{"."}, nil, Options{})
	if want := "corpus: locked: open: permission denied"; err == nil || err.Error() != want {
		t.Errorf("Read(.) error %v, want %q", err, want)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Read(.) error %v, want errors.Is fs.ErrPermission", err)
	}

	var skipped []string
	docs, st, err := collect(t.Context(), []string{".", "secret.txt"}, nil, Options{SkipBad: true, OnSkip: func(err error) {
		skipped = append(skipped, err.Error())
	}})
	if err != nil {
		t.Fatalf("Read(.) with SkipBad error: %v", err)
	}
	wantSkipped := []string{
		"corpus: locked: open: permission denied",
		"corpus: secret.txt: open: permission denied",
		"corpus: secret.txt: open: permission denied",
	}
	if !slices.Equal(skipped, wantSkipped) {
		t.Errorf("OnSkip got %q, want %q", skipped, wantSkipped)
	}
	if want := (Stats{Docs: 2, Skipped: 3}); st != want || len(docs) != 2 {
		t.Errorf("stats=%+v docs=%v, want %+v", st, docs, want)
	}
}

func TestReadNilStdin(t *testing.T) {
	_, _, err := collect(t.Context(), []string{"-"}, nil, Options{SkipBad: true})
	if !errors.Is(err, errNoStdin) {
		t.Errorf("Read(-) with nil stdin error %v, want %v", err, errNoStdin)
	}
}

func TestReadSkipBad(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.jsonl": strings.Join([]string{
			`{"id":"1","text":"good one"}`,
			`{"id":"2","text":`,
			``,
			`{"id":"3"}`,
			`{"id":"1","text":"repeat"}`,
			`{"id":"4","text":"` + strings.Repeat("x", 100) + `"}`,
			`{"id":"5","text":"good five"}`,
		}, "\n"),
		"b.txt":     "",
		"c.txt":     "good c",
		".skip.txt": "",
	})
	t.Chdir(dir)
	var skipped []string
	opt := Options{SkipBad: true, MaxDocBytes: 64, OnSkip: func(err error) { skipped = append(skipped, err.Error()) }}
	docs, st, err := collect(t.Context(), []string{"."}, nil, opt)
	if err != nil {
		t.Fatalf("Read error: %v", err)
	}
	diffDocs(t, "Read(.)", docs, []got{
		{"1", "a.jsonl", 1, "good one"},
		{"5", "a.jsonl", 7, "good five"},
		{"c.txt", "c.txt", 0, "good c"},
	})
	wantSkipped := []string{
		"corpus: a.jsonl:2: malformed JSON: unexpected end of JSON input",
		`corpus: a.jsonl:4: missing field "text"`,
		`corpus: a.jsonl:5: duplicate id "1" (first seen at a.jsonl:1)`,
		"corpus: a.jsonl:6: document too large: over 64 bytes",
		"corpus: b.txt: empty document",
	}
	if !slices.Equal(skipped, wantSkipped) {
		t.Errorf("OnSkip got\n  %q\nwant\n  %q", skipped, wantSkipped)
	}
	if want := (Stats{Docs: 3, Skipped: 5}); st != want {
		t.Errorf("stats=%+v, want %+v", st, want)
	}

	// A nil OnSkip still counts.
	opt.OnSkip = nil
	if _, st, err := collect(t.Context(), []string{"."}, nil, opt); err != nil || st.Skipped != 5 {
		t.Errorf("Read with nil OnSkip: stats=%+v err=%v, want 5 skipped", st, err)
	}
}

func TestReadLongLines(t *testing.T) {
	// Lines longer than the bufio buffer take the scratch-slice path.
	long := strings.Repeat("é", bufSize) // 2*bufSize bytes
	in := `{"id":"long","text":"` + long + `"}` + "\n" +
		`{"id":"too long","text":"` + long + long + `"}` + "\n" +
		`{"id":"after","text":"short"}`
	opt := Options{SkipBad: true, MaxDocBytes: 3 * bufSize}
	docs, st, err := collect(t.Context(), []string{"-"}, strings.NewReader(in), opt)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Docs: 2, Skipped: 1}); st != want {
		t.Errorf("stats=%+v, want %+v", st, want)
	}
	if len(docs) != 2 || docs[0].Text != long || docs[0].Line != 1 || docs[1] != (got{"after", "-", 3, "short"}) {
		t.Errorf("docs[0].Line=%d, len(Text)=%d; docs[1]=%v; want a 2 MiB doc on line 1 and %q on line 3",
			docs[0].Line, len(docs[0].Text), docs[1:], "after")
	}
}

func TestFnErrorStops(t *testing.T) {
	errStop := errors.New("stop")
	in := `{"id":"a","text":"1"}` + "\n" + `{"id":"b","text":"2"}`
	n := 0
	st, err := Read(t.Context(), []string{"-"}, strings.NewReader(in), Options{SkipBad: true}, func(Doc) error {
		n++
		return errStop
	})
	if err != errStop {
		t.Errorf("Read error %v, want fn's error as is", err)
	}
	if n != 1 || st.Docs != 1 {
		t.Errorf("fn called %d times, stats %+v; want 1", n, st)
	}
}

func TestContextCanceled(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.txt": "a", "b.txt": "b", "c.jsonl": `{"id":1,"text":"x"}`})

	ctx, cancel := context.WithCancel(t.Context())
	st, err := Read(ctx, []string{dir, dir}, nil, Options{}, func(Doc) error {
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Read error %v, want context.Canceled", err)
	}
	if st.Docs != 1 {
		t.Errorf("stats %+v, want 1 doc before the cancel was seen", st)
	}

	st, err = ReadFS(ctx, fstest.MapFS{"a.txt": {Data: []byte("a")}}, Options{}, func(Doc) error { return nil })
	if err != context.Canceled || st.Docs != 0 {
		t.Errorf("ReadFS with canceled ctx: stats %+v, err %v; want nothing read and context.Canceled", st, err)
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":              {Data: []byte("alpha")},
		"b-c.txt":            {Data: []byte("b dash c")},
		"b/c.txt":            {Data: []byte("nested")},
		"b/.hidden":          {Data: []byte("")},
		".hidden/x.txt":      {Data: []byte("")},
		"docs/x.jsonl":       {Data: []byte(`{"id":"x1","text":"one"}` + "\n" + `{"id":"x2","text":"two"}`)},
		"docs/y.txt.gz":      {Data: []byte(gzipped("gz"))},
		"docs/link-to-b":     {Data: []byte("../b"), Mode: fs.ModeSymlink},
		"docs/link-to-a.txt": {Data: []byte("../a.txt"), Mode: fs.ModeSymlink},
		"fifo":               {Mode: fs.ModeNamedPipe},
	}
	docs := []got{}
	st, err := ReadFS(t.Context(), fsys, Options{}, func(d Doc) error {
		docs = append(docs, got{d.ID, d.Source, d.Line, string(d.Text)})
		return nil
	})
	if err != nil {
		t.Fatalf("ReadFS error: %v", err)
	}
	diffDocs(t, "ReadFS", docs, []got{
		{"a.txt", "a.txt", 0, "alpha"},
		{"b-c.txt", "b-c.txt", 0, "b dash c"},
		{"b/c.txt", "b/c.txt", 0, "nested"},
		{"docs/link-to-a.txt", "docs/link-to-a.txt", 0, "alpha"},
		{"x1", "docs/x.jsonl", 1, "one"},
		{"x2", "docs/x.jsonl", 2, "two"},
		{"docs/y.txt.gz", "docs/y.txt.gz", 0, "gz"},
	})
	if want := (Stats{Docs: 7}); st != want {
		t.Errorf("ReadFS stats=%+v, want %+v", st, want)
	}

	bad := fstest.MapFS{"ok.txt": {Data: []byte("ok")}, "sub/bad.jsonl": {Data: []byte("{}")}}
	_, err = ReadFS(t.Context(), bad, Options{}, func(Doc) error { return nil })
	if want := `corpus: sub/bad.jsonl:1: missing field "text"`; err == nil || err.Error() != want {
		t.Errorf("ReadFS error %v, want %q", err, want)
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		name string
		want format
	}{
		{"a.txt", formatText},
		{"a", formatText},
		{"dir.jsonl/a.txt", formatText},
		{"a.json", formatText},
		{"a.jsonl", formatJSONL},
		{"A.NDJSON", formatJSONL},
		{"x/a.jsonl.gz", formatJSONLGzip},
		{"a.ndjson.GZ", formatJSONLGzip},
		{"a.txt.gz", formatTextGzip},
		{"a.gz", formatTextGzip},
		{"a.jsonl.gz.txt", formatText},
	}
	for _, tt := range tests {
		if got := formatOf(tt.name); got != tt.want {
			t.Errorf("formatOf(%q)=%v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Path: "data/a.jsonl", Line: 17, Err: &fieldError{field: "text"}}, `corpus: data/a.jsonl:17: missing field "text"`},
		{&Error{Path: "a.txt", Err: ErrEmpty}, "corpus: a.txt: empty document"},
		{&Error{Path: "-", Line: 2, Err: ErrInvalidUTF8}, "corpus: -:2: invalid UTF-8"},
		{&Error{Path: "x"}, "corpus: x: <nil>"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error()=%q, want %q", got, tt.want)
		}
	}
	if err := error(&Error{Path: "a", Err: &fieldError{field: "id", got: "null"}}); !errors.Is(err, ErrMissingField) {
		t.Errorf("errors.Is(%v, ErrMissingField) = false, want true", err)
	}
}

// failFS wraps an fs.FS, failing Open (and so ReadDir) for the names in fail.
type failFS struct {
	fs.FS
	fail map[string]error
}

func (f failFS) Open(name string) (fs.File, error) {
	if err := f.fail[name]; err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f.FS.Open(name)
}

// TestReadFSUnreadable covers unreadable files and folders whoever runs the
// tests; TestReadUnreadable needs a non-root user.
func TestReadFSUnreadable(t *testing.T) {
	fsys := failFS{
		FS: fstest.MapFS{
			"a.txt":        {Data: []byte("a")},
			"locked/x.txt": {Data: []byte("x")},
			"secret.txt":   {Data: []byte("s")},
			"z.txt":        {Data: []byte("z")},
		},
		fail: map[string]error{"locked": fs.ErrPermission, "secret.txt": fs.ErrPermission},
	}
	var skipped []string
	docs := []string{}
	st, err := ReadFS(t.Context(), fsys, Options{SkipBad: true, OnSkip: func(err error) { skipped = append(skipped, err.Error()) }}, func(d Doc) error {
		docs = append(docs, d.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadFS with SkipBad error: %v", err)
	}
	wantSkipped := []string{
		"corpus: locked: open: permission denied",
		"corpus: secret.txt: open: permission denied",
	}
	if !slices.Equal(skipped, wantSkipped) || !slices.Equal(docs, []string{"a.txt", "z.txt"}) {
		t.Errorf("ReadFS skipped %q and read %q, want %q and [a.txt z.txt]", skipped, docs, wantSkipped)
	}
	if want := (Stats{Docs: 2, Skipped: 2}); st != want {
		t.Errorf("ReadFS stats=%+v, want %+v", st, want)
	}

	_, err = ReadFS(t.Context(), fsys, Options{}, func(Doc) error { return nil })
	if !errors.Is(err, fs.ErrPermission) || err.Error() != wantSkipped[0] {
		t.Errorf("ReadFS error %v, want %q matching fs.ErrPermission", err, wantSkipped[0])
	}
}
