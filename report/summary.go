package report

import (
	"fmt"
	"strings"
)

// Line returns the one-line summary the table and Markdown formats end with, e.g.
//
//	5 documents, 42 passages: 1 cluster (0 exact, 0 near, 1 rewrite; 0 document, 1 passage), 4 boilerplate passages
//
// followed by ", N inputs skipped" when Skipped > 0. Missing map entries count as 0.
// Elapsed is left out so the line is deterministic.
func (s Summary) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %s: %s (%d %s, %d %s, %d %s; %d %s, %d %s), %s",
		count(s.Documents, "document", "documents"),
		count(s.Passages, "passage", "passages"),
		count(s.Clusters, "cluster", "clusters"),
		s.ByTier[TierExact], TierExact,
		s.ByTier[TierNear], TierNear,
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
