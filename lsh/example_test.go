package lsh_test

import (
	"fmt"

	"github.com/neardup/neardup/lsh"
)

func Example() {
	p, err := lsh.Optimal(0.5, 128)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bands × %d rows; P(candidate) at J=0.3: %.2f, 0.5: %.2f, 0.7: %.2f\n",
		p.Bands, p.Rows, lsh.Probability(0.3, p.Bands, p.Rows),
		lsh.Probability(0.5, p.Bands, p.Rows), lsh.Probability(0.7, p.Bands, p.Rows))

	// Signatures would come from minhash.Hasher.Sketch; these agree on their first 5 rows.
	sigs := make([][]uint32, 3)
	for i := range sigs {
		sigs[i] = make([]uint32, 128)
		for j := range sigs[i] {
			sigs[i][j] = uint32(1000*i + j)
		}
	}
	copy(sigs[2][:5], sigs[0][:5])

	t := lsh.NewTable(p)
	for i, sig := range sigs {
		t.Add(int32(i), sig)
	}
	t.Pairs(100, 1, nil, func(a, b int32) { fmt.Println("candidates:", a, b) })
	// Output:
	// 25 bands × 5 rows; P(candidate) at J=0.3: 0.06, 0.5: 0.55, 0.7: 0.99
	// candidates: 0 2
}
