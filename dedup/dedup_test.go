package dedup

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/internal/spill"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/seeds"
	"github.com/neardup/neardup/shingle"
)

func seedDocs(t testing.TB) []corpus.Doc {
	t.Helper()
	var docs []corpus.Doc
	if _, err := corpus.ReadFS(context.Background(), seeds.FS, corpus.Options{}, func(d corpus.Doc) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return docs
}

// words makes n words of pseudo-prose from r: a stop word every third word keeps it prose.
func words(r *rand.Rand, n int) []string {
	stops := []string{"the", "of", "and", "to", "in", "that", "was", "for"}
	out := make([]string, n)
	for i := range out {
		if i%3 == 2 {
			out[i] = stops[r.IntN(len(stops))]
		} else {
			out[i] = fmt.Sprintf("w%d", r.IntN(5000))
		}
	}
	return out
}

func para(r *rand.Rand, n int) string { return strings.Join(words(r, n), " ") + "." }

// edit replaces share of the words of s.
func edit(r *rand.Rand, s string, share float64) string {
	ws := strings.Fields(s)
	for i := range ws {
		if r.Float64() < share {
			ws[i] = fmt.Sprintf("x%d", r.IntN(100000))
		}
	}
	return strings.Join(ws, " ")
}

type synthetic struct {
	docs []corpus.Doc
}

func (s *synthetic) add(id string, paras ...string) {
	s.docs = append(s.docs, corpus.Doc{ID: id, Text: []byte(strings.Join(paras, "\n\n"))})
}

// find runs Find with defaults and returns clusters as "level/tier:doc#passage,..." strings.
func find(t *testing.T, docs []corpus.Doc, opt Options) (*report.Report, []string) {
	t.Helper()
	return findWith(t, docs, Params{}, opt)
}

// findWith is find with parameters p.
func findWith(t *testing.T, docs []corpus.Doc, p Params, opt Options) (*report.Report, []string) {
	t.Helper()
	r, err := Find(context.Background(), docs, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range r.Clusters {
		var ms []string
		for _, m := range c.Members {
			ms = append(ms, fmt.Sprintf("%s#%d", m.Doc, m.Passage))
		}
		out = append(out, fmt.Sprintf("%s/%s:%s", c.Level, c.Tier, strings.Join(ms, ",")))
	}
	return r, out
}

func TestFindSynthetic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s synthetic
	a1, a2, a3 := para(r, 60), para(r, 60), para(r, 60)
	furniture := "Share this article"
	s.add("a", a1, a2, a3, furniture)
	s.add("a-copy", a1, a2, a3, furniture)                // exact copy of a
	s.add("a-edit", edit(r, a1, 0.03), a2, a3, furniture) // light edit of a
	b1, b2 := para(r, 60), para(r, 60)
	s.add("b", b1, b2, furniture)
	s.add("c", para(r, 60), b2, para(r, 60)) // reuses one passage of b
	s.add("d", para(r, 60), para(r, 60), furniture)
	_, got := find(t, s.docs, Options{})
	want := []string{
		"document/near:a#0,a-copy#0,a-edit#0",
		"passage/exact:b#2,c#2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters\n got %q\nwant %q", got, want)
	}
}

func TestFindBoilerplate(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var s synthetic
	for i := range 4 {
		s.add(fmt.Sprintf("d%d", i), "No time to read?", para(r, 50), "Previous Article", para(r, 50))
	}
	rep, got := find(t, s.docs, Options{})
	if len(got) != 0 {
		t.Errorf("boilerplate made clusters: %q", got)
	}
	var texts []string
	for _, b := range rep.Boilerplate {
		texts = append(texts, b.Text)
		if b.Docs != 4 || len(b.Matches) != 4 {
			t.Errorf("boilerplate %q in %d docs, %d matches; want 4 and 4", b.Text, b.Docs, len(b.Matches))
		}
	}
	if want := []string{"No time to read?", "Previous Article"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("boilerplate %q, want %q", texts, want)
	}
}

