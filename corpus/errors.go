package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
)

// Sentinel errors. Read and ReadFS never return them bare: each is wrapped in
// an *Error that says which input and line it concerns, so test for them with
// errors.Is.
var (
	// ErrInvalidUTF8 is returned for a plain-text document or a JSON Lines
	// line that is not valid UTF-8. Offsets downstream are UTF-8 byte
	// offsets, so such input is rejected rather than silently repaired.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")

	// ErrEmpty is returned for a document whose text is empty or holds only
	// white space: it has nothing to compare.
	ErrEmpty = errors.New("empty document")

	// ErrMalformedJSON is returned for a JSON Lines line that is not one
	// well-formed JSON object. The json package's own error is wrapped too.
	ErrMalformedJSON = errors.New("malformed JSON")

	// ErrMissingField is returned for a JSON Lines object that lacks the id or
	// the text field, or holds it with the wrong type: the text must be a
	// JSON string and the id a non-empty string or a number.
	ErrMissingField = errors.New("missing field")

	// ErrTooLarge is returned for a document, or a JSON Lines line, longer
	// than Options.MaxDocBytes. For gzip input the limit applies to the
	// decompressed size.
	ErrTooLarge = errors.New("document too large")

	// ErrBinary is returned for a plain-text document holding a NUL byte,
	// which text never does but binary files (and UTF-16) usually do.
	ErrBinary = errors.New("binary file (holds a NUL byte)")

	// ErrDuplicateID is returned for a document whose id was already seen
	// in the same Read or ReadFS call. Downstream stages key on ids, so a
	// second document with the same id would overwrite the first.
	ErrDuplicateID = errors.New("duplicate id")
)

// errNoStdin is returned when "-" is among the paths but Read was given a
// nil stdin; it is a caller bug, not bad input, so it is never skipped.
var errNoStdin = errors.New("no standard input to read")

var _ error = (*Error)(nil)

// Error describes a problem with one input: a file, a line of a JSON Lines
// file, or standard input ("-"). It mirrors encoding/csv's ParseError so a
// caller can report the place without parsing the message.
type Error struct {
	Path string // the file as the user would name it, or "-" for stdin
	Line int    // 1-based line of the problem; 0 when it concerns the whole input
	Err  error  // the underlying error, usually one of the sentinels above
}

// Error formats the problem as "corpus: path:line: message", leaving out
// the line when it is 0.
func (e *Error) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Line > 0 {
		return "corpus: " + e.Path + ":" + strconv.Itoa(e.Line) + ": " + msg
	}
	return "corpus: " + e.Path + ": " + msg
}

// Unwrap returns the underlying error, so errors.Is(err, ErrEmpty) and
// errors.Is(err, fs.ErrNotExist) see through an *Error.
func (e *Error) Unwrap() error { return e.Err }

// fieldError reports a missing or mistyped JSON field. It exists only to word
// the message well ("missing field" reads wrong for a field that is present
// with the wrong type) while still matching ErrMissingField.
type fieldError struct {
	field string
	got   string // what the field held; "" when it is absent
}

func (e *fieldError) Error() string {
	if e.got == "" {
		return fmt.Sprintf("missing field %q", e.field)
	}
	return fmt.Sprintf("field %q is %s", e.field, e.got)
}

func (e *fieldError) Unwrap() error { return ErrMissingField }

// osError drops the *fs.PathError layer of err: *Error already carries the
// path, and for a folder walk the PathError's path is relative to the folder,
// which would only confuse. The underlying errno still matches fs.ErrNotExist
// and friends.
func osError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
