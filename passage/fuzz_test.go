package passage

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzSplit(f *testing.F) {
	seeds, _ := filepath.Glob("../seeds/*.txt")
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(reuters))
	f.Add([]byte(""))
	f.Add([]byte("\n\n\n"))
	f.Add([]byte("| a |\n- b\n1. c\n2) d\n• e\n\xff\xfe\n\tx"))
	f.Add([]byte("a\r\n\r\n  b\n    c\n\td.\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		ls := Lines(nil, text)
		prev := -1
		for i, l := range ls {
			if l.Start < 0 || l.Start >= l.End || l.End > len(text) || l.Start <= prev {
				t.Fatalf("line %d span [%d,%d) after %d, text of %d bytes", i, l.Start, l.End, prev, len(text))
			}
			if l.Kind > Table {
				t.Fatalf("line %d kind %d", i, l.Kind)
			}
			prev = l.End - 1
		}
		if len(ls) > 0 && !ls[0].Para {
			t.Fatalf("first line does not start a paragraph")
		}
		for _, p := range []Params{{}, {MinWords: 5, MaxWords: 12}, {MinWords: 1, MaxWords: 1}} {
			for _, skip := range []func(int) bool{nil, func(i int) bool { return i%3 == 1 }} {
				ps := Split(nil, text, ls, skip, p)
				end := 0
				for i, q := range ps {
					if q.Start < 0 || q.Start >= q.End || q.End > len(text) {
						t.Fatalf("Split(%+v) passage %d span [%d,%d), text of %d bytes", p, i, q.Start, q.End, len(text))
					}
					if q.Start < end {
						t.Fatalf("Split(%+v) passage %d starts at %d, before the previous end %d", p, i, q.Start, end)
					}
					if q.Kind != Text && q.Kind != List && q.Kind != Table {
						t.Fatalf("Split(%+v) passage %d kind %v", p, i, q.Kind)
					}
					end = q.End
				}
			}
		}
	})
}
