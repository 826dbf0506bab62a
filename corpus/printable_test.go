package corpus

import (
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, “quoted” — and Ünïcödé", "plain text, “quoted” — and Ünïcödé"},
		{"line one\nline two\tcolumn", "line one\nline two\tcolumn"},
		{"clear\x1b[2J\x1b[Hscreen", "clear[2J[Hscreen"},
		{"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "]8;;https://evil.example\\click]8;;\\"},
		{"bell\x07 and CR\r overwrite", "bell and CR overwrite"},
		{"c1 \u009b31m csi", "c1 31m csi"},
		{"bidi \u202eevil\u202c \u2066iso\u2069", "bidi evil iso"},
		{"del\x7f", "del"},
		{"raw \x9b31m byte", "raw 31m byte"},
	}
	for _, tt := range tests {
		got := Printable(tt.in)
		if got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.ContainsAny(got, "\x1b\x07\r\u009b") {
			t.Errorf("Printable(%q) kept a control character", tt.in)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	f.Add("a\x1b[31mb")
	f.Add("\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		p := Printable(s)
		for _, r := range p {
			if unprintable(r) {
				t.Fatalf("Printable(%q) kept %U", s, r)
			}
		}
		if Printable(p) != p {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}
