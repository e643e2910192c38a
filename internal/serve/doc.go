// Package serve is neardup's HTTP JSON API over one open index: the ingestion gate of
// dedup.Gate, its dry run, document lookups and removals, counts, and metrics.
//
// # Endpoints
//
//	POST   /v1/check       {"id":"…","text":"…"} → the decision, as a dry run: nothing is added
//	POST   /v1/gate        {"id":"…","text":"…"} → the decision; the article is added when it passes
//	GET    /v1/docs/{id}   → {"id":"…","passages":N,"bytes":N}, or 404
//	DELETE /v1/docs/{id}   → {"removed":"…"}, or 404
//	GET    /v1/stats       → what the index holds
//	GET    /v1/clusters    → {"clusters":[…],"merges":[…]}, as dedup.Export gives them
//	GET    /v1/clusters/{id} → one cluster by its stable id, or 404
//	GET    /healthz        → {"status":"ok"}
//	GET    /metrics        → Prometheus text exposition format 0.0.4
//
// A decision body is one "decision" object of the decisions JSON Lines stream (see package
// report, and report.MarshalDecision). {id} is the document id, percent-encoded as a path
// segment (RFC 3986 section 3.3); an id may also hold plain slashes. Every other body is a
// JSON object too; an error is {"error":"message"} with a 4xx or 5xx status (RFC 9110
// section 15): 400 for a malformed body (not JSON, an unknown field, a missing or empty id or
// text, invalid UTF-8), 404 for an unknown path or document, 405 with an Allow header for a
// method the path does not take, 413 for a body over Options.MaxBody, 415 for a Content-Type
// other than application/json (a charset parameter, utf-8, is allowed), 500 when the index
// fails, and 503 once the handler is closed.
//
// # Concurrency
//
// A Handler is safe for concurrent use. One sync.RWMutex orders its use of the index: a gate
// or a removal holds it for writing from its first read of the index to its commit, so that
// check-and-add is one atomic step and two near-identical articles gated at once can never
// both pass; checks and lookups hold it for reading, so they run in parallel with each other
// (bbolt serves many readers) but never see a gate half done. Request bodies are read, and
// responses written, outside the lock, so a slow client holds up no one. Every request makes
// its own dedup.Gate, which is not safe for concurrent use and cheap to make.
//
// # Metrics
//
// /metrics writes, in the Prometheus text format
// (https://prometheus.io/docs/instrumenting/exposition_formats/):
//
//	neardup_requests_total{path,code}                   counter: responses by route and status
//	neardup_decisions_total{outcome}                    counter: /v1/gate decisions by outcome
//	neardup_request_duration_seconds{path}              histogram: time to serve, 1 ms to 5 s
//	neardup_index_documents                             gauge: documents in the index
//
// path is the route's pattern ("/v1/docs/{id}"), or "unmatched" for any unknown path, so that
// the number of series stays fixed whatever clients send. Dry runs (/v1/check) are not
// decisions: they are counted only as requests.
package serve
