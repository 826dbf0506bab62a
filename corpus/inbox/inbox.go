package inbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/briefbot/briefbot/corpus"
)

// Sub-folders files are moved to once handled.
const (
	DoneDir   = "done"
	FailedDir = "failed"
)

// Sink takes loaded documents (index.Index through a small adapter).
type Sink interface {
	Add(ctx context.Context, docs []corpus.Document) error
}

// Result is what happened to one file.
type Result struct {
	Name string // file name in the inbox
	Docs int    // documents handed to the sink
	// Err is why the file failed; nil when it was ingested.
	Err error
	// Moved is where the file went: done/NAME or failed/NAME; "" when it
	// stays to be tried again (the sink failed, or ctx ended).
	Moved    string
	Warnings []corpus.Warning
}

// Watcher ingests files dropped into Dir.
type Watcher struct {
	Dir    string
	Sink   Sink
	Logger *slog.Logger
	// Debounce is how long a file must be quiet before it is read; 0
	// means 500ms.
	Debounce time.Duration
	// Rescan is how often the folder is scanned even without events, in
	// case some were missed or the sink failed; 0 means a minute.
	Rescan time.Duration
	// Batch is how many documents go to the sink at once; 0 means 500.
	Batch int
	Now   func() time.Time
	// OnFile, when set, is told about each file handled.
	OnFile func(Result)

	mu    sync.Mutex
	marks map[string]fileMark // recently written files, as last seen
}

// fileMark is how a file looked at a scan. A recently written file is read
// only once it looked the same on two scans a debounce apart: a writer that
// pauses mid-file is not mistaken for one that has finished.
type fileMark struct {
	size int64
	mod  time.Time
	at   time.Time
}

// settled is how old a file must be to be read without a second look (files
// left while serve was down).
func (w *Watcher) settled() time.Duration { return 10 * w.Debounce }

func (w *Watcher) defaults() {
	if w.Debounce <= 0 {
		w.Debounce = 500 * time.Millisecond
	}
	if w.Rescan <= 0 {
		w.Rescan = time.Minute
	}
	if w.Batch <= 0 {
		w.Batch = 500
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Logger == nil {
		w.Logger = slog.New(slog.DiscardHandler)
	}
}

// Eligible reports whether a file name in the inbox is to be ingested:
// not a dotfile, not a temporary or partial download, not a note.
func Eligible(name string) bool {
	if name == "" || name[0] == '.' || strings.HasSuffix(name, "~") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tmp", ".part", ".partial", ".crdownload", ".swp", ".err", ".warn":
		return false
	}
	return true
}

// Run scans the folder at once (files left while serve was down), then
// watches it until ctx ends.
func (w *Watcher) Run(ctx context.Context) error {
	w.defaults()
	if err := os.MkdirAll(w.Dir, 0o755); err != nil {
		return fmt.Errorf("inbox: %w", err)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("inbox: watch %s: %w", w.Dir, err)
	}
	defer fw.Close()
	if err := fw.Add(w.Dir); err != nil {
		return fmt.Errorf("inbox: watch %s: %w", w.Dir, err)
	}
	w.Logger.Info("watching inbox", "dir", w.Dir)

	dir := filepath.Clean(w.Dir)
	timer := time.NewTimer(0) // the start-up scan
	defer timer.Stop()
	rescan := time.NewTicker(w.Rescan)
	defer rescan.Stop()
	scan := func() {
		if _, pending := w.scan(ctx); pending {
			timer.Reset(w.Debounce)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if filepath.Dir(ev.Name) == dir && Eligible(filepath.Base(ev.Name)) && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Chmod) {
				timer.Reset(w.Debounce)
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events; the rescan picks the files up.
			w.Logger.Warn("inbox watch error", "dir", w.Dir, "err", err)
			timer.Reset(w.Debounce)
		case <-timer.C:
			scan()
		case <-rescan.C:
			scan()
		}
	}
}

// Scan ingests every file in the folder that is ready now and reports
// each; files written to within the debounce period are left for later.
func (w *Watcher) Scan(ctx context.Context) []Result {
	w.defaults()
	res, _ := w.scan(ctx)
	return res
}

func (w *Watcher) scan(ctx context.Context) (results []Result, pending bool) {
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		w.Logger.Warn("inbox unreadable", "dir", w.Dir, "err", err)
		return nil, false
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	w.mu.Lock()
	defer w.mu.Unlock()
	prev := w.marks
	w.marks = map[string]fileMark{}
	for _, e := range entries {
		if ctx.Err() != nil {
			return results, false
		}
		if !e.Type().IsRegular() || !Eligible(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone since listing
		}
		now := w.Now()
		// A modification time in the future (clock skew, copies keeping
		// times) counts as just written.
		if age := now.Sub(info.ModTime()); age < w.settled() {
			m, ok := prev[e.Name()]
			if !ok || m.size != info.Size() || !m.mod.Equal(info.ModTime()) {
				m = fileMark{size: info.Size(), mod: info.ModTime(), at: now}
			}
			if !ok || now.Sub(m.at) < w.Debounce {
				w.marks[e.Name()] = m
				pending = true
				continue
			}
		}
		r := w.ingest(ctx, e.Name())
		results = append(results, r)
		if w.OnFile != nil {
			w.OnFile(r)
		}
	}
	return results, pending
}

