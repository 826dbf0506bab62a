package inbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/briefbot/briefbot/corpus"
)

// Sub-folders files are moved to once handled.
const (
	DoneDir   = "done"
	FailedDir = "failed"
)

// ReasonExt ends the note beside a file in failed/ that says why it failed;
// WarnExt the note beside a file in done/ that lists what was skipped or cut.
const (
	ReasonExt = ".reason"
	WarnExt   = ".warn"
)

// Defaults of the Watcher's settings.
const (
	DefaultDoneRetention = 7 * 24 * time.Hour
	DefaultBatchBytes    = 2 << 20
	DefaultMaxAttempts   = 5
)

// DiedReason is the reason given for a file that was being ingested when
// the process died: it is not tried again, lest it kill the process again.
const DiedReason = "ingest did not finish (the process died while ingesting it); move the file back into the inbox to try again"

// Names of the watcher's own files in the inbox: a marker for the file
// being ingested, and the temporary files of Handoff.
const (
	markerPrefix  = ".ingesting-"
	handoffPrefix = ".handoff-"
	handoffSuffix = ".tmp"
)

// Housekeeping runs at the first scan and then at most this often: done/
// is pruned and stale hand-off files removed. A hand-off file not written
// for staleHandoff has lost its writer.
const (
	sweepEvery   = time.Hour
	staleHandoff = time.Hour
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
	// BatchBytes bounds the text of one batch; 0 means DefaultBatchBytes.
	// The index holds many times a batch's text while it indexes it.
	BatchBytes int
	// Limits bound each file (corpus.LoadWith); zero fields take the
	// defaults.
	Limits corpus.Limits
	// DoneRetention is how long files stay in done/ (counted from when
	// they were ingested); 0 means DefaultDoneRetention, negative forever.
	DoneRetention time.Duration
	// MaxAttempts is how many times a file the sink refuses is tried
	// (with growing pauses) before it goes to failed/; 0 means
	// DefaultMaxAttempts.
	MaxAttempts int
	Now         func() time.Time
	// OnFile, when set, is told about each file handled.
	OnFile func(Result)
	// Host names this machine in the markers of files in progress, so
	// that watchers on several machines can share one folder; "" means
	// os.Hostname.
	Host string

	mu      sync.Mutex
	marks   map[string]fileMark // recently written files, as last seen
	retries map[string]retry    // files the sink refused, by name
	swept   time.Time           // the last housekeeping; zero before the first scan
}

