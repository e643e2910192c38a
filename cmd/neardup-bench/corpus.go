package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/neardup/neardup/corpus"
)

// writeCorpus writes a JSON Lines corpus of about -mb megabytes of text: the corpora in
// rounds, each round after the first with 2 % of the words changed (see generate), for
// measuring memory and time against corpus size. With -rounds, every size is that many
// rounds of a share of each corpus's documents, so that sizes differ in documents and not in
// copies of each: how many copies a document has changes what some of the work costs. The
// share is of documents, so the text written is about -mb, not exactly.
func writeCorpus(args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	dir := fs.String("corpora", "../shared/corpora", "folder of the corpora")
	out := fs.String("o", "big.jsonl", "file to write (JSON Lines, uncompressed)")
	mb := fs.Float64("mb", 1000, "megabytes of text to write")
	rounds := fs.Int("rounds", 0, "repeat a share of the corpora this many times to make -mb (0: all of them, as many times as it takes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	size, docs, err := makeCorpus(*dir, *out, *mb, *rounds)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d documents, %d bytes of text\n", *out, docs, size)
	return nil
}

// makeCorpus writes the corpus writeCorpus describes to out and returns its bytes of text
// and documents.
func makeCorpus(dir, out string, mb float64, rounds int) (size, docs int, err error) {
	share := 1.0
	if rounds > 0 {
		n, err := corporaBytes(dir)
		if err != nil {
			return 0, 0, err
		}
		// Changed words are longer than most (see perturb): the rounds after the first
		// write a little more than the corpora hold.
		if mb*1e6 > 1.05*float64(rounds*n) {
			return 0, 0, fmt.Errorf("-mb %g is more than %d rounds of the corpora (%.1f MB each): ask for more rounds", mb, rounds, float64(n)/1e6)
		}
		share = min(1, mb*1e6/float64(rounds*n))
	}
	f, err := os.Create(out)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err = generateShare(dir, rounds, share, func(d corpus.Doc) error {
		if rounds == 0 && float64(size) >= mb*1e6 {
			return errDone
		}
		size += len(d.Text)
		docs++
		return enc.Encode(struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}{d.ID, string(d.Text)})
	})
	if err != nil {
		return 0, 0, err
	}
	if err := w.Flush(); err != nil {
		return 0, 0, err
	}
	return size, docs, f.Close()
}
