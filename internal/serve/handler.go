package serve

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/report"
)

// DefaultMaxBody is Options.MaxBody when zero: 16 MiB.
const DefaultMaxBody = 16 << 20

// Options are a Handler's settings.
type Options struct {
	// MaxReused is the gate's dedup.GateOptions.MaxReused; 0 means dedup.DefaultMaxReused.
	MaxReused float64
	// MaxBody is the most bytes a request body may hold; 0 means DefaultMaxBody.
	MaxBody int64
	// ErrorLog receives the failures behind 500 responses; nil discards them.
	ErrorLog *log.Logger
}

// Handler serves the API over one index. It is safe for concurrent use; see the package doc.
type Handler struct {
	ix  *index.Index
	p   dedup.Params
	opt Options
	mux *http.ServeMux
	m   *metrics

	mu     sync.RWMutex // orders use of ix: gate and delete write-lock it, the rest read-lock it
	closed bool         // set by Close, under mu
	gates  [2]gatePool  // [0] gating, [1] dry runs
	// clusters is the last export of the index, under mu; nil once a gate or a delete has
	// changed the index since.
	clusters *report.Report

	// The compactor merges, in the background, the segments that one-article writes leave.
	kick          chan struct{}
	stopCompactor context.CancelFunc
	compactorDone chan struct{}
}

var _ http.Handler = (*Handler)(nil)

// NewHandler returns a handler over ix, which must have been opened, for writing, with
// dedup.IndexConfig(p). The caller keeps ownership of ix, and must call Close, which also
// stops the handler's background compaction, before closing it.
func NewHandler(ix *index.Index, p dedup.Params, opt Options) (*Handler, error) {
	if opt.MaxBody == 0 {
		opt.MaxBody = DefaultMaxBody
	}
	if opt.MaxBody < 0 {
		return nil, fmt.Errorf("serve: max body %d bytes: want at least 1", opt.MaxBody)
	}
	// A gate is made per request; make one now so that bad settings fail here.
	if _, err := dedup.NewGate(ix, p, dedup.GateOptions{MaxReused: opt.MaxReused}); err != nil {
		return nil, err
	}
	h := &Handler{ix: ix, p: p, opt: opt, mux: http.NewServeMux(), m: newMetrics()}
	get := []string{http.MethodGet, http.MethodHead}
	h.route("/v1/check", "/v1/check", h.check, http.MethodPost)
	h.route("/v1/gate", "/v1/gate", h.gate, http.MethodPost)
	h.route("/v1/docs/{id...}", "/v1/docs/{id}", h.doc, http.MethodGet, http.MethodHead, http.MethodDelete)
	h.route("/v1/stats", "/v1/stats", h.stats, get...)
	h.route("/v1/clusters", "/v1/clusters", h.listClusters, get...)
	h.route("/v1/clusters/{id}", "/v1/clusters/{id}", h.cluster, get...)
	h.route("/healthz", "/healthz", h.health, get...)
	h.route("/metrics", "/metrics", h.metrics, get...)
	h.route("/", "unmatched", h.notFound)
	ctx, cancel := context.WithCancel(context.Background())
	h.kick, h.stopCompactor, h.compactorDone = make(chan struct{}, 1), cancel, make(chan struct{})
	go h.compactor(ctx)
	return h, nil
}

// compactor runs a tiered compaction after writes. It works in transactions of its own, so
// gates go on meanwhile; when it finds nothing to merge it costs one read.
func (h *Handler) compactor(ctx context.Context) {
	defer close(h.compactorDone)
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.kick:
		}
		if _, err := h.ix.Compact(ctx, index.CompactOptions{}); err != nil && ctx.Err() == nil && h.opt.ErrorLog != nil {
			h.opt.ErrorLog.Printf("compact: %v", err)
		}
	}
}

// gatePool keeps idle gates. Unlike a sync.Pool it never drops them: a gate's stem counts
// take thousands of reads to warm up, and a collection would throw them away.
type gatePool struct {
	mu   sync.Mutex
	idle []*dedup.Gate
}

func (p *gatePool) get() *dedup.Gate {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) == 0 {
		return nil
	}
	g := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return g
}

func (p *gatePool) put(g *dedup.Gate) {
	p.mu.Lock()
	p.idle = append(p.idle, g)
	p.mu.Unlock()
}

