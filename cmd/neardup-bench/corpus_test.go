package main

import "testing"

func TestRename(t *testing.T) {
	for _, tc := range []struct {
		text      string
		b, blocks int
		want      string
	}{
		{"The Kaiser spoke of the 37th peace, a Родина, 1,000", 0, 8, "The qaKaiser qaspoke of the qa37th qapeace, a жаРодина, 901,90000"},
		{"The Kaiser spoke", 7, 8, "The qhKaiser qhspoke"},
		{"They didn't, they're", 1, 8, "They didn't, they're"}, // stop words as the tokenizer has them
		// Past 26 blocks every tag has two letters, so that none is the start of another.
		{"Kaiser 12", 1, 27, "qbaKaiser 91012"},
		{"Kaiser", 26, 27, "qabKaiser"},
	} {
		if got := string(rename([]byte(tc.text), tc.b, tc.blocks)); got != tc.want {
			t.Errorf("rename(%q, %d, %d) = %q, want %q", tc.text, tc.b, tc.blocks, got, tc.want)
		}
	}
}
