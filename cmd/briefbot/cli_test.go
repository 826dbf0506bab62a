package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// run starts the whole program in-process, as the binary would.
func run(t *testing.T, data string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &out, &errb)
	m.Getenv = func(string) string { return "" }
	code = m.Run(context.Background(), append([]string{"--data", data}, args...))
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return code, out.String(), errb.String()
}

func defaultText(t *testing.T) string {
	docs, err := corpus.Default()
	if err != nil || len(docs) != 1 {
		t.Fatalf("default corpus: %d docs, %v", len(docs), err)
	}
	return docs[0].Text
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestAskDefaultCorpus(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, data, "", "ask", "How many artillery shells has North Korea sent to Russia?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(squash(out), "Intelligence estimates suggest North Korea has sent over three million artillery shells") {
		t.Errorf("answer first, got:\n%s", out)
	}
	// The one document of the default corpus: its title once, over all its
	// citations, with the source and nothing said of the date and URL it
	// lacks; matched words marked, a matched phrase as one.
	header := regexp.MustCompile(`(?m)^\[1\](\[\d\])* North Korea, Russia and the arms trade`)
	if !header.MatchString(out) || strings.Count(out, "North Korea, Russia and the arms trade") != 1 {
		t.Errorf("output lacks one header for the document:\n%s", out)
	}
	if !strings.Contains(out, "\n    briefbot default corpus\n") || strings.Count(out, "briefbot default corpus") != 1 {
		t.Errorf("output lacks the byline, once:\n%s", out)
	}
	for _, want := range []string{"**artillery shells**"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, noise := range []string{"date unknown", "no URL known"} {
		if strings.Contains(out, noise) {
			t.Errorf("output says %q:\n%s", noise, out)
		}
	}
	// A later run reuses the index rather than adding the corpus again.
	code, out, _ = run(t, data, "", "ask", "--json", "-n", "5", "containers of munitions")
	if code != 0 {
		t.Fatal(out)
	}
	var a answerJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	text := squash(defaultText(t))
	if len(a.Citations) == 0 {
		t.Fatal("no citations")
	}
	for i, c := range a.Citations {
		if c.N != i+1 || c.DocID == "" || c.Title == "" || c.Source != corpus.DefaultSource || c.URL != "" || c.Link != "" || c.Published != "" {
			t.Errorf("citation %d: %+v", i, c)
		}
		if !strings.Contains(text, squash(c.Passage)) {
			t.Errorf("citation %d is not verbatim: %q", i, c.Passage)
		}
	}
	if !strings.Contains(a.Answer, "16,500 containers") {
		t.Errorf("answer %q", a.Answer)
	}
}

func TestAskJSONFilters(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, data, "", "ask", "--json", `"Kursk Oblast" troops -Biden source:"briefbot default corpus"`)
	if code != 0 {
		t.Fatal(errs)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	f, _ := raw["filters"].(map[string]any)
	if fmt.Sprint(f["phrases"]) != "[Kursk Oblast]" || fmt.Sprint(f["exclude"]) != "[Biden]" || fmt.Sprint(f["sources"]) != "[briefbot default corpus]" {
		t.Errorf("filters = %v", f)
	}
	cites, _ := raw["citations"].([]any)
	if len(cites) == 0 || !strings.Contains(cites[0].(map[string]any)["passage"].(string), "Kursk Oblast") {
		t.Errorf("citations = %v", cites)
	}
}

func TestAskNothingRelevant(t *testing.T) {
	data := t.TempDir()
	code, out, _ := run(t, data, "", "ask", "Who won the Eurovision Song Contest?")
	if code != 0 || strings.TrimSpace(out) != corpus.NotAnswered {
		t.Errorf("exit %d, out %q", code, out)
	}
	_, out, _ = run(t, data, "", "ask", "--json", "Who won the Eurovision Song Contest?")
	if strings.TrimSpace(out) != `{"question":"Who won the Eurovision Song Contest?","answer":"","citations":[]}` {
		t.Errorf("json %s", out)
	}
}

func TestAskBadInput(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		errPart string
		// question marks an error in the question itself.
		question bool
	}{
		{"no question", []string{"ask"}, 2, "no question given", false},
		{"spaces", []string{"ask", "   ", "\t"}, 2, "no question given", false},
		{"bad n", []string{"ask", "-n", "0", "x"}, 2, "-n must be between", false},
		{"bad date", []string{"ask", "shells after:2024-13-01"}, 2, "after:2024-13-01 is not a date", true},
		{"date out of range", []string{"ask", "shells before:9999-12-31"}, 2, "out of range", true},
		{"inverted dates", []string{"ask", "shells after:2024-06-01 before:2024-01-01"}, 2, "earlier than", true},
		{"100 KB", []string{"ask", strings.Repeat("shells ", 15000)}, 2, "ask in at most", true},
		{"query syntax", []string{"ask", `+shells ^2 ~fuzzy* wild? (a OR b) AND {x} [y] \ / title:foo "unbalanced`}, 0, "", false},
		{"invalid utf-8", []string{"ask", "shells \xff\xfe Russia"}, 0, "", false},
		{"emoji and control", []string{"ask", "🚀 shells\x00\x07 Russia 🇰🇵"}, 0, "", false},
		{"only symbols", []string{"ask", "?!?"}, 0, "", false},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`, false},
		{"bad recency", []string{"--recency", "lots", "ask", "shells"}, 2, "--recency \"lots\": give a number from 0", false},
		{"negative recency", []string{"--recency", "-1", "ask", "shells"}, 2, "give a number from 0", false},
		{"unreadable date in the question", []string{"ask", "What happened to the shells in Smarch 2024?"}, 0, "", false},
		{"time after every source", []string{"ask", "How many shells did North Korea send in March 2031?"}, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, data, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %s)", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.errPart) {
				t.Errorf("stderr %q lacks %q", errs, tt.errPart)
			}
			if strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine ") {
				t.Errorf("stack trace: %s", errs)
			}
			// A question that cannot be read is not a misused command:
			// its message stands alone, without the list of commands.
			if tt.question && strings.Contains(errs, "commands:") {
				t.Errorf("a question's error came with the usage: %s", errs)
			}
		})
	}
}

func TestAskStream(t *testing.T) {
	data := t.TempDir()
	in := "How many shells?\n\n   \nWhere did troops arrive?\nshells after:2024-99-01\n" + strings.Repeat("x", 5000) + "\n"
	code, out, errs := run(t, data, in, "ask", "--json", "-")
	if code != 0 {
		t.Fatal(errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), out)
	}
	var objs []answerJSON
	for _, l := range lines {
		var a answerJSON
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, a)
	}
	if len(objs[0].Citations) == 0 || len(objs[1].Citations) == 0 {
		t.Errorf("no citations for answerable questions: %s", out)
	}
	if objs[2].Error == "" || objs[3].Error == "" {
		t.Errorf("bad lines carry no error: %s", out)
	}
}

func TestIngest(t *testing.T) {
	data := t.TempDir()
	code, out, errs := run(t, data, "", "ingest", "testdata/ingest/folder", "testdata/ingest/news.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "ingested: 4 added, 0 updated, 0 unchanged, 2 skipped;") {
		t.Errorf("summary %q", out)
	}
	for _, want := range []string{"news.jsonl:2", "news.jsonl:3"} {
		if !strings.Contains(errs, want) {
			t.Errorf("warnings lack %q:\n%s", want, errs)
		}
	}
	code, out, _ = run(t, data, "", "ingest", "testdata/ingest/news.jsonl")
	if code != 0 || !strings.HasPrefix(out, "ingested: 0 added, 0 updated, 2 unchanged, 2 skipped;") {
		t.Errorf("re-ingest: %q", out)
	}
	code, out, _ = run(t, data, "", "ask", "--json", "Where does Moscow build Shahed drones?")
	var a answerJSON
	json.Unmarshal([]byte(out), &a)
	if code != 0 || len(a.Citations) == 0 || a.Citations[0].DocID != "n1" || a.Citations[0].Published != "2024-03-10" ||
		!strings.HasPrefix(a.Citations[0].Link, "https://example.org/drones#:~:text=") {
		t.Errorf("ask after ingest: %s", out)
	}
	code, _, errs = run(t, data, "", "ingest", "testdata/ingest/nope.txt")
	if code != 1 || !strings.Contains(errs, "testdata/ingest/nope.txt") {
		t.Errorf("missing path: exit %d, %q", code, errs)
	}
	code, _, errs = run(t, data, "", "ingest")
	if code != 2 {
		t.Errorf("no paths: exit %d, %q", code, errs)
	}
}

func TestDataDirInUse(t *testing.T) {
	data := t.TempDir()
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	m.DataDir = data
	m.command = "serve"
	if _, err := m.openIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		code, _, errs := run(t, data, "", "ask", "shells")
		if code != 1 || !strings.Contains(errs, "data dir "+data+" is in use by another briefbot process") || !strings.Contains(errs, "(serve)") {
			t.Errorf("exit %d, %q", code, errs)
		}
	}()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("second process hangs on a data dir in use")
	}
}

// TestIngestKilled kills an ingest mid-way, with SIGINT and then SIGKILL,
// and checks that the index opens, answers, and holds whole batches.
func TestIngestKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a child process")
	}
	if os.Getenv("BRIEFBOT_CHILD") != "" {
		t.Skip()
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	const n = 12000
	for i := range n {
		fmt.Fprintf(f, `{"id":"d%d","title":"Report %d","text":"Shipment %d of artillery shells left Rajin for Vostochny. %s"}`+"\n", i, i, i, strings.Repeat("Containers were counted by satellite. ", 40))
	}
	f.Close()
	bin := filepath.Join(dir, "briefbot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			data := filepath.Join(dir, "data-"+sig.String())
			cmd := exec.Command(bin, "--data", data, "ingest", "-q", src)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Let a few batches land, then interrupt.
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				// Each persisted batch leaves a segment file in the store.
				if ents, _ := filepath.Glob(filepath.Join(data, "index", "bleve", "store", "*.zap")); len(ents) >= 2 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			cmd.Wait()
			if sig == syscall.SIGINT && !strings.Contains(out.String(), "ingested: ") {
				t.Errorf("no summary after SIGINT: %s", out.String())
			}
			code, stdout, errs := run(t, data, "", "ask", "--json", "artillery shells Rajin")
			if code != 0 {
				t.Fatalf("ask after %v: exit %d %s", sig, code, errs)
			}
			if !strings.Contains(stdout, "Rajin") {
				t.Errorf("ask after %v found nothing: %s", sig, stdout)
			}
			// Resuming completes the job.
			code, stdout, errs = run(t, data, "", "ingest", "-q", src)
			if code != 0 {
				t.Fatalf("resume: %s", errs)
			}
			var added, updated, unchanged, skipped int
			fmt.Sscanf(stdout, "ingested: %d added, %d updated, %d unchanged, %d skipped;", &added, &updated, &unchanged, &skipped)
			if added+updated+unchanged != n || skipped != 0 {
				t.Errorf("resume summary %q", stdout)
			}
		})
	}
}

// TestIngestWhileServing: serve owns the data dir; ingest hands documents
// over through the inbox and they become answerable without a restart.
func TestIngestWhileServing(t *testing.T) {
	data := serveCorpus(t)
	s := startServe(t, data, map[string]string{"SLACK_SIGNING_SECRET": serveSecret})
	code, out, errs := run(t, data, "", "ingest", "testdata/ingest/news.jsonl")
	if code != 0 || !strings.HasPrefix(out, "handed over: 2 documents to the running serve, 2 skipped") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, body := slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), slackCommand("Where does Moscow build Shahed drones?", "http://127.0.0.1:1/unused"))
		if status == 200 && strings.Contains(string(body), "Yelabuga") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("handed-over document never became answerable; last reply %d %s\nlogs:\n%s", status, body, s.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestIngestLastVersionWins: a document given twice, in batches far apart,
// ends up as its last version whichever writer takes which batch.
func TestIngestLastVersionWins(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "docs.jsonl")
	var b strings.Builder
	b.WriteString(`{"id":"x","title":"X","text":"The first version mentions zeppelins."}` + "\n")
	for i := range 2*batchDocs + 10 {
		fmt.Fprintf(&b, `{"id":"f%d","title":"Filler %d","text":"Filler text number %d."}`+"\n", i, i, i)
	}
	b.WriteString(`{"id":"x","title":"X","text":"The second version mentions hovercraft."}` + "\n")
	os.WriteFile(src, []byte(b.String()), 0o644)
	data := t.TempDir()
	if code, _, errs := run(t, data, "", "ingest", "-q", src); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := run(t, data, "", "ask", "--json", "hovercraft")
	if !strings.Contains(out, `"doc_id":"x"`) {
		t.Errorf("last version not indexed: %s", out)
	}
	_, out, _ = run(t, data, "", "ask", "--json", "zeppelins")
	if strings.Contains(out, `"doc_id":"x"`) {
		t.Errorf("first version still answers: %s", out)
	}
}

// A question about a time the sources do not reach is declined with a
// notice, in text and in JSON.
func TestAskAfterTheSources(t *testing.T) {
	data := t.TempDir()
	q := "How many artillery shells did North Korea send to Russia in March 2031?"
	code, out, _ := run(t, data, "", "ask", q)
	if code != 0 || !strings.HasPrefix(out, "The sources don't cover March 2031") || !strings.Contains(out, corpus.RelatedHeading) {
		t.Errorf("exit %d, out %q", code, out)
	}
	_, out, _ = run(t, data, "", "ask", "--json", q)
	var got answerJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Answer != "" || len(got.Citations) != 0 || len(got.Related) == 0 || !strings.Contains(got.Notice, "March 2031") {
		t.Errorf("json %s", out)
	}
}

func TestEvalUnanswerable(t *testing.T) {
	data := t.TempDir()
	f := filepath.Join(t.TempDir(), "q.jsonl")
	qs := `{"question": "Who won the Eurovision Song Contest?"}
{"question": "How many artillery shells did North Korea send to Russia in March 2031?"}
{"question": "How many artillery shells has North Korea sent to Russia?"}
`
	if err := os.WriteFile(f, []byte(qs), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, data, "", "eval", "--unanswerable", f)
	if code != 0 || strings.TrimSpace(out) != "questions 3  declined 2 (0.667)" {
		t.Errorf("exit %d, out %q, stderr %s", code, out, errs)
	}
	code, out, _ = run(t, data, "", "eval", f)
	if code != 0 || !strings.Contains(out, "declined 0.667") {
		t.Errorf("exit %d, out %q", code, out)
	}
}