// TestFindFurniture: a site's long footer paragraphs, next to its short boilerplate on every
// page, are furniture and link nothing; a story and its title copied into three documents,
// each paragraph next to the same title, are not, and still cluster.
func TestFindFurniture(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	newsletter := "Get our morning briefing: the day's essential news, analysis and opinion, delivered to your inbox every weekday before seven. Sign up now and never miss a story."
	copyright := "Copyright The Daily Courier Ltd. All rights reserved. Reproduction in whole or in part without written permission is prohibited by law."
	var s synthetic
	for i := range 12 {
		s.add(fmt.Sprintf("page%02d", i), para(r, 80), para(r, 80), "Share this article", newsletter, copyright)
	}
	story := []string{"Libraries open late", para(r, 60), para(r, 60)}
	for i := range 3 {
		s.add(fmt.Sprintf("story%d", i), append(slices.Clone(story), para(r, 80), para(r, 80))...)
	}
	rep, got := find(t, s.docs, Options{})
	for _, c := range got {
		if strings.Contains(c, "page") {
			t.Errorf("furniture made a cluster: %s", c)
		}
	}
	if !slices.ContainsFunc(got, func(c string) bool {
		return strings.HasPrefix(c, "passage/exact:story0") && strings.Count(c, "story") == 3
	}) {
		t.Errorf("the story copied three times is not a passage cluster: %q", got)
	}
	var texts []string
	for _, b := range rep.Boilerplate {
		texts = append(texts, b.Text)
	}
	for _, want := range []string{"Share this article", newsletter, copyright} {
		if !slices.Contains(texts, want) {
			t.Errorf("boilerplate %q lacks %q", texts, want)
		}
	}
}

func TestFindSeeds(t *testing.T) {
	docs := seedDocs(t)
	_, got := find(t, docs, Options{})
	want := []string{"passage/rewrite:004_923dfeccae6572de.txt#1,004_923dfeccae6572de.txt#2,004_923dfeccae6572de.txt#5,004_923dfeccae6572de.txt#11"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("seed clusters\n got %q\nwant %q", got, want)
	}
}

// TestFindDeterministic: the number of workers never changes a report.
func TestFindDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var s synthetic
	base := []string{para(r, 60), para(r, 60), para(r, 60)}
	for i := range 60 {
		ps := make([]string, len(base))
		for j, p := range base {
			ps[j] = edit(r, p, 0.05*float64(i%4))
		}
		if i%3 == 0 {
			ps = append(ps, para(r, 80))
		}
		s.add(fmt.Sprintf("doc%02d", i), ps...)
	}
	s.docs = append(s.docs, seedDocs(t)...)
	one, _ := find(t, s.docs, Options{Workers: 1})
	for _, w := range []int{2, 7} {
		many, _ := find(t, s.docs, Options{Workers: w, BatchDocs: 16})
		one.Summary.Elapsed, many.Summary.Elapsed = 0, 0
		if !reflect.DeepEqual(one, many) {
			t.Errorf("report with %d workers differs from one worker's", w)
		}
	}
	// Nor do the cores: document frequencies are counted in a shard for each.
	prev := runtime.GOMAXPROCS(1)
	single, _ := find(t, s.docs, Options{Workers: 2})
	runtime.GOMAXPROCS(3)
	triple, _ := find(t, s.docs, Options{Workers: 2})
	runtime.GOMAXPROCS(prev)
	single.Summary.Elapsed, triple.Summary.Elapsed = 0, 0
	if !reflect.DeepEqual(single, triple) {
		t.Error("report on three cores differs from one on one core")
	}
	// Nor does keeping the working data in a spill file rather than the heap.
	mem, err := spill.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	spilled, _ := find(t, s.docs, Options{Workers: 2, Spill: mem})
	spilled.Summary.Elapsed = 0
	if !reflect.DeepEqual(one, spilled) {
		t.Error("report with a spill file differs from one in memory")
	}
	if runtime.GOOS == "linux" && (mem.Used() == 0 || mem.Err() != nil) {
		t.Errorf("the spill file was not used: %d bytes, error %v", mem.Used(), mem.Err())
	}
	// Nor does verifying candidates in blocks of one item each.
	defer func(b int) { blockBytes = b }(blockBytes)
	blockBytes = 1
	blocked, _ := find(t, s.docs, Options{Workers: 2, Spill: mem})
	blocked.Summary.Elapsed = 0
	if !reflect.DeepEqual(one, blocked) {
		t.Error("report verified in blocks of one item differs")
	}
	if len(one.Clusters) == 0 {
		t.Error("no clusters in a corpus of edited copies")
	}
}

