package inbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/sinktest"
)

// ids are the ingested documents' ids, sorted.
func ids(s *sinktest.Sink) []string {
	ids := s.IDs()
	sort.Strings(ids)
	return ids
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeRename writes the way writers must: under a temp name, then rename.
func writeRename(t *testing.T, dir, name, content string) {
	t.Helper()
	tmp := filepath.Join(dir, "."+name+".tmp")
	write(t, tmp, content)
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

const jsonl = `{"id":"doc-1","title":"Harbour berth approved","source":"gazette","text":"The port authority voted to build a container berth on the eastern quay."}
{"id":"doc-2","title":"Ferry timetable","text":"The island ferry will run every forty minutes from April."}
`

// later is a clock far enough ahead that every file is quiet.
func later() time.Time { return time.Now().Add(time.Hour) }

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func TestEligible(t *testing.T) {
	for name, want := range map[string]bool{
		"a.txt": true, "b.jsonl.gz": true, "notes.md": true, "page.html": true,
		".hidden.jsonl": false, "x.jsonl.tmp": false, "x.TMP": false, "dl.part": false, "a.txt~": false, "": false,
	} {
		if got := Eligible(name); got != want {
			t.Errorf("Eligible(%q) = %v", name, got)
		}
	}
}

func TestWatcherIngestsDroppedFiles(t *testing.T) {
	dir := t.TempDir()
	// Left while serve was down: picked up by the start-up scan.
	write(t, filepath.Join(dir, "left.txt"), "Left behind\n\nA note written while the bot was down, about the harbour.")
	sink := sinktest.New()
	files := make(chan Result, 10)
	w := &Watcher{Dir: dir, Sink: sink, Debounce: 50 * time.Millisecond, OnFile: func(r Result) { files <- r }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	wait := func() Result {
		t.Helper()
		select {
		case r := <-files:
			return r
		case <-time.After(10 * time.Second):
			t.Fatal("no file ingested within 10s")
			return Result{}
		}
	}
	r := wait()
	if r.Name != "left.txt" || r.Err != nil || r.Docs != 1 || r.Moved != filepath.Join("done", "left.txt") {
		t.Fatalf("start-up scan: %+v", r)
	}

	writeRename(t, dir, "batch.jsonl", jsonl)
	r = wait()
	if r.Name != "batch.jsonl" || r.Err != nil || r.Docs != 2 {
		t.Fatalf("dropped file: %+v", r)
	}
	if !exists(filepath.Join(dir, "done", "batch.jsonl")) || exists(filepath.Join(dir, "batch.jsonl")) {
		t.Error("ingested file not moved to done/")
	}
	if got := strings.Join(ids(sink), ","); !strings.Contains(got, "doc-1,doc-2") {
		t.Errorf("sink got %s", got)
	}

	// The same name again does not overwrite the earlier one in done/.
	writeRename(t, dir, "batch.jsonl", jsonl)
	r = wait()
	if r.Moved != filepath.Join("done", "batch-1.jsonl") {
		t.Errorf("second batch.jsonl moved to %q", r.Moved)
	}
}

func TestWatcherPartialWriteIgnored(t *testing.T) {
	dir := t.TempDir()
	sink := sinktest.New()
	w := &Watcher{Dir: dir, Sink: sink, Now: later}
	ctx := context.Background()
	half := jsonl[:len(jsonl)/2]
	write(t, filepath.Join(dir, "big.jsonl.tmp"), half)
	write(t, filepath.Join(dir, ".big.jsonl"), half)
	if res := w.Scan(ctx); len(res) != 0 || len(ids(sink)) != 0 {
		t.Fatalf("partial files were read: %+v", res)
	}
	write(t, filepath.Join(dir, "big.jsonl.tmp"), jsonl)
	if err := os.Rename(filepath.Join(dir, "big.jsonl.tmp"), filepath.Join(dir, "big.jsonl")); err != nil {
		t.Fatal(err)
	}
	res := w.Scan(ctx)
	if len(res) != 1 || res[0].Docs != 2 || len(ids(sink)) != 2 {
		t.Fatalf("after rename: %+v", res)
	}
	if !exists(filepath.Join(dir, ".big.jsonl")) {
		t.Error("dotfile was touched")
	}

	// A file written to just now waits for the debounce period.
	w2 := &Watcher{Dir: dir, Sink: sink, Debounce: time.Hour}
	write(t, filepath.Join(dir, "fresh.txt"), "Still being written")
	if res := w2.Scan(ctx); len(res) != 0 {
		t.Errorf("a file still being written was read: %+v", res)
	}
}

func TestWatcherBadFileGoesToFailed(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "broken.jsonl"), "{not json\n{\"also\": \n")
	write(t, filepath.Join(dir, "empty.txt"), "")
	w := &Watcher{Dir: dir, Sink: sinktest.New(), Now: later}
	res := w.Scan(context.Background())
	if len(res) != 2 {
		t.Fatalf("results %+v", res)
	}
	for _, r := range res {
		if r.Err == nil || r.Moved != filepath.Join("failed", r.Name) {
			t.Errorf("%s: %+v", r.Name, r)
		}
		note, err := os.ReadFile(filepath.Join(dir, "failed", r.Name+".err"))
		if err != nil || !strings.Contains(string(note), r.Name) {
			t.Errorf("%s: note %q, %v", r.Name, note, err)
		}
	}
}

func TestWatcherSinkFailureKeepsFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "batch.jsonl"), jsonl)
	sink := sinktest.New()
	sink.Fail(errors.New("index busy"))
	w := &Watcher{Dir: dir, Sink: sink, Now: later}
	res := w.Scan(context.Background())
	if len(res) != 1 || res[0].Err == nil || res[0].Moved != "" || !exists(filepath.Join(dir, "batch.jsonl")) {
		t.Fatalf("failed store: %+v", res)
	}
	sink.Fail(nil)
	res = w.Scan(context.Background())
	if len(res) != 1 || res[0].Err != nil || res[0].Docs != 2 {
		t.Fatalf("retry: %+v", res)
	}
}

func TestHandoffRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pub := time.Date(2024, 3, 4, 9, 30, 0, 0, time.UTC)
	in := []corpus.Document{
		{ID: "https://news.example/a", Title: "A <b> & \"quoted\"", URL: "https://news.example/a", Source: "news.example", Published: pub, Authors: []string{"Ada", "Bo"}, Text: "First paragraph.\n\nSecond paragraph with <html> & unicode: café."},
		{ID: "b", Title: "B", Text: "No date, no URL."},
	}
	path, err := Handoff(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != dir || !Eligible(filepath.Base(path)) || !strings.HasSuffix(path, ".jsonl") {
		t.Errorf("path %s", path)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temp file left behind: %v", entries)
	}
	var out []corpus.Document
	err = corpus.Load(context.Background(), []string{path}, func(d corpus.Document) error { out = append(out, d); return nil },
		func(w corpus.Warning) { t.Errorf("warning: %s", w) })
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d docs back", len(out))
	}
	for i := range in {
		a, b := in[i], out[i]
		if a.ID != b.ID || a.Title != b.Title || a.URL != b.URL || a.Source != b.Source || !a.Published.Equal(b.Published) ||
			strings.Join(a.Authors, "|") != strings.Join(b.Authors, "|") || a.Text != b.Text {
			t.Errorf("doc %d:\n in %+v\nout %+v", i, a, b)
		}
	}
	if _, err := Handoff(dir, nil); err == nil {
		t.Error("handoff of nothing succeeded")
	}
}

func TestNumbered(t *testing.T) {
	for in, want := range map[string]string{"a.jsonl.gz": "a-2.jsonl.gz", "noext": "noext-2", "b.txt": "b-2.txt"} {
		if got := numbered(in, 2); got != want {
			t.Errorf("numbered(%q) = %q", in, got)
		}
	}
}

// TestWatcherWaitsForSlowWriter: a writer that pauses longer than the
// debounce mid-file is not read half-way; nor is a file whose modification
// time lies in the future left forever.
func TestWatcherWaitsForSlowWriter(t *testing.T) {
	dir := t.TempDir()
	sink := sinktest.New()
	now := time.Now()
	w := &Watcher{Dir: dir, Sink: sink, Now: func() time.Time { return now }}
	path := filepath.Join(dir, "slow.jsonl")
	first := `{"id":"a","title":"A","text":"first document"}` + "\n" + `{"id":"b","title":"B","te`
	os.WriteFile(path, []byte(first), 0o644)
	os.Chtimes(path, now.Add(-2*time.Second), now.Add(-2*time.Second)) // quiet for longer than the debounce
	if res := w.Scan(context.Background()); len(res) != 0 {
		t.Fatalf("read a file seen once: %+v", res)
	}
	// The writer resumes.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`xt":"second document"}` + "\n")
	f.Close()
	os.Chtimes(path, now.Add(-time.Second), now.Add(-time.Second))
	now = now.Add(time.Second)
	if res := w.Scan(context.Background()); len(res) != 0 {
		t.Fatalf("read a file that changed since the last look: %+v", res)
	}
	now = now.Add(time.Second)
	res := w.Scan(context.Background())
	if len(res) != 1 || len(res[0].Warnings) != 0 || fmt.Sprint(ids(sink)) != "[a b]" {
		t.Fatalf("after the writer finished: %+v, ingested %v", res, ids(sink))
	}

	future := filepath.Join(dir, "future.jsonl")
	os.WriteFile(future, []byte(`{"id":"c","title":"C","text":"from a skewed clock"}`+"\n"), 0o644)
	os.Chtimes(future, now.Add(time.Hour), now.Add(time.Hour))
	w.Scan(context.Background())
	now = now.Add(time.Second)
	if res := w.Scan(context.Background()); len(res) != 1 {
		t.Fatalf("future-dated file not read once stable: %+v", res)
	}
}
