package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// lockedError says another process holds the data dir.
type lockedError struct {
	dir    string
	holder string // "pid 123 (serve)" when known
	// noSocket says why serve's local socket could not be used, when the
	// holder is serve.
	noSocket error
}

func (e *lockedError) Error() string {
	s := fmt.Sprintf("data dir %s is in use by another briefbot process", e.dir)
	if e.holder != "" {
		s += " (" + e.holder + ")"
	}
	if e.noSocket != nil {
		s += ", and its local socket is unavailable: " + e.noSocket.Error()
	}
	return s + "; stop it or use another --data dir"
}

// byServe reports whether serve holds the data dir: it answers the CLI's
// read-only commands on its local socket.
func (e *lockedError) byServe() bool { return strings.HasSuffix(e.holder, "(serve)") }

// lockDataDir takes the data dir for this process, so two processes never
// write one index. The lock file records who holds it.
func (m *Main) lockDataDir() error {
	if err := os.MkdirAll(m.DataDir, 0o755); err != nil {
		return fmt.Errorf("create data dir %s: %w", m.DataDir, err)
	}
	path := filepath.Join(m.DataDir, "lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return &lockedError{dir: m.DataDir, holder: strings.TrimSpace(string(b))}
		}
		return fmt.Errorf("lock %s: %w", path, err)
	}
	f.Truncate(0)
	f.WriteAt([]byte("pid "+strconv.Itoa(os.Getpid())+" ("+m.command+")\n"), 0)
	m.onClose(func() error {
		f.Truncate(0)
		return f.Close() // closing releases the lock
	})
	return nil
}

// openIndex locks the data dir and opens its index. A new index starts out
// holding the embedded default corpus.
func (m *Main) openIndex(ctx context.Context) (*index.Index, error) {
	if err := m.lockDataDir(); err != nil {
		return nil, err
	}
	opts, err := m.indexOptions()
	if err != nil {
		return nil, err
	}
	// A bot must come back by itself; a person at a terminal is told what
	// happened and what to run.
	opts.RebuildUnreadable = m.command == "serve"
	opts.Answering = m.command == "ask" || m.command == "eval" || m.command == "serve" || m.command == "timeline"
	// Once per store: a removed default corpus does not come back.
	opts.Seed = func() ([]corpus.Document, error) {
		// The first run takes a moment; say what it is doing.
		fmt.Fprintf(m.Stderr, "briefbot: first run in %s: indexing the embedded default corpus (remove it with `briefbot remove --default`)\n", m.DataDir)
		return corpus.Default()
	}
	ix, err := index.Open(ctx, filepath.Join(m.DataDir, "index"), opts)
	if err != nil {
		return nil, err
	}
	m.onClose(ix.Close)
	m.warnLost(ix)
	return ix, nil
}

// indexOptions are the index's options from the flags and the
// configuration file (limits.max_passage_size, limits.mapped_index).
func (m *Main) indexOptions() (index.Options, error) {
	cfg, err := m.config()
	if err != nil {
		return index.Options{}, err
	}
	return index.Options{Logger: m.Logger, Now: m.Now, Recency: m.Recency, MaxPassage: cfg.Limits.MaxPassage, MappedLimit: cfg.MappedIndex}, nil
}

// warnLost tells the user about documents the index forgot because the
// store held no text to rebuild them from.
func (m *Main) warnLost(ix *index.Index) {
	if n := ix.Lost(); n > 0 {
		fmt.Fprintf(m.Stderr, "briefbot: %d documents ingested by an older briefbot could not be rebuilt (no stored text); ingest them again\n", n)
	}
}
