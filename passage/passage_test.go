package passage

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// lineView is what a test checks of a Line: its trimmed text and classification.
type lineView struct {
	Text  string
	Words int
	Kind  Kind
	Para  bool
}

func (v lineView) String() string {
	return fmt.Sprintf("{%q words=%d %v para=%v}", v.Text, v.Words, v.Kind, v.Para)
}

func viewLines(text []byte, ls []Line) []lineView {
	vs := make([]lineView, len(ls))
	for i, l := range ls {
		vs[i] = lineView{Text: string(text[l.Start:l.End]), Words: l.Words, Kind: l.Kind, Para: l.Para}
	}
	return vs
}

func diffLines(t *testing.T, name string, got, want []lineView) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: Lines gave %d lines, want %d:\n got  %v\n want %v", name, len(got), len(want), got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: line %d = %v, want %v", name, i, got[i], want[i])
		}
	}
}

func TestLinesKind(t *testing.T) {
	// One line at a time: fewer than four lines is never hard-wrapped.
	tests := []struct {
		line string
		want Kind
	}{
		{"| a | b |", Table},
		{"|---|---|", Table},
		{"- x", List},
		{"* x", List},
		{"• x", List},
		{"– dash item", List},
		{"1. x", List},
		{"2) x", List},
		{"123. three digits", List},
		{"1234. four digits are a year, not an item", Heading},
		{"-x", Heading},
		{"1.5 million", Heading},
		{"Hello world", Heading},
		{"He said no.", Heading},                               // ≤5 words, punctuation or not
		{"One two three four five.", Heading},                  // 5 words
		{"One two three four five six.", Text},                 // 6 words ending a sentence
		{"One two three four five six", Heading},               // ≤20 words, no sentence end
		{"Key recommendations include:", Heading},              // ≤5 words
		{"The minister is expected to speak on Monday:", Text}, // ':' ends a sentence
		{"Markets Rally as Central Bank Holds Rates Steady for a Third Month", Heading},
		{"Why the talks failed?", Heading},
		{"What did the ministers agree on in Minsk last week?", Text},
		{"A closing quote still ends the sentence here, he said.”", Text},
		{"A closing bracket still ends the sentence here (he said.)", Text},
		{strings.Repeat("word ", 20) + "end", Text},               // 21 words
		{strings.TrimSpace(strings.Repeat("word ", 20)), Heading}, // 20 words
		{"The government announced on Tuesday that it would raise the minimum wage by five percent next year, citing inflation.", Text},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			ls := Lines(nil, []byte(tt.line))
			if len(ls) != 1 {
				t.Fatalf("Lines(%q) gave %d lines, want 1", tt.line, len(ls))
			}
			if got := ls[0].Kind; got != tt.want {
				t.Errorf("Lines(%q)[0].Kind=%v, want %v", tt.line, got, tt.want)
			}
			if !ls[0].Para {
				t.Errorf("Lines(%q)[0].Para=false, want true", tt.line)
			}
		})
	}
}

