package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestJSONLContract pins the JSON Lines contract of the package doc independently
// of the golden file: each line parses on its own, carries exactly the documented
// fields with the documented JSON types, and the records come in the documented order.
func TestJSONLContract(t *testing.T) {
	for name, r := range map[string]*Report{"full": fixture(), "empty": emptyReport()} {
		t.Run(name, func(t *testing.T) {
			out := render(t, r, FormatJSONL, Options{})
			if !bytes.HasSuffix(out, []byte("\n")) {
				t.Fatalf("output does not end in a newline")
			}
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			var types []string
			for i, line := range lines {
				obj := decodeObject(t, line)
				typ, _ := obj["type"].(string)
				types = append(types, typ)
				var err error
				switch typ {
				case "cluster":
					err = checkCluster(obj)
				case "boilerplate":
					err = checkBoilerplate(obj)
				case "summary":
					err = checkSummary(obj)
				default:
					err = fmt.Errorf("type=%v, want cluster, boilerplate or summary", obj["type"])
				}
				if err != nil {
					t.Errorf("line %d: %v\n%s", i+1, err, line)
				}
			}

			// Order: clusters, boilerplate, then exactly one summary, last.
			nc, nb := len(r.Clusters), len(r.Boilerplate)
			want := slices.Concat(slices.Repeat([]string{"cluster"}, nc), slices.Repeat([]string{"boilerplate"}, nb), []string{"summary"})
			if !slices.Equal(types, want) {
				t.Errorf("record types=%v, want %v", types, want)
			}
			summary := decodeObject(t, lines[len(lines)-1])
			if got := summary["clusters"]; got != json.Number(fmt.Sprint(nc)) {
				t.Errorf("summary clusters=%v, want %d (the number of cluster lines)", got, nc)
			}
			if got := summary["boilerplate"]; got != json.Number(fmt.Sprint(nb)) {
				t.Errorf("summary boilerplate=%v, want %d (the number of boilerplate lines)", got, nb)
			}
		})
	}
}

func TestJSONLElapsed(t *testing.T) {
	r := emptyReport()
	r.Summary.Elapsed = 1234567 * time.Microsecond
	out := render(t, r, FormatJSONL, Options{})
	obj := decodeObject(t, strings.TrimSpace(string(out)))
	if got := obj["elapsed_ms"]; got != json.Number("1234") {
		t.Errorf("elapsed_ms=%v for %v, want 1234", got, r.Summary.Elapsed)
	}
}

func decodeObject(t *testing.T, line string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(line))
	dec.UseNumber() // tell integers from other numbers
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("line is not a JSON object: %v\n%s", err, line)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value on a line:\n%s", line)
	}
	return obj
}

// A field spec maps each required key to a check of its value.
type fields map[string]func(any) error

func (fs fields) check(obj map[string]any) error {
	for k := range obj {
		if _, ok := fs[k]; !ok {
			return fmt.Errorf("unexpected field %q", k)
		}
	}
	for k, check := range fs {
		v, ok := obj[k]
		if !ok {
			return fmt.Errorf("missing field %q", k)
		}
		if err := check(v); err != nil {
			return fmt.Errorf("field %q: %v", k, err)
		}
	}
	return nil
}

func isString(v any) error {
	if _, ok := v.(string); !ok {
		return fmt.Errorf("%v is %T, want string", v, v)
	}
	return nil
}

func oneOf(vals ...string) func(any) error {
	return func(v any) error {
		if s, ok := v.(string); !ok || !slices.Contains(vals, s) {
			return fmt.Errorf("%v, want one of %q", v, vals)
		}
		return nil
	}
}

func isInt(min int64) func(any) error {
	return func(v any) error {
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("%v is %T, want number", v, v)
		}
		i, err := n.Int64()
		if err != nil {
			return fmt.Errorf("%v is not an integer", v)
		}
		if i < min {
			return fmt.Errorf("%d < %d", i, min)
		}
		return nil
	}
}

