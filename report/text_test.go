package report

import "testing"

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  \n\t ", ""},
		{"plain", "plain"},
		{"  two\n\nlines \r\n", "two lines"},
		{"tab\tand\u00a0nbsp\u2028sep", "tab and nbsp sep"},
		{"esc\x1b[31mred", "esc\ufffd[31mred"},
		{"bad\xffbyte", "bad\ufffdbyte"},
		{"Привет,\n  мир", "Привет, мир"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q)=%q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"hello", 5, "hello"},
		{"hello", 6, "hello"},
		{"hello", 4, "hel…"},
		{"hello", 1, "…"},
		{"hello", 0, "…"},
		{"", 0, ""},
		{"Привет мир", 7, "Привет…"}, // runes, not bytes; the space before … is dropped
		{"Привет мир", 10, "Привет мир"},
		{"ab cd", 4, "ab…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.width); got != tt.want {
			t.Errorf("truncate(%q, %d)=%q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	if got, want := snippet("Центральный\n\n  банк повысил", 15), "Центральный ба…"; got != want {
		t.Errorf("snippet=%q, want %q", got, want)
	}
}
