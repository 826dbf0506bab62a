package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Front matter is metadata on every surface; a file whose front matter
// cannot be read is still ingested, with a warning that skips nothing.
func TestIngestFrontMatter(t *testing.T) {
	data := t.TempDir()
	dir := t.TempDir()
	good := "---\ntitle: \"Rajin port: containers pile up\"\ndate: 2025-03-05\nsource: Border Times\nurl: https://bordertimes.example/rajin\n---\n\nSatellite images taken on 3 March show about 400 shipping containers stacked at the port of Rajin.\n"
	bad := "---\ntitle: [unclosed\n---\n\nThe flamingo census counted 1,200 birds at the lake this spring.\n"
	if err := os.WriteFile(filepath.Join(dir, "rajin.md"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, data, "", "ingest", dir)
	if code != 0 || strings.Contains(errs, "(skipped)") || !strings.Contains(errs, "front matter is not valid YAML") || !strings.Contains(out+errs, "0 skipped") {
		t.Fatalf("ingest: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	code, out, _ = run(t, data, "", "ask", "--json", "How many containers are stacked at the port of Rajin?")
	var a answerJSON
	if code != 0 || json.Unmarshal([]byte(out), &a) != nil || len(a.Citations) == 0 {
		t.Fatalf("ask: exit %d %s", code, out)
	}
	c := a.Citations[0]
	if c.Title != "Rajin port: containers pile up" || c.Source != "Border Times" || c.Published != "2025-03-05" || c.URL != "https://bordertimes.example/rajin" || strings.Contains(c.Passage, "---") {
		t.Errorf("citation: %+v", c)
	}
}