func isUnit(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("%v is %T, want number", v, v)
	}
	f, err := n.Float64()
	if err != nil || f < 0 || f > 1 {
		return fmt.Errorf("%v, want a number in [0, 1]", v)
	}
	if len(n.String()) > len("0.1234") {
		return fmt.Errorf("%v has more than 4 decimals", v)
	}
	return nil
}

func arrayOf(min int, fs fields) func(any) error {
	return func(v any) error {
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%v is %T, want array", v, v)
		}
		if len(a) < min {
			return fmt.Errorf("%d elements, want at least %d", len(a), min)
		}
		for i, e := range a {
			if err := objectOf(fs)(e); err != nil {
				return fmt.Errorf("[%d]: %v", i, err)
			}
		}
		return nil
	}
}

func objectOf(fs fields) func(any) error {
	return func(v any) error {
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%v is %T, want object", v, v)
		}
		return fs.check(obj)
	}
}

var (
	tiers  = []string{"exact", "near", "rewrite"}
	levels = []string{"document", "passage"}
)

func checkCluster(obj map[string]any) error {
	err := fields{
		"type":  oneOf("cluster"),
		"id":    isInt(1),
		"level": oneOf(levels...),
		"tier":  oneOf(tiers...),
		"size":  isInt(1),
		"members": arrayOf(1, fields{
			"doc":        isString,
			"passage":    isInt(0),
			"start":      isInt(0),
			"end":        isInt(0),
			"similarity": isUnit,
			"tier":       oneOf(tiers...),
			"snippet":    isString,
		}),
	}.check(obj)
	if err != nil {
		return err
	}
	members := obj["members"].([]any)
	if size := obj["size"].(json.Number).String(); size != fmt.Sprint(len(members)) {
		return fmt.Errorf("size=%s, want %d (the number of members)", size, len(members))
	}
	for i, m := range members {
		m := m.(map[string]any)
		start, _ := m["start"].(json.Number).Int64()
		end, _ := m["end"].(json.Number).Int64()
		if end < start {
			return fmt.Errorf("member %d: end %d < start %d", i, end, start)
		}
		if obj["level"] == "document" && m["passage"] != json.Number("0") {
			return fmt.Errorf("member %d: passage=%v in a document-level cluster, want 0", i, m["passage"])
		}
	}
	return nil
}

func checkBoilerplate(obj map[string]any) error {
	return fields{
		"type": oneOf("boilerplate"),
		"id":   isInt(1),
		"docs": isInt(0),
		"text": isString,
		"matches": arrayOf(0, fields{
			"doc":   isString,
			"start": isInt(0),
			"end":   isInt(0),
		}),
	}.check(obj)
}

func checkSummary(obj map[string]any) error {
	return fields{
		"type":        oneOf("summary"),
		"documents":   isInt(0),
		"passages":    isInt(0),
		"skipped":     isInt(0),
		"clusters":    isInt(0),
		"tiers":       objectOf(fields{"exact": isInt(0), "near": isInt(0), "contained": isInt(0), "rewrite": isInt(0)}),
		"levels":      objectOf(fields{"document": isInt(0), "passage": isInt(0)}),
		"boilerplate": isInt(0),
		"elapsed_ms":  isInt(0),
	}.check(obj)
}

