package shingle

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"sync"
	"testing"
)

const (
	seedFile    = "../seeds/004_923dfeccae6572de.txt"
	chronamFile = "../../shared/corpora/chronam-1916-jan-feb.jsonl.gz"
	chronamMax  = 2 << 20 // bytes of text to read from chronamFile
)

// chronamDocs holds the "text" fields of the first documents of chronamFile, about
// chronamMax bytes in all. It is read once per test binary.
var chronamDocs = sync.OnceValues(func() ([][]byte, error) {
	f, err := os.Open(chronamFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(zr)
	var docs [][]byte
	total := 0
	for total < chronamMax {
		var doc struct {
			Text string `json:"text"`
		}
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		docs = append(docs, []byte(doc.Text))
		total += len(doc.Text)
	}
	return docs, nil
})

// benchCorpora returns the documents each benchmark runs on, by sub-benchmark name. A corpus
// whose file is absent is nil, and its sub-benchmark skips.
func benchCorpora(b *testing.B) []struct {
	name string
	docs [][]byte
	err  error
} {
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		b.Fatal(err)
	}
	chronam, cerr := chronamDocs()
	return []struct {
		name string
		docs [][]byte
		err  error
	}{
		{"seed004", [][]byte{seed}, nil},
		{"chronam2MB", chronam, cerr},
	}
}

func runCorpora(b *testing.B, body func(b *testing.B, docs [][]byte)) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			if errors.Is(c.err, os.ErrNotExist) {
				b.Skipf("corpus absent: %v", c.err)
			}
			if c.err != nil {
				b.Fatal(c.err)
			}
			n := 0
			for _, d := range c.docs {
				n += len(d)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			body(b, c.docs)
		})
	}
}

func BenchmarkTokenize(b *testing.B) {
	runCorpora(b, func(b *testing.B, docs [][]byte) {
		tk := NewTokenizer()
		var dst []Token
		for b.Loop() {
			for _, d := range docs {
				dst = tk.AppendTokens(dst[:0], d)
			}
		}
	})
}

func BenchmarkContent(b *testing.B) {
	runCorpora(b, func(b *testing.B, docs [][]byte) {
		tk := NewTokenizer()
		var dst []Token
		for b.Loop() {
			for _, d := range docs {
				dst = tk.AppendContent(dst[:0], d)
			}
		}
	})
}

func BenchmarkWordShingles(b *testing.B) {
	runCorpora(b, func(b *testing.B, docs [][]byte) {
		h, err := NewHasher(Params{Unit: Words})
		if err != nil {
			b.Fatal(err)
		}
		var dst []uint64
		for b.Loop() {
			for _, d := range docs {
				dst = h.AppendHashes(dst[:0], d)
			}
		}
	})
}

func BenchmarkCharShingles(b *testing.B) {
	runCorpora(b, func(b *testing.B, docs [][]byte) {
		h, err := NewHasher(Params{Unit: Chars})
		if err != nil {
			b.Fatal(err)
		}
		var dst []uint64
		for b.Loop() {
			for _, d := range docs {
				dst = h.AppendHashes(dst[:0], d)
			}
		}
	})
}
