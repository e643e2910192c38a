package main

import "testing"

func TestRename(t *testing.T) {
	for _, tc := range []struct {
		text      string
		b, blocks int
		want      string
	}{
		{"The Kaiser spoke of the 37th peace, a Родина, 1,000", 0, 8, "The qbKaiser qbspoke of the qb37th qbpeace, a жбРодина, 901,90000"},
		{"The Kaiser spoke", 7, 8, "The qkKaiser qkspoke"},
		{"They didn't, they're", 1, 8, "They didn't, they're"}, // stop words as the tokenizer has them
		// Past 20 blocks every word tag has two consonants (past 10 every number tag two
		// digits), so that none is the start of another.
		{"Kaiser 12", 1, 21, "qcbKaiser 91012"},
		{"Kaiser", 20, 21, "qbcKaiser"},
	} {
		if got := string(rename([]byte(tc.text), tc.b, tc.blocks)); got != tc.want {
			t.Errorf("rename(%q, %d, %d) = %q, want %q", tc.text, tc.b, tc.blocks, got, tc.want)
		}
	}
}
