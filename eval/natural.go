package eval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/report"
)

// NaturalResult is what the report finds on the chronam pages: wire stories reprinted by
// different newspapers, which nobody labelled.
type NaturalResult struct {
	Pages    int
	Clusters int                 // passage clusters
	Across   int                 // of those, clusters holding passages of two or more newspapers
	Links    map[report.Tier]int // member-to-representative links across newspapers, by tier
	Sample   int                 // links written for reading
	Out      string
	Time     time.Duration
}

// newspaper is the Library of Congress id of the paper that printed a chronam page, from an
// id like 19160103/sn83030193-ed-1_seq-1.
func newspaper(id string) string {
	_, rest, _ := strings.Cut(id, "/")
	paper, _, _ := strings.Cut(rest, "-ed-")
	return paper
}

func natural(ctx context.Context, pages []corpus.Doc, cfg Config) (*NaturalResult, error) {
	start := time.Now()
	rep, err := dedup.Find(ctx, pages, cfg.Params, dedup.Options{})
	if err != nil {
		return nil, fmt.Errorf("eval chronam: %w", err)
	}
	text := map[string][]byte{}
	for _, d := range pages {
		text[d.ID] = d.Text
	}
	res := &NaturalResult{Pages: len(pages), Links: map[report.Tier]int{}, Time: time.Since(start), Out: cfg.NaturalOut}
	type pair struct {
		tier report.Tier
		sim  float64
		a, b report.Member
	}
	var across []pair
	for _, c := range rep.Clusters {
		if c.Level != report.LevelPassage {
			continue
		}
		res.Clusters++
		centre := c.Members[0]
		papers := map[string]bool{}
		for _, m := range c.Members {
			papers[newspaper(m.Doc)] = true
		}
		if len(papers) > 1 {
			res.Across++
		}
		for _, m := range c.Members[1:] {
			if newspaper(m.Doc) != newspaper(centre.Doc) {
				res.Links[m.Tier]++
				across = append(across, pair{m.Tier, m.Similarity, centre, m})
			}
		}
	}
	if cfg.NaturalSample > 0 && cfg.NaturalOut != "" && len(across) > 0 {
		r := rand.New(rand.NewPCG(cfg.Seed, 7))
		r.Shuffle(len(across), func(i, j int) { across[i], across[j] = across[j], across[i] })
		n := min(cfg.NaturalSample, len(across))
		var b strings.Builder
		fmt.Fprintf(&b, "# %d links across newspapers, drawn at random (seed %d) from %d\n\n", n, cfg.Seed, len(across))
		excerpt := func(m report.Member) string {
			t := text[m.Doc][m.Start:m.End]
			if len(t) > 700 {
				t = append(t[:700:700], "…"...)
			}
			return strings.Join(strings.Fields(string(t)), " ")
		}
		for i, p := range across[:n] {
			fmt.Fprintf(&b, "## %d. %s, similarity %.2f\n\nA %s passage %d:\n> %s\n\nB %s passage %d:\n> %s\n\n",
				i+1, p.tier, p.sim, p.a.Doc, p.a.Passage, excerpt(p.a), p.b.Doc, p.b.Passage, excerpt(p.b))
		}
		if err := os.WriteFile(cfg.NaturalOut, []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
		res.Sample = n
	}
	return res, nil
}

func (n *NaturalResult) write(b *strings.Builder) {
	fmt.Fprintf(b, "Natural duplicates (chronam, %d front pages of January–February 1916): %d passage clusters, %d of them across newspapers; links across newspapers: exact %d, near %d, contained %d, rewrite %d (report: %.1f s).",
		n.Pages, n.Clusters, n.Across, n.Links[report.TierExact], n.Links[report.TierNear], n.Links[report.TierContained], n.Links[report.TierRewrite], n.Time.Seconds())
	if n.Sample > 0 {
		fmt.Fprintf(b, " %d of them, drawn at random, are in %s for reading.", n.Sample, n.Out)
	}
	b.WriteString("\n\n")
}
