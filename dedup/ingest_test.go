package dedup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/shingle"
)

// indexState is what an index holds for docs, read through its API: every document's record
// (passages and signatures included) under its id, the counts of their short lines and
// stems, and the totals.
func indexState(t *testing.T, ix *index.Index, docs []corpus.Doc) map[string]any {
	t.Helper()
	out := map[string]any{}
	var lines, stems []uint64
	f := &finder{p: Params{}.WithDefaults()}
	for _, d := range docs {
		id, err := ix.Lookup(d.ID)
		if err != nil {
			t.Fatalf("Lookup(%s): %v", d.ID, err)
		}
		rec, err := ix.Doc(id)
		if err != nil {
			t.Fatal(err)
		}
		out["doc "+d.ID] = rec
		for _, q := range rec.Passages {
			for _, h := range q.Stems {
				stems = append(stems, uint64(h))
			}
		}
		var ls lineSet
		readLines(&worker{tok: shingle.NewTokenizer()}, &ls, d.Text)
		f.shortLines(&ls, func(h uint64) { lines = append(lines, h) })
	}
	var err error
	if out["lines"], err = ix.LineCounts(lines); err != nil {
		t.Fatal(err)
	}
	if out["stems"], err = ix.StemCounts(stems); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	st.Bytes = 0 // pages freed later while a reader holds them: not content
	out["stats"] = st
	return out
}

// TestAdderIsAddByChunks: an Adder, which writes a chunk while it signs the next, indexes
// what Add indexes called chunk by chunk. A line becomes boilerplate only with the counts of
// a chunk that may still be waiting to be written, and a later chunk revises a document of
// the chunk before it.
func TestAdderIsAddByChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	const promo = "Subscribe for our morning briefings today."
	var chunks [][]corpus.Doc
	var all []corpus.Doc
	for c := range 5 {
		var chunk []corpus.Doc
		for i := range 7 {
			parts := []string{para(r, 50)}
			if i == 0 {
				// Boilerplate from chunk 2 on, counting the chunks before.
				parts = append(parts, promo)
			}
			parts = append(parts, para(r, 50))
			chunk = append(chunk, corpus.Doc{ID: fmt.Sprintf("c%d-d%d", c, i), Text: []byte(strings.Join(parts, "\n\n"))})
		}
		if c >= 3 {
			// A revision of a document of the chunk before (which waits for it to be
			// written), then of one written long ago.
			at := c - 1
			if c == 4 {
				at = 0
			}
			prev := chunks[at][1]
			chunk = append(chunk, corpus.Doc{ID: prev.ID, Text: []byte(string(prev.Text) + "\n\n" + para(r, 30))})
		}
		chunks = append(chunks, chunk)
	}
	final := map[string]corpus.Doc{}
	for _, chunk := range chunks {
		for _, d := range chunk {
			if _, ok := final[d.ID]; !ok {
				all = append(all, d)
			}
			final[d.ID] = d
		}
	}
	for i, d := range all {
		all[i] = final[d.ID]
	}

	want, wantSt := addByChunks(t, chunks, 3, nil)
	if wantSt.Revised != 2 {
		t.Fatalf("Add chunk by chunk revised %d, want 2", wantSt.Revised)
	}
	for run := range 3 {
		var lag func()
		if run > 0 {
			// A chunk's boilerplate is then judged while the chunk before is written.
			lag = func() { time.Sleep(time.Duration(run) * 5 * time.Millisecond) }
		}
		got, gotSt := addByChunks(t, chunks, 3, lag)
		if gotSt != wantSt {
			t.Errorf("run %d: Adder %+v, Add %+v", run, gotSt, wantSt)
		}
		diffState(t, fmt.Sprintf("run %d", run), got, want, all)
	}
}

// addByChunks adds chunks to a new index, in batches of batch documents: with Add a chunk
// at a time when lag is nil, else with one Adder whose writer calls lag before each write.
// It returns the index and the summed stats.
func addByChunks(t *testing.T, chunks [][]corpus.Doc, batch int, lag func()) (*index.Index, AddStats) {
	t.Helper()
	_, ix := newGate(t, GateOptions{})
	var a *Adder
	if lag != nil {
		var err error
		if a, err = NewAdder(ix, Params{}, Options{BatchDocs: batch}); err != nil {
			t.Fatal(err)
		}
		a.beforeWrite = lag
	}
	var sum AddStats
	for _, chunk := range chunks {
		var st AddStats
		var err error
		if a != nil {
			st, err = a.Add(context.Background(), chunk)
		} else {
			st, err = Add(context.Background(), ix, chunk, Params{}, Options{BatchDocs: batch})
		}
		if err != nil {
			t.Fatal(err)
		}
		sum.Added, sum.Revised, sum.Unchanged = sum.Added+st.Added, sum.Revised+st.Revised, sum.Unchanged+st.Unchanged
	}
	if a != nil {
		if err := a.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	return ix, sum
}

// diffState reports each part of indexState in which got and want differ for docs.
func diffState(t *testing.T, what string, got, want *index.Index, docs []corpus.Doc) {
	t.Helper()
	g, w := indexState(t, got, docs), indexState(t, want, docs)
	for k := range w {
		if !reflect.DeepEqual(g[k], w[k]) {
			t.Errorf("%s: %s differs:\n got %+v\nwant %+v", what, k, g[k], w[k])
		}
	}
}

// TestAdderStopsAtWriteError: a chunk that fails to be written fails the Adder, and no later
// chunk is written.
func TestAdderStopsAtWriteError(t *testing.T) {
	_, ix := newGate(t, GateOptions{})
	r := rand.New(rand.NewPCG(43, 44))
	a, err := NewAdder(ix, Params{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// One id twice in a chunk: its second write finds the name taken.
	d := corpus.Doc{ID: "twice", Text: []byte(para(r, 60))}
	if _, err := a.Add(context.Background(), []corpus.Doc{d, d}); err != nil {
		t.Fatal(err) // signed and queued: the writing fails later
	}
	_, err = a.Add(context.Background(), []corpus.Doc{{ID: "later", Text: []byte(para(r, 60))}})
	if werr := a.Wait(); werr == nil || !strings.Contains(werr.Error(), "twice") {
		t.Fatalf("Wait: %v; want the failed write of \"twice\"", werr)
	}
	if _, err2 := a.Add(context.Background(), []corpus.Doc{{ID: "after", Text: []byte(para(r, 60))}}); err2 == nil {
		t.Error("Add after a failed write: no error")
	}
	for _, id := range []string{"later", "after"} {
		if _, lerr := ix.Lookup(id); lerr == nil {
			t.Errorf("%s was written after a failed chunk (its Add: %v)", id, err)
		}
	}
}