// wrote tells the compactor that the index changed.
func (h *Handler) wrote() {
	select {
	case h.kick <- struct{}{}:
	default: // a compaction is already due
	}
}

// ServeHTTP serves one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Close waits for the requests using the index to finish and makes later ones fail with 503
// (ErrClosed), so that the caller may close the index. It does not close the index.
func (h *Handler) Close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.stopCompactor() // a merge under way stops between transactions, losing nothing
	<-h.compactorDone
}

// endpoint serves one request, writing its response on success; an error becomes the
// {"error":…} response.
type endpoint func(w http.ResponseWriter, r *http.Request) error

// route registers e at pattern, for methods (any method when none), measured under label.
func (h *Handler) route(pattern, label string, e endpoint, methods ...string) {
	allow := strings.Join(methods, ", ")
	h.m.register(label)
	h.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		var err error
		if len(methods) > 0 && !slices.Contains(methods, r.Method) {
			sw.Header().Set("Allow", allow)
			err = fail(http.StatusMethodNotAllowed, "method %s not allowed on %s; allowed: %s", r.Method, label, allow)
		} else {
			err = e(sw, r)
		}
		if err != nil {
			code, msg, internal := status(err)
			if internal && h.opt.ErrorLog != nil {
				h.opt.ErrorLog.Printf("%s %s: %v", r.Method, r.URL.Path, err)
			}
			writeJSON(sw, code, errorBody{Error: msg})
		}
		h.m.observe(label, sw.status(), time.Since(start))
	})
}

// statusWriter remembers the status of the response it writes.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

type errorBody struct {
	Error string `json:"error"`
}

// check decides an article as a dry run.
func (h *Handler) check(w http.ResponseWriter, r *http.Request) error {
	return h.decide(w, r, true)
}

// gate decides an article and adds it when it passes.
func (h *Handler) gate(w http.ResponseWriter, r *http.Request) error {
	return h.decide(w, r, false)
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request, dryRun bool) error {
	d, err := h.readArticle(w, r)
	if err != nil {
		return err
	}
	dec, err := h.decideLocked(r, d, dryRun)
	if err != nil {
		if r.Context().Err() != nil {
			return fail(http.StatusServiceUnavailable, "request cancelled")
		}
		return err
	}
	if !dryRun {
		h.m.decided(dec.Outcome)
	}
	body, err := report.MarshalDecision(dec, report.Options{})
	if err != nil {
		return err
	}
	writeRaw(w, http.StatusOK, body)
	return nil
}

// decideLocked runs the gate on d under the lock: read-locked for a dry run, write-locked
// otherwise, so that a gate's check and add are one step no other request sees half done.
func (h *Handler) decideLocked(r *http.Request, d corpus.Doc, dryRun bool) (report.Decision, error) {
	if dryRun {
		h.mu.RLock()
		defer h.mu.RUnlock()
	} else {
		h.mu.Lock()
		defer h.mu.Unlock()
	}
	if h.closed {
		return report.Decision{}, ErrClosed
	}
	// Gates are pooled, not made per request: each keeps warm buffers and the stem counts it
	// has read, and a request has its gate to itself while it runs.
	pool := &h.gates[0]
	if dryRun {
		pool = &h.gates[1]
	}
	g := pool.get()
	if g == nil {
		var err error
		if g, err = dedup.NewGate(h.ix, h.p, dedup.GateOptions{MaxReused: h.opt.MaxReused, DryRun: dryRun}); err != nil {
			return report.Decision{}, err
		}
	}
	defer pool.put(g)
	dec, err := g.Decide(r.Context(), d)
	if dec.Added {
		h.clusters = nil
		h.wrote()
	}
	if err != nil {
		return dec, fmt.Errorf("decide %q: %w", d.ID, err)
	}
	return dec, nil
}

type docBody struct {
	ID       string `json:"id"`
	Passages int    `json:"passages"`
	Bytes    int    `json:"bytes"`
}

type removedBody struct {
	Removed string `json:"removed"`
}