func TestLinesWords(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"one two three", 3},
		{"  spaced   out  ", 2},
		{"don't stop", 2},
		{"Belarus’s ties", 2},
		{"co-operation", 2},
		{"|---|---|", 0},
		{"3.5 percent", 3},
		{"Лукашенко заявил", 2},
		{"北京 2024", 2},
	}
	for _, tt := range tests {
		if got := countWords([]byte(tt.line)); got != tt.want {
			t.Errorf("countWords(%q)=%d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestLinesOffsets(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "alpha\nbeta", []string{"alpha", "beta"}},
		{"surrounding space", "  alpha beta  \n\tgamma\t\n", []string{"alpha beta", "gamma"}},
		{"crlf", "alpha\r\nbeta\r\n", []string{"alpha", "beta"}},
		{"blank lines", "\n\nalpha\n\n   \n\t\nbeta\n\n", []string{"alpha", "beta"}},
		{"only blank", " \n\t\n\r\n", nil},
		{"empty", "", nil},
		{"no final newline", "a b c", []string{"a b c"}},
		{"form feed and vtab", "\f\valpha\v", []string{"alpha"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := []byte(tt.text)
			ls := Lines(nil, text)
			var got []string
			for _, l := range ls {
				if l.Start < 0 || l.Start >= l.End || l.End > len(text) {
					t.Fatalf("Lines(%q): bad span [%d,%d)", tt.text, l.Start, l.End)
				}
				got = append(got, string(text[l.Start:l.End]))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || len(got) != len(tt.want) {
				t.Errorf("Lines(%q) spans=%q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestLinesAppends(t *testing.T) {
	prev := []Line{{Start: 7, End: 9, Words: 1}}
	ls := Lines(prev, []byte("alpha beta"))
	if len(ls) != 2 || ls[0] != prev[0] {
		t.Fatalf("Lines(dst) = %v, want dst kept and one line appended", ls)
	}
	if ls[1].Start != 0 || ls[1].End != 10 {
		t.Errorf("Lines(dst)[1] = %+v, want span [0,10)", ls[1])
	}
}

func TestLinesNotWrapped(t *testing.T) {
	// Long lines: every line is a paragraph of its own, whatever its neighbours.
	long1 := "The government announced on Tuesday that it would raise the minimum wage by five percent next year, citing inflation that has eroded pay."
	long2 := "Opposition parties said the increase fell short and called for a larger rise, while employers warned that small firms could cut jobs as a result."
	text := strings.Join([]string{
		"Wage Rise Announced",
		long1,
		"continued without a capital and without a stop but clearly text because it runs on and on past twenty words of length here",
		long2,
		"- first point",
		"- second point",
		"| a | b |",
		"| c | d |",
	}, "\n")
	want := []lineView{
		{"Wage Rise Announced", 3, Heading, true},
		{long1, 23, Text, true},
		{"continued without a capital and without a stop but clearly text because it runs on and on past twenty words of length here", 23, Text, true},
		{long2, 25, Text, true},
		{"- first point", 2, List, true},
		{"- second point", 2, List, true},
		{"| a | b |", 2, Table, true},
		{"| c | d |", 2, Table, true},
	}
	got := viewLines([]byte(text), Lines(nil, []byte(text)))
	diffLines(t, "not wrapped", got, want)
}

func TestLinesWrapped(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []lineView
	}{
		{
			name: "indent starts a paragraph",
			text: "" +
				"Council Delays Budget Vote\n" +
				"\n" +
				"    The city council met on Monday to discuss the budget for\n" +
				"the coming year and agreed after a long debate to postpone\n" +
				"the vote until the transport section has been rewritten.\n" +
				"    The mayor said she would bring the plan back next month\n" +
				"with changes that answer the objections raised by members.\n",
			want: []lineView{
				{"Council Delays Budget Vote", 4, Heading, true},
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and agreed after a long debate to postpone", 11, Text, false},
				{"the vote until the transport section has been rewritten.", 9, Text, false},
				{"The mayor said she would bring the plan back next month", 11, Text, true},
				{"with changes that answer the objections raised by members.", 9, Text, false},
			},
		},
		{
			name: "tab indent starts a paragraph",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				"the coming year and agreed after a long debate to postpone\n" +
				"\tThe mayor said she would bring the plan back next month\n" +
				"with changes that answer the objections raised by members\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and agreed after a long debate to postpone", 11, Text, false},
				{"The mayor said she would bring the plan back next month", 11, Text, true},
				{"with changes that answer the objections raised by members", 9, Text, false},
			},
		},
		{
			name: "one space is not an indent",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				" the coming year and agreed after a long debate to postpone\n" +
				"the vote until the transport section has been rewritten by\n" +
				"officials who answer the objections raised by the members\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and agreed after a long debate to postpone", 11, Text, false},
				{"the vote until the transport section has been rewritten by", 10, Text, false},
				{"officials who answer the objections raised by the members", 9, Text, false},
			},
		},
		{
			name: "short sentence-final line ends a paragraph",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				"the coming year and then agreed to wait.\n" +
				"The mayor said she would bring the plan back next month with\n" +
				"changes to the transport section that members asked for.\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and then agreed to wait.", 8, Text, false},
				{"The mayor said she would bring the plan back next month with", 12, Text, true},
				{"changes to the transport section that members asked for.", 9, Text, false},
			},
		},
		{
			name: "full-width sentence-final line continues",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				"the coming year and agreed on Monday to postpone the vote.\n" +
				"The mayor said she would bring the plan back next month with\n" +
				"changes to the transport section that members asked for\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and agreed on Monday to postpone the vote.", 11, Text, false},
				{"The mayor said she would bring the plan back next month with", 12, Text, false},
				{"changes to the transport section that members asked for", 9, Text, false},
			},
		},
		{
			name: "blank line and isolated short block",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				"the coming year and agreed after a long debate to postpone\n" +
				"\n" +
				"Transport plan\n" +
				"\n" +
				"the vote until the transport section has been rewritten by\n" +
				"officials who answer the objections raised by the members\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and agreed after a long debate to postpone", 11, Text, false},
				{"Transport plan", 2, Heading, true},
				{"the vote until the transport section has been rewritten by", 10, Text, true},
				{"officials who answer the objections raised by the members", 9, Text, false},
			},
		},
		{
			name: "isolated block of more than 12 words is text",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				"the coming year and agreed after a long debate to postpone\n" +
				"\n" +
				"one two three four five six seven eight nine ten eleven twelve thirteen\n" +
				"\n" +
				"the vote until the transport section has been rewritten by\n" +
				"officials who answer the objections raised by the members\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and agreed after a long debate to postpone", 11, Text, false},
				{"one two three four five six seven eight nine ten eleven twelve thirteen", 13, Text, true},
				{"the vote until the transport section has been rewritten by", 10, Text, true},
				{"officials who answer the objections raised by the members", 9, Text, false},
			},
		},
		{
			name: "list items in wrapped text",
			text: "" +
				"The city council met on Monday to discuss the budget for\n" +
				"the coming year and listed three priorities for the city\n" +
				"- roads\n" +
				"- schools\n" +
				"officials who answer the objections raised by the members\n",
			want: []lineView{
				{"The city council met on Monday to discuss the budget for", 11, Text, true},
				{"the coming year and listed three priorities for the city", 10, Text, false},
				{"- roads", 1, List, true},
				{"- schools", 1, List, true},
				{"officials who answer the objections raised by the members", 9, Text, true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := viewLines([]byte(tt.text), Lines(nil, []byte(tt.text)))
			diffLines(t, tt.name, got, tt.want)
		})
	}
}

