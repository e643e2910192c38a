package dedup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus"
)

// TestAdderCancel: a cancelled Add while the chunk before is still being written: the chunk before is written
// whole, Add and later Adds fail, Wait returns, and no goroutine is left.
func TestAdderCancel(t *testing.T) {
	before := runtime.NumGoroutine()
	_, ix := newGate(t, GateOptions{})
	r := rand.New(rand.NewPCG(1, 1))
	mk := func(c, n int) []corpus.Doc {
		var ds []corpus.Doc
		for i := range n {
			ds = append(ds, corpus.Doc{ID: fmt.Sprintf("c%d-%d", c, i), Text: []byte(para(r, 80) + "\n\n" + para(r, 80))})
		}
		return ds
	}
	a, err := NewAdder(ix, Params{}, Options{BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	a.beforeWrite = func() { time.Sleep(20 * time.Millisecond) }
	if _, err := a.Add(context.Background(), mk(0, 10)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Add(ctx, mk(1, 10)); err == nil {
		t.Error("cancelled Add: no error")
	}
	if err := a.Wait(); err != nil {
		t.Logf("Wait: %v", err)
	}
	for i := range 10 {
		if _, err := ix.Lookup(fmt.Sprintf("c0-%d", i)); err != nil {
			t.Errorf("c0-%d not written: %v", i, err)
		}
	}
	for i := range 10 {
		if _, err := ix.Lookup(fmt.Sprintf("c1-%d", i)); err == nil {
			t.Errorf("c1-%d written after a cancelled Add", i)
		}
	}
	// Goroutines that are done may take a moment to exit.
	for range 100 {
		if runtime.NumGoroutine() <= before+1 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+1 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines, %d before\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
