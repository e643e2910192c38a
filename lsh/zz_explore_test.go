package lsh

import (
	"fmt"
	"testing"
)

func TestZZExplore(t *testing.T) {
	for _, th := range []float64{0.15, 0.3, 0.5, 0.8, 0.9, 0.95} {
		p, err := Optimal(th, 128)
		fmt.Println(th, p, err, Probability(th+0.2, p.Bands, p.Rows), Probability(th-0.2, p.Bands, p.Rows), Probability(th, p.Bands, p.Rows))
	}
	fmt.Println(1-(1-0.3), Probability(0.3, 1, 1), Probability(0.5, 1, 1), Probability(0.5, 2, 1), Probability(0.5,1,2), Probability(0.5,2,2))
}
