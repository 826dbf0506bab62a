package inbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A file being ingested has a marker beside it, so that a process that
// dies on it leaves a trace and watchers sharing the folder leave it to
// its owner.

// markerBeat is how often the owner of a marker touches it; markerStale
// is how old a marker of another machine's process must be to count as
// left by a dead one.
const (
	markerBeat  = 30 * time.Second
	markerStale = 4 * markerBeat
)

// claim creates the marker of a file in progress, naming this host and
// process; fs.ErrExist when another watcher has the file. The marker is
// written under a temporary name and linked into place, so no one reads
// it half written.
func (w *Watcher) claim(marker string) error {
	tmp := fmt.Sprintf("%s.%d.%s.tmp", marker, os.Getpid(), randomHex())
	if err := os.WriteFile(tmp, fmt.Appendf(nil, "%s %d\n", w.Host, os.Getpid()), 0o644); err != nil {
		return err
	}
	defer os.Remove(tmp)
	return os.Link(tmp, marker)
}

// keepFresh touches the marker every markerBeat until stop is called.
func (w *Watcher) keepFresh(ctx context.Context, marker string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(markerBeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				now := time.Now()
				os.Chtimes(marker, now, now)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// ownerDead reports whether the process that wrote a marker is gone: on
// this machine, its process is not running; on another, the marker has
// not been touched for markerStale. A marker naming no owner (written by
// an older briefbot) is a dead process's.
func (w *Watcher) ownerDead(marker string) bool {
	b, err := os.ReadFile(marker)
	if err != nil {
		return false
	}
	host, pidText, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	pid, perr := strconv.Atoi(pidText)
	if !ok || perr != nil {
		return true
	}
	if host == w.Host {
		return !processAlive(pid) // this process's own are alive
	}
	info, err := os.Stat(marker)
	return err == nil && time.Since(info.ModTime()) > markerStale
}

// recoverDied moves each file a dead process was ingesting (its marker is
// still there, among the folder's entries) to failed/, with DiedReason.
func (w *Watcher) recoverDied(entries []os.DirEntry) []Result {
	var out []Result
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), markerPrefix)
		if !ok || e.IsDir() || strings.HasSuffix(name, ".tmp") {
			continue // not a marker, or one being written (claim)
		}
		marker := filepath.Join(w.Dir, e.Name())
		if !w.ownerDead(marker) {
			continue // still being ingested, here or on another machine
		}
		if _, err := os.Lstat(filepath.Join(w.Dir, name)); err != nil {
			os.Remove(marker) // moved before the process died
			continue
		}
		r := Result{Name: name, Err: fmt.Errorf("inbox: %s: %s", name, DiedReason)}
		moved, merr := w.move(name, FailedDir, ReasonExt, DiedReason+"\n")
		if merr != nil {
			w.Logger.Error("inbox file left by a dead process could not be moved", "file", name, "err", merr)
			continue // the marker stays: it is not tried again
		}
		os.Remove(marker)
		r.Moved = moved
		w.Logger.Warn("inbox file was being ingested when the process died; not tried again", "file", name, "moved", moved)
		out = append(out, r)
		if w.OnFile != nil {
			w.OnFile(r)
		}
	}
	return out
}
