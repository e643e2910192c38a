package report

import (
	"bytes"
	"errors"
	"testing"
)

// TestDecisionStream: streaming the decisions one by one writes what WriteDecisions writes,
// in every format, with none and with all of the fixture's decisions.
func TestDecisionStream(t *testing.T) {
	for _, ds := range [][]Decision{nil, decisionsFixture()} {
		for _, f := range Formats() {
			want := renderDecisions(t, ds, f, Options{})
			var got bytes.Buffer
			s, err := NewDecisionStream(&got, f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if err := s.Write(d); err != nil {
					t.Fatalf("%s: Write: %v", f, err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatalf("%s: Close: %v", f, err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s with %d decisions: stream wrote\n%s\nwant\n%s", f, len(ds), got.Bytes(), want)
			}
		}
	}
	// JSON Lines goes out at once, before Close.
	var out bytes.Buffer
	s, _ := NewDecisionStream(&out, FormatJSONL, Options{})
	if err := s.Write(decisionsFixture()[0]); err != nil || !bytes.Contains(out.Bytes(), []byte(`"type":"decision"`)) {
		t.Errorf("after one Write, JSON Lines output %q (%v), want the decision", out.Bytes(), err)
	}
	if _, err := NewDecisionStream(&out, "xml", Options{}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("NewDecisionStream(xml)=%v, want ErrUnknownFormat", err)
	}
	if err := s.Write(Decision{Doc: "x", Outcome: "maybe"}); !errors.Is(err, ErrInvalidReport) {
		t.Errorf("Write of an invalid decision=%v, want ErrInvalidReport", err)
	}
}