func TestFindIndex(t *testing.T) {
	docs := seedDocs(t)
	cfg, err := IndexConfig(Params{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seeds.db")
	ix, err := index.Open(path, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r, err := Find(context.Background(), docs, Params{}, Options{Index: ix, BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != len(docs) || st.Passages != r.Summary.Passages || st.Stems == 0 {
		t.Errorf("index holds %d docs, %d passages, %d stems; want %d, %d, some", st.Docs, st.Passages, st.Stems, len(docs), r.Summary.Passages)
	}
	tok := shingle.NewTokenizer()
	var hs []uint64
	for _, line := range []string{"No time to read?", "Previous Article"} {
		hs = append(hs, shingle.Sequence(tok.AppendTokens(nil, []byte(line))))
	}
	if counts, err := ix.LineCounts(hs); err != nil || !reflect.DeepEqual(counts, []int{3, 3}) {
		t.Errorf("line counts of the seeds' boilerplate %v (%v), want [3 3]", counts, err)
	}
	if err := ix.Check(); err != nil {
		t.Error(err)
	}
	// The index finds the reworded passages of 004 from the signature of the first.
	id, err := ix.Lookup("004_923dfeccae6572de.txt")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ix.Doc(id)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := ix.Candidates(index.Rewrite, d.Passages[0].Rewrite, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := map[uint32]bool{}
	for _, k := range keys {
		if k.Doc == id {
			found[k.Seq] = true
		}
	}
	for _, seq := range []uint32{1, 2, 5, 11} {
		if !found[seq] {
			t.Errorf("rewrite candidates of 004#1 lack 004#%d: %v", seq, keys)
		}
	}
	// Reopening with other parameters is refused.
	ix.Close()
	other, _ := IndexConfig(Params{NearThreshold: 0.7})
	if _, err := index.Open(path, other, nil); err == nil {
		t.Error("index opened with other parameters")
	}
}

func TestParamsValidate(t *testing.T) {
	tests := []struct {
		p  Params
		ok bool
	}{
		{Params{}, true},
		{Params{NearThreshold: 1}, false},
		{Params{NearThreshold: -0.1}, false},
		{Params{RewriteThreshold: 1.2}, false},
		{Params{RewriteThreshold: -1}, true},
		{Params{BoilerplateDocs: 1}, false},
	}
	for _, tt := range tests {
		if err := tt.p.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v, want ok=%v", tt.p, err, tt.ok)
		}
	}
}

// TestFindManyCopies: a story copied a thousand times, each copy with a word changed, fills
// LSH buckets past maxBucket; every copy must still reach the cluster.
func TestFindManyCopies(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	story := []string{para(r, 60), para(r, 60), para(r, 60), para(r, 60)}
	var s synthetic
	const n = 1000
	for i := range n {
		ps := make([]string, len(story))
		for j, p := range story {
			ws := strings.Fields(p)
			ws[(i+j)%len(ws)] = fmt.Sprintf("changed%d", i)
			ps[j] = strings.Join(ws, " ")
		}
		s.add(fmt.Sprintf("copy%04d", i), ps...)
	}
	rep, _ := find(t, s.docs, Options{})
	if len(rep.Clusters) != 1 || len(rep.Clusters[0].Members) != n || rep.Clusters[0].Level != report.LevelDocument {
		var sizes []int
		for _, c := range rep.Clusters {
			sizes = append(sizes, len(c.Members))
		}
		t.Fatalf("clusters of sizes %v, want one document cluster of %d", sizes, n)
	}
}

// TestFindCopiesNotLinked: passages of two copies of one article are never linked to each
// other, so that one of them is left free to take a third article's passage that only it is
// like. x and x' share three of their four quarters, and x' and y three of theirs; x and y
// share two, under the near threshold.
func TestFindCopiesNotLinked(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	q := make([]string, 6)
	for i := range q {
		q[i] = strings.Join(words(r, 15), " ")
	}
	x := strings.Join(q[0:4], " ") + "."
	x2 := strings.Join(q[1:5], " ") + "."
	y := strings.Join(q[2:6], " ") + "."
	rest := []string{para(r, 60), para(r, 60), para(r, 60), para(r, 60)}
	var s synthetic
	s.add("a", append([]string{x}, rest...)...)
	s.add("a-edit", append([]string{x2}, rest...)...)
	s.add("c", para(r, 60), y, para(r, 60))
	_, got := findWith(t, s.docs, Params{RewriteThreshold: -1}, Options{})
	want := []string{
		"document/near:a#0,a-edit#0",
		"passage/near:a-edit#1,c#2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters\n got %q\nwant %q", got, want)
	}
}

// TestFindCopiesStayOneDocument: a third article that reuses a paragraph of an article and of
// its near-copy links to one of the two, not to both.
func TestFindCopiesStayOneDocument(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	shared := para(r, 60)
	a := []string{para(r, 60), shared, para(r, 60), para(r, 60)}
	var s synthetic
	s.add("c", para(r, 60), shared, para(r, 60))
	s.add("a", a...)
	s.add("a-edit", edit(r, a[0], 0.03), edit(r, shared, 0.03), a[2], a[3])
	_, got := find(t, s.docs, Options{})
	want := []string{
		"document/near:a#0,a-edit#0",
		"passage/exact:c#2,a#2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters\n got %q\nwant %q", got, want)
	}
}

// TestWinnow: every window of winnowWindow hashes has its smallest among the fingerprints,
// and two sequences sharing a run of winnowWindow hashes share a fingerprint.
func TestWinnow(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	seq := func(n int) []uint64 {
		s := make([]uint64, n)
		for i := range s {
			s[i] = r.Uint64()
		}
		return s
	}
	a := seq(100)
	prints := appendWinnow(nil, a)
	for start := 0; start+winnowWindow <= len(a); start++ {
		if !slices.Contains(prints, slices.Min(a[start:start+winnowWindow])) {
			t.Fatalf("window at %d: its smallest hash is no fingerprint", start)
		}
	}
	if n := len(prints); n < 100/winnowWindow || n > 100*2/(winnowWindow+1)+5 {
		t.Errorf("%d fingerprints of 100 hashes, want about %d", n, 200/(winnowWindow+1))
	}
	shared := a[40 : 40+winnowWindow]
	b := append(append(seq(30), shared...), seq(30)...)
	pb := appendWinnow(nil, b)
	if !slices.ContainsFunc(pb, func(h uint64) bool { return slices.Contains(prints, h) }) {
		t.Error("sequences sharing a window share no fingerprint")
	}
	if got := appendWinnow(nil, a[:3]); len(got) != 1 || got[0] != slices.Min(a[:3]) {
		t.Errorf("a sequence shorter than a window: %v", got)
	}
}

// TestFindPartial: an abridged copy (the first paragraphs, whose last passage ends earlier
// than the original's) and a paragraph quoted inside a longer one are partial links; two
// passages sharing a stock phrase are not.
func TestFindPartial(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	p1, p2, p3, p4 := para(r, 30), para(r, 30), para(r, 60), para(r, 60)
	var s synthetic
	s.add("orig", p1, p2, p3, p4)
	s.add("abridged", p1)
	s.add("other", para(r, 50)+" in a statement on Tuesday the company said", para(r, 50))
	s.add("other2", para(r, 50)+" in a statement on Tuesday the company said", para(r, 50))
	_, got := find(t, s.docs, Options{})
	want := []string{"passage/contained:orig#1,abridged#1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clusters\n got %q\nwant %q", got, want)
	}
}

// TestFindPartialCores: quotes short enough to share only a few fingerprints with their
// source are found, alike on one core and on three (the contained tier pairs on every core).
func TestFindPartialCores(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var s synthetic
	for i := range 12 {
		quote := para(r, 26+i)
		s.add(fmt.Sprintf("src%02d", i), quote)
		s.add(fmt.Sprintf("quoting%02d", i), para(r, 30)+" "+quote+" "+para(r, 30))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	_, single := find(t, s.docs, Options{})
	runtime.GOMAXPROCS(3)
	_, triple := find(t, s.docs, Options{})
	n := 0
	for _, c := range single {
		if strings.HasPrefix(c, "passage/contained:") {
			n++
		}
	}
	if n < 10 {
		t.Errorf("one core: %d of 12 quotes found, want at least 10: %q", n, single)
	}
	if !reflect.DeepEqual(single, triple) {
		t.Errorf("clusters on three cores differ from one core's\n got %q\nwant %q", triple, single)
	}
}

func TestCountTable(t *testing.T) {
	var ct countTable
	if got := ct.get(7); got != 0 {
		t.Errorf("empty table: get(7)=%d, want 0", got)
	}
	want := map[uint64]int32{}
	rng := rand.New(rand.NewPCG(3, 3))
	for i := range 20000 {
		h := rng.Uint64()%5000*2 + 1 // odd, as stems are, with repeats
		if i%7 == 0 {
			h = uint64(i)<<32 | 1
		}
		ct.add(h)
		want[h]++
	}
	for h, n := range want {
		if got := ct.get(h); got != n {
			t.Fatalf("get(%#x)=%d, want %d", h, got, n)
		}
	}
	if got := ct.get(2); got != 0 {
		t.Errorf("get of a key never added=%d, want 0", got)
	}
	if ct.used != len(want) || 2*ct.used > len(ct.keys) {
		t.Errorf("%d keys used of %d slots, want %d and at most half full", ct.used, len(ct.keys), len(want))
	}
}

// TestCountTableOnce: a table made with once counts the documents a key is added from, across
// the table's growth, whatever the repeats inside a document.
func TestCountTableOnce(t *testing.T) {
	ct := countTable{once: true}
	want := map[uint64]int32{}
	rng := rand.New(rand.NewPCG(4, 4))
	for doc := range int32(3000) {
		seen := map[uint64]bool{}
		for range rng.IntN(20) {
			h := rng.Uint64()%4000*2 + 1
			ct.addOnce(h, doc)
			ct.addOnce(h, doc) // a repeat in the document
			if !seen[h] {
				seen[h] = true
				want[h]++
			}
		}
	}
	if len(ct.keys) < 4096 {
		t.Fatalf("table of %d slots: the test must make it grow", len(ct.keys))
	}
	for h, n := range want {
		if got := ct.get(h); got != n {
			t.Fatalf("get(%#x)=%d documents, want %d", h, got, n)
		}
	}
}

// TestMaskStopShingles: word shingles of stop words only are masked, and never fingerprints;
// a shingle with one other word is kept.
func TestMaskStopShingles(t *testing.T) {
	tok := shingle.NewTokenizer()
	for _, tc := range []struct {
		text string
		n    int
		want []bool // masked, for each shingle
	}{
		{"one of the most famous of them all", 3, []bool{false, true, false, false, false, true}},
		{"of them all", 3, []bool{true}},
		{"of the", 3, []bool{true}},   // shorter than a shingle: one of it all
		{"of 1916", 3, []bool{false}}, // numbers are no stop words
		{"the kaiser", 1, []bool{true, false}},
	} {
		toks := tok.AppendContent(nil, []byte(tc.text))
		hs := shingle.AppendWordShingles(nil, toks, tc.n)
		got := maskStopShingles(slices.Clone(hs), toks, tc.n)
		if len(got) != len(tc.want) {
			t.Fatalf("%q: %d shingles, want %d", tc.text, len(got), len(tc.want))
		}
		for i := range got {
			if (got[i] == maskedShingle) != tc.want[i] || (!tc.want[i] && got[i] != hs[i]) {
				t.Errorf("%q, shingle %d: %#x from %#x, want masked %v", tc.text, i, got[i], hs[i], tc.want[i])
			}
		}
	}
	m := uint64(maskedShingle)
	hs := []uint64{m, m, m, m, m, m, m, m, m, 5, 9}
	if got := appendWinnow(nil, hs); !slices.Equal(got, []uint64{5}) {
		t.Errorf("winnowing masked shingles: fingerprints %v, want [5]", got)
	}
}