// doc looks a document up, or removes it.
func (h *Handler) doc(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("id")
	if name == "" {
		return fail(http.StatusNotFound, "no document id in the path")
	}
	if r.Method == http.MethodDelete {
		if err := h.remove(name); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, removedBody{Removed: name})
		return nil
	}
	b, err := h.lookup(name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (h *Handler) lookup(name string) (docBody, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return docBody{}, ErrClosed
	}
	id, err := h.ix.Lookup(name)
	if errors.Is(err, index.ErrNotFound) {
		return docBody{}, fail(http.StatusNotFound, "no document %q in the index", name)
	}
	if err != nil {
		return docBody{}, err
	}
	d, err := h.ix.Doc(id)
	if err != nil {
		return docBody{}, err
	}
	return docBody{ID: name, Passages: len(d.Passages), Bytes: len(d.Text)}, nil
}

func (h *Handler) remove(name string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	missing, err := dedup.Remove(h.ix, h.p, []string{name})
	if err != nil {
		return fmt.Errorf("remove %q: %w", name, err)
	}
	h.clusters = nil
	h.wrote()
	if len(missing) > 0 {
		return fail(http.StatusNotFound, "no document %q in the index", name)
	}
	return nil
}

type statsBody struct {
	Documents int `json:"documents"`
	Passages  int `json:"passages"`
	BandKeys  struct {
		Doc     int `json:"doc"`
		Near    int `json:"near"`
		Rewrite int `json:"rewrite"`
	} `json:"band_keys"`
	Lines     int   `json:"lines"`      // distinct short lines counted
	Stems     int   `json:"stems"`      // distinct stems counted
	FileBytes int64 `json:"file_bytes"` // size of the index file
}

// stats counts what the index holds. It walks every bucket, as 'neardup stats' does.
func (h *Handler) stats(w http.ResponseWriter, r *http.Request) error {
	h.mu.RLock()
	if h.closed {
		h.mu.RUnlock()
		return ErrClosed
	}
	st, err := h.ix.Stats()
	var docs int
	if err == nil {
		docs, err = h.ix.DocCount()
	}
	h.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	var b statsBody
	b.Documents, b.Passages = docs, st.Passages
	b.BandKeys.Doc, b.BandKeys.Near, b.BandKeys.Rewrite = st.BandKeys[index.Docs], st.BandKeys[index.Near], st.BandKeys[index.Rewrite]
	b.Lines, b.Stems, b.FileBytes = st.Lines, st.Stems, st.Bytes
	writeJSON(w, http.StatusOK, b)
	return nil
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, struct {
		Status string `json:"status"`
	}{"ok"})
	return nil
}

// metrics writes the metrics; the document gauge is left out once the handler is closed.
func (h *Handler) metrics(w http.ResponseWriter, r *http.Request) error {
	docs := -1
	h.mu.RLock()
	if !h.closed {
		n, err := h.ix.DocCount()
		if err != nil {
			h.mu.RUnlock()
			return fmt.Errorf("metrics: %w", err)
		}
		docs = n
	}
	h.mu.RUnlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	h.m.write(w, docs) // an error here is the client's going away: nothing to tell it
	return nil
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) error {
	return fail(http.StatusNotFound, "no such path %s", r.URL.Path)
}

// exported returns the clusters of the index, exporting it again only when a gate or a
// delete changed it since. Export stores cluster ids, so it holds the write lock.
func (h *Handler) exported(r *http.Request) (*report.Report, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	if h.clusters == nil {
		rep, err := dedup.Export(r.Context(), h.ix, h.p, dedup.Options{})
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		h.clusters = rep
	}
	return h.clusters, nil
}

type clustersBody struct {
	Clusters []any          `json:"clusters"`
	Merges   []report.Merge `json:"merges"`
}

// listClusters serves every cluster of the index, with the merges its last export found.
func (h *Handler) listClusters(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.exported(r)
	if err != nil {
		return err
	}
	b := clustersBody{Clusters: make([]any, len(rep.Clusters)), Merges: rep.Merges}
	for i, c := range rep.Clusters {
		b.Clusters[i] = report.ClusterJSON(c, report.Options{})
	}
	if b.Merges == nil {
		b.Merges = []report.Merge{}
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}

// cluster serves one cluster by its stable id.
func (h *Handler) cluster(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || id <= 0 {
		return fail(http.StatusBadRequest, "cluster id %q: want a positive integer", r.PathValue("id"))
	}
	rep, err := h.exported(r)
	if err != nil {
		return err
	}
	for _, c := range rep.Clusters {
		if c.ID == id {
			writeJSON(w, http.StatusOK, report.ClusterJSON(c, report.Options{}))
			return nil
		}
	}
	return fail(http.StatusNotFound, "no cluster %d", id)
}
