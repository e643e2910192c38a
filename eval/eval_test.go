package eval

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAdjustedRand: identical labellings score 1 whatever the labels; the textbook example
// scores what it should; a labelling that splits every true pair scores below zero.
func TestAdjustedRand(t *testing.T) {
	for _, tt := range []struct {
		a, b []int
		want float64
	}{
		{[]int{0, 0, 1, 1, 2}, []int{5, 5, 7, 7, 9}, 1},
		// Hubert & Arabie's form on a small case, by hand: index Σ C(n_ij, 2) = 1; the rows'
		// pairs 3+1 = 4 and the columns' 1+1 = 2, of C(5, 2) = 10; expected 4·2/10 = 0.8,
		// maximum (4+2)/2 = 3.
		{[]int{0, 0, 0, 1, 1}, []int{0, 0, 1, 1, 2}, (1 - 0.8) / (3 - 0.8)},
		{[]int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5},
	} {
		if got := adjustedRand(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("adjustedRand(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestModify: each category changes an article as it says.
func TestModify(t *testing.T) {
	ps := []string{
		"The council voted on Wednesday to extend the opening hours of public libraries across the city.",
		"Parents and teachers had campaigned for the change for two years, the mayor said in a statement.",
		"Libraries will open until nine in the evening from next month, and on Sunday afternoons.",
		"The cost, about two million a year, will be met from the culture budget, officials said.",
	}
	other := []string{"A second story begins here with its own words entirely.", "And it goes on for a while longer.", "Then it ends."}
	r := rand.New(rand.NewPCG(1, 2))
	if got := modify(r, CatExact, ps, nil, nil); got != join(ps) {
		t.Errorf("exact: %q", got)
	}
	if got := paragraphs(modify(r, CatAbridged, ps, nil, nil)); !slices.Equal(got, ps[:2]) {
		t.Errorf("abridged: %q, want the first two paragraphs", got)
	}
	if got := paragraphs(modify(r, CatMerged, ps, other, nil)); !slices.Equal(got, append(slices.Clone(ps[:2]), other[:2]...)) {
		t.Errorf("merged: %q", got)
	}
	re := paragraphs(modify(r, CatReordered, ps, nil, nil))
	if slices.Equal(re, ps) || !slices.Equal(slices.Sorted(slices.Values(re)), slices.Sorted(slices.Values(ps))) {
		t.Errorf("reordered: %q is not a new order of the same paragraphs", re)
	}
	words := func(s string) []string { return strings.Fields(s) }
	for _, c := range []Category{CatLight, CatHeavy, CatOCR, CatRewrite} {
		got := modify(r, c, ps, nil, []string{"council", "weather", "market"})
		if got == join(ps) {
			t.Errorf("%s: no change", c)
		}
		if n, m := len(words(got)), len(words(join(ps))); n < m*7/10 || n > m*13/10 {
			t.Errorf("%s: %d words from %d", c, n, m)
		}
	}
	if got := modify(r, CatOCR, ps, nil, nil); !strings.Contains(got, "\n") || len(strings.Split(got, "\n")) < 8 {
		t.Errorf("ocr: not hard-wrapped: %q", got)
	}
	wrapped := join(wrapSite(r, sites[0], ps))
	for _, p := range ps {
		if !strings.Contains(wrapped, p) {
			t.Errorf("wrapSite lost %q", p)
		}
	}
	if !strings.Contains(wrapped, sites[0].footer[0]) || !strings.HasPrefix(wrapped, sites[0].header[0]) {
		t.Errorf("wrapSite: no furniture in %q", wrapped)
	}
}

// TestTruth: documents are linked by the truth when they hold text of one original.
func TestTruth(t *testing.T) {
	orig := evalDoc{from: []source{{orig: 1}}}
	abridged := evalDoc{from: []source{{orig: 1, paras: []int{0, 1}}}}
	merged := evalDoc{from: []source{{orig: 2, paras: []int{0}}, {orig: 1, paras: []int{1}}}}
	tail := evalDoc{from: []source{{orig: 1, paras: []int{3}}}}
	other := evalDoc{from: []source{{orig: 3}}}
	for _, tt := range []struct {
		x, y *evalDoc
		want bool
	}{
		{&orig, &abridged, true}, {&abridged, &merged, true}, {&abridged, &tail, false},
		{&orig, &other, false}, {&merged, &tail, false}, {&orig, &tail, true},
	} {
		if got := truth(tt.x, tt.y); got != tt.want {
			t.Errorf("truth(%v, %v) = %v", tt.x.from, tt.y.from, got)
		}
	}
}

// TestSmall is the regression test CI runs: the small evaluation on the real corpora, with
// floors just under what it measured when they were set. It skips when the corpora are absent.
func TestSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	cfg := Small
	cfg.Corpora = "../../shared/corpora"
	res, err := Run(context.Background(), cfg, t.TempDir())
	if errors.Is(err, ErrNoCorpora) {
		t.Skipf("no corpora: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	res.WriteTable(&b)
	t.Log("\n" + b.String())
	for _, r := range res.Recall {
		if r.Recall() < 0.99 {
			t.Errorf("LSH recall %s at %v: %.4f, want at least 0.99", r.Level, r.Threshold, r.Recall())
		}
	}
	floors := map[Category]float64{
		CatExact: 1, CatLight: 0.99, CatHeavy: 0.95, CatOCR: 0.99, CatBoilerplate: 0.99,
		CatAbridged: 0.85, CatMerged: 0.85, CatReordered: 0.99,
	}
	for c, floor := range floors {
		row, ok := res.Row(c)
		if !ok || row.Recall() < floor {
			t.Errorf("%s: recall %.3f, want at least %v", c, row.Recall(), floor)
		}
	}
	if row, ok := res.Row(CatRewrite); !ok || row.ExpectedRecall() < 0.8 {
		t.Errorf("rewrites found as rewrites: %.3f, want at least 0.8", row.ExpectedRecall())
	}
	if row, _ := res.Row(CatBoilerplate); row.Boilerplate != 0 {
		t.Errorf("%d links made by boilerplate alone, want none", row.Boilerplate)
	}
	if total, _ := res.Total(); total.Precision() < 0.99 {
		t.Errorf("precision %.4f, want at least 0.99", total.Precision())
	}
}
