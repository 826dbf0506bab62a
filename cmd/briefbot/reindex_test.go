package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A lost index_meta.json used to make the next ask wipe the index; now ask
// refuses and names reindex, nothing is deleted, and reindex brings every
// passage back.
func TestLostIndexMetaIsRepairedByReindex(t *testing.T) {
	data := t.TempDir()
	q := "How many artillery shells has North Korea sent to Russia?"
	code, want, errs := run(t, data, "", "ask", q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	meta := filepath.Join(data, "index", "bleve", "index_meta.json")
	if err := os.Remove(meta); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, data, "", "ask", q)
	if code != 1 || out != "" || !strings.Contains(errs, "briefbot reindex") || !strings.Contains(errs, "Nothing was deleted") {
		t.Fatalf("ask on an unreadable index: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if strings.Count(errs, "\n") != 1 {
		t.Errorf("want one line, got %q", errs)
	}
	code, out, errs = run(t, data, "", "reindex")
	if code != 0 || !strings.HasPrefix(out, "Reindexed 1 document, ") {
		t.Fatalf("reindex: exit %d\n%s\n%s", code, out, errs)
	}
	code, got, errs := run(t, data, "", "ask", q)
	if code != 0 || got != want {
		t.Errorf("after reindex: exit %d %s\n got %q\nwant %q", code, errs, got, want)
	}
	if code, _, errs := run(t, data, "", "reindex", "now"); code != 2 || !strings.Contains(errs, "reindex takes no arguments") {
		t.Errorf("reindex now: exit %d %q", code, errs)
	}
}

// The first run says what it is doing while it indexes the embedded
// corpus; later runs say nothing.
func TestFirstRunSaysSo(t *testing.T) {
	data := t.TempDir()
	q := "How many artillery shells has North Korea sent to Russia?"
	if code, _, errs := run(t, data, "", "ask", q); code != 0 || !strings.Contains(errs, "first run in "+data+": indexing the embedded default corpus") {
		t.Errorf("first run: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := run(t, data, "", "ask", q); code != 0 || errs != "" {
		t.Errorf("second run: exit %d, stderr %q", code, errs)
	}
}
