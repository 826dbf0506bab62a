package inbox

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
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
		note, err := os.ReadFile(filepath.Join(dir, "failed", r.Name+ReasonExt))
		if err != nil || !strings.Contains(string(note), r.Name) {
			t.Errorf("%s: note %q, %v", r.Name, note, err)
		}
	}
}

// TestWatcherSinkFailureKeepsFile: a file the index refuses stays and is
// tried again after a pause, not at every scan.
func TestWatcherSinkFailureKeepsFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "batch.jsonl"), jsonl)
	sink := sinktest.New()
	sink.Fail(errors.New("index busy"))
	now := later()
	w := &Watcher{Dir: dir, Sink: sink, Now: func() time.Time { return now }}
	res := w.Scan(context.Background())
	if len(res) != 1 || res[0].Err == nil || res[0].Moved != "" || !exists(filepath.Join(dir, "batch.jsonl")) {
		t.Fatalf("failed store: %+v", res)
	}
	sink.Fail(nil)
	if res = w.Scan(context.Background()); len(res) != 0 {
		t.Fatalf("tried again at once: %+v", res)
	}
	now = now.Add(time.Minute)
	res = w.Scan(context.Background())
	if len(res) != 1 || res[0].Err != nil || res[0].Docs != 2 {
		t.Fatalf("retry: %+v", res)
	}
}

