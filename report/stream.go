package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
)

// DecisionStream writes the gate's decisions one at a time, as they are made: JSON Lines and
// CSV rows go out at once, so that a pipeline reading them need not wait for the end of the
// input; the table and Markdown formats, which size their columns on every row, are written
// at Close. The output is that of WriteDecisions over the same decisions.
type DecisionStream struct {
	w     io.Writer
	f     Format
	opt   Options
	held  []Decision // table and Markdown
	enc   *json.Encoder
	cw    *csv.Writer
	row   []string
	n     int
	by    map[Outcome]int
	added int
}

// NewDecisionStream returns a stream writing format f to w.
func NewDecisionStream(w io.Writer, f Format, opt Options) (*DecisionStream, error) {
	s := &DecisionStream{w: w, f: f, opt: opt.withDefaults(), by: map[Outcome]int{}}
	switch f {
	case FormatTable, FormatMarkdown:
	case FormatJSONL:
		s.enc = json.NewEncoder(w)
		s.enc.SetEscapeHTML(false)
	case FormatCSV:
		s.cw = csv.NewWriter(w)
		s.row = make([]string, len(decisionCSVHeader))
	default:
		return nil, unknownFormat(string(f))
	}
	return s, nil
}

// Write writes, or holds, one decision.
func (s *DecisionStream) Write(d Decision) error {
	if err := d.validate(); err != nil {
		return fmt.Errorf("%w: decision %q: %v", ErrInvalidReport, d.Doc, err)
	}
	s.n++
	s.by[d.Outcome]++
	if d.Added {
		s.added++
	}
	var err error
	switch {
	case s.enc != nil:
		err = s.enc.Encode(decisionRecord(d, s.opt))
	case s.cw != nil:
		if s.n == 1 {
			err = s.cw.Write(decisionCSVHeader)
		}
		if err == nil {
			err = writeDecisionRows(s.cw, s.row, d, s.opt)
		}
		s.cw.Flush()
		if err == nil {
			err = s.cw.Error()
		}
	default:
		s.held = append(s.held, d)
	}
	if err != nil {
		return fmt.Errorf("report: write %s decision: %w", s.f, err)
	}
	return nil
}

// Close writes what the format keeps for the end: the JSON Lines summary, the CSV header
// when no decision came, or the whole table.
func (s *DecisionStream) Close() error {
	var err error
	switch {
	case s.enc != nil:
		err = s.enc.Encode(decisionSummary(s.n, s.by, s.added))
	case s.cw != nil:
		if s.n == 0 {
			err = s.cw.Write(decisionCSVHeader)
		}
		s.cw.Flush()
		if err == nil {
			err = s.cw.Error()
		}
	default:
		return WriteDecisions(s.w, s.held, s.f, s.opt)
	}
	if err != nil {
		return fmt.Errorf("report: write %s decisions: %w", s.f, err)
	}
	return nil
}
