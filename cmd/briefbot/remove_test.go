package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

func TestRemoveAndSources(t *testing.T) {
	data := t.TempDir()
	docs := filepath.Join(t.TempDir(), "docs")
	if err := os.MkdirAll(filepath.Join(docs, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	lines := []string{
		`{"id":"u1","title":"Storm hits Texas","source":"USA Today","url":"https://www.usatoday.com/story/storm/","published":"2024-05-01","text":"A storm hit Texas on Monday, cutting power to 40,000 homes."}`,
		`{"id":"u2","title":"Floods in Ohio","url":"https://www.usatoday.com/story/floods","published":"2024-05-03","text":"Floods in Ohio closed 12 roads on Wednesday."}`,
		`{"id":"q1","title":"Quill on storms","source":"Quill Daily","url":"https://quill.example/storms","published":"2024-04-20","text":"Quill Daily reports that storms are getting stronger every year."}`,
	}
	if err := os.WriteFile(filepath.Join(docs, "news.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, "notes", "flamingo.md"), []byte("# Flamingo notes\n\nFlamingos gather at the lake in spring to feed on brine shrimp.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, data, "", "ingest", docs); code != 0 {
		t.Fatalf("ingest: %d %s", code, errs)
	}

	code, out, _ := run(t, data, "", "sources", "--json")
	var srcs []index.SourceInfo
	if code != 0 || json.Unmarshal([]byte(out), &srcs) != nil {
		t.Fatalf("sources --json: %d %s", code, out)
	}
	counts := map[string]int{}
	for _, s := range srcs {
		counts[s.Name] = s.Documents
	}
	if counts["USA Today"] != 1 || counts["usatoday.com"] != 1 || counts["Quill Daily"] != 1 || counts[corpus.DefaultSource] != 1 {
		t.Errorf("sources: %+v", srcs)
	}
	if code, out, _ := run(t, data, "", "sources"); code != 0 || !strings.Contains(out, "Quill Daily") || !strings.Contains(out, "2024-04-20") {
		t.Errorf("sources table: %d\n%s", code, out)
	}

	for _, c := range []struct {
		args []string
		code int
		out  string // stdout or stderr, by code
	}{
		{[]string{"remove"}, 2, "give document ids"},
		{[]string{"remove", "u1", "no-such-doc"}, 1, `no document "no-such-doc" in the index; nothing was removed`},
		{[]string{"remove", "--source", "Quil Daly"}, 1, `no documents from source "Quil Daly"; did you mean "Quill Daily"?`},
		{[]string{"remove", "https://www.usatoday.com/story/storm"}, 0, "Removed 1 document."},
		{[]string{"remove", "--source", "usatoday.com"}, 0, "Removed 1 document."},
		{[]string{"remove", filepath.Join(docs, "notes", "flamingo.md")}, 0, "Removed 1 document."},
		{[]string{"remove", "--default"}, 0, "Removed 1 document."},
		{[]string{"remove", "--default"}, 1, "the default corpus is not in the index"},
	} {
		code, out, errs := run(t, data, "", c.args...)
		got := out
		if code != 0 {
			got = errs
		}
		if code != c.code || !strings.Contains(got, c.out) {
			t.Errorf("%q: exit %d\n%s\nwant exit %d and %q", c.args, code, got, c.code, c.out)
		}
	}
	// What is left is Quill Daily's report; the default corpus does not
	// come back.
	code, out, _ = run(t, data, "", "sources", "--json")
	srcs = nil
	if code != 0 || json.Unmarshal([]byte(out), &srcs) != nil || len(srcs) != 1 || srcs[0].Name != "Quill Daily" {
		t.Errorf("after removals: %s", out)
	}
	// Not even when nothing is left.
	if code, _, errs := run(t, data, "", "remove", "q1"); code != 0 {
		t.Fatalf("remove q1: %s", errs)
	}
	code, out, _ = run(t, data, "", "ask", "How many artillery shells has North Korea sent to Russia?")
	if code != 0 || strings.Contains(out, "North Korea") {
		t.Errorf("the default corpus answered after its removal:\n%s", out)
	}
}

// With serve running, sources lists through it and removals go through it:
// the same output and exit status as alone, and the removal is serve's.
func TestSourcesAndRemoveBesideServe(t *testing.T) {
	data := localCorpus(t, t.TempDir())
	alone := localRun(t, data, localNow, nil, "", "sources")
	s := startLocalServe(t, data, nil)
	if got := localRun(t, data, localNow, nil, "", "sources"); got != alone {
		t.Errorf("sources through serve:\n%+v\nalone:\n%+v", got, alone)
	}
	if got := localRun(t, data, localNow, nil, "", "remove", "no-such-doc"); got.code != 1 || !strings.Contains(got.stderr, `no document "no-such-doc"`) {
		t.Errorf("unknown id through serve: %+v", got)
	}
	if got := localRun(t, data, localNow, nil, "", "remove", "https://news.example/rajin?a=1&b=2"); got.code != 0 || got.stdout != "Removed 1 document.\n" {
		t.Fatalf("remove through serve: %+v\n%s", got, s.logs.String())
	}
	got := localRun(t, data, localNow, nil, "", "ask", "--json", "How many containers of munitions has North Korea shipped to Russia?")
	if got.code != 0 || strings.Contains(got.stdout, `"doc_id":"rajin"`) {
		t.Errorf("the removed document still answers through serve: %s", got.stdout)
	}
}
