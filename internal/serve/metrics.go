package serve

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neardup/neardup/report"
)

// durationBuckets are the upper bounds, in seconds, of the request duration histogram.
var durationBuckets = [...]float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// outcomes are the decision outcomes, every one exported from the start at 0.
var outcomes = [...]report.Outcome{report.OutcomeNew, report.OutcomePartial, report.OutcomeDuplicate, report.OutcomeRewrite, report.OutcomeUnchanged}

// metrics counts what the handler serves. Its methods are safe for concurrent use.
type metrics struct {
	mu        sync.Mutex
	requests  map[requestKey]uint64
	decisions map[report.Outcome]uint64
	durations map[string]*histogram // by route label
}

type requestKey struct {
	path string
	code int
}

// histogram counts observations per bucket, not cumulatively: write sums them.
type histogram struct {
	counts [len(durationBuckets) + 1]uint64 // the last: above the largest bound
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	m := &metrics{requests: map[requestKey]uint64{}, decisions: map[report.Outcome]uint64{}, durations: map[string]*histogram{}}
	for _, o := range outcomes {
		m.decisions[o] = 0
	}
	return m
}

// register makes the duration histogram of route label exist, empty.
func (m *metrics) register(label string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.durations[label] == nil {
		m.durations[label] = &histogram{}
	}
}

// observe counts a response of route label with status code, served in d.
func (m *metrics) observe(label string, code int, d time.Duration) {
	s := d.Seconds()
	i, _ := slices.BinarySearch(durationBuckets[:], s) // the first bound >= s: le is inclusive
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{label, code}]++
	h := m.durations[label]
	if h == nil {
		h = &histogram{}
		m.durations[label] = h
	}
	h.counts[i]++
	h.sum += s
	h.n++
}

// decided counts a gate decision.
func (m *metrics) decided(o report.Outcome) {
	m.mu.Lock()
	m.decisions[o]++
	m.mu.Unlock()
}

// write writes every metric in the Prometheus text exposition format 0.0.4, series sorted so
// that the output is deterministic. docs is the document gauge; negative leaves it out.
func (m *metrics) write(w io.Writer, docs int) error {
	bw := bufio.NewWriter(w)
	m.mu.Lock()
	reqs := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqs = append(reqs, k)
	}
	slices.SortFunc(reqs, func(a, b requestKey) int {
		return cmp.Or(strings.Compare(a.path, b.path), cmp.Compare(a.code, b.code))
	})
	family(bw, "neardup_requests_total", "counter", "HTTP responses, by route and status code.")
	for _, k := range reqs {
		bw.WriteString("neardup_requests_total{path=\"" + labelValue(k.path) + "\",code=\"" + strconv.Itoa(k.code) + "\"} ")
		bw.WriteString(strconv.FormatUint(m.requests[k], 10) + "\n")
	}
	family(bw, "neardup_decisions_total", "counter", "Decisions of POST /v1/gate, by outcome (dry runs are not counted).")
	for _, o := range outcomes {
		bw.WriteString("neardup_decisions_total{outcome=\"" + labelValue(string(o)) + "\"} ")
		bw.WriteString(strconv.FormatUint(m.decisions[o], 10) + "\n")
	}
	family(bw, "neardup_request_duration_seconds", "histogram", "Time to serve a request, by route.")
	paths := make([]string, 0, len(m.durations))
	for p := range m.durations {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		h := m.durations[p]
		name := "neardup_request_duration_seconds"
		lp := "{path=\"" + labelValue(p) + "\""
		cum := uint64(0)
		for i, le := range durationBuckets {
			cum += h.counts[i]
			bw.WriteString(name + "_bucket" + lp + ",le=\"" + formatFloat(le) + "\"} " + strconv.FormatUint(cum, 10) + "\n")
		}
		bw.WriteString(name + "_bucket" + lp + ",le=\"+Inf\"} " + strconv.FormatUint(h.n, 10) + "\n")
		bw.WriteString(name + "_sum" + lp + "} " + formatFloat(h.sum) + "\n")
		bw.WriteString(name + "_count" + lp + "} " + strconv.FormatUint(h.n, 10) + "\n")
	}
	m.mu.Unlock()
	if docs >= 0 {
		family(bw, "neardup_index_documents", "gauge", "Documents in the index.")
		bw.WriteString("neardup_index_documents " + strconv.Itoa(docs) + "\n")
	}
	return bw.Flush()
}

// family writes the HELP and TYPE lines of a metric.
func family(w *bufio.Writer, name, typ, help string) {
	help = strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(help)
	w.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n")
}

// labelValue escapes a label value as the text format wants: backslash, quote, newline.
func labelValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
