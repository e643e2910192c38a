package shingle_test

import (
	"fmt"

	"github.com/neardup/neardup/shingle"
)

func ExampleHasher() {
	h, err := shingle.NewHasher(shingle.Params{}) // word 3-grams
	if err != nil {
		panic(err)
	}
	a := h.AppendHashes(nil, []byte("Belarus is set to negotiate a significant agreement with the United States."))
	b := h.AppendHashes(nil, []byte("BELARUS is set to negotiate a major agreement with the United States, Lukashenko said."))
	a, b = shingle.Set(a), shingle.Set(b)
	fmt.Printf("%d and %d shingles, %d shared, Jaccard %.2f\n",
		len(a), len(b), shingle.Intersection(a, b), shingle.Jaccard(a, b))
	// Output: 10 and 12 shingles, 7 shared, Jaccard 0.47
}

func ExampleTokenizer_AppendNormalized() {
	tk := shingle.NewTokenizer()
	norm := tk.AppendNormalized(nil, []byte("Belarus’s “ﬁnal” exam-\nple: 75,000 ЁЛОК, Straße!"))
	fmt.Printf("%s\n", norm)
	// Output: belarus final example 75,000 елок strasse
}
