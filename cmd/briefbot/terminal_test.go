package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A document cannot drive the terminal: escape sequences, OSC 8 links and
// bidi overrides in its title or text never reach ask's or digest's
// output, while --json keeps the text as it is (escaped by JSON).
func TestDocumentTextCannotDriveTheTerminal(t *testing.T) {
	data := t.TempDir()
	doc := map[string]string{
		"id": "evil", "title": "Flamingo\x1b[2J summit \u202eopens", "url": "https://example.com/flamingo",
		"published": time.Now().UTC().Format("2006-01-02"),
		"text":      "The flamingo summit in Kursk opened on Monday with \x1b]8;;https://evil.example\x1b\\forty delegates\x1b]8;;\x1b\\ attending.\x07 Organisers said the flamingo summit would last three days.",
	}
	b, _ := json.Marshal(doc)
	path := filepath.Join(t.TempDir(), "evil.jsonl")
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, data, "", "ingest", path); code != 0 {
		t.Fatalf("ingest: %d %s", code, errs)
	}
	for _, args := range [][]string{
		{"ask", "How many delegates attended the flamingo summit in Kursk?"},
		{"digest", "--since", "24h"},
	} {
		code, out, errs := run(t, data, "", args...)
		if code != 0 {
			t.Fatalf("%q: exit %d %s", args, code, errs)
		}
		if !strings.Contains(out, "flamingo") {
			t.Errorf("%q: the document is not shown:\n%s", args, out)
		}
		if i := strings.IndexAny(out, "\x1b\x07\u202e"); i >= 0 {
			t.Errorf("%q: control character %q reached the terminal:\n%q", args, out[i], out)
		}
	}
	code, out, _ := run(t, data, "", "ask", "--json", "flamingo summit delegates")
	if code != 0 || !strings.Contains(out, `\u001b]8;;`) {
		t.Errorf("--json should keep the text, escaped: %s", out)
	}
}

// A question may begin with a -word filter.
func TestQuestionStartingWithAFilter(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, data, "", "ask", "-Kursk artillery shells North Korea")
	if code != 0 || strings.Contains(errs, "flag provided but not defined") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = run(t, data, "", "ask", "--json", "-Kursk", "artillery shells")
	var a answerJSON
	if code != 0 || json.Unmarshal([]byte(out), &a) != nil || a.Filters == nil || len(a.Filters.Exclude) != 1 {
		t.Errorf("filter not read: exit %d %s", code, out)
	}
	if code, out, _ := run(t, data, "", "ask", "--help"); code != 0 || !strings.Contains(out, "usage") {
		t.Errorf("ask --help: exit %d %q", code, out)
	}
}
