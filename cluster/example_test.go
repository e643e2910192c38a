package cluster_test

import (
	"fmt"

	"github.com/neardup/neardup/cluster"
)

func ExampleStar() {
	// 0~1, 1~2 and 2~3 form a chain; 0 and 3 are not similar, so they must not share a cluster.
	edges := []cluster.Edge{
		{A: 2, B: 3, Sim: 0.8},
		{A: 0, B: 1, Sim: 0.9},
		{A: 1, B: 2, Sim: 0.85},
		{A: 4, B: 6, Sim: 0.4, Tier: 1},
	}
	for _, g := range cluster.Star(7, edges) {
		fmt.Println(g.Members)
	}
	// Output:
	// [{0 1 0} {1 0.9 0}]
	// [{2 1 0} {3 0.8 0}]
	// [{4 1 0} {6 0.4 1}]
}
