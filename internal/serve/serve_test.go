package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/seeds"
)

// newServer serves a handler over a new index in t.TempDir.
func newServer(t *testing.T, opt Options) (*httptest.Server, *Handler, *index.Index) {
	t.Helper()
	cfg, err := dedup.IndexConfig(dedup.Params{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "serve.db"), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHandler(ix, dedup.Params{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
		if err := ix.Check(); err != nil {
			t.Error(err)
		}
		ix.Close()
	})
	return srv, h, ix
}

// call makes one request and returns the status, the Content-Type and the body.
func call(t *testing.T, method, u, contentType, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// decision is the part of a decision body the tests look at.
type decision struct {
	Type    string  `json:"type"`
	Doc     string  `json:"doc"`
	Outcome string  `json:"outcome"`
	Added   bool    `json:"added"`
	Reused  float64 `json:"reused"`
	Matches []struct {
		Doc   string `json:"doc"`
		Level string `json:"level"`
	} `json:"matches"`
}

func articleBody(t *testing.T, id, text string) string {
	t.Helper()
	b, err := json.Marshal(map[string]string{"id": id, "text": text})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decide posts an article to /v1/check or /v1/gate and returns the decision.
func decide(t *testing.T, base, endpoint, id, text string) decision {
	t.Helper()
	code, hdr, b := call(t, http.MethodPost, base+endpoint, "application/json", articleBody(t, id, text))
	if code != http.StatusOK {
		t.Fatalf("POST %s %s: status %d, body %s", endpoint, id, code, b)
	}
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("POST %s: Content-Type %q, want application/json", endpoint, ct)
	}
	var d decision
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("POST %s: %v in %s", endpoint, err, b)
	}
	return d
}

func decodeObject(t *testing.T, what string, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v in %q", what, err, b)
	}
	return m
}

// base is an article of about 150 words of new text; variants change one word each.
const base = `The council of the small river town of Oakhaven voted on Tuesday evening to rebuild its
public library, closed since the spring floods soaked the ground floor and ruined most of the
children's collection. The plan keeps the brick front of the old building, raises the reading
rooms above the flood line, and adds a glass hall facing the water where local groups may meet
without charge. Builders expect to start in October and to finish within eighteen months, if the
winter stays mild and the steel arrives on time. The mayor told residents that the town would pay
for most of the work from its reserve fund, with the rest coming from a regional grant and from
donations already pledged by families and shopkeepers. During the rebuilding a mobile library
will visit each district twice a week, and the school will lend two of its classrooms for homework
clubs and evening reading groups.`

// variant returns base with its word number i (from 0) replaced.
func variant(i int) string {
	words := strings.Fields(base)
	words[i] = "zzword" + strconv.Itoa(i)
	return strings.Join(words, " ")
}