func TestLinesWrapThreshold(t *testing.T) {
	// A text of four lines or more, nine in ten of them at most 100 bytes, is hard-wrapped.
	tests := []struct {
		name      string
		lens      []int
		wantWrapd bool
	}{
		{"four short lines", []int{60, 60, 60, 60}, true},
		{"four lines of exactly 100", []int{100, 100, 100, 100}, true},
		{"three short lines", []int{60, 60, 60}, false},
		{"one line of 101 among four", []int{60, 60, 60, 101}, false},
		{"two long among ten", []int{60, 60, 60, 60, 60, 60, 60, 60, 300, 300}, false},
		{"one long among eleven", []int{60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 300}, true},
		{"one long among twenty", []int{60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 300}, true},
		{"three long among twenty", []int{60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 300, 300, 300}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkWrapped(t, tt.lens, tt.wantWrapd)
		})
	}
}

// checkWrapped builds a text of lines of the given byte lengths, none ending a sentence, and
// checks whether Lines reads it as hard-wrapped: then the second line continues the first.
func checkWrapped(t *testing.T, lens []int, want bool) {
	t.Helper()
	line := func(n int) string { return strings.Repeat("abcd ", n/5)[:n-1] + "x" }
	var ss []string
	for _, n := range lens {
		ss = append(ss, line(n))
	}
	text := []byte(strings.Join(ss, "\n"))
	ls := Lines(nil, text)
	if len(ls) != len(lens) {
		t.Fatalf("Lines gave %d lines, want %d", len(ls), len(lens))
	}
	if got := !ls[1].Para; got != want {
		t.Errorf("lines of %v: wrapped=%v, want %v", lens, got, want)
	}
}

func TestLinesWrapNineInTen(t *testing.T) {
	tests := []struct {
		name string
		lens []int
	}{
		{"one long among ten", []int{60, 60, 60, 60, 60, 60, 60, 60, 60, 300}},
		{"two long among twenty", []int{60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 300, 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkWrapped(t, tt.lens, true) })
	}
}

// spec is one line of a hand-built input for Split.
type spec struct {
	s    string
	kind Kind
	para bool
}

// build joins specs with newlines and returns the text and its lines, so that Split can be
// tested apart from Lines' classification.
func build(specs []spec) ([]byte, []Line) {
	var b []byte
	var ls []Line
	for i, s := range specs {
		if i > 0 {
			b = append(b, '\n')
		}
		start := len(b)
		b = append(b, s.s...)
		ls = append(ls, Line{Start: start, End: len(b), Words: countWords([]byte(s.s)), Kind: s.kind, Para: s.para})
	}
	return b, ls
}

// passageView is what a test checks of a Passage.
type passageView struct {
	Text  string
	Words int
	Kind  Kind
}

func (v passageView) String() string { return fmt.Sprintf("{%q words=%d %v}", v.Text, v.Words, v.Kind) }

