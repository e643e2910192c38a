package main

import "testing"

func TestRename(t *testing.T) {
	for _, tc := range []struct {
		text      string
		b, blocks int
		want      string
	}{
		{"The Kaiser spoke of 37th peace, a Родина", 0, 8, "The qaKaiser qaspoke of 37th qapeace, a qaРодина"},
		{"The Kaiser spoke", 7, 8, "The qhKaiser qhspoke"},
		// Past 26 blocks every tag has two letters, so that none is the start of another.
		{"Kaiser", 1, 27, "qbaKaiser"},
		{"Kaiser", 26, 27, "qabKaiser"},
	} {
		if got := string(rename([]byte(tc.text), tc.b, tc.blocks)); got != tc.want {
			t.Errorf("rename(%q, %d, %d) = %q, want %q", tc.text, tc.b, tc.blocks, got, tc.want)
		}
	}
}
