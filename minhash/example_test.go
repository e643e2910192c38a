package minhash_test

import (
	"fmt"

	"github.com/neardup/neardup/minhash"
)

func Example() {
	h, err := minhash.New(minhash.Params{}) // 128 values, seed 0
	if err != nil {
		panic(err)
	}
	// Shingle hashes of two documents (see package shingle): 300 shared, 100 of their own each,
	// so the Jaccard similarity is 300/500 = 0.6.
	var a, b []uint64
	for i := range uint64(400) {
		a = append(a, i*0x9e3779b97f4a7c15)
		b = append(b, (i+100)*0x9e3779b97f4a7c15)
	}
	sigA := h.Sketch(nil, a)
	sigB := h.Sketch(nil, b)
	// The estimate is off by 0.07 here: its standard error at Size 128 is about 0.043.
	fmt.Printf("%d values, estimated Jaccard %.2f\n", len(sigA), minhash.Similarity(sigA, sigB))
	// Output: 128 values, estimated Jaccard 0.67
}
