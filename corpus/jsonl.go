package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"unicode/utf8"
)

// readLines reads JSON Lines (https://jsonlines.org/) from br, one document
// per non-blank line. line is the number of lines already consumed, which is
// non-zero only when stdin sniffing ate blank lines.
//
// A bad line is skippable and reading goes on after it; a read error (say,
// a corrupt gzip stream) ends the file, since nothing after it can be trusted.
func (r *reader) readLines(br *bufio.Reader, source string, line int) error {
	lr := lineReader{r: br, max: r.opt.MaxDocBytes, buf: r.lineBuf, line: line}
	defer func() { r.lineBuf = lr.buf[:0] }()
	var batch []rawLine
	first := true
	for {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		b, err := lr.next()
		if err == io.EOF {
			return r.decodeBatch(batch, source)
		}
		if err != nil {
			// What came before the bad line is emitted first, in order.
			if ferr := r.decodeBatch(batch, source); ferr != nil {
				return ferr
			}
			batch = batch[:0]
			e := &Error{Path: source, Line: lr.line, Err: err}
			if errors.Is(err, ErrTooLarge) {
				// The rest of the line was discarded, so the next one
				// can be read.
				if err := r.bad(e); err != nil {
					return err
				}
				continue
			}
			e.Err = osError(err)
			return r.bad(e)
		}
		if first {
			b = bytes.TrimPrefix(b, []byte(bom))
			first = false
		}
		if isBlank(b) {
			continue
		}
		// The line reader reuses its buffer: the batch keeps a copy.
		batch = append(batch, rawLine{b: bytes.Clone(b), line: lr.line})
		if len(batch) == decodeBatch {
			if err := r.decodeBatch(batch, source); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
}

// decodeBatch is how many lines are decoded at once, on every core: decoding JSON is most of
// reading a corpus, and the documents still come out in input order.
const decodeBatch = 256

// rawLine is one undecoded line and its number.
type rawLine struct {
	b    []byte
	line int
}

// decodeBatch decodes lines in parallel, then emits their documents, or reports their
// errors, in order.
func (r *reader) decodeBatch(lines []rawLine, source string) error {
	if len(lines) == 0 {
		return nil
	}
	type result struct {
		id   string
		text []byte
		err  error
	}
	out := make([]result, len(lines))
	workers := min(runtime.GOMAXPROCS(0), len(lines))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fields := map[string]json.RawMessage{}
			for i := w; i < len(lines); i += workers {
				o := &out[i]
				o.id, o.text, o.err = r.decodeLine(fields, lines[i].b)
			}
		}()
	}
	wg.Wait()
	for i, o := range out {
		if o.err != nil {
			if err := r.bad(&Error{Path: source, Line: lines[i].line, Err: o.err}); err != nil {
				return err
			}
			continue
		}
		if err := r.emit(Doc{ID: o.id, Text: o.text, Source: source, Line: lines[i].line}); err != nil {
			return err
		}
	}
	return nil
}

// decodeLine extracts the id and text of one JSON Lines line. Both results
// are freshly allocated: line itself may be bufio's buffer.
func (r *reader) decodeLine(fields map[string]json.RawMessage, line []byte) (id string, text []byte, err error) {
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD, changing
	// the text under the user; refuse it instead, as for plain text.
	if !utf8.Valid(line) {
		return "", nil, ErrInvalidUTF8
	}
	if c := firstNonSpace(line); c != '{' {
		return "", nil, fmt.Errorf("%w: line is not a JSON object", ErrMalformedJSON)
	}
	// Only two fields matter and their names are chosen at run time, so the
	// line is decoded into a map of raw values, reused from line to line.
	// Each RawMessage is a fresh copy, which is what lets text alias it.
	clear(fields)
	if err := json.Unmarshal(line, &fields); err != nil {
		return "", nil, fmt.Errorf("%w: %w", ErrMalformedJSON, err)
	}

	rawText, ok := fields[r.opt.TextField]
	if !ok {
		return "", nil, &fieldError{field: r.opt.TextField}
	}
	if rawText[0] != '"' {
		return "", nil, &fieldError{field: r.opt.TextField, got: kindOf(rawText) + ", want a string"}
	}
	rawID, ok := fields[r.opt.IDField]
	if !ok {
		return "", nil, &fieldError{field: r.opt.IDField}
	}
	switch c := rawID[0]; {
	case c == '"':
		if err := json.Unmarshal(rawID, &id); err != nil {
			return "", nil, fmt.Errorf("%w: %w", ErrMalformedJSON, err)
		}
		if id == "" {
			return "", nil, &fieldError{field: r.opt.IDField, got: "an empty string"}
		}
	case c == '-' || ('0' <= c && c <= '9'):
		// Kept as written: reformatting through float64 would lose
		// precision beyond 2^53 and turn 42 into "42" but 1e3 into "1000".
		id = string(rawID)
	default:
		return "", nil, &fieldError{field: r.opt.IDField, got: kindOf(rawID) + ", want a string or a number"}
	}

	if bytes.IndexByte(rawText, '\\') < 0 {
		// No escapes: the JSON string's bytes are the text, already checked
		// as UTF-8 and free of control characters, so skip the decode and
		// its two copies.
		text = rawText[1 : len(rawText)-1]
	} else {
		var s string
		if err := json.Unmarshal(rawText, &s); err != nil {
			return "", nil, fmt.Errorf("%w: %w", ErrMalformedJSON, err)
		}
		text = []byte(s)
	}
	if isBlank(text) {
		return "", nil, ErrEmpty
	}
	return id, text, nil
}

// kindOf names the JSON type of the valid JSON value raw, for messages.
func kindOf(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		if !isJSONSpace(c) {
			return c
		}
	}
	return 0
}

// lineReader splits a bufio.Reader into lines of at most max bytes, counting
// them. Unlike bufio.Scanner it can skip an over-long line and carry on.
type lineReader struct {
	r    *bufio.Reader
	max  int
	buf  []byte // scratch for lines that span more than one buffer fill
	line int    // number of the line last returned
}

// next returns the next line without its "\n", or io.EOF at the end. A line
// over max bytes is discarded and reported as ErrTooLarge. The slice is only
// valid until the next call.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	frag, err := lr.r.ReadSlice('\n')
	if err == nil || (err == io.EOF && len(frag) > 0) {
		// The common case: the whole line was in the buffer.
		lr.line++
		frag = bytes.TrimSuffix(frag, []byte{'\n'})
		if len(frag) > lr.max {
			return nil, tooLarge(lr.max)
		}
		return frag, nil
	}
	if err == io.EOF {
		return nil, io.EOF
	}
	lr.line++
	tooLong := false
	for {
		if !tooLong {
			if len(lr.buf)+len(frag) > lr.max+1 { // +1 for a '\n' that may end frag
				tooLong = true
				lr.buf = lr.buf[:0] // the line is lost anyway; stop growing
			} else {
				lr.buf = append(lr.buf, frag...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			frag, err = lr.r.ReadSlice('\n')
			continue
		case err != nil && err != io.EOF:
			return nil, err
		}
		// A complete line: ended by '\n' (err == nil) or by the end of input.
		if tooLong {
			return nil, tooLarge(lr.max)
		}
		b := bytes.TrimSuffix(lr.buf, []byte{'\n'})
		if len(b) > lr.max {
			return nil, tooLarge(lr.max)
		}
		return b, nil
	}
}
