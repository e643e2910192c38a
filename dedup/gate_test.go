package dedup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/report"
)

func newGate(t *testing.T, opt GateOptions) (*Gate, *index.Index) {
	t.Helper()
	cfg, err := IndexConfig(Params{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "gate.db"), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Check(); err != nil {
			t.Error(err)
		}
		ix.Close()
	})
	g, err := NewGate(ix, Params{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return g, ix
}

func decide(t *testing.T, g *Gate, id, text string) report.Decision {
	t.Helper()
	d, err := g.Decide(context.Background(), corpus.Doc{ID: id, Text: []byte(text)})
	if err != nil {
		t.Fatalf("Decide(%s): %v", id, err)
	}
	return d
}

// TestGateSeeds gates the seed articles one by one: all five are new (they share a topic, not
// text), and 004's second "big deal" passage is caught as a rewrite of the first.
func TestGateSeeds(t *testing.T) {
	g, ix := newGate(t, GateOptions{})
	docs := seedDocs(t)
	for _, d := range docs {
		dec := decide(t, g, d.ID, string(d.Text))
		if dec.Outcome != report.OutcomeNew || !dec.Added {
			t.Errorf("%s: %s added=%v, want new and added; matches %+v", d.ID, dec.Outcome, dec.Added, dec.Matches)
		}
		for _, m := range dec.Matches {
			if m.Doc != d.ID {
				t.Errorf("%s matches another seed article, %s", d.ID, m.Doc)
			}
		}
		if !strings.HasPrefix(d.ID, "004") {
			continue
		}
		var bigDeal bool
		for _, m := range dec.Matches {
			for _, p := range m.Passages {
				second := strings.HasPrefix(string(d.Text[p.Start:p.End]), "As Belarus signals its intent")
				first := strings.HasPrefix(string(d.Text[p.MatchStart:p.MatchEnd]), "Belarusian President Alexander Lukashenko has underscored")
				bigDeal = bigDeal || second && first && p.Tier == report.TierRewrite
			}
		}
		if !bigDeal {
			t.Errorf("004: the second big-deal passage is not a rewrite of the first; matches %+v", dec.Matches)
		}
	}
	if st, err := ix.Stats(); err != nil || st.Docs != len(docs) {
		t.Errorf("index holds %d docs (%v), want %d", st.Docs, err, len(docs))
	}
	// The same article again is unchanged, not a duplicate of itself.
	if dec := decide(t, g, docs[1].ID, string(docs[1].Text)); dec.Outcome != report.OutcomeUnchanged {
		t.Errorf("re-gating %s: %s, want unchanged", docs[1].ID, dec.Outcome)
	}
}

func TestGateDecisions(t *testing.T) {
	g, ix := newGate(t, GateOptions{})
	seeds := seedDocs(t)
	for _, d := range seeds {
		decide(t, g, d.ID, string(d.Text))
	}
	a := string(seeds[1].Text) // 001: six paragraphs
	paras := strings.Split(a, "\n")

	// A light edit under another id: a near duplicate of 001, rejected.
	dup := decide(t, g, "copy-of-001", strings.Replace(a, "striking warning", "stark warning", 1))
	if dup.Outcome != report.OutcomeDuplicate || dup.Added || len(dup.Matches) == 0 ||
		dup.Matches[0].Doc != seeds[1].ID || dup.Matches[0].Level != report.LevelDocument {
		t.Errorf("light edit: %s added=%v matches %+v; want a document duplicate of %s", dup.Outcome, dup.Added, dup.Matches, seeds[1].ID)
	}

	// Two paragraphs of 001 inside new text: partial, with the reused share, and added.
	fresh := "Markets in Asia rose on Tuesday as investors weighed fresh data on factory output, " +
		"with traders saying that the figures pointed to a steady recovery in demand across the region " +
		"and that central banks were likely to hold rates through the summer months ahead of elections."
	mixed := strings.Join([]string{fresh, paras[1], fresh + " More to follow on this story later today.", paras[4]}, "\n")
	part := decide(t, g, "mixed", mixed)
	if part.Outcome != report.OutcomePartial || !part.Added || part.Reused <= 0 || part.Reused >= 1 {
		t.Errorf("mixed: %s added=%v reused %.2f; want partial, added, 0 < reused < 1", part.Outcome, part.Added, part.Reused)
	}
	if len(part.Matches) == 0 || part.Matches[0].Doc != seeds[1].ID || len(part.Matches[0].Passages) != 2 {
		t.Errorf("mixed: matches %+v, want two passages of %s", part.Matches, seeds[1].ID)
	}

	// A dry run decides and writes nothing.
	before, _ := ix.Stats()
	dry, _ := NewGate(ix, Params{}, GateOptions{DryRun: true})
	other := "The city council voted on Wednesday to extend the opening hours of public libraries, " +
		"after a campaign by parents and teachers who said that children needed quiet places to study " +
		"in the evenings, and the mayor promised that the extra cost would be met from the arts budget."
	if dec := decide(t, dry, "dry", other); dec.Outcome != report.OutcomeNew || dec.Added {
		t.Errorf("dry run: %s added=%v, want new and not added", dec.Outcome, dec.Added)
	}
	if after, _ := ix.Stats(); after.Docs != before.Docs {
		t.Errorf("dry run changed the index: %d docs, was %d", after.Docs, before.Docs)
	}

	// A revision of 001 replaces it; it is not a duplicate of its own earlier version.
	rev := decide(t, g, seeds[1].ID, a+"\nUpdate: the Kremlin has since responded in a statement of its own, saying the two nations remain the closest of allies whatever was said in Minsk this week.")
	if !rev.Revision || !rev.Added || rev.Outcome.Rejected() {
		t.Errorf("revision: %s added=%v revision=%v; want a revision, added", rev.Outcome, rev.Added, rev.Revision)
	}
	if st, _ := ix.Stats(); st.Docs != before.Docs {
		t.Errorf("after the revision the index holds %d docs, want %d", st.Docs, before.Docs)
	}
}

// TestAddResumesAndRevises: a second Add of the same corpus changes nothing; a changed text
// under a known id replaces the old version; the counts follow.
func TestAddResumesAndRevises(t *testing.T) {
	_, ix := newGate(t, GateOptions{})
	docs := seedDocs(t)
	st, err := Add(context.Background(), ix, docs, Params{}, Options{BatchDocs: 2})
	if err != nil || st != (AddStats{Added: len(docs)}) {
		t.Fatalf("first Add: %+v, %v; want %d added", st, err, len(docs))
	}
	first, _ := ix.Stats()
	st, err = Add(context.Background(), ix, docs, Params{}, Options{})
	if err != nil || st != (AddStats{Unchanged: len(docs)}) {
		t.Errorf("second Add: %+v, %v; want %d unchanged", st, err, len(docs))
	}
	changed := append([]corpus.Doc(nil), docs...)
	changed[2].Text = append([]byte("Breaking: "), docs[2].Text...)
	st, err = Add(context.Background(), ix, changed, Params{}, Options{})
	if err != nil || st != (AddStats{Revised: 1, Unchanged: len(docs) - 1}) {
		t.Errorf("Add with one changed text: %+v, %v; want 1 revised", st, err)
	}
	// The counts are those of an index built from the revised corpus directly.
	_, fresh := newGate(t, GateOptions{})
	if _, err := Add(context.Background(), fresh, changed, Params{}, Options{}); err != nil {
		t.Fatal(err)
	}
	after, _ := ix.Stats()
	want, _ := fresh.Stats()
	if after.Docs != want.Docs || after.Passages != want.Passages || after.Lines != want.Lines || after.Stems != want.Stems {
		t.Errorf("after a revision: %+v; an index of the revised corpus: %+v", after, want)
	}
	if n, err := ix.DocCount(); err != nil || n != want.Docs {
		t.Errorf("DocCount=%d, %v; want %d", n, err, want.Docs)
	}
	// A gate now sees the revised text, under its id, as unchanged.
	g, _ := NewGate(ix, Params{}, GateOptions{})
	if dec := decide(t, g, changed[2].ID, string(changed[2].Text)); dec.Outcome != report.OutcomeUnchanged {
		t.Errorf("gating the revised text: %s, want unchanged", dec.Outcome)
	}
	// A cancelled Add writes nothing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	extra := []corpus.Doc{{ID: "extra", Text: []byte("An article that was never added because the run was interrupted first.")}}
	if _, err := Add(ctx, ix, extra, Params{}, Options{}); err == nil {
		t.Error("cancelled Add: no error")
	}
	if st, _ := ix.Stats(); st.Docs != first.Docs {
		t.Errorf("cancelled Add changed the index: %d docs, want %d", st.Docs, first.Docs)
	}
}

// TestRemove: removing documents leaves the index an index of the rest, counts included.
func TestRemove(t *testing.T) {
	_, ix := newGate(t, GateOptions{})
	docs := seedDocs(t)
	if _, err := Add(context.Background(), ix, docs, Params{}, Options{}); err != nil {
		t.Fatal(err)
	}
	missing, err := Remove(ix, Params{}, []string{docs[0].ID, "no-such-doc", docs[3].ID, docs[0].ID})
	if err != nil || len(missing) != 1 || missing[0] != "no-such-doc" {
		t.Fatalf("Remove: missing %q, %v; want [no-such-doc]", missing, err)
	}
	_, fresh := newGate(t, GateOptions{})
	rest := []corpus.Doc{docs[1], docs[2], docs[4]}
	if _, err := Add(context.Background(), fresh, rest, Params{}, Options{}); err != nil {
		t.Fatal(err)
	}
	got, _ := ix.Stats()
	want, _ := fresh.Stats()
	// Band entries of removed documents wait in their segments for a merge.
	got.Bytes, want.Bytes, got.BandKeys, want.BandKeys = 0, 0, [3]int{}, [3]int{}
	if got != want {
		t.Errorf("after Remove: %+v; an index of the rest: %+v", got, want)
	}
}

// TestRemoveCountsExactly: documents added one at a time, whose shared line becomes
// boilerplate along the way, leave no line or stem counted once all are removed.
func TestRemoveCountsExactly(t *testing.T) {
	_, ix := newGate(t, GateOptions{})
	r := rand.New(rand.NewPCG(31, 32))
	var ids []string
	for i := range 4 {
		d := corpus.Doc{ID: fmt.Sprintf("d%d", i), Text: []byte(strings.Join([]string{
			para(r, 60), "Subscribe for our morning briefings today.", para(r, 60)}, "\n\n"))}
		if _, err := Add(context.Background(), ix, []corpus.Doc{d}, Params{}, Options{}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if _, err := Remove(ix, Params{}, ids); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 0 || st.Lines != 0 || st.Stems != 0 {
		t.Errorf("after removing everything: %d docs, %d lines, %d stems counted; want none", st.Docs, st.Lines, st.Stems)
	}
}

// TestExportStableIDs: a cluster keeps its id as articles join it, a new cluster gets a new
// id, and two clusters that become one are reported as a merge.
func TestExportStableIDs(t *testing.T) {
	_, ix := newGate(t, GateOptions{})
	r := rand.New(rand.NewPCG(61, 62))
	a := strings.Join([]string{para(r, 60), para(r, 60), para(r, 60)}, "\n\n")
	b := strings.Join([]string{para(r, 60), para(r, 60), para(r, 60)}, "\n\n")
	add := func(id, text string) {
		t.Helper()
		if _, err := Add(context.Background(), ix, []corpus.Doc{{ID: id, Text: []byte(text)}}, Params{}, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	export := func() map[string]int {
		t.Helper()
		rep, err := Export(context.Background(), ix, Params{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		byRep := map[string]int{}
		for _, c := range rep.Clusters {
			byRep[c.Members[0].Doc] = c.ID
		}
		return byRep
	}
	add("a1", a)
	add("a2", a)
	first := export()
	if len(first) != 1 {
		t.Fatalf("first export: clusters %v, want one", first)
	}
	add("a3", a)
	add("b1", b)
	add("b2", b)
	second := export()
	if second["a1"] != first["a1"] {
		t.Errorf("the cluster of a1 changed id as it grew: %d, was %d", second["a1"], first["a1"])
	}
	if second["b1"] == 0 || second["b1"] == second["a1"] {
		t.Errorf("the new cluster of b1 has id %d (a1's is %d), want a new one", second["b1"], second["a1"])
	}
	// Revising b1 and b2 into copies of a puts everything in one cluster: a merge.
	if _, err := Add(context.Background(), ix, []corpus.Doc{{ID: "b1", Text: []byte(a)}, {ID: "b2", Text: []byte(a)}}, Params{}, Options{}); err != nil {
		t.Fatal(err)
	}
	rep, err := Export(context.Background(), ix, Params{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Clusters) != 1 || rep.Clusters[0].ID != first["a1"] {
		t.Fatalf("after the revisions: clusters %+v, want one with id %d", rep.Clusters, first["a1"])
	}
	want := []report.Merge{{Into: first["a1"], From: []int{second["b1"]}}}
	if !reflect.DeepEqual(rep.Merges, want) {
		t.Errorf("merges %+v, want %+v", rep.Merges, want)
	}
}
