package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Line returns the one-line summary the table and Markdown formats end with, e.g.
//
//	5 documents, 42 passages: 1 cluster (0 exact, 0 near, 0 contained, 1 rewrite; 0 document, 1 passage), 4 boilerplate passages
//
// followed by ", N inputs skipped" when Skipped > 0. Missing map entries count as 0.
// Elapsed is left out so the line is deterministic.
func (s Summary) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s: %s (%d %s, %d %s, %d %s, %d %s; %d %s, %d %s), %s",
		count(s.Documents, "document", "documents"),
		count(s.Passages, "passage", "passages"),
		count(s.Clusters, "cluster", "clusters"),
		s.ByTier[TierExact], TierExact,
		s.ByTier[TierNear], TierNear,
		s.ByTier[TierContained], TierContained,
		s.ByTier[TierRewrite], TierRewrite,
		s.ByLevel[LevelDocument], LevelDocument,
		s.ByLevel[LevelPassage], LevelPassage,
		count(s.Boilerplate, "boilerplate passage", "boilerplate passages"))
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %s skipped", count(s.Skipped, "input", "inputs"))
	}
	return b.String()
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// decisionsLine returns the one-line summary the table and Markdown formats end
// decisions with, e.g.
//
//	6 articles: 1 new, 2 partial, 1 duplicate, 1 rewrite, 1 unchanged; 2 added
//
// Outcomes no article had are left out; the article and added counts never are.
func decisionsLine(ds []Decision) string {
	by, added := tallyDecisions(ds)
	var parts []string
	for _, o := range outcomes {
		if n := by[o]; n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+string(o))
		}
	}
	s := count(len(ds), "article", "articles")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s + "; " + strconv.Itoa(added) + " added"
}

// tallyDecisions counts the decisions per outcome, and those that added their article.
func tallyDecisions(ds []Decision) (byOutcome map[Outcome]int, added int) {
	byOutcome = make(map[Outcome]int, len(outcomes))
	for _, d := range ds {
		byOutcome[d.Outcome]++
		if d.Added {
			added++
		}
	}
	return byOutcome, added
}

// Line says what a merge did, as the table and Markdown formats print it.
func (m Merge) Line() string {
	from := make([]string, len(m.From))
	for i, id := range m.From {
		from[i] = strconv.Itoa(id)
	}
	return fmt.Sprintf("cluster %d absorbed cluster %s", m.Into, strings.Join(from, ", "))
}