// TestDecisionsJSONLContract pins the decisions stream of the package doc
// independently of the golden file: each line parses on its own and carries
// exactly the documented fields with the documented types; decisions come first,
// in input order, and one summary last, whose counts agree with them.
func TestDecisionsJSONLContract(t *testing.T) {
	for name, ds := range map[string][]Decision{"full": decisionsFixture(), "empty": nil} {
		t.Run(name, func(t *testing.T) {
			out := renderDecisions(t, ds, FormatJSONL, Options{})
			if !bytes.HasSuffix(out, []byte("\n")) {
				t.Fatalf("output does not end in a newline")
			}
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			if len(lines) != len(ds)+1 {
				t.Fatalf("%d lines, want %d (one per decision and a summary)", len(lines), len(ds)+1)
			}
			outcomes := map[string]int{}
			added := 0
			for i, line := range lines[:len(ds)] {
				obj := decodeObject(t, line)
				if err := checkDecision(obj); err != nil {
					t.Errorf("line %d: %v\n%s", i+1, err, line)
					continue
				}
				if obj["doc"] != ds[i].Doc {
					t.Errorf("line %d: doc=%v, want %q (input order)", i+1, obj["doc"], ds[i].Doc)
				}
				outcomes[obj["outcome"].(string)]++
				if obj["added"] == true {
					added++
				}
			}
			line := lines[len(lines)-1]
			summary := decodeObject(t, line)
			if err := checkDecisionSummary(summary); err != nil {
				t.Fatalf("last line: %v\n%s", err, line)
			}
			if got := summary["articles"]; got != json.Number(fmt.Sprint(len(ds))) {
				t.Errorf("summary articles=%v, want %d (the number of decision lines)", got, len(ds))
			}
			if got := summary["added"]; got != json.Number(fmt.Sprint(added)) {
				t.Errorf("summary added=%v, want %d (decision lines with added true)", got, added)
			}
			for o, n := range summary["outcomes"].(map[string]any) {
				if n != json.Number(fmt.Sprint(outcomes[o])) {
					t.Errorf("summary outcomes.%s=%v, want %d", o, n, outcomes[o])
				}
			}
		})
	}
}

var outcomeNames = []string{"new", "partial", "duplicate", "rewrite", "unchanged"}

func isBool(v any) error {
	if _, ok := v.(bool); !ok {
		return fmt.Errorf("%v is %T, want bool", v, v)
	}
	return nil
}

func checkDecision(obj map[string]any) error {
	err := fields{
		"type":     oneOf("decision"),
		"doc":      isString,
		"outcome":  oneOf(outcomeNames...),
		"added":    isBool,
		"revision": isBool,
		"reused":   isUnit,
		"matches": arrayOf(0, fields{
			"doc":        isString,
			"level":      oneOf(levels...),
			"tier":       oneOf(tiers...),
			"similarity": isUnit,
			"passages": arrayOf(0, fields{
				"start":         isInt(0),
				"end":           isInt(0),
				"match_start":   isInt(0),
				"match_end":     isInt(0),
				"tier":          oneOf(tiers...),
				"similarity":    isUnit,
				"snippet":       isString,
				"match_snippet": isString,
			}),
		}),
	}.check(obj)
	if err != nil {
		return err
	}
	if obj["added"] == true && (obj["outcome"] == "duplicate" || obj["outcome"] == "rewrite") {
		return fmt.Errorf("a %v article added", obj["outcome"])
	}
	for i, m := range obj["matches"].([]any) {
		m := m.(map[string]any)
		passages := m["passages"].([]any)
		if (m["level"] == "document") != (len(passages) == 0) {
			return fmt.Errorf("match %d: %v level with %d passages", i, m["level"], len(passages))
		}
		for j, p := range passages {
			p := p.(map[string]any)
			for _, k := range []string{"", "match_"} {
				start, _ := p[k+"start"].(json.Number).Int64()
				end, _ := p[k+"end"].(json.Number).Int64()
				if end < start {
					return fmt.Errorf("match %d passage %d: %send %d < %sstart %d", i, j, k, end, k, start)
				}
			}
		}
	}
	return nil
}

func checkDecisionSummary(obj map[string]any) error {
	outcomes := fields{}
	for _, o := range outcomeNames {
		outcomes[o] = isInt(0)
	}
	return fields{
		"type":     oneOf("summary"),
		"articles": isInt(0),
		"outcomes": objectOf(outcomes),
		"added":    isInt(0),
	}.check(obj)
}
