package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// compactFixture writes n one-document batches (n segments' worth before Write's merges)
// and deletes the documents in dead, returning every document written.
func compactFixture(t *testing.T, ix *Index, r *rand.Rand, n int, dead []DocID) []Doc {
	t.Helper()
	var all []Doc
	for i := range n {
		docs := synthDocs(r, fmt.Sprintf("c%d", i), 1, 2, 16, true)
		if _, err := ix.Add(docs); err != nil {
			t.Fatal(err)
		}
		all = append(all, docs...)
	}
	for _, id := range dead {
		if err := ix.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

// allCandidates returns, for every passage of docs in every family, the keys its own
// signature finds.
func allCandidates(t *testing.T, ix *Index, docs []Doc) [][]Key {
	t.Helper()
	var out [][]Key
	for _, d := range docs {
		k, err := ix.Candidates(Docs, d.Sig, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
		for _, p := range d.Passages {
			for _, q := range []struct {
				f   Family
				sig []uint32
			}{{Near, p.Near}, {Rewrite, p.Rewrite}} {
				k, err := ix.Candidates(q.f, q.sig, nil)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, k)
			}
		}
	}
	return out
}

// TestCompact: a tiered compaction merges what Write's size limit left; a full one leaves a
// segment a family and drops the tombstones; neither changes what any query finds, and both
// work over several transactions.
func TestCompact(t *testing.T) {
	defer func(n int) { compactTxEntries = n }(compactTxEntries)
	compactTxEntries = 50 // several transactions per merge
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(71, 72))
	all := compactFixture(t, ix, r, 75, []DocID{3, 20, 70})
	before := allCandidates(t, ix, all)
	st0, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}

	// Tiered: 75 writes leave level 0 with 3 segments, level 1 with 1, level 2 with 1: nothing
	// to merge, so nothing changes.
	cs, err := ix.Compact(context.Background(), CompactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cs.Merged != 0 {
		t.Errorf("tiered compaction of settled segments merged %d", cs.Merged)
	}

	var calls int
	var last [2]uint64
	cs, err = ix.Compact(context.Background(), CompactOptions{Full: true, Progress: func(done, total uint64) {
		calls++
		last = [2]uint64{done, total}
	}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	for f := range numFamilies {
		if st.Segments[f] != 1 {
			t.Errorf("%s: %d segments after a full compaction, want 1", f, st.Segments[f])
		}
		if want := st0.BandKeys[f] * 72 / 75; st.BandKeys[f] != want {
			t.Errorf("%s: %d entries, want %d (the deleted documents' gone)", f, st.BandKeys[f], want)
		}
	}
	if cs.Tombstones != 3 {
		t.Errorf("%d tombstones dropped, want 3", cs.Tombstones)
	}
	if calls < 3 || last[0] != last[1] || last[1] != uint64(st0.BandKeys[Docs]+st0.BandKeys[Near]+st0.BandKeys[Rewrite]) {
		t.Errorf("progress: %d calls, last %v; want several, ending at the entries of the index (%v)", calls, last, st0.BandKeys)
	}
	ix.db.View(func(tx *bolt.Tx) error {
		if hasTombstones(tx) {
			t.Error("tombstones left after a full compaction")
		}
		return nil
	})
	if after := allCandidates(t, ix, all); !slices.EqualFunc(before, after, slices.Equal) {
		t.Error("a full compaction changed what queries find")
	}
	for _, id := range []DocID{3, 20, 70} {
		keys, err := ix.Candidates(Near, all[id-1].Passages[0].Near, nil)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(keys, func(k Key) bool { return k.Doc == id }) {
			t.Errorf("deleted document %d found after its tombstone went", id)
		}
	}
}

// TestCompactTiered: segments that Write's merge limit left are merged by a tiered
// compaction, level by level.
func TestCompactTiered(t *testing.T) {
	defer func(n uint64) { maxMergeEntries = n }(maxMergeEntries)
	maxMergeEntries = 1 // Write merges nothing
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(73, 74))
	all := compactFixture(t, ix, r, 64, nil)
	before := allCandidates(t, ix, all)
	st0, _ := ix.Stats()
	if st0.Segments[Near] != 64 {
		t.Fatalf("fixture: %d near segments, want 64", st0.Segments[Near])
	}
	cs, err := ix.Compact(context.Background(), CompactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := ix.Stats()
	for f := range numFamilies {
		if st.Segments[f] != 1 || st.BandKeys[f] != st0.BandKeys[f] {
			t.Errorf("%s: %d segments of %d entries, want 1 of %d", f, st.Segments[f], st.BandKeys[f], st0.BandKeys[f])
		}
	}
	if want := numFamilies * (64 + 8); cs.Merged != int(want) {
		t.Errorf("merged %d segments, want %d (64 into 8, then 8 into 1, a family)", cs.Merged, want)
	}
	if after := allCandidates(t, ix, all); !slices.EqualFunc(before, after, slices.Equal) {
		t.Error("a tiered compaction changed what queries find")
	}
}

// TestCompactInterrupted: a compaction cut short leaves the index as it was, bar an orphan
// bucket that the next compaction deletes.
func TestCompactInterrupted(t *testing.T) {
	defer func(n int) { compactTxEntries = n }(compactTxEntries)
	compactTxEntries = 50
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(75, 76))
	all := compactFixture(t, ix, r, 20, []DocID{5})
	before := allCandidates(t, ix, all)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := ix.Compact(ctx, CompactOptions{Full: true, Progress: func(done, total uint64) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled compaction: %v, want context.Canceled", err)
	}
	if after := allCandidates(t, ix, all); !slices.EqualFunc(before, after, slices.Equal) {
		t.Error("a cancelled compaction changed what queries find")
	}
	if err := ix.Check(); err != nil {
		t.Fatal(err)
	}
	cs, err := ix.Compact(context.Background(), CompactOptions{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	if cs.Orphans != 1 || cs.Tombstones != 1 {
		t.Errorf("after an interruption: %d orphans, %d tombstones dropped; want 1 and 1", cs.Orphans, cs.Tombstones)
	}
	ix.db.View(func(tx *bolt.Tx) error {
		for f := range numFamilies {
			n := 0
			tx.Bucket(segRoot(f)).ForEachBucket(func([]byte) error { n++; return nil })
			if n != 1 {
				t.Errorf("%s: %d segment buckets, want 1", f, n)
			}
		}
		return nil
	})
	if after := allCandidates(t, ix, all); !slices.EqualFunc(before, after, slices.Equal) {
		t.Error("compaction after an interruption changed what queries find")
	}
}

// TestCompactConcurrent: writes, deletes and queries while a full compaction runs (run with
// -race) lose nothing: every document written is found, and no deleted one.
func TestCompactConcurrent(t *testing.T) {
	defer func(n int) { compactTxEntries = n }(compactTxEntries)
	compactTxEntries = 20
	cfg := testConfig(t, 16)
	ix, _ := newIndex(t, cfg)
	r := rand.New(rand.NewPCG(77, 78))
	all := compactFixture(t, ix, r, 40, nil)
	var wg sync.WaitGroup
	var more []Doc
	var moreIDs []DocID
	errs := make(chan error, 3)
	wg.Add(2)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewPCG(79, 80))
		for i := range 30 {
			docs := synthDocs(r, fmt.Sprintf("m%d", i), 1, 2, 16, true)
			ids, err := ix.Add(docs)
			if err != nil {
				errs <- err
				return
			}
			more, moreIDs = append(more, docs...), append(moreIDs, ids...)
			if i%10 == 0 {
				if err := ix.Delete(DocID(i + 1)); err != nil {
					errs <- err
					return
				}
			}
		}
	}()
	go func() {
		defer wg.Done()
		for range 3 {
			if _, err := ix.Compact(context.Background(), CompactOptions{Full: true}); err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	deleted := map[DocID]bool{1: true, 11: true, 21: true}
	check := func(id DocID, d Doc) {
		for _, p := range d.Passages {
			keys, err := ix.Candidates(Near, p.Near, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(keys, Key{Doc: id, Seq: p.Seq}); got == deleted[id] {
				t.Errorf("document %d passage %d: found %v, deleted %v", id, p.Seq, got, deleted[id])
			}
		}
	}
	for i, d := range all {
		check(DocID(i+1), d)
	}
	for i, d := range more {
		check(moreIDs[i], d)
	}
	if err := ix.Check(); err != nil {
		t.Fatal(err)
	}
}

// TestCompactAllRemoved: compactions, tiered and full, of segments whose entries all belong
// to removed documents succeed, and a full one leaves no entry.
func TestCompactAllRemoved(t *testing.T) {
	for _, full := range []bool{false, true} {
		ix, _ := newIndex(t, testConfig(t, 16))
		r := rand.New(rand.NewPCG(1, 2))
		var ids []DocID
		for i := range 16 { // two levels' worth: a tiered compaction merges the second
			got, err := ix.Add(synthDocs(r, string(rune('a'+i)), 1, 2, 16, true))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, got...)
		}
		if err := ix.Delete(ids...); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Compact(context.Background(), CompactOptions{Full: full}); err != nil {
			t.Fatalf("Compact(Full: %v) of removed documents' segments: %v", full, err)
		}
		st, err := ix.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if st.Docs != 0 || full && st.BandKeys != [3]int{} {
			t.Errorf("Full: %v: %d docs and band keys %v left, want none", full, st.Docs, st.BandKeys)
		}
	}
}
