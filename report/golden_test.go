package report

import (
	"bytes"
	"testing"
)

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		r    *Report
		f    Format
		opt  Options
	}{
		{"full.table", fixture(), FormatTable, Options{}},
		{"full-color.table", fixture(), FormatTable, Options{Color: true}},
		{"full.csv", fixture(), FormatCSV, Options{}},
		{"full.jsonl", fixture(), FormatJSONL, Options{}},
		{"full.markdown", fixture(), FormatMarkdown, Options{}},
		{"empty.table", emptyReport(), FormatTable, Options{}},
		{"empty.csv", emptyReport(), FormatCSV, Options{}},
		{"empty.jsonl", emptyReport(), FormatJSONL, Options{}},
		{"empty.markdown", emptyReport(), FormatMarkdown, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.r, tt.f, tt.opt)
			checkGolden(t, tt.name, got)
			// Rendering twice gives the same bytes.
			if again := render(t, tt.r, tt.f, tt.opt); !bytes.Equal(again, got) {
				t.Errorf("second Write differs:\n%s", firstDiff(string(again), string(got)))
			}
		})
	}
}

func TestGoldenDecisions(t *testing.T) {
	tests := []struct {
		name string
		ds   []Decision
		f    Format
		opt  Options
	}{
		{"decisions.table", decisionsFixture(), FormatTable, Options{}},
		{"decisions-color.table", decisionsFixture(), FormatTable, Options{Color: true}},
		{"decisions.csv", decisionsFixture(), FormatCSV, Options{}},
		{"decisions.jsonl", decisionsFixture(), FormatJSONL, Options{}},
		{"decisions.markdown", decisionsFixture(), FormatMarkdown, Options{}},
		{"decisions-empty.table", nil, FormatTable, Options{}},
		{"decisions-empty.csv", nil, FormatCSV, Options{}},
		{"decisions-empty.jsonl", nil, FormatJSONL, Options{}},
		{"decisions-empty.markdown", nil, FormatMarkdown, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderDecisions(t, tt.ds, tt.f, tt.opt)
			checkGolden(t, tt.name, got)
			if again := renderDecisions(t, tt.ds, tt.f, tt.opt); !bytes.Equal(again, got) {
				t.Errorf("second WriteDecisions differs:\n%s", firstDiff(string(again), string(got)))
			}
		})
	}
}
