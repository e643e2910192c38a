package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/corpus"
)

// readArticle reads the {"id":…,"text":…} body of a check or gate request. The whole body is
// read first, at most Options.MaxBody bytes, so that invalid UTF-8 is refused rather than
// turned into U+FFFD by encoding/json: offsets in decisions are byte offsets into the text.
func (h *Handler) readArticle(w http.ResponseWriter, r *http.Request) (corpus.Doc, error) {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return corpus.Doc{}, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opt.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return corpus.Doc{}, fail(http.StatusRequestEntityTooLarge, "request body larger than %d bytes", tooLarge.Limit)
	case err != nil:
		return corpus.Doc{}, fail(http.StatusBadRequest, "read request body: %v", err)
	case !utf8.Valid(body):
		return corpus.Doc{}, fail(http.StatusBadRequest, "request body is not valid UTF-8")
	}
	// Into a map first, so that unknown fields are found by name, not by parsing the
	// message of DisallowUnknownFields' error; it also makes field names case-sensitive.
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return corpus.Doc{}, fail(http.StatusBadRequest, "malformed JSON at byte %d: %v", syn.Offset, err)
		}
		return corpus.Doc{}, fail(http.StatusBadRequest, `request body is not a JSON object {"id":…,"text":…}`)
	}
	var unknown []string
	for k := range fields {
		if k != "id" && k != "text" {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return corpus.Doc{}, fail(http.StatusBadRequest, "unknown field %q: a request has only id and text", unknown[0])
	}
	id, err := stringField(fields, "id")
	if err != nil {
		return corpus.Doc{}, err
	}
	text, err := stringField(fields, "text")
	if err != nil {
		return corpus.Doc{}, err
	}
	if strings.TrimFunc(text, unicode.IsSpace) == "" {
		return corpus.Doc{}, fail(http.StatusBadRequest, "empty text: it has nothing to compare")
	}
	return corpus.Doc{ID: id, Text: []byte(text), Source: r.URL.Path}, nil
}

// stringField returns the non-empty string field name of a request body.
func stringField(fields map[string]json.RawMessage, name string) (string, error) {
	raw, ok := fields[name]
	if !ok || string(raw) == "null" {
		return "", fail(http.StatusBadRequest, "missing %s", name)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fail(http.StatusBadRequest, "%s must be a JSON string", name)
	}
	if s == "" {
		return "", fail(http.StatusBadRequest, "empty %s", name)
	}
	return s, nil
}

// checkContentType accepts application/json, with no parameter but charset=utf-8.
func checkContentType(ct string) error {
	if ct == "" {
		return fail(http.StatusUnsupportedMediaType, "missing Content-Type: want application/json")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return fail(http.StatusUnsupportedMediaType, "Content-Type %q: want application/json", ct)
	}
	for k, v := range params {
		if k != "charset" || !strings.EqualFold(v, "utf-8") {
			return fail(http.StatusUnsupportedMediaType, "Content-Type %q: want application/json, in UTF-8", ct)
		}
	}
	return nil
}

// writeJSON writes v as the JSON response body, "<", ">" and "&" unescaped as in the JSON
// Lines output.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("BUG: serve: encode response: " + err.Error()) // our bodies always encode
	}
	writeRaw(w, code, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// writeRaw writes the encoded JSON body, and a newline.
func writeRaw(w http.ResponseWriter, code int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(append(body, '\n')) // a failed write is the client's going away: nothing to tell it
}
