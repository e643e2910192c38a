package shingle

import (
	"sort"
	"strings"
	"testing"
)

func TestStopWordListsSortedUnique(t *testing.T) {
	lists := []struct {
		name  string
		words []string
		must  []string
	}{
		{"english", englishStopWords, []string{"the", "said"}},
		{"russian", russianStopWords, []string{"и", "не"}},
	}
	for _, l := range lists {
		if len(l.words) == 0 {
			t.Errorf("%s: empty list", l.name)
			continue
		}
		if !sort.StringsAreSorted(l.words) {
			t.Errorf("%s: list is not sorted", l.name)
		}
		seen := make(map[string]bool, len(l.words))
		for _, w := range l.words {
			if seen[w] {
				t.Errorf("%s: duplicate word %q", l.name, w)
			}
			seen[w] = true
			if strings.ToLower(w) != w {
				t.Errorf("%s: word %q is not lowercase", l.name, w)
			}
			if w == "" || strings.ContainsAny(w, " \t'’") {
				t.Errorf("%s: word %q is empty or contains a space or apostrophe", l.name, w)
			}
		}
		for _, m := range l.must {
			if !seen[m] {
				t.Errorf("%s: missing %q", l.name, m)
			}
		}
	}
}
