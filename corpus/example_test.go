package corpus_test

import (
	"context"
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/neardup/neardup/corpus"
)

// Read JSON Lines from stdin. Blank lines are ignored but still counted, so
// line numbers match what an editor shows.
func ExampleRead() {
	stdin := strings.NewReader(`{"id": 1, "text": "first article"}

{"id": "b", "text": "second article", "url": "ignored"}
`)
	st, err := corpus.Read(context.Background(), []string{"-"}, stdin, corpus.Options{}, func(d corpus.Doc) error {
		fmt.Printf("%s (%s:%d): %s\n", d.ID, d.Source, d.Line, d.Text)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d docs, %d skipped\n", st.Docs, st.Skipped)
	// Output:
	// 1 (-:1): first article
	// b (-:3): second article
	// 2 docs, 0 skipped
}

// Read a tree, such as an embed.FS, skipping bad inputs instead of failing.
func ExampleReadFS() {
	fsys := fstest.MapFS{
		"news/b.txt":  {Data: []byte("second")},
		"news/a.txt":  {Data: []byte("first")},
		"news/.swp":   {Data: []byte("hidden, never read")},
		"empty.txt":   {Data: []byte("  \n")},
		"feed.jsonl":  {Data: []byte(`{"id":"f1","text":"from a feed"}` + "\n" + `{"id":"f2"}` + "\n")},
		"archive.txt": {Data: []byte("oldest")},
	}
	opt := corpus.Options{
		SkipBad: true,
		OnSkip:  func(err error) { fmt.Println("skip:", err) },
	}
	st, err := corpus.ReadFS(context.Background(), fsys, opt, func(d corpus.Doc) error {
		fmt.Printf("%s: %s\n", d.ID, d.Text)
		return nil
	})
	fmt.Printf("%+v %v\n", st, err)
	// Output:
	// archive.txt: oldest
	// skip: corpus: empty.txt: empty document
	// f1: from a feed
	// skip: corpus: feed.jsonl:2: missing field "text"
	// news/a.txt: first
	// news/b.txt: second
	// {Docs:4 Skipped:2} <nil>
}
