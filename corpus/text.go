package corpus

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bom is the UTF-8 encoding of U+FEFF, which some Windows tools put at the
// start of a file.
const bom = "\xef\xbb\xbf"

type format int

const (
	formatText format = iota
	formatTextGzip
	formatJSONL
	formatJSONLGzip
)

// formatOf chooses a file's format from its name alone, ignoring case:
// sniffing content is kept for stdin, which has no name.
func formatOf(name string) format {
	// Only the suffix matters, so there is no need to split off the folder.
	base := strings.ToLower(name)
	gz := strings.HasSuffix(base, ".gz")
	if gz {
		base = strings.TrimSuffix(base, ".gz")
	}
	jsonl := strings.HasSuffix(base, ".jsonl") || strings.HasSuffix(base, ".ndjson")
	switch {
	case jsonl && gz:
		return formatJSONLGzip
	case jsonl:
		return formatJSONL
	case gz:
		return formatTextGzip
	}
	return formatText
}

// readText reads all of src, after prefix, as one plain-text document.
func (r *reader) readText(src io.Reader, prefix []byte, hint int, id, source string) error {
	text, err := readAll(prefix, src, hint, r.opt.MaxDocBytes)
	if err != nil {
		return r.bad(&Error{Path: source, Err: err})
	}
	if line, err := checkText(text); err != nil {
		return r.bad(&Error{Path: source, Line: line, Err: err})
	}
	return r.emit(Doc{ID: id, Text: text, Source: source})
}

// checkText validates a plain-text document, returning the 1-based line of
// the first offending byte so the user can find it.
func checkText(text []byte) (line int, err error) {
	// NUL first: binary files are usually invalid UTF-8 too, and "binary"
	// is the more useful thing to say.
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return countLines(text[:i]) + 1, ErrBinary
	}
	if !utf8.Valid(text) {
		return countLines(text[:invalidUTF8At(text)]) + 1, ErrInvalidUTF8
	}
	if isBlank(text) {
		return 0, ErrEmpty
	}
	return 0, nil
}

// readAll appends src to buf, failing with ErrTooLarge once the result would
// exceed maxBytes. hint is the expected size of src, 0 if unknown; it sizes
// the one allocation a regular file needs.
func readAll(buf []byte, src io.Reader, hint, maxBytes int) ([]byte, error) {
	limit := maxBytes + 1 // reading one byte past the limit proves it is exceeded
	want := min(max(len(buf)+hint+1, 512), limit)
	buf = slices.Grow(buf, want-len(buf))
	for {
		if len(buf) > maxBytes {
			return nil, tooLarge(maxBytes)
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(max(cap(buf), 512), limit-len(buf)))
		}
		n, err := src.Read(buf[len(buf):min(cap(buf), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			if len(buf) > maxBytes {
				return nil, tooLarge(maxBytes)
			}
			return buf, nil
		}
		if err != nil {
			return nil, osError(err)
		}
	}
}

func tooLarge(maxBytes int) error {
	return fmt.Errorf("%w: over %d bytes", ErrTooLarge, maxBytes)
}

// isBlank reports whether b holds only white space. b must be valid UTF-8.
func isBlank(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			// The ASCII fast path covers nearly all real text.
			if !isASCIISpace(c) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if !unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// countLines counts the newlines in b.
func countLines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }

// invalidUTF8At returns the offset of the first invalid UTF-8 sequence in b,
// or len(b) if there is none.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
