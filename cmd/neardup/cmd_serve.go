package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/spf13/pflag"

	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/internal/serve"
)

var serveCommand = command{
	summary: "serve the gate over HTTP: a JSON API over an index",
	usage:   "--index FILE [--addr HOST:PORT] [flags]",
	daemon:  true,
	help: `
Serves, until SIGINT or SIGTERM, a JSON API over the index (see the README, "HTTP API"):

  POST   /v1/check      {"id":…,"text":…}: the decision, as a dry run (nothing is added)
  POST   /v1/gate       {"id":…,"text":…}: the decision; the article is added when it passes
  GET    /v1/docs/ID    {"id":…,"passages":N,"bytes":N}, or 404
  DELETE /v1/docs/ID    {"removed":…}, or 404
  GET    /v1/stats      what the index holds
  GET    /v1/clusters   every cluster of the index, with stable ids (as export gives them)
  GET    /v1/clusters/N one cluster by id, or 404
  GET    /healthz       {"status":"ok"}
  GET    /metrics       Prometheus metrics

A decision is the "decision" object of 'neardup gate -f jsonl'. Gates and removals run one
at a time, each as one step (two near-identical articles gated at once never both pass);
checks and lookups run in parallel. Errors are {"error":"message"} with a 4xx or 5xx status.
On a signal the server stops listening, lets requests in flight finish (10 s at most), then
closes the index. It logs one line to stderr when it listens, and server failures after it.

The index is created when FILE does not exist, with the parameter flags (see 'neardup help
add'); an existing index keeps its own, and a parameter flag that disagrees is an error.

Examples:
  neardup serve --index news.db --addr 127.0.0.1:8080
  curl -s -H 'Content-Type: application/json' \
       -d '{"id":"2024/06/01/story-17","text":"Minsk said on Monday…"}' \
       http://127.0.0.1:8080/v1/gate
  curl -s -X DELETE http://127.0.0.1:8080/v1/docs/2024%2F06%2F01%2Fstory-17
  curl -s http://127.0.0.1:8080/metrics

EXIT STATUS
  0  stopped by SIGINT or SIGTERM, after a clean shutdown
  2  an error: the index could not be opened (or is in use), the address could not be
     listened on, or requests were still running when the shutdown deadline passed
Scripts should treat any other status as failure.`,
	flags: func(fs *pflag.FlagSet) runner {
		o := &serveOptions{}
		o.AddFlags(fs)
		return o.run
	},
}

// shutdownTimeout is how long requests in flight may take to finish after a signal.
const shutdownTimeout = 10 * time.Second

type serveOptions struct {
	paramFlags
	index     string
	addr      string
	maxReused float64
	maxBody   int64
}

func (o *serveOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.index, "index", "", "the bbolt index file (created if missing)")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0: any free port)")
	fs.Float64Var(&o.maxReused, "max-reused", dedup.DefaultMaxReused, "reject an article when this share of its words or more matches indexed passages")
	fs.Int64Var(&o.maxBody, "max-body", serve.DefaultMaxBody, "most bytes a request body may hold")
	o.paramFlags.AddFlags(fs)
}

func (o *serveOptions) run(ctx context.Context, args []string, e *env) (int, error) {
	if len(args) > 0 {
		return exitError, usageError{"serve takes no arguments"}
	}
	if !(o.maxReused > 0 && o.maxReused <= 1) {
		return exitError, usageError{fmt.Sprintf("--max-reused %v: want a share above 0, at most 1", o.maxReused)}
	}
	if o.maxBody < 1 {
		return exitError, usageError{fmt.Sprintf("--max-body %d: want at least 1 byte", o.maxBody)}
	}
	ix, p, err := openIndex(o.index, &o.paramFlags, true, false)
	if err != nil {
		return exitError, err
	}
	defer ix.Close()
	logger := log.New(e.stderr, "neardup serve: ", 0)
	h, err := serve.NewHandler(ix, p, serve.Options{MaxReused: o.maxReused, MaxBody: o.maxBody, ErrorLog: logger})
	if err != nil {
		return exitError, err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return exitError, err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          logger,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Printf("listening on http://%s", ln.Addr())

	select {
	case err = <-served: // Serve failed before any signal
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		err = srv.Shutdown(sctx)
		cancel()
		if err != nil {
			srv.Close()
			err = fmt.Errorf("shutdown: requests still running after %v: %w", shutdownTimeout, err)
		}
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
	}
	h.Close() // waits for handlers still using the index, after a forced Close
	if cerr := ix.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close index: %w", cerr))
	}
	if err != nil {
		return exitError, err
	}
	return exitOK, nil
}
