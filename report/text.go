package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis marks a snippet that was cut short.
const ellipsis = "…"

// oneLine returns s as a single line fit for any output: every run of white space
// (newlines included) becomes one space, leading and trailing space is dropped, and
// each invalid UTF-8 byte or other control character (such as ESC, which would let a
// document drive the terminal) becomes U+FFFD.
func oneLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending: written only if more text follows
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		// An invalid byte decodes as utf8.RuneError, which WriteRune writes as U+FFFD.
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			r = utf8.RuneError
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncate returns s cut to at most width runes, the last of them "…" when it was
// cut. It counts runes, not bytes or terminal columns, so it never splits a
// character. A width below 1 is treated as 1.
func truncate(s string, width int) string {
	width = max(width, 1)
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	n := 0
	for i := range s {
		if n == width-1 {
			return strings.TrimRight(s[:i], " ") + ellipsis
		}
		n++
	}
	return s // unreachable: s has more than width runes
}

// snippet is the text shown for a member: oneLine, then truncate.
func snippet(s string, width int) string {
	return truncate(oneLine(s), width)
}
