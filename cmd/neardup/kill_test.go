package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
)

// TestKillAdd kills `neardup add` with SIGKILL in the middle of a bulk ingestion: the index
// must reopen cleanly, hold whole documents only (every counter agrees), and a second run
// must finish the job without duplicating anything.
func TestKillAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "neardup")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A corpus big enough that add is still writing when it is killed.
	const n = 20000
	r := rand.New(rand.NewPCG(21, 22))
	var sb strings.Builder
	for i := range n {
		var ws []string
		for j := range 400 {
			if j%3 == 2 {
				ws = append(ws, "the")
			} else {
				ws = append(ws, fmt.Sprintf("w%d", r.IntN(20000)))
			}
		}
		text := strings.Join(ws[:200], " ") + ".\n\n" + strings.Join(ws[200:], " ") + "."
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("doc%05d", i), "text": text})
		sb.Write(line)
		sb.WriteByte('\n')
	}
	corpusPath := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(corpusPath, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "news.db")
	cmd := exec.Command(bin, "add", "--index", db, "-q", corpusPath)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the index file has grown past its first transactions.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(db); err == nil && fi.Size() > 16<<20 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A second process meanwhile is told the index is in use, within a second or so.
	t0 := time.Now()
	out, err := exec.Command(bin, "stats", "--index", db).CombinedOutput()
	if took := time.Since(t0); err == nil || !strings.Contains(string(out), "in use") || took > 5*time.Second {
		t.Errorf("stats while add runs: %v after %v, %q; want an \"in use\" error within a second", err, took, out)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	cfg, err := dedup.IndexConfig(dedup.Params{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(db, cfg, nil)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	if err := ix.Check(); err != nil {
		t.Errorf("bbolt check after kill -9: %v", err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	count, _ := ix.DocCount()
	if count != st.Docs {
		t.Errorf("after kill -9: document counter %d, documents %d", count, st.Docs)
	}
	t.Logf("killed with %d of %d documents in", st.Docs, n)
	ix.Close()

	out, err = exec.Command(bin, "add", "--index", db, corpusPath).CombinedOutput()
	if err != nil {
		t.Fatalf("second add: %v\n%s", err, out)
	}
	want := fmt.Sprintf("%d added, 0 revised, %d unchanged, 0 skipped; the index holds %d documents", n-st.Docs, st.Docs, n)
	if !strings.Contains(string(out), want) {
		t.Errorf("second add said %q, want %q", out, want)
	}
}
