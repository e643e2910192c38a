package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus"
)

// TestAdderRandom: random chunks whose short lines hover around the boilerplate threshold, with revisions
// (of the chunk before, of older chunks) that add and drop those lines, and re-adds; an
// Adder with random writer lag must index what Add chunk by chunk does.
func TestAdderRandom(t *testing.T) {
	promos := []string{"Subscribe for our morning briefings today.", "Follow us on social media.", "All rights reserved.", "Read more stories here."}
	for seed := uint64(0); seed < 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		mkText := func() string {
			parts := []string{para(r, 40)}
			for _, p := range promos {
				if r.IntN(4) == 0 {
					parts = append(parts, p)
				}
			}
			parts = append(parts, para(r, 40))
			return strings.Join(parts, "\n\n")
		}
		var chunks [][]corpus.Doc
		final := map[string]corpus.Doc{}
		var order []string
		for c := range 6 {
			var chunk []corpus.Doc
			seen := map[string]bool{}
			for i := range 2 + r.IntN(6) {
				d := corpus.Doc{ID: fmt.Sprintf("s%d-c%d-d%d", seed, c, i), Text: []byte(mkText())}
				if c > 0 && r.IntN(3) == 0 {
					// a revision or a re-add of an earlier document, often of the chunk before
					at := c - 1
					if r.IntN(2) == 0 {
						at = r.IntN(c)
					}
					prev := chunks[at][r.IntN(len(chunks[at]))]
					if seen[prev.ID] {
						continue
					}
					d.ID = prev.ID
					if r.IntN(4) == 0 {
						d.Text = final[prev.ID].Text
					}
				}
				seen[d.ID] = true
				chunk = append(chunk, d)
				if _, ok := final[d.ID]; !ok {
					order = append(order, d.ID)
				}
				final[d.ID] = d
			}
			chunks = append(chunks, chunk)
		}
		var all []corpus.Doc
		for _, id := range order {
			all = append(all, final[id])
		}
		want, wantSt := addByChunks(t, chunks, 2, nil)
		for run := range 3 {
			lag := rand.New(rand.NewPCG(seed, uint64(run)))
			got, gotSt := addByChunks(t, chunks, 2, func() { time.Sleep(time.Duration(lag.IntN(3*run+1)) * time.Millisecond) })
			if gotSt != wantSt {
				t.Errorf("seed %d run %d: Adder %+v, Add %+v", seed, run, gotSt, wantSt)
			}
			diffState(t, fmt.Sprintf("seed %d run %d", seed, run), got, want, all)
		}
	}
}
