package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// stderrLines is a stderr that hands the address of the "listening on" line to the test.
type stderrLines struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	addrs chan string
}

func (s *stderrLines) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	if _, addr, ok := strings.Cut(string(p), "listening on http://"); ok {
		s.addrs <- strings.TrimSpace(addr)
	}
	return len(p), nil
}

func (s *stderrLines) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

type served struct {
	base   string // http://host:port
	cancel context.CancelFunc
	code   chan int
	stderr *stderrLines
}

// startServe runs 'neardup serve' in-process on a free port of 127.0.0.1.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{cancel: cancel, code: make(chan int, 1), stderr: &stderrLines{addrs: make(chan string, 1)}}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: s.stderr}
	go func() {
		s.code <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), e)
	}()
	select {
	case addr := <-s.stderr.addrs:
		s.base = "http://" + addr
	case code := <-s.code:
		cancel()
		t.Fatalf("serve exited with %d before listening; stderr %q", code, s.stderr.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatalf("serve did not listen within 10 s; stderr %q", s.stderr.String())
	}
	t.Cleanup(cancel)
	return s
}

// wait returns serve's exit code, failing when it takes longer than d.
func (s *served) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case code := <-s.code:
		return code
	case <-time.After(d):
		t.Fatalf("serve still running %v after the context was cancelled", d)
		return -1
	}
}

// blockedBody is a request body whose first Read reports that the handler is reading it (the
// client sends it only after the server's 100 Continue) and then waits for release.
type blockedBody struct {
	reading, release chan struct{}
	once             sync.Once
	r                io.Reader
}

func (b *blockedBody) Read(p []byte) (int, error) {
	b.once.Do(func() {
		close(b.reading)
		<-b.release
	})
	return b.r.Read(p)
}

// TestServeShutdown cancels serve's context while a gate is in flight: the gate finishes and
// is answered, serve exits 0 (not 130), and the index is closed for the next process.
func TestServeShutdown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serve.db")
	s := startServe(t, "--index", path)

	body := &blockedBody{reading: make(chan struct{}), release: make(chan struct{}),
		r: strings.NewReader(`{"id":"late","text":"An article gated while the server is told to stop still gets its answer."}`)}
	req, err := http.NewRequest(http.MethodPost, s.base+"/v1/gate", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Expect", "100-continue")
	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: 10 * time.Second}}
	type result struct {
		code int
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, b, err}
	}()
	select {
	case <-body.reading: // the handler is reading the body: the request is in flight
	case <-time.After(10 * time.Second):
		t.Fatal("the gate request never reached its handler")
	}
	s.cancel()
	select {
	case code := <-s.code:
		t.Fatalf("serve exited with %d while a request was in flight", code)
	case <-time.After(200 * time.Millisecond):
	}
	close(body.release)
	res := <-done
	if res.err != nil || res.code != http.StatusOK {
		t.Fatalf("in-flight gate: %d %s %v, want 200", res.code, res.body, res.err)
	}
	var dec struct {
		Outcome string `json:"outcome"`
		Added   bool   `json:"added"`
	}
	if err := json.Unmarshal(res.body, &dec); err != nil || dec.Outcome != "new" || !dec.Added {
		t.Errorf("in-flight gate decided %s (%v), want new and added", res.body, err)
	}
	if code := s.wait(t, 2*time.Second); code != exitOK {
		t.Fatalf("serve exit %d, want %d; stderr %q", code, exitOK, s.stderr.String())
	}
	if strings.Contains(s.stderr.String(), "interrupted") {
		t.Errorf("stderr %q: a server's shutdown is not an interruption", s.stderr.String())
	}

	var pf paramFlags
	ix, _, err := openIndex(path, &pf, false, false) // fails with "in use" if serve kept it open
	if err != nil {
		t.Fatalf("reopen the index after serve: %v", err)
	}
	defer ix.Close()
	if _, err := ix.Lookup("late"); err != nil {
		t.Errorf("the article gated during shutdown is not in the index: %v", err)
	}
}

// TestServeIdleShutdown: with nothing in flight, serve stops at once.
func TestServeIdleShutdown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "serve.db")
	s := startServe(t, "--index", path, "--max-body", "1000", "--max-reused", "0.3")
	resp, err := http.Get(s.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: %d", resp.StatusCode)
	}
	s.cancel()
	if code := s.wait(t, 2*time.Second); code != exitOK {
		t.Fatalf("serve exit %d, want %d; stderr %q", code, exitOK, s.stderr.String())
	}
	if lines := strings.Count(s.stderr.String(), "\n"); lines != 1 {
		t.Errorf("stderr %q: want the one listening line", s.stderr.String())
	}
	var pf paramFlags
	ix, _, err := openIndex(path, &pf, false, false)
	if err != nil {
		t.Fatalf("reopen the index after serve: %v", err)
	}
	ix.Close()
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no index", []string{"serve"}, "--index FILE is required"},
		{"argument", []string{"serve", "--index", filepath.Join(dir, "a.db"), "extra"}, "takes no arguments"},
		{"max body", []string{"serve", "--index", filepath.Join(dir, "a.db"), "--max-body", "0"}, "--max-body 0"},
		{"max reused", []string{"serve", "--index", filepath.Join(dir, "a.db"), "--max-reused", "2"}, "--max-reused 2"},
		{"address in use", []string{"serve", "--index", filepath.Join(dir, "b.db"), "--addr", ln.Addr().String()}, "address already in use"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tc.args...)
			if code != exitError || out != "" || !strings.Contains(errs, tc.stderr) {
				t.Errorf("neardup %s: exit %d, stdout %q, stderr %q; want exit %d and %q on stderr",
					strings.Join(tc.args, " "), code, out, errs, exitError, tc.stderr)
			}
		})
	}
}

func TestServeHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "serve", "--help")
	if code != exitOK {
		t.Fatalf("serve --help: exit %d", code)
	}
	for _, want := range []string{"neardup serve: ", "Usage:\n  neardup serve --index FILE", "--max-body", "Examples:", "curl", "EXIT STATUS"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, out)
		}
	}
}