// retry is a file the sink refused: how often, and when to try again.
type retry struct {
	attempts int
	next     time.Time
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
	if w.BatchBytes <= 0 {
		w.BatchBytes = DefaultBatchBytes
	}
	if w.DoneRetention == 0 {
		w.DoneRetention = DefaultDoneRetention
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = DefaultMaxAttempts
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Logger == nil {
		w.Logger = slog.New(slog.DiscardHandler)
	}
	if w.Host == "" {
		w.Host, _ = os.Hostname()
	}
}

// Eligible reports whether a file name in the inbox is to be ingested:
// not a dotfile, not a temporary or partial download, not a note.
func Eligible(name string) bool {
	if name == "" || name[0] == '.' || strings.HasSuffix(name, "~") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tmp", ".part", ".partial", ".crdownload", ".swp", ".err", WarnExt, ReasonExt:
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
	w.mu.Lock()
	defer w.mu.Unlock()
	entries, err := os.ReadDir(w.Dir)
	if err != nil {
		w.Logger.Warn("inbox unreadable", "dir", w.Dir, "err", err)
		return results, false
	}
	// Before anything is read: a file a dead process was ingesting must
	// not be tried again. Checked at every scan, since the process may
	// have run on another machine sharing the folder. Files it moves, and
	// the sweep deletes, drop out of entries below (gone since listing).
	results = append(results, w.recoverDied(entries)...)
	if now := w.Now(); w.swept.IsZero() || now.Sub(w.swept) >= sweepEvery {
		w.sweep(entries, now, w.swept.IsZero())
		w.swept = now
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
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
		if rt, ok := w.retries[e.Name()]; ok && now.Before(rt.next) {
			continue // the rescan tries it again in time
		}
		r, mine := w.ingest(ctx, e.Name())
		if !mine {
			continue // another watcher sharing the folder has it
		}
		results = append(results, r)
		if w.OnFile != nil {
			w.OnFile(r)
		}
	}
	return results, pending
}

// ingest loads one file, hands its documents over and moves it. A marker
// says the file is being ingested until it is moved or left to retry: a
// process that dies meanwhile leaves the marker, and the next start moves
// the file to failed/.
//
// The marker is created only if it does not exist: of several watchers
// sharing the folder (replicas), one ingests the file and the others
// (mine false) leave it. Its owner touches it while working, so that a
// watcher on another machine can tell a dead owner's marker by its age.
func (w *Watcher) ingest(ctx context.Context, name string) (r Result, mine bool) {
	path := filepath.Join(w.Dir, name)
	r = Result{Name: name}
	log := w.Logger.With("file", path)
	marker := filepath.Join(w.Dir, markerPrefix+name)
	switch err := w.claim(marker); {
	case errors.Is(err, fs.ErrExist):
		return r, false
	case err != nil:
		// Without a marker a crash would bring the file back at start;
		// ingesting it all the same is better than not at all.
		log.Warn("inbox: cannot mark the file in progress", "err", err)
	default:
		defer os.Remove(marker)
		// Another watcher may have ingested and moved it since the
		// folder was listed.
		if _, err := os.Lstat(path); err != nil {
			return r, false
		}
		stop := w.keepFresh(ctx, marker)
		defer stop()
	}
	return w.ingestClaimed(ctx, name, path, log), true
}

// ingestClaimed is ingest once the file is this watcher's.
func (w *Watcher) ingestClaimed(ctx context.Context, name, path string, log *slog.Logger) Result {
	r := Result{Name: name}
	var batch []corpus.Document
	size := 0
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
		// A new slice, not batch[:0]: the sink may keep the documents.
		batch, size = nil, 0
		return nil
	}
	err := corpus.LoadWith(ctx, []string{path}, w.Limits, func(d corpus.Document) error {
		batch = append(batch, d)
		size += len(d.Text)
		if len(batch) >= w.Batch || size >= w.BatchBytes {
			return flush()
		}
		return nil
	}, func(wn corpus.Warning) { r.Warnings = append(r.Warnings, wn) })
	if err == nil {
		err = flush()
	}
	switch {
	case ctx.Err() != nil:
		// Stopping: not the file's fault; the next start reads it again.
		r.Err = fmt.Errorf("inbox: %s: %w", name, ctx.Err())
		log.Info("inbox file left for the next start", "err", ctx.Err())
		return r
	case sinkErr != nil:
		rt := w.retries[name]
		rt.attempts++
		if rt.attempts < w.MaxAttempts {
			// Not the file's fault, as far as can be told: try again
			// later, waiting longer each time.
			rt.next = w.Now().Add(w.Rescan << (rt.attempts - 1))
			if w.retries == nil {
				w.retries = map[string]retry{}
			}
			w.retries[name] = rt
			r.Err = fmt.Errorf("inbox: %s: store: %w", name, sinkErr)
			log.Warn("inbox file not stored; will retry", "err", sinkErr, "attempt", rt.attempts, "retry_at", rt.next)
			return r
		}
		r.Err = fmt.Errorf("inbox: %s: the index refused it %d times; last error: %w", name, rt.attempts, sinkErr)
	case err != nil:
		r.Err = fmt.Errorf("inbox: %s: %w", name, err)
	case r.Docs == 0:
		r.Err = fmt.Errorf("inbox: %s: no documents in the file", name)
	}
	delete(w.retries, name)
	skipped := 0
	for _, wn := range r.Warnings {
		if wn.Cut {
			log.Warn("inbox file: document cut", "warning", wn.String())
			continue
		}
		if wn.Kept {
			log.Warn("inbox file: metadata dropped", "warning", wn.String())
			continue
		}
		skipped++
		log.Warn("inbox file: skipped part", "warning", wn.String())
	}
	if r.Err != nil {
		moved, merr := w.move(name, FailedDir, ReasonExt, noteText(r.Err, r.Warnings))
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
	moved, merr := w.move(name, DoneDir, WarnExt, note)
	if merr != nil {
		log.Error("inbox file ingested but could not be moved", "err", merr)
	}
	r.Moved = moved
	log.Info("inbox file ingested", "docs", r.Docs, "skipped", skipped, "cut", len(r.Warnings)-skipped)
	return r
}

// sweep deletes files older than the retention from done/, and the
// temporary files of hand-offs that will never finish: those whose writer
// is no longer running (at start at once, later once not written for an
// hour), and any not written for a day. entries is the inbox's listing.
func (w *Watcher) sweep(entries []os.DirEntry, now time.Time, start bool) {
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, handoffPrefix) || !strings.HasSuffix(n, handoffSuffix) || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		pid, hasPID := handoffPID(n)
		alive := hasPID && processAlive(pid)
		age := now.Sub(info.ModTime())
		// A hand-off writes a batch in seconds: a day-old file whose
		// writer seems alive has a pid that was reused.
		if (!alive && (start || age >= staleHandoff)) || age >= 24*time.Hour {
			if err := os.Remove(filepath.Join(w.Dir, n)); err == nil {
				w.Logger.Info("inbox: removed an unfinished hand-off", "file", n)
			}
		}
	}
	if w.DoneRetention < 0 {
		return
	}
	done := filepath.Join(w.Dir, DoneDir)
	entries, err := os.ReadDir(done)
	if err != nil {
		return
	}
	removed := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < w.DoneRetention {
			continue
		}
		if os.Remove(filepath.Join(done, e.Name())) == nil {
			removed++
		}
	}
	if removed > 0 {
		w.Logger.Info("inbox: removed ingested files past their retention", "dir", done, "files", removed, "retention", w.DoneRetention)
	}
}

// handoffPID reads the writer's process id from a hand-off file's name,
// ".handoff-PID-RANDOM.tmp".
func handoffPID(name string) (int, bool) {
	rest := strings.TrimPrefix(name, handoffPrefix)
	p, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(p)
	return pid, err == nil && pid > 0
}

// processAlive reports whether a process with this id is running.
func processAlive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	proc, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = proc.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EPERM)
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
// note (when not empty) next to it with the suffix noteExt. The file's
// modification time becomes now, so done/'s retention counts from the
// ingest.
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
	now := w.Now()
	os.Chtimes(filepath.Join(dst, target), now, now)
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
