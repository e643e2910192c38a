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

// TestStopSetEmptySlots: a hash that no stop word has is not found, 0 included (a word hashes
// to 0 as any other value: HashWord("hkpaaeaapxgkenfn") does).
func TestStopSetEmptySlots(t *testing.T) {
	for _, h := range []uint64{0, 1, 2, 3, HashWord([]byte("hkpaaeaapxgkenfn")), HashWord([]byte("belarus"))} {
		if stopHashes.has(h) != 0 {
			t.Errorf("stop set has %#x, which no stop word hashes to", h)
		}
	}
	for w := range stopWords {
		if stopHashes.has(HashWord([]byte(w))) != 1 {
			t.Errorf("stop set lacks %q", w)
		}
	}
	toks := NewTokenizer().AppendContent(nil, []byte("the HKPAAEAAPXGKENFN is here"))
	if len(toks) != 4 || toks[1].Flags != 0 || toks[1].Stem == 0 {
		t.Errorf("a content word hashing to 0: %+v", toks)
	}
}