// TestWatcherSinkFailureGivesUp: a file the index keeps refusing goes to
// failed/ after MaxAttempts tries, with waits that grow between them.
func TestWatcherSinkFailureGivesUp(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "batch.jsonl"), jsonl)
	sink := sinktest.New()
	sink.Fail(errors.New("document rejected"))
	now := later()
	w := &Watcher{Dir: dir, Sink: sink, MaxAttempts: 3, Now: func() time.Time { return now }}
	var tries []time.Duration
	start := now
	for i := 0; i < 100 && len(tries) < 3; i++ {
		if res := w.Scan(context.Background()); len(res) == 1 {
			tries = append(tries, now.Sub(start))
			if len(tries) == 3 && res[0].Moved != filepath.Join("failed", "batch.jsonl") {
				t.Fatalf("last try: %+v", res[0])
			}
		}
		now = now.Add(30 * time.Second)
	}
	if fmt.Sprint(tries) != "[0s 1m0s 3m0s]" {
		t.Errorf("tried at %v", tries)
	}
	note, err := os.ReadFile(filepath.Join(dir, "failed", "batch.jsonl"+ReasonExt))
	if err != nil || !strings.Contains(string(note), "the index refused it 3 times; last error: document rejected") {
		t.Errorf("reason %q, %v", note, err)
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

// TestWatcherCrashMidIngest kills a process while its watcher ingests a
// file: the file was marked in progress, so the next start moves it to
// failed/ with a reason instead of ingesting it (and dying) again.
func TestWatcherCrashMidIngest(t *testing.T) {
	if dir := os.Getenv("INBOX_CRASH_DIR"); dir != "" {
		// The child: dies in the middle of handing documents over.
		w := &Watcher{Dir: dir, Sink: crashSink{}, Now: later}
		w.Scan(context.Background())
		t.Fatal("the sink did not end the process")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "bomb.jsonl"), jsonl)
	cmd := exec.Command(os.Args[0], "-test.run=^TestWatcherCrashMidIngest$")
	cmd.Env = append(os.Environ(), "INBOX_CRASH_DIR="+dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !exists(filepath.Join(dir, "bomb.jsonl")) {
		t.Fatal("the file left the inbox although its ingest never finished")
	}

	sink := sinktest.New()
	var logs strings.Builder
	w := &Watcher{Dir: dir, Sink: sink, Now: later, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	res := w.Scan(context.Background())
	if len(res) != 1 || res[0].Moved != filepath.Join(FailedDir, "bomb.jsonl") || res[0].Err == nil {
		t.Fatalf("after the crash: %+v", res)
	}
	if len(sink.IDs()) != 0 {
		t.Errorf("the file was ingested again: %v", sink.IDs())
	}
	reason, err := os.ReadFile(filepath.Join(dir, FailedDir, "bomb.jsonl"+ReasonExt))
	if err != nil || !strings.HasPrefix(string(reason), "ingest did not finish (the process died while ingesting it)") {
		t.Errorf("reason %q, %v", reason, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 || ents[0].Name() != FailedDir {
		t.Errorf("left in the inbox: %v", ents)
	}
	if !strings.Contains(logs.String(), "process died") {
		t.Errorf("not logged: %s", logs.String())
	}
	// Later scans do not touch it.
	if res := w.Scan(context.Background()); len(res) != 0 {
		t.Errorf("second scan: %+v", res)
	}
}

// crashSink ends the process as a crash would, without running defers.
type crashSink struct{}

func (crashSink) Add(context.Context, []corpus.Document) error {
	os.Exit(3)
	return nil
}

// TestWatcherMarkerOfMovedFile: a marker whose file is gone (the process
// died after moving it) is removed, and nothing fails.
func TestWatcherMarkerOfMovedFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, markerPrefix+"gone.jsonl"), "gone.jsonl")
	w := &Watcher{Dir: dir, Sink: sinktest.New(), Now: later}
	if res := w.Scan(context.Background()); len(res) != 0 {
		t.Errorf("results %+v", res)
	}
	if exists(filepath.Join(dir, markerPrefix+"gone.jsonl")) {
		t.Error("marker left")
	}
}

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestWatcherRemovesUnfinishedHandoffs: at start, hand-off files of killed
// writers go; one being written by a live process stays until it is a day
// old.
func TestWatcherRemovesUnfinishedHandoffs(t *testing.T) {
	dir := t.TempDir()
	dead := fmt.Sprintf(".handoff-%d-123.tmp", deadPID(t))
	legacy := ".handoff-4567.tmp"
	live := fmt.Sprintf(".handoff-%d-89.tmp", os.Getpid())
	for _, n := range []string{dead, legacy, live, ".other.tmp"} {
		write(t, filepath.Join(dir, n), `{"id":"half`)
	}
	now := time.Now()
	w := &Watcher{Dir: dir, Sink: sinktest.New(), Now: func() time.Time { return now }}
	w.Scan(context.Background())
	for n, want := range map[string]bool{dead: false, legacy: false, live: true, ".other.tmp": true} {
		if exists(filepath.Join(dir, n)) != want {
			t.Errorf("%s: exists %v, want %v", n, !want, want)
		}
	}
	now = now.Add(25 * time.Hour)
	w.Scan(context.Background())
	if exists(filepath.Join(dir, live)) {
		t.Error("a day-old hand-off file stays")
	}
}

// TestHandoffKilledLeavesNamedTemp: Handoff's temporary file names its
// writer, so the sweep can tell a live hand-off from a dead one.
func TestHandoffTempNamesWriter(t *testing.T) {
	n := handoffPrefix + strconv.Itoa(os.Getpid()) + "-42" + handoffSuffix
	if pid, ok := handoffPID(n); !ok || pid != os.Getpid() {
		t.Errorf("handoffPID(%q) = %d, %v", n, pid, ok)
	}
	for _, bad := range []string{".handoff-abc.tmp", ".handoff-.tmp", ".handoff--1-x.tmp"} {
		if pid, ok := handoffPID(bad); ok {
			t.Errorf("handoffPID(%q) = %d", bad, pid)
		}
	}
	if !processAlive(os.Getpid()) || processAlive(deadPID(t)) {
		t.Error("processAlive")
	}
}

// TestWatcherDoneRetention: files in done/ are deleted once older than the
// retention, counted from their ingest; a negative retention keeps them.
func TestWatcherDoneRetention(t *testing.T) {
	for _, c := range []struct {
		name      string
		retention time.Duration
		after     time.Duration
		kept      bool
	}{
		{"default, within", 0, 6 * 24 * time.Hour, true},
		{"default, past", 0, 7*24*time.Hour + time.Hour, false},
		{"one day, past", 24 * time.Hour, 25 * time.Hour, false},
		{"forever", -1, 1000 * 24 * time.Hour, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			// An old modification time must not count: the file is new to done/.
			write(t, filepath.Join(dir, "old.jsonl"), jsonl+"bad line\n")
			old := time.Now().Add(-30 * 24 * time.Hour)
			os.Chtimes(filepath.Join(dir, "old.jsonl"), old, old)
			now := time.Now()
			w := &Watcher{Dir: dir, Sink: sinktest.New(), DoneRetention: c.retention, Now: func() time.Time { return now }}
			if res := w.Scan(context.Background()); len(res) != 1 || res[0].Moved != filepath.Join(DoneDir, "old.jsonl") {
				t.Fatalf("ingest: %+v", res)
			}
			w.Scan(context.Background())
			for _, n := range []string{"old.jsonl", "old.jsonl" + WarnExt} {
				if !exists(filepath.Join(dir, DoneDir, n)) {
					t.Fatalf("%s deleted at once", n)
				}
			}
			now = now.Add(c.after)
			w.Scan(context.Background())
			for _, n := range []string{"old.jsonl", "old.jsonl" + WarnExt} {
				if got := exists(filepath.Join(dir, DoneDir, n)); got != c.kept {
					t.Errorf("%s kept %v, want %v", n, got, c.kept)
				}
			}
		})
	}
}

// batchSink records the size of each batch.
type batchSink struct{ sizes []int }

func (s *batchSink) Add(_ context.Context, docs []corpus.Document) error {
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	s.sizes = append(s.sizes, n)
	return nil
}

