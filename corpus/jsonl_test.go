package corpus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 40)
	tests := []struct {
		in   string
		max  int
		want []string // "N:text" per line, "N:TOO LARGE" for ErrTooLarge
	}{
		{"", 10, nil},
		{"\n", 10, []string{"1:"}},
		{"abc\ndef", 3, []string{"1:abc", "2:def"}},
		{"abc\ndef\n", 3, []string{"1:abc", "2:def"}},
		{"abcd\nef", 3, []string{"1:TOO LARGE", "2:ef"}},
		{"ab\r\n\n", 3, []string{"1:ab\r", "2:"}},
		// Lines longer than the 16-byte buffer, at and around the limit.
		{long + "\n" + long + "y\nok", 40, []string{"1:" + long, "2:TOO LARGE", "3:ok"}},
		{long, 40, []string{"1:" + long}},
		{long + "y", 40, []string{"1:TOO LARGE"}},
		{long + "\n", 39, []string{"1:TOO LARGE"}},
		{strings.Repeat(long, 10) + "\n\nlast", 40, []string{"1:TOO LARGE", "2:", "3:last"}},
		{"short\n" + long + long + "\n", 100, []string{"1:short", "2:" + long + long}},
	}
	for _, tt := range tests {
		lr := lineReader{r: bufio.NewReaderSize(strings.NewReader(tt.in), 16), max: tt.max}
		var got []string
		for {
			b, err := lr.next()
			if err == io.EOF {
				break
			}
			switch {
			case errors.Is(err, ErrTooLarge):
				got = append(got, fmt.Sprintf("%d:TOO LARGE", lr.line))
			case err != nil:
				t.Fatalf("lineReader(%q).next() error %v", tt.in, err)
			default:
				got = append(got, fmt.Sprintf("%d:%s", lr.line, b))
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("lineReader(%q, max %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// errReader returns data, then err.
type errReader struct {
	data string
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadErrorEndsFile(t *testing.T) {
	errDisk := errors.New("disk on fire")
	in := &errReader{data: `{"id":"a","text":"x"}` + "\n" + `{"id":"b","te`, err: errDisk}
	var skipped []error
	docs, st, err := collect(t.Context(), []string{"-"}, in, Options{SkipBad: true, OnSkip: func(err error) { skipped = append(skipped, err) }})
	if err != nil {
		t.Fatalf("Read error %v", err)
	}
	if len(docs) != 1 || st != (Stats{Docs: 1, Skipped: 1}) {
		t.Errorf("Read gave %v, stats %+v; want doc a and one skip", docs, st)
	}
	if want := "corpus: -:2: disk on fire"; len(skipped) != 1 || !errors.Is(skipped[0], errDisk) || skipped[0].Error() != want {
		t.Errorf("OnSkip got %v, want %q", skipped, want)
	}
}

func TestDecodeText(t *testing.T) {
	// The no-escape fast path and the json decode must agree; these texts
	// exercise both.
	tests := []struct{ raw, want string }{
		{`"plain"`, "plain"},
		{`"naïve 😀"`, "naïve 😀"},
		{`"a\tb"`, "a\tb"},
		{`"\u00e9\/\\"`, `é/\`},
		{`"\ud800 lone"`, "\uFFFD lone"},
	}
	r := newReader(t.Context(), Options{}, nil)
	for _, tt := range tests {
		_, text, err := r.decodeLine(map[string]json.RawMessage{}, []byte(`{"id":1,"text":`+tt.raw+`}`))
		if err != nil || string(text) != tt.want {
			t.Errorf("decodeLine(text %s) = %q, %v; want %q", tt.raw, text, err, tt.want)
		}
	}
}