func viewPassages(text []byte, ps []Passage) []passageView {
	vs := make([]passageView, len(ps))
	for i, p := range ps {
		vs[i] = passageView{Text: string(text[p.Start:p.End]), Words: p.Words, Kind: p.Kind}
	}
	return vs
}

func TestSplit(t *testing.T) {
	small := Params{MinWords: 5, MaxWords: 12}
	para := func(s string) spec { return spec{s, Text, true} }
	cont := func(s string) spec { return spec{s, Text, false} }
	head := func(s string) spec { return spec{s, Heading, true} }
	item := func(s string) spec { return spec{s, List, true} }
	row := func(s string) spec { return spec{s, Table, true} }
	tests := []struct {
		name  string
		specs []spec
		skip  []int
		want  []passageView
	}{
		{
			name:  "paragraphs of MinWords each",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), para("b1 b2 b3 b4 b5 b6"), para("c1 c2 c3 c4 c5")},
			want: []passageView{
				{"a1 a2 a3 a4 a5 a6", 6, Text},
				{"b1 b2 b3 b4 b5 b6", 6, Text},
				{"c1 c2 c3 c4 c5", 5, Text},
			},
		},
		{
			name:  "short paragraphs gather into one window",
			specs: []spec{para("a1 a2 a3"), para("b1 b2 b3"), para("c1 c2 c3 c4")},
			// a+b reach MinWords; c is a short trailing window and joins them.
			want: []passageView{{"a1 a2 a3\nb1 b2 b3\nc1 c2 c3 c4", 10, Text}},
		},
		{
			name:  "one short paragraph stands alone",
			specs: []spec{para("a1 a2")},
			want:  []passageView{{"a1 a2", 2, Text}},
		},
		{
			name:  "lines of a paragraph stay together below MaxWords",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), cont("a7 a8"), para("b1 b2 b3 b4 b5")},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6\na7 a8", 8, Text}, {"b1 b2 b3 b4 b5", 5, Text}},
		},
		{
			name:  "MaxWords cuts inside a paragraph",
			specs: []spec{para("a1 a2 a3 a4"), cont("a5 a6 a7 a8"), cont("a9 a10 a11 a12"), cont("a13 a14 a15 a16"), cont("a17 a18 a19 a20")},
			want:  []passageView{{"a1 a2 a3 a4\na5 a6 a7 a8\na9 a10 a11 a12", 12, Text}, {"a13 a14 a15 a16\na17 a18 a19 a20", 8, Text}},
		},
		{
			name:  "MaxWords cut leaves a short tail that joins",
			specs: []spec{para("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10"), cont("a11 a12 a13"), cont("a14")},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6 a7 a8 a9 a10\na11 a12 a13\na14", 14, Text}},
		},
		{
			name:  "a line longer than MaxWords is not cut",
			specs: []spec{para("a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15")},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15", 15, Text}},
		},
		{
			name:  "heading closes a window and is dropped",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), head("Title here"), para("b1 b2 b3")},
			// b is short but separated from a by the heading: it stands alone.
			want: []passageView{{"a1 a2 a3 a4 a5 a6", 6, Text}, {"b1 b2 b3", 3, Text}},
		},
		{
			name:  "heading closes a short window",
			specs: []spec{para("a1 a2"), head("Title here"), para("b1 b2 b3")},
			want:  []passageView{{"a1 a2", 2, Text}, {"b1 b2 b3", 3, Text}},
		},
		{
			name:  "short window before a heading joins the adjacent one",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), para("b1 b2 b3"), head("Title here"), para("c1 c2 c3 c4 c5")},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6\nb1 b2 b3", 9, Text}, {"c1 c2 c3 c4 c5", 5, Text}},
		},
		{
			name:  "skipped line closes a window",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), para("Subscribe to our newsletter today"), para("b1 b2 b3")},
			skip:  []int{1},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6", 6, Text}, {"b1 b2 b3", 3, Text}},
		},
		{
			name:  "skipped line inside a paragraph",
			specs: []spec{para("a1 a2 a3"), cont("Advertisement"), cont("a4 a5 a6")},
			skip:  []int{1},
			want:  []passageView{{"a1 a2 a3", 3, Text}, {"a4 a5 a6", 3, Text}},
		},
		{
			name:  "all lines skipped",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), para("b1 b2 b3 b4 b5 b6")},
			skip:  []int{0, 1},
			want:  nil,
		},
		{
			name: "list is its own passage",
			specs: []spec{
				para("a1 a2 a3 a4 a5 a6"), item("- one"), item("- two three"), item("- four"), para("b1 b2 b3 b4 b5"),
			},
			want: []passageView{
				{"a1 a2 a3 a4 a5 a6", 6, Text},
				{"- one\n- two three\n- four", 4, List},
				{"b1 b2 b3 b4 b5", 5, Text},
			},
		},
		{
			name:  "short window before a list joins the adjacent one",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), para("b1 b2 b3"), item("- one"), item("- two")},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6\nb1 b2 b3", 9, Text}, {"- one\n- two", 2, List}},
		},
		{
			name:  "short window after a list stands alone",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), item("- one"), para("b1 b2")},
			want:  []passageView{{"a1 a2 a3 a4 a5 a6", 6, Text}, {"- one", 1, List}, {"b1 b2", 2, Text}},
		},
		{
			name:  "long list is cut at MaxWords",
			specs: []spec{item("- a b c d"), item("- e f g h"), item("- i j k l"), item("- m n o p")},
			want:  []passageView{{"- a b c d\n- e f g h\n- i j k l", 12, List}, {"- m n o p", 4, List}},
		},
		{
			name:  "table is its own passage",
			specs: []spec{para("a1 a2 a3 a4 a5 a6"), row("| x | y |"), row("|---|---|"), row("| 1 | 2 |"), item("- one")},
			want: []passageView{
				{"a1 a2 a3 a4 a5 a6", 6, Text},
				{"| x | y |\n|---|---|\n| 1 | 2 |", 4, Table},
				{"- one", 1, List},
			},
		},
		{
			name:  "heading splits two lists",
			specs: []spec{item("- one"), head("More"), item("- two")},
			want:  []passageView{{"- one", 1, List}, {"- two", 1, List}},
		},
		{
			name:  "only headings",
			specs: []spec{head("One"), head("Two")},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, ls := build(tt.specs)
			var skip func(int) bool
			if tt.skip != nil {
				skip = func(i int) bool {
					for _, k := range tt.skip {
						if k == i {
							return true
						}
					}
					return false
				}
			}
			got := viewPassages(text, Split(nil, text, ls, skip, small))
			if len(got) != len(tt.want) {
				t.Fatalf("Split gave %d passages, want %d:\n got  %v\n want %v", len(got), len(tt.want), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Split passage %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSplitAppends(t *testing.T) {
	text, ls := build([]spec{{"a1 a2", Text, true}})
	prev := []Passage{{Start: 100, End: 200, Words: 9, Kind: Text}}
	got := Split(prev, text, ls, nil, Params{MinWords: 5, MaxWords: 12})
	// The short window must not join a passage the caller passed in.
	want := []Passage{prev[0], {Start: 0, End: 5, Words: 2, Kind: Text}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Split(dst)=%v, want %v", got, want)
	}
}

func TestParamsWithDefaults(t *testing.T) {
	tests := []struct {
		in, want Params
	}{
		{Params{}, Params{DefaultMinWords, DefaultMaxWords}},
		{Params{MinWords: -1, MaxWords: -1}, Params{DefaultMinWords, DefaultMaxWords}},
		{Params{MinWords: 5, MaxWords: 12}, Params{5, 12}},
		{Params{MinWords: 300}, Params{300, 300}},
		{Params{MinWords: 10, MaxWords: 3}, Params{10, 10}},
		{Params{MaxWords: 10}, Params{DefaultMinWords, DefaultMinWords}},
	}
	for _, tt := range tests {
		if got := tt.in.WithDefaults(); got != tt.want {
			t.Errorf("%+v.WithDefaults()=%+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{{Text, "text"}, {Heading, "heading"}, {List, "list"}, {Table, "table"}, {Kind(9), "kind?"}}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String()=%q, want %q", tt.k, got, tt.want)
		}
	}
}

func TestSplitSeed004(t *testing.T) {
	text, err := os.ReadFile("../seeds/004_923dfeccae6572de.txt")
	if err != nil {
		t.Fatal(err)
	}
	ps := Split(nil, text, Lines(nil, text), nil, Params{})
	for _, prefix := range []string{
		"Belarus is set to negotiate",
		"Belarusian President Alexander Lukashenko recently announced",
		"Belarusian President Alexander Lukashenko has underscored",
		"As Belarus signals its intent",
	} {
		at := strings.Index(string(text), prefix)
		if at < 0 {
			t.Fatalf("seed lacks %q", prefix)
		}
		found := false
		for _, p := range ps {
			if p.Start == at {
				found = true
				if p.Kind != Text {
					t.Errorf("passage at %q has kind %v, want text", prefix, p.Kind)
				}
			}
		}
		if !found {
			t.Errorf("no passage starts at %q (offset %d)", prefix, at)
		}
	}
	const heading = "Belarus Signals Major Agreement with United States While Maintaining Strong Ties to Russia"
	for i, p := range ps {
		if strings.Contains(string(text[p.Start:p.End]), heading) {
			t.Errorf("passage %d [%d,%d) contains the heading %q", i, p.Start, p.End, heading)
		}
	}
	// Each list and table block is a passage of its own kind.
	kinds := map[Kind]int{}
	for _, p := range ps {
		kinds[p.Kind]++
	}
	if kinds[List] != 3 || kinds[Table] != 3 || kinds[Text] != 5 {
		t.Errorf("passage kinds = %v, want 5 text, 3 list, 3 table", kinds)
	}
}

const reuters = `Belarus to seek big deal with U.S., Lukashenko says

    MINSK, Aug 5 (Reuters) - Belarusian President Alexander
Lukashenko said on Tuesday that his country would seek a big
deal with the United States, but that any agreement would not
come at the expense of its close alliance with Russia, which
has backed him through years of Western sanctions and protest.
    Lukashenko, who has ruled the country of nine million since
1994, told officials in Minsk that talks with Washington had
moved forward in recent weeks after the release of a group of
prisoners, and that trade, fertiliser exports and aviation were
among the subjects that both sides wanted to put on the table.
    Western diplomats said any easing of sanctions would depend
on further releases and on steps to end the crackdown that
followed the disputed 2020 election, and that no timetable had
been set for a meeting between senior officials of both sides.
`

func TestSplitReuters(t *testing.T) {
	text := []byte(reuters)
	ls := Lines(nil, text)
	if ls[0].Kind != Heading {
		t.Errorf("title kind=%v, want heading", ls[0].Kind)
	}
	ps := Split(nil, text, ls, nil, Params{})
	wantStarts := []string{"MINSK, Aug 5 (Reuters)", "Lukashenko, who has ruled", "Western diplomats said"}
	wantEnds := []string{"protest.", "the table.", "both sides."}
	if len(ps) != len(wantStarts) {
		t.Fatalf("Split gave %d passages, want %d: %v", len(ps), len(wantStarts), viewPassages(text, ps))
	}
	for i, p := range ps {
		got := string(text[p.Start:p.End])
		if !strings.HasPrefix(got, wantStarts[i]) || !strings.HasSuffix(got, wantEnds[i]) {
			t.Errorf("passage %d = %.40q…%q, want %q…%q", i, got, got[max(0, len(got)-20):], wantStarts[i], wantEnds[i])
		}
		if p.Kind != Text {
			t.Errorf("passage %d kind=%v, want text", i, p.Kind)
		}
		if strings.Contains(got, "Belarus to seek big deal") {
			t.Errorf("passage %d contains the title", i)
		}
		if p.Words < DefaultMinWords {
			t.Errorf("passage %d has %d words, want at least %d", i, p.Words, DefaultMinWords)
		}
	}
}

// TestLongLine: an article without line breaks is cut at sentence ends into passages of
// paragraph size, not kept as one passage of thousands of words.
func TestLongLine(t *testing.T) {
	var sentences []string
	for i := range 60 {
		sentences = append(sentences, fmt.Sprintf("Sentence number %d says that the council met on Tuesday to discuss the budget for roads and schools.", i))
	}
	text := []byte(strings.Join(sentences, " "))
	lines := Lines(nil, text)
	ps := Split(nil, text, lines, nil, Params{})
	if len(ps) < 8 {
		t.Fatalf("a %d-word line gave %d passages, want at least 8", countWords(text), len(ps))
	}
	for i, p := range ps {
		if p.Words > DefaultMaxWords || p.Words < DefaultMinWords {
			t.Errorf("passage %d has %d words, want %d to %d", i, p.Words, DefaultMinWords, DefaultMaxWords)
		}
		if !strings.HasPrefix(string(text[p.Start:p.End]), "Sentence number") || !strings.HasSuffix(string(text[p.Start:p.End]), ".") {
			t.Errorf("passage %d is not whole sentences: %q", i, text[p.Start:p.End])
		}
		if i > 0 && p.Start <= ps[i-1].End {
			t.Errorf("passage %d overlaps the one before", i)
		}
	}
}