// TestWatcherLimits: the inbox reads within its limits: documents over the
// size limit are cut (noted in done/), batches are bounded by bytes, and a
// gzip of newlines fails at once with its reason.
func TestWatcherLimits(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, `{"id":"d%d","title":"D","text":%q}`+"\n", i, strings.Repeat("The tide rose over the quay. ", 1000))
	}
	write(t, filepath.Join(dir, "big.jsonl"), b.String())
	var nl bytes.Buffer
	zw := gzip.NewWriter(&nl)
	zw.Write(bytes.Repeat([]byte{'\n'}, 4<<20))
	zw.Close()
	write(t, filepath.Join(dir, "newlines.jsonl.gz"), nl.String())
	sink := &batchSink{}
	w := &Watcher{Dir: dir, Sink: sink, Now: later, BatchBytes: 24 << 10,
		Limits: corpus.Limits{MaxDocument: 10 << 10, MaxLine: 1 << 20}}
	res := w.Scan(context.Background())
	if len(res) != 2 {
		t.Fatalf("results %+v", res)
	}
	if r := res[0]; r.Docs != 12 || r.Moved != filepath.Join(DoneDir, "big.jsonl") || len(r.Warnings) != 12 || !r.Warnings[0].Cut {
		t.Errorf("big.jsonl: %+v", r)
	}
	for i, n := range sink.sizes {
		if n > 24<<10+10<<10 {
			t.Errorf("batch %d holds %d bytes", i, n)
		}
	}
	note, _ := os.ReadFile(filepath.Join(dir, DoneDir, "big.jsonl"+WarnExt))
	if !strings.Contains(string(note), "big.jsonl:1: document of 28.3 KB is longer than the limit of 10 KB") {
		t.Errorf("note %q", note)
	}
	if r := res[1]; r.Docs != 0 || r.Moved != filepath.Join(FailedDir, "newlines.jsonl.gz") {
		t.Errorf("newlines: %+v", r)
	}
	reason, _ := os.ReadFile(filepath.Join(dir, FailedDir, "newlines.jsonl.gz"+ReasonExt))
	if !strings.Contains(string(reason), "no documents in the file") || !strings.Contains(string(reason), "more than 1 MB of blank lines in a row from line 1 on") {
		t.Errorf("reason %q", reason)
	}
}

// TestWatchersShareAFolder: replicas on two machines watching one folder
// ingest each file once between them.
func TestWatchersShareAFolder(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 20; i++ {
		writeRename(t, dir, fmt.Sprintf("f%02d.jsonl", i), fmt.Sprintf(`{"id":"doc-%02d","title":"T","text":"Text number %d of the shared folder."}`+"\n", i, i))
	}
	sink := sinktest.New()
	a := &Watcher{Dir: dir, Sink: sink, Now: later, Host: "host-a"}
	b := &Watcher{Dir: dir, Sink: sink, Now: later, Host: "host-b"}
	done := make(chan []Result, 2)
	for _, w := range []*Watcher{a, b} {
		go func() { done <- w.Scan(context.Background()) }()
	}
	var handled int
	for range 2 {
		for _, r := range <-done {
			if r.Err != nil {
				t.Errorf("%s: %v", r.Name, r.Err)
			}
			handled++
		}
	}
	if got := ids(sink); len(got) != 20 || handled != 20 {
		t.Errorf("%d documents from %d files handled, want 20 once each: %v", len(got), handled, got)
	}
	if n, _ := os.ReadDir(filepath.Join(dir, DoneDir)); len(n) != 20 {
		t.Errorf("%d files in done/, want 20", len(n))
	}
}

// TestWatcherOtherMachinesMarker: a file another machine is ingesting is
// left to it while its marker is fresh, and goes to failed/ once the
// marker is stale (that process died).
func TestWatcherOtherMachinesMarker(t *testing.T) {
	dir := t.TempDir()
	writeRename(t, dir, "busy.jsonl", jsonl)
	marker := filepath.Join(dir, markerPrefix+"busy.jsonl")
	write(t, marker, "host-b 4242\n")
	sink := sinktest.New()
	w := &Watcher{Dir: dir, Sink: sink, Now: later, Host: "host-a"}
	if res := w.Scan(context.Background()); len(res) != 0 || len(ids(sink)) != 0 {
		t.Fatalf("a file another machine is ingesting was handled: %+v", res)
	}
	if !exists(filepath.Join(dir, "busy.jsonl")) || !exists(marker) {
		t.Fatal("file or marker moved")
	}
	old := time.Now().Add(-2 * markerStale)
	if err := os.Chtimes(marker, old, old); err != nil {
		t.Fatal(err)
	}
	res := w.Scan(context.Background())
	if len(res) != 1 || res[0].Moved != filepath.Join(FailedDir, "busy.jsonl") || len(ids(sink)) != 0 {
		t.Errorf("stale marker: results %+v, docs %v; want the file in failed/, not ingested", res, ids(sink))
	}
}
