package index

import (
	"math/rand/v2"
	"testing"
)

// TestBloom: every pair added is found; pairs never added are found about 1 % of the time.
func TestBloom(t *testing.T) {
	r := rand.New(rand.NewPCG(71, 72))
	const n = 20000
	bl := newBloom(n)
	type pair struct {
		band int
		h    uint32
	}
	added := map[pair]bool{}
	for range n {
		p := pair{r.IntN(64), r.Uint32()}
		added[p] = true
		bl.add(p.band, p.h)
	}
	for p := range added {
		if !bl.mayHave(p.band, p.h) {
			t.Fatalf("mayHave(%d, %#x)=false for an added pair", p.band, p.h)
		}
	}
	fp := 0
	for range n {
		p := pair{r.IntN(64), r.Uint32()}
		if !added[p] && bl.mayHave(p.band, p.h) {
			fp++
		}
	}
	if rate := float64(fp) / n; rate > 0.03 {
		t.Errorf("false positive rate %.3f, want about 0.01", rate)
	}
}
