package report_test

import (
	"fmt"
	"os"

	"github.com/neardup/neardup/report"
)

func ExampleWrite() {
	r := &report.Report{
		Clusters: []report.Cluster{{
			ID: 1, Level: report.LevelDocument, Tier: report.TierNear,
			Members: []report.Member{
				{Doc: "a.txt", End: 120, Similarity: 1, Tier: report.TierExact, Snippet: "Rates rise\nagain"},
				{Doc: "b.txt", End: 131, Similarity: 0.91237, Tier: report.TierNear, Snippet: "Rates rise again, bank says"},
			},
		}},
		Summary: report.Summary{
			Documents: 2, Passages: 4, Clusters: 1,
			ByTier:  map[report.Tier]int{report.TierNear: 1},
			ByLevel: map[report.Level]int{report.LevelDocument: 1},
		},
	}
	if err := report.Write(os.Stdout, r, report.FormatJSONL, report.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"type":"cluster","id":1,"level":"document","tier":"near","size":2,"members":[{"doc":"a.txt","passage":0,"start":0,"end":120,"similarity":1,"tier":"exact","snippet":"Rates rise again"},{"doc":"b.txt","passage":0,"start":0,"end":131,"similarity":0.9124,"tier":"near","snippet":"Rates rise again, bank says"}]}
	// {"type":"summary","documents":2,"passages":4,"skipped":0,"clusters":1,"tiers":{"exact":0,"near":1,"contained":0,"rewrite":0},"levels":{"document":1,"passage":0},"boilerplate":0,"elapsed_ms":0}
}

func ExampleParseFormat() {
	_, err := report.ParseFormat("xml")
	fmt.Println(err)
	// Output:
	// report: unknown format "xml" (valid: table, csv, jsonl, markdown)
}

func ExampleWriteDecisions() {
	ds := []report.Decision{{
		Doc: "a.txt", Outcome: report.OutcomeDuplicate, Reused: 0.4213,
		Matches: []report.Match{{
			Doc: "b.txt", Level: report.LevelPassage, Tier: report.TierNear, Similarity: 0.83,
			Passages: []report.PassageMatch{{
				Start: 0, End: 120, MatchStart: 40, MatchEnd: 170, Tier: report.TierNear, Similarity: 0.83,
				Snippet: "Rates rise\nagain", MatchSnippet: "Rates rise again, bank says",
			}},
		}},
	}}
	if err := report.WriteDecisions(os.Stdout, ds, report.FormatJSONL, report.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"type":"decision","doc":"a.txt","outcome":"duplicate","added":false,"revision":false,"reused":0.4213,"matches":[{"doc":"b.txt","level":"passage","tier":"near","similarity":0.83,"passages":[{"start":0,"end":120,"match_start":40,"match_end":170,"tier":"near","similarity":0.83,"snippet":"Rates rise again","match_snippet":"Rates rise again, bank says"}]}]}
	// {"type":"summary","articles":1,"outcomes":{"new":0,"partial":0,"duplicate":1,"rewrite":0,"unchanged":0},"added":0}
}
