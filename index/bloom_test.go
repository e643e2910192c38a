package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

const bloomGolden = "0:0000000000000001 2:4000000000000000 3:0000000010000000 4:0000008000000000 5:0000040002000000 6:0000000800000000"

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

// TestBloomLayout pins the filter's bits, a persisted format: a filter of two blocks, and the
// words a pair sets.
func TestBloomLayout(t *testing.T) {
	bl := newBloom(60)
	if len(bl) != 16 {
		t.Fatalf("newBloom(60): %d words, want 16 (two 512-bit blocks)", len(bl))
	}
	bl.add(3, 0xdeadbeef)
	var set []string
	for i, w := range bl {
		if w != 0 {
			set = append(set, fmt.Sprintf("%d:%016x", i, w))
		}
	}
	if got, want := strings.Join(set, " "), bloomGolden; got != want {
		t.Errorf("words set by (3, 0xdeadbeef): %s, want %s", got, want)
	}
}

func BenchmarkBloomAdd(b *testing.B) {
	const n = 1 << 22
	bl := newBloom(n)
	b.SetBytes(entrySize)
	b.ReportAllocs()
	h := uint32(0)
	for b.Loop() {
		h += 0x9E3779B9
		bl.add(int(h>>26), h)
	}
}
