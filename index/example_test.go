package index_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/lsh"
)

func Example() {
	dir, err := os.MkdirTemp("", "neardup-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// Signatures of 8 values, banded as 4 bands of 2 rows for every family.
	band := lsh.Params{Threshold: 0.5, Bands: 4, Rows: 2}
	cfg := index.Config{Params: json.RawMessage(`{"k":5}`), SigSize: 8, Bands: [3]lsh.Params{band, band, band}}
	ix, err := index.Open(filepath.Join(dir, "neardup.idx"), cfg, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	text := []byte("Belarus will negotiate a big deal with the United States.")
	near := []uint32{1, 2, 3, 4, 5, 6, 7, 8}
	ids, err := ix.Add([]index.Doc{{
		Name:     "minsk.txt",
		Text:     text,
		Passages: []index.Passage{{Seq: 1, End: uint32(len(text)), Words: 10, Near: near}},
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ids:", ids)

	// A signature that shares its first band (values 1 and 2) with the passage finds it.
	keys, err := ix.Candidates(index.Near, []uint32{1, 2, 0, 0, 0, 0, 0, 0}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("candidates:", keys)
	d, err := ix.Doc(keys[0].Doc)
	if err != nil {
		log.Fatal(err)
	}
	p := d.Passages[0]
	fmt.Printf("%s passage %d: %q\n", d.Name, p.Seq, d.Text[p.Start:p.End])
	// Output:
	// ids: [1]
	// candidates: [{1 1}]
	// minsk.txt passage 1: "Belarus will negotiate a big deal with the United States."
}
