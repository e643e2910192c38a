package passage_test

import (
	"fmt"

	"github.com/neardup/neardup/passage"
)

func ExampleSplit() {
	// Short lines make this a hard-wrapped text: blank lines separate paragraphs, and a short
	// block of its own is a heading.
	text := []byte(`Lukashenko Seeks Deal

Belarus will negotiate a big deal with the United States,
the president said on Tuesday.

The agreement will not come at the expense of the alliance
with Russia, he added. Talks will cover:

- trade
- aviation

In Retrospect

Talks are expected to continue through the autumn
in Minsk and in Washington.`)
	lines := passage.Lines(nil, text)
	for _, p := range passage.Split(nil, text, lines, nil, passage.Params{MinWords: 10, MaxWords: 40}) {
		fmt.Printf("%s %d words: %q\n", p.Kind, p.Words, text[p.Start:p.End])
	}
	// Output:
	// text 15 words: "Belarus will negotiate a big deal with the United States,\nthe president said on Tuesday."
	// text 18 words: "The agreement will not come at the expense of the alliance\nwith Russia, he added. Talks will cover:"
	// list 2 words: "- trade\n- aviation"
	// text 13 words: "Talks are expected to continue through the autumn\nin Minsk and in Washington."
}