// ingest loads one file, hands its documents over and moves it.
func (w *Watcher) ingest(ctx context.Context, name string) Result {
	path := filepath.Join(w.Dir, name)
	r := Result{Name: name}
	log := w.Logger.With("file", path)
	var batch []corpus.Document
	var sinkErr error
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := w.Sink.Add(ctx, batch); err != nil {
			sinkErr = err
			return err
		}
		r.Docs += len(batch)
		batch = batch[:0]
		return nil
	}
	err := corpus.Load(ctx, []string{path}, func(d corpus.Document) error {
		batch = append(batch, d)
		if len(batch) >= w.Batch {
			return flush()
		}
		return nil
	}, func(wn corpus.Warning) { r.Warnings = append(r.Warnings, wn) })
	if err == nil {
		err = flush()
	}
	switch {
	case sinkErr != nil || ctx.Err() != nil:
		// Not the file's fault: leave it for the next scan.
		if sinkErr == nil {
			sinkErr = ctx.Err()
		}
		r.Err = fmt.Errorf("inbox: %s: store: %w", name, sinkErr)
		log.Warn("inbox file not stored; will retry", "err", sinkErr)
		return r
	case err != nil:
		r.Err = fmt.Errorf("inbox: %s: %w", name, err)
	case r.Docs == 0:
		r.Err = fmt.Errorf("inbox: %s: no documents in the file", name)
	}
	for _, wn := range r.Warnings {
		log.Warn("inbox file: skipped part", "warning", wn.String())
	}
	if r.Err != nil {
		moved, merr := w.move(name, FailedDir, ".err", noteText(r.Err, r.Warnings))
		if merr != nil {
			log.Error("inbox file failed and could not be moved", "err", r.Err, "move_err", merr)
		}
		r.Moved = moved
		log.Warn("inbox file failed", "err", r.Err, "moved", moved)
		return r
	}
	note := ""
	if len(r.Warnings) > 0 {
		note = noteText(nil, r.Warnings)
	}
	moved, merr := w.move(name, DoneDir, ".warn", note)
	if merr != nil {
		log.Error("inbox file ingested but could not be moved", "err", merr)
	}
	r.Moved = moved
	log.Info("inbox file ingested", "docs", r.Docs, "skipped", len(r.Warnings))
	return r
}

func noteText(err error, warnings []corpus.Warning) string {
	var b strings.Builder
	if err != nil {
		b.WriteString(err.Error())
		b.WriteByte('\n')
	}
	for _, w := range warnings {
		b.WriteString(w.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// move renames the file into sub/, under a name not taken yet, and writes
// note (when not empty) next to it with the suffix noteExt.
func (w *Watcher) move(name, sub, noteExt, note string) (string, error) {
	dst := filepath.Join(w.Dir, sub)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return "", err
	}
	target := name
	for i := 1; ; i++ {
		if _, err := os.Lstat(filepath.Join(dst, target)); errors.Is(err, os.ErrNotExist) {
			break
		}
		target = numbered(name, i)
	}
	if err := os.Rename(filepath.Join(w.Dir, name), filepath.Join(dst, target)); err != nil {
		return "", err
	}
	if note != "" {
		if err := os.WriteFile(filepath.Join(dst, target+noteExt), []byte(note), 0o644); err != nil {
			return filepath.Join(sub, target), err
		}
	}
	return filepath.Join(sub, target), nil
}

// numbered puts n before the file's extensions: a.jsonl.gz → a-1.jsonl.gz.
func numbered(name string, n int) string {
	base, ext := name, ""
	if i := strings.IndexByte(name, '.'); i > 0 {
		base, ext = name[:i], name[i:]
	}
	return base + "-" + strconv.Itoa(n) + ext
}

// record is one line of a handoff file, in the shape corpus.Load reads.
type record struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Authors   []string  `json:"authors,omitempty"`
	Text      string    `json:"text"`
}

// Handoff writes docs into the inbox dir as one JSONL file, atomically
// (a dotfile renamed into place), and returns its path. A watcher picks it
// up within seconds.
func Handoff(dir string, docs []corpus.Document) (string, error) {
	if len(docs) == 0 {
		return "", errors.New("inbox: handoff: no documents")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	var rnd [4]byte
	rand.Read(rnd[:])
	name := "ingest-" + time.Now().UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(rnd[:]) + ".jsonl"
	tmp, err := os.CreateTemp(dir, ".handoff-*.tmp")
	if err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	enc := json.NewEncoder(tmp)
	enc.SetEscapeHTML(false)
	for _, d := range docs {
		if err := enc.Encode(record{ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source, Published: d.Published, Authors: d.Authors, Text: d.Text}); err != nil {
			tmp.Close()
			return "", fmt.Errorf("inbox: handoff: %w", err)
		}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	path := filepath.Join(dir, name)
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("inbox: handoff: %w", err)
	}
	return path, nil
}
