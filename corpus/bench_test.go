package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkRead(b *testing.B) {
	para := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 20) // ~900 bytes
	for _, n := range []int{100, 10000} {
		var jsonl strings.Builder
		for i := range n {
			fmt.Fprintf(&jsonl, `{"id":%d,"url":"https://example.com/%d","text":%q}`+"\n", i, i, para)
		}
		b.Run(fmt.Sprintf("jsonl/%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "docs.jsonl")
			if err := os.WriteFile(path, []byte(jsonl.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(jsonl.Len()))
			for b.Loop() {
				if _, err := Read(b.Context(), []string{path}, nil, Options{}, func(Doc) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("files/1000", func(b *testing.B) {
		dir := b.TempDir()
		for i := range 1000 {
			p := filepath.Join(dir, fmt.Sprintf("d%02d", i%10), fmt.Sprintf("%04d.txt", i))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(para), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		b.SetBytes(int64(1000 * len(para)))
		for b.Loop() {
			if _, err := Read(b.Context(), []string{dir}, nil, Options{}, func(Doc) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
	})
}