func TestEndpoints(t *testing.T) {
	srv, _, _ := newServer(t, Options{})
	u := srv.URL

	if d := decide(t, u, "/v1/check", "lib", base); d.Type != "decision" || d.Doc != "lib" || d.Outcome != "new" || d.Added {
		t.Errorf("check on an empty index = %+v, want a new decision, not added", d)
	}
	if code, _, b := call(t, http.MethodGet, u+"/v1/docs/lib", "", ""); code != http.StatusNotFound {
		t.Errorf("GET /v1/docs/lib after a check: %d %s, want 404 (a check adds nothing)", code, b)
	}
	if d := decide(t, u, "/v1/gate", "lib", base); d.Outcome != "new" || !d.Added {
		t.Errorf("gate = %+v, want new and added", d)
	}
	code, _, b := call(t, http.MethodGet, u+"/v1/docs/lib", "", "")
	if code != http.StatusOK {
		t.Fatalf("GET /v1/docs/lib after the gate: %d %s, want 200", code, b)
	}
	var doc struct {
		ID       string `json:"id"`
		Passages int    `json:"passages"`
		Bytes    int    `json:"bytes"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "lib" || doc.Passages < 1 || doc.Bytes != len(base) {
		t.Errorf("GET /v1/docs/lib = %+v, want id lib, passages >= 1, bytes %d", doc, len(base))
	}
	if d := decide(t, u, "/v1/gate", "lib", base); d.Outcome != "unchanged" || d.Added {
		t.Errorf("gate again = %+v, want unchanged", d)
	}
	if d := decide(t, u, "/v1/check", "copy", variant(5)); d.Outcome != "duplicate" || d.Added || len(d.Matches) == 0 || d.Matches[0].Doc != "lib" {
		t.Errorf("check of a near copy = %+v, want a duplicate of lib", d)
	}
	if d := decide(t, u, "/v1/gate", "copy", variant(5)); d.Outcome != "duplicate" || d.Added {
		t.Errorf("gate of a near copy = %+v, want a duplicate, not added", d)
	}

	code, _, b = call(t, http.MethodGet, u+"/v1/stats", "", "")
	if code != http.StatusOK {
		t.Fatalf("GET /v1/stats: %d %s", code, b)
	}
	st := decodeObject(t, "stats", b)
	if st["documents"] != 1.0 || st["passages"].(float64) < 1 {
		t.Errorf("stats = %s, want 1 document and some passages", b)
	}
	for _, k := range []string{"band_keys", "lines", "stems", "file_bytes"} {
		if _, ok := st[k]; !ok {
			t.Errorf("stats = %s, want a %q field", b, k)
		}
	}

	code, _, b = call(t, http.MethodDelete, u+"/v1/docs/lib", "", "")
	if code != http.StatusOK || string(b) != `{"removed":"lib"}`+"\n" {
		t.Errorf("DELETE /v1/docs/lib = %d %s, want 200 {\"removed\":\"lib\"}", code, b)
	}
	for _, m := range []string{http.MethodGet, http.MethodDelete} {
		if code, _, b := call(t, m, u+"/v1/docs/lib", "", ""); code != http.StatusNotFound || decodeObject(t, m, b)["error"] == nil {
			t.Errorf("%s /v1/docs/lib after the delete: %d %s, want 404 with an error", m, code, b)
		}
	}
	if d := decide(t, u, "/v1/check", "copy", variant(5)); d.Outcome != "new" {
		t.Errorf("check of the copy after the delete = %+v, want new", d)
	}

	code, _, b = call(t, http.MethodGet, u+"/healthz", "", "")
	if code != http.StatusOK || string(b) != `{"status":"ok"}`+"\n" {
		t.Errorf("GET /healthz = %d %s", code, b)
	}
}

// TestDocIDs addresses ids with slashes and spaces, escaped or not.
func TestDocIDs(t *testing.T) {
	srv, _, _ := newServer(t, Options{})
	id := "2024/06/01/story 17?"
	decide(t, srv.URL, "/v1/gate", id, base)
	for _, p := range []string{url.PathEscape(id), "2024/06/01/" + url.PathEscape("story 17?")} {
		code, _, b := call(t, http.MethodGet, srv.URL+"/v1/docs/"+p, "", "")
		if code != http.StatusOK || decodeObject(t, p, b)["id"] != id {
			t.Errorf("GET /v1/docs/%s = %d %s, want 200 with id %q", p, code, b, id)
		}
	}
	code, _, b := call(t, http.MethodDelete, srv.URL+"/v1/docs/"+url.PathEscape(id), "", "")
	if code != http.StatusOK || decodeObject(t, "delete", b)["removed"] != id {
		t.Errorf("DELETE = %d %s, want 200 removing %q", code, b, id)
	}
}

func seedIndex(t *testing.T, ix *index.Index) int {
	t.Helper()
	var docs []corpus.Doc
	if _, err := corpus.ReadFS(context.Background(), seeds.FS, corpus.Options{}, func(d corpus.Doc) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := dedup.Add(context.Background(), ix, docs, dedup.Params{}, dedup.Options{}); err != nil {
		t.Fatal(err)
	}
	return len(docs)
}

// TestConcurrentGate gates near-identical articles at once: exactly one may pass.
func TestConcurrentGate(t *testing.T) {
	srv, _, ix := newServer(t, Options{})
	seeded := seedIndex(t, ix)
	if seeded != 5 {
		t.Fatalf("%d seed articles, want 5", seeded)
	}
	const n = 8
	gates := make([]decision, n)
	checks := make([]decision, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			gates[i] = decide(t, srv.URL, "/v1/gate", fmt.Sprintf("variant-%d", i), variant(10+15*i))
		})
		wg.Go(func() { // dry runs alongside, read-locked
			<-start
			checks[i] = decide(t, srv.URL, "/v1/check", fmt.Sprintf("check-%d", i), variant(12+15*i))
		})
	}
	close(start)
	wg.Wait()
	passed := 0
	for i, d := range gates {
		switch {
		case d.Outcome == "new" && d.Added:
			passed++
		case d.Outcome == "duplicate" && !d.Added:
		default:
			t.Errorf("gate variant-%d = %s added=%v, want new and added, or duplicate", i, d.Outcome, d.Added)
		}
	}
	if passed != 1 {
		t.Errorf("%d of %d near-identical articles gated at once passed, want exactly 1", passed, n)
	}
	for i, d := range checks {
		if d.Added || (d.Outcome != "new" && d.Outcome != "duplicate") {
			t.Errorf("check-%d = %s added=%v, want new or duplicate, not added", i, d.Outcome, d.Added)
		}
	}
	if docs, err := ix.DocCount(); err != nil || docs != seeded+1 {
		t.Errorf("DocCount() = %d, %v, want %d", docs, err, seeded+1)
	}
}

func TestBadRequests(t *testing.T) {
	const maxBody = 256
	srv, _, _ := newServer(t, Options{MaxBody: maxBody})
	ok := `{"id":"a","text":"some words to decide"}`
	tests := []struct {
		name, method, path, ct, body string
		code                         int
		allow                        string
	}{
		{"valid", "POST", "/v1/check", "application/json", ok, 200, ""},
		{"charset", "POST", "/v1/check", "application/json; charset=UTF-8", ok, 200, ""},
		{"text/plain", "POST", "/v1/gate", "text/plain", ok, 415, ""},
		{"no content type", "POST", "/v1/gate", "", ok, 415, ""},
		{"other charset", "POST", "/v1/gate", "application/json; charset=latin1", ok, 415, ""},
		{"other parameter", "POST", "/v1/check", "application/json; profile=x", ok, 415, ""},
		{"oversized", "POST", "/v1/gate", "application/json", `{"id":"a","text":"` + strings.Repeat("word ", maxBody) + `"}`, 413, ""},
		{"bad JSON", "POST", "/v1/gate", "application/json", `{"id":"a",`, 400, ""},
		{"empty body", "POST", "/v1/gate", "application/json", ``, 400, ""},
		{"trailing data", "POST", "/v1/gate", "application/json", ok + ` {}`, 400, ""},
		{"not an object", "POST", "/v1/gate", "application/json", `["a","b"]`, 400, ""},
		{"unknown field", "POST", "/v1/gate", "application/json", `{"id":"a","text":"words","url":"x"}`, 400, ""},
		{"field case", "POST", "/v1/gate", "application/json", `{"ID":"a","text":"words"}`, 400, ""},
		{"missing id", "POST", "/v1/gate", "application/json", `{"text":"words"}`, 400, ""},
		{"null id", "POST", "/v1/gate", "application/json", `{"id":null,"text":"words"}`, 400, ""},
		{"empty id", "POST", "/v1/gate", "application/json", `{"id":"","text":"words"}`, 400, ""},
		{"number id", "POST", "/v1/gate", "application/json", `{"id":7,"text":"words"}`, 400, ""},
		{"missing text", "POST", "/v1/check", "application/json", `{"id":"a"}`, 400, ""},
		{"blank text", "POST", "/v1/check", "application/json", `{"id":"a","text":" \n\t "}`, 400, ""},
		{"invalid UTF-8", "POST", "/v1/check", "application/json", "{\"id\":\"a\",\"text\":\"caf\xe9\"}", 400, ""},
		{"GET gate", "GET", "/v1/gate", "", "", 405, "POST"},
		{"POST stats", "POST", "/v1/stats", "application/json", "{}", 405, "GET, HEAD"},
		{"PUT doc", "PUT", "/v1/docs/a", "application/json", "{}", 405, "GET, HEAD, DELETE"},
		{"unknown path", "GET", "/v2/check", "", "", 404, ""},
		{"no doc id", "GET", "/v1/docs/", "", "", 404, ""},
		{"unknown doc", "GET", "/v1/docs/nothing", "", "", 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, hdr, b := call(t, tc.method, srv.URL+tc.path, tc.ct, tc.body)
			if code != tc.code {
				t.Fatalf("%s %s: status %d, want %d; body %s", tc.method, tc.path, code, tc.code, b)
			}
			if got := hdr.Get("Allow"); got != tc.allow {
				t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
			}
			if ct := hdr.Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s %s: Content-Type %q, want application/json", tc.method, tc.path, ct)
			}
			m := decodeObject(t, tc.name, b)
			if code == 200 {
				return
			}
			if msg, ok := m["error"].(string); !ok || msg == "" || len(m) != 1 {
				t.Errorf("%s %s: body %s, want {\"error\":\"message\"}", tc.method, tc.path, b)
			}
		})
	}
}

// TestClose: once closed, the handler refuses to touch the index.
func TestClose(t *testing.T) {
	srv, h, _ := newServer(t, Options{})
	h.Close()
	body := articleBody(t, "a", base)
	if code, _, b := call(t, http.MethodPost, srv.URL+"/v1/gate", "application/json", body); code != http.StatusServiceUnavailable {
		t.Errorf("gate after Close: %d %s, want 503", code, b)
	}
	if code, _, b := call(t, http.MethodGet, srv.URL+"/healthz", "", ""); code != http.StatusOK {
		t.Errorf("healthz after Close: %d %s, want 200", code, b)
	}
	if code, _, b := call(t, http.MethodGet, srv.URL+"/metrics", "", ""); code != http.StatusOK || bytes.Contains(b, []byte("neardup_index_documents")) {
		t.Errorf("metrics after Close: %d, want 200 without the document gauge:\n%s", code, b)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	srv, _, _ := newServer(t, Options{})
	decide(t, srv.URL, "/v1/gate", "lib", base)
	decide(t, srv.URL, "/v1/gate", "copy", variant(3))
	decide(t, srv.URL, "/v1/check", "copy", variant(3))
	call(t, http.MethodGet, srv.URL+"/nowhere/"+strings.Repeat("x", 10), "", "")
	call(t, http.MethodGet, srv.URL+"/v1/gate", "", "")
	code, hdr, b := call(t, http.MethodGet, srv.URL+"/metrics", "", "")
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics: %d, Content-Type %q", code, hdr.Get("Content-Type"))
	}
	text := string(b)
	for _, want := range []string{
		"# HELP neardup_requests_total HTTP responses, by route and status code.",
		"# TYPE neardup_requests_total counter",
		`neardup_requests_total{path="/v1/gate",code="200"} 2`,
		`neardup_requests_total{path="/v1/gate",code="405"} 1`,
		`neardup_requests_total{path="/v1/check",code="200"} 1`,
		`neardup_requests_total{path="unmatched",code="404"} 1`,
		"# TYPE neardup_decisions_total counter",
		`neardup_decisions_total{outcome="new"} 1`,
		`neardup_decisions_total{outcome="duplicate"} 1`,
		`neardup_decisions_total{outcome="rewrite"} 0`,
		"# TYPE neardup_request_duration_seconds histogram",
		`neardup_request_duration_seconds_bucket{path="/v1/gate",le="+Inf"} 3`,
		`neardup_request_duration_seconds_count{path="/v1/gate"} 3`,
		`neardup_request_duration_seconds_count{path="/v1/stats"} 0`,
		"# TYPE neardup_index_documents gauge",
		"neardup_index_documents 1",
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("/metrics lacks the line %q:\n%s", want, text)
		}
	}
	checkExposition(t, text)
}

// checkExposition checks what any scraper relies on: every sample's family was declared
// before it, and each histogram's buckets are cumulative, end with +Inf, and agree with
// _count.
func checkExposition(t *testing.T, text string) {
	t.Helper()
	declared := map[string]bool{}
	last := map[string]float64{}   // histogram series -> last bucket count
	infs := map[string]float64{}   // histogram series -> +Inf bucket
	counts := map[string]float64{} // histogram series -> _count
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			declared[strings.Fields(name)[0]] = true
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		series, value, ok := strings.Cut(line, " ")
		v, err := strconv.ParseFloat(value, 64)
		if !ok || err != nil {
			t.Errorf("sample %q: want NAME{LABELS} VALUE", line)
			continue
		}
		name, labels, _ := strings.Cut(series, "{")
		family := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if f, ok := strings.CutSuffix(name, suf); ok && declared[f] {
				family = f
			}
		}
		if !declared[family] {
			t.Errorf("sample %q before the TYPE of %s", line, family)
		}
		if !strings.HasSuffix(name, "_bucket") {
			if strings.HasSuffix(name, "_count") && family != name {
				counts[labels] = v
			}
			continue
		}
		path, le, _ := strings.Cut(labels, ",le=")
		key := path + "}"
		if v < last[key] {
			t.Errorf("bucket %q: %v below the previous bucket's %v: not cumulative", line, v, last[key])
		}
		last[key] = v
		if le == `"+Inf"}` {
			infs[key] = v
		}
	}
	if len(infs) == 0 {
		t.Errorf("no histogram buckets")
	}
	for k, v := range infs {
		if counts[k] != v {
			t.Errorf("histogram %s: +Inf bucket %v, _count %v", k, v, counts[k])
		}
	}
}

// TestMetricsText pins the exposition of known observations, bucket edges included.
func TestMetricsText(t *testing.T) {
	m := newMetrics()
	m.register("/a")
	m.observe("/a", 200, time.Millisecond)        // on the first bound: le is inclusive
	m.observe("/a", 200, 3*time.Second)           // in le="5"
	m.observe("/a", 404, 10*time.Second)          // only in +Inf
	m.observe("/b\"\\", 500, 20*time.Millisecond) // a label value to escape
	m.decided(report.OutcomeNew)
	var buf bytes.Buffer
	if err := m.write(&buf, 7); err != nil {
		t.Fatal(err)
	}
	want := `# HELP neardup_requests_total HTTP responses, by route and status code.
# TYPE neardup_requests_total counter
neardup_requests_total{path="/a",code="200"} 2
neardup_requests_total{path="/a",code="404"} 1
neardup_requests_total{path="/b\"\\",code="500"} 1
# HELP neardup_decisions_total Decisions of POST /v1/gate, by outcome (dry runs are not counted).
# TYPE neardup_decisions_total counter
neardup_decisions_total{outcome="new"} 1
neardup_decisions_total{outcome="partial"} 0
neardup_decisions_total{outcome="duplicate"} 0
neardup_decisions_total{outcome="rewrite"} 0
neardup_decisions_total{outcome="unchanged"} 0
# HELP neardup_request_duration_seconds Time to serve a request, by route.
# TYPE neardup_request_duration_seconds histogram
neardup_request_duration_seconds_bucket{path="/a",le="0.001"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.0025"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.005"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.01"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.025"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.05"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.1"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.25"} 1
neardup_request_duration_seconds_bucket{path="/a",le="0.5"} 1
neardup_request_duration_seconds_bucket{path="/a",le="1"} 1
neardup_request_duration_seconds_bucket{path="/a",le="2.5"} 1
neardup_request_duration_seconds_bucket{path="/a",le="5"} 2
neardup_request_duration_seconds_bucket{path="/a",le="+Inf"} 3
neardup_request_duration_seconds_sum{path="/a"} 13.001
neardup_request_duration_seconds_count{path="/a"} 3
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.001"} 0
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.0025"} 0
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.005"} 0
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.01"} 0
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.025"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.05"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.1"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.25"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="0.5"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="1"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="2.5"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="5"} 1
neardup_request_duration_seconds_bucket{path="/b\"\\",le="+Inf"} 1
neardup_request_duration_seconds_sum{path="/b\"\\"} 0.02
neardup_request_duration_seconds_count{path="/b\"\\"} 1
# HELP neardup_index_documents Documents in the index.
# TYPE neardup_index_documents gauge
neardup_index_documents 7
`
	if got := buf.String(); got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range max(len(gl), len(wl)) {
			if i >= len(gl) || i >= len(wl) || gl[i] != wl[i] {
				t.Fatalf("metrics text differs at line %d:\n got: %q\nwant: %q", i+1, at(gl, i), at(wl, i))
			}
		}
	}
	checkExposition(t, want)
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}

// TestMarshalDecisionMatchesJSONL: a decision body is byte for byte a decision line of the
// JSON Lines stream.
func TestMarshalDecisionMatchesJSONL(t *testing.T) {
	ds := []report.Decision{
		{Doc: "new.txt", Outcome: report.OutcomeNew, Added: true},
		{Doc: "a <&> b", Outcome: report.OutcomeDuplicate, Revision: true, Reused: 0.123456, Matches: []report.Match{
			{Doc: "old.txt", Level: report.LevelDocument, Tier: report.TierNear, Similarity: 0.98765},
			{Doc: "other.txt", Level: report.LevelPassage, Tier: report.TierRewrite, Similarity: 0.4, Passages: []report.PassageMatch{{
				Start: 3, End: 90, MatchStart: 10, MatchEnd: 100, Tier: report.TierRewrite, Similarity: 0.41234567,
				Snippet: strings.Repeat("long  snippet\n", 20), MatchSnippet: "<b>x</b> & y",
			}}},
		}},
	}
	for _, opt := range []report.Options{{}, {SnippetWidth: 12}} {
		var buf bytes.Buffer
		if err := report.WriteDecisions(&buf, ds, report.FormatJSONL, opt); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(buf.String(), "\n")
		for i, d := range ds {
			got, err := report.MarshalDecision(d, opt)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != lines[i] {
				t.Errorf("MarshalDecision(%q, width %d)=\n%s\nwant the JSON Lines record\n%s", d.Doc, opt.SnippetWidth, got, lines[i])
			}
		}
	}
	bad := report.Decision{Doc: "x", Outcome: "maybe"}
	if _, err := report.MarshalDecision(bad, report.Options{}); err == nil {
		t.Errorf("MarshalDecision(outcome %q) = nil error, want ErrInvalidReport", bad.Outcome)
	}
}

// TestNewHandlerOptions: bad settings fail when the handler is made, not per request.
func TestNewHandlerOptions(t *testing.T) {
	cfg, err := dedup.IndexConfig(dedup.Params{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "opt.db"), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, opt := range []Options{{MaxReused: 1.5}, {MaxReused: -1}, {MaxBody: -1}} {
		if _, err := NewHandler(ix, dedup.Params{}, opt); err == nil {
			t.Errorf("NewHandler(%+v) = nil error, want one", opt)
		}
	}
	h, err := NewHandler(ix, dedup.Params{}, Options{})
	if err != nil {
		t.Fatalf("NewHandler(defaults) = %v", err)
	}
	h.Close()
}

// TestClusters lists the clusters of the index and gets one by its stable id; a delete makes
// the next list export again.
func TestClusters(t *testing.T) {
	srv, _, ix := newServer(t, Options{})
	docs := []corpus.Doc{{ID: "a", Text: []byte(base)}, {ID: "b", Text: []byte(variant(3))}}
	if _, err := dedup.Add(context.Background(), ix, docs, dedup.Params{}, dedup.Options{}); err != nil {
		t.Fatal(err)
	}
	code, _, body := call(t, http.MethodGet, srv.URL+"/v1/clusters", "", "")
	var list struct {
		Clusters []struct {
			ID      int `json:"id"`
			Members []struct {
				Doc string `json:"doc"`
			} `json:"members"`
		} `json:"clusters"`
		Merges []any `json:"merges"`
	}
	if err := json.Unmarshal(body, &list); err != nil || code != http.StatusOK {
		t.Fatalf("GET /v1/clusters: %d %s (%v)", code, body, err)
	}
	if len(list.Clusters) != 1 || len(list.Clusters[0].Members) != 2 || list.Merges == nil {
		t.Fatalf("GET /v1/clusters=%s, want one cluster of a and b, and merges []", body)
	}
	id := list.Clusters[0].ID
	if code, _, body := call(t, http.MethodGet, srv.URL+"/v1/clusters/"+strconv.Itoa(id), "", ""); code != http.StatusOK || !strings.Contains(string(body), `"doc":"b"`) {
		t.Errorf("GET /v1/clusters/%d: %d %s", id, code, body)
	}
	if code, _, _ := call(t, http.MethodGet, srv.URL+"/v1/clusters/999", "", ""); code != http.StatusNotFound {
		t.Errorf("GET of an unknown cluster: %d, want 404", code)
	}
	if code, _, _ := call(t, http.MethodGet, srv.URL+"/v1/clusters/x", "", ""); code != http.StatusBadRequest {
		t.Errorf("GET of cluster x: %d, want 400", code)
	}
	if code, _, _ := call(t, http.MethodDelete, srv.URL+"/v1/docs/b", "", ""); code != http.StatusOK {
		t.Fatalf("DELETE /v1/docs/b: %d", code)
	}
	if code, _, body := call(t, http.MethodGet, srv.URL+"/v1/clusters", "", ""); code != http.StatusOK || !strings.Contains(string(body), `"clusters":[]`) {
		t.Errorf("after the delete, GET /v1/clusters: %d %s, want no cluster", code, body)
	}
}
