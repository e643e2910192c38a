package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/shingle"
)

// writeCorpus writes a JSON Lines corpus of about -mb megabytes of text: the corpora in
// rounds, each round after the first with 2 % of the words changed (see generate), for
// measuring memory and time against corpus size. With -rounds, every size is that many
// rounds of a share of each corpus's documents, so that sizes differ in documents and not in
// copies of each: how many copies a document has changes what some of the work costs. The
// share is of documents, so the text written is about -mb, not exactly.
//
// With -block, the corpus is made of blocks of about that many MB, each the corpus above at
// that size with its content words and numbers renamed (see rename): blocks share no story,
// so every size holds as many duplicates and rewrites for each document. Sizes are of the
// corpora's text; renaming makes it longer by about a quarter.
// Without it, a larger share of the corpora holds more of their own reprints and retellings
// for each document, and a report has more to find per megabyte.
func writeCorpus(args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	dir := fs.String("corpora", "../shared/corpora", "folder of the corpora")
	out := fs.String("o", "big.jsonl", "file to write (JSON Lines, uncompressed)")
	mb := fs.Float64("mb", 1000, "megabytes of text to write")
	rounds := fs.Int("rounds", 0, "repeat a share of the corpora this many times to make -mb (0: all of them, as many times as it takes)")
	block := fs.Float64("block", 0, "make -mb of blocks of this many MB of the corpora's text that share no story (0: one block; renaming adds about a quarter)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	size, docs, err := makeCorpus(*dir, *out, *mb, *rounds, *block)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d documents, %d bytes of text\n", *out, docs, size)
	return nil
}

// makeCorpus writes the corpus writeCorpus describes to out and returns its bytes of text
// and documents.
func makeCorpus(dir, out string, mb float64, rounds int, block float64) (size, docs int, err error) {
	blocks := 1
	if block > 0 {
		blocks = max(1, int(math.Round(mb/block)))
		if math.Abs(float64(blocks)*block-mb) > 0.01*mb {
			return 0, 0, fmt.Errorf("-mb %g is not a whole number of -block %g", mb, block)
		}
		mb = block
	}
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
	for b := range blocks {
		read := 0 // bytes of the corpora's text, before any renaming
		err = generateShare(dir, rounds, share, func(d corpus.Doc) error {
			if rounds == 0 && float64(read) >= mb*1e6 {
				return errDone
			}
			read += len(d.Text)
			if block > 0 {
				d.ID, d.Text = fmt.Sprintf("b%d/%s", b, d.ID), rename(d.Text, b, blocks)
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
	}
	if err := w.Flush(); err != nil {
		return 0, 0, err
	}
	return size, docs, f.Close()
}

// rename gives the content words and numbers of text a tag of block b's: two blocks then
// share their stop words and nothing else, what unrelated articles share. (The blocks are the
// same documents: numbers left alone would leave tables of figures alike in every block.)
// Every block is renamed, so that each has as much text and work as the others. Words get a
// prefix of consonants in their own script, which moves no stemmer's regions, so that they
// stem as they did but for the stemmers' exceptions ("news"); numbers a prefix of digits.
// Single letters and stop words, as the tokenizer finds them, are left alone.
func rename(text []byte, b, blocks int) []byte {
	latin := []byte("q" + string(tagOf(b, blocks, []rune(latinTag))))
	cyrillic := []byte("ж" + string(tagOf(b, blocks, []rune(cyrillicTag))))
	digits := []byte("9" + string(tagOf(b, blocks, []rune("0123456789"))))
	return tokens.ReplaceAllFunc(text, func(w []byte) []byte {
		first, _ := utf8.DecodeRune(w)
		tag := latin
		switch {
		case !bytes.ContainsFunc(w, unicode.IsLetter):
			tag = digits
		case utf8.RuneCount(w) < 2 || stopWord(w):
			return w
		case unicode.Is(unicode.Cyrillic, first):
			tag = cyrillic
		}
		return append(tag[:len(tag):len(tag)], w...)
	})
}

const (
	latinTag    = "bcdfghjklmnpqrstvwxz"
	cyrillicTag = "бвгджзклмнпрстфхцчшщ"
)

// tagOf writes b in the digits of alphabet, least significant first, in as many places as
// the last block's take: tags of one width are never the start of one another.
func tagOf(b, blocks int, alphabet []rune) []rune {
	var tag []rune
	base := len(alphabet)
	for n := blocks - 1; ; n /= base {
		tag = append(tag, alphabet[b%base])
		if b /= base; n < base {
			break
		}
	}
	return tag
}

// tokens are runs of letters and digits, with apostrophes inside ("didn't").
var tokens = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*`)

var (
	renameTok  = shingle.NewTokenizer() // rename's: the generator runs on one goroutine
	renameToks []shingle.Token
)

// stopWord reports whether the tokenizer finds w stop words only.
func stopWord(w []byte) bool {
	renameToks = renameTok.AppendTokens(renameToks[:0], w)
	for _, t := range renameToks {
		if t.Flags&shingle.Stop == 0 {
			return false
		}
	}
	return len(renameToks) > 0
}
