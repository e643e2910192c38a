package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"slices"
	"testing"
	"unicode/utf8"
)

// readStdin runs Read over data as stdin and returns what it delivered.
func readStdin(t *testing.T, data []byte, skip bool) (docs []got, skipped []error, st Stats, err error) {
	opt := Options{MaxDocBytes: 256, SkipBad: skip, OnSkip: func(err error) { skipped = append(skipped, err) }}
	st, err = Read(t.Context(), []string{"-"}, bytes.NewReader(data), opt, func(d Doc) error {
		if !utf8.Valid(d.Text) {
			t.Fatalf("doc %q: text %q is not valid UTF-8", d.ID, d.Text)
		}
		if isBlank(d.Text) {
			t.Fatalf("doc %q: text %q is blank", d.ID, d.Text)
		}
		docs = append(docs, got{d.ID, d.Source, d.Line, string(d.Text)})
		return nil
	})
	return docs, skipped, st, err
}

// FuzzJSONLines feeds arbitrary bytes to Read as stdin, which is how JSON
// Lines usually arrives. Read must never panic, must deliver only valid,
// non-blank UTF-8, and SkipBad must only ever add to what a strict read
// delivers.
func FuzzJSONLines(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"one"}` + "\n" + `{"id":2,"text":"two"}`,
		"\n\n" + `{"id":"a","text":"caf\u00e9 \ud800"}` + "\r\n",
		`{"id":"a","text":"x"}` + "\n" + `{"id":"a","text":"dup"}`,
		`{"id":"a"}` + "\n" + `{"text":"t"}` + "\n" + `{"id":null,"text":"t"}`,
		`{"id":"a","text":"` + "\xff" + `"}`,
		`{"id":1e999,"text":"   "}`,
		`{"id":"a","text":"x"} trailing`,
		"\xef\xbb\xbf{\"id\":\"bom\",\"text\":\"t\"}",
		"plain text",
		"\x1f\x8b",
		"",
	} {
		f.Add([]byte(s))
	}
	defer func(n int) { bufSize = n }(bufSize)
	bufSize = 16 // bufio's minimum
	zw := gzip.NewWriter(io.Discard)
	f.Fuzz(func(t *testing.T, data []byte) {
		strict, _, strictSt, strictErr := readStdin(t, data, false)
		docs, skipped, st, err := readStdin(t, data, true)
		if err != nil {
			t.Fatalf("Read with SkipBad error: %v", err)
		}
		if st.Docs != len(docs) || st.Skipped != len(skipped) || strictSt.Docs != len(strict) {
			t.Fatalf("stats %+v / %+v disagree with %d docs, %d skips, %d strict docs", st, strictSt, len(docs), len(skipped), len(strict))
		}
		for _, e := range skipped {
			var ce *Error
			if !errors.As(e, &ce) || ce.Path != "-" {
				t.Fatalf("skipped error %v is not an *Error for stdin", e)
			}
		}
		if strictErr == nil {
			if len(skipped) != 0 || !slices.Equal(strict, docs) {
				t.Fatalf("strict read succeeded with %v, SkipBad read gave %v and skipped %v", strict, docs, skipped)
			}
		} else {
			var ce *Error
			if !errors.As(strictErr, &ce) {
				t.Fatalf("strict error %T %v is not an *Error", strictErr, strictErr)
			}
			if len(skipped) == 0 || skipped[0].Error() != strictErr.Error() {
				t.Fatalf("strict error %v, but SkipBad skipped %v", strictErr, skipped)
			}
			if len(strict) > len(docs) || !slices.Equal(strict, docs[:len(strict)]) {
				t.Fatalf("strict docs %v are not a prefix of SkipBad docs %v", strict, docs)
			}
		}
		seen := map[string]bool{}
		for i, d := range docs {
			if seen[d.ID] {
				t.Fatalf("id %q delivered twice", d.ID)
			}
			seen[d.ID] = true
			if d.Line == 0 && (d.ID != "-" || d.Text != string(data)) {
				// Only non-gzip input is compared whole; gzip'd text
				// differs from data by design.
				if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
					t.Fatalf("plain-text doc %v is not stdin unmodified", d)
				}
			}
			if i > 0 && d.Line <= docs[i-1].Line {
				t.Fatalf("lines out of order: %v after %v", d, docs[i-1])
			}
		}
		// Compression must not change the outcome.
		if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			var z bytes.Buffer
			zw.Reset(&z)
			zw.Write(data)
			zw.Close()
			zdocs, _, zst, _ := readStdin(t, z.Bytes(), true)
			if zst != st || !slices.Equal(zdocs, docs) {
				t.Fatalf("gzip'd input gave %v (%+v), plain gave %v (%+v)", zdocs, zst, docs, st)
			}
		}
	})
}
