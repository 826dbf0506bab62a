package docsync

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// Index is what the follower applies the journal to; *index.Index is one.
type Index interface {
	ApplyAt(ctx context.Context, docs []corpus.Document, seen map[string]time.Time) (index.AddStats, error)
	ApplyRemoval(ctx context.Context, ids []string) ([]string, error)
	JournalSeq() (int64, error)
	SetJournalSeq(seq int64) error
}

// Journal is what the follower reads; *pgstate.Documents is one.
type Journal interface {
	Since(ctx context.Context, seq int64, limit int) ([]pgstate.Change, error)
	Head(ctx context.Context) (int64, error)
	Notifications(ctx context.Context, log *slog.Logger) <-chan struct{}
}

// Follower applies the journal to the index.
type Follower struct {
	Journal Journal
	Index   Index
	// Interval is the longest wait between two looks at the journal
	// (DefaultInterval when 0); a notification cuts it short.
	Interval time.Duration
	Logger   *slog.Logger

	// live is the journal's head when the follower first looked: entries
	// up to it were made before this process followed live, and a
	// document new to the index among them keeps the journal's first-seen
	// time (index.ApplyAt). 0 until known.
	live     int64
	liveRead bool
	// caughtUp is set once Run has applied the journal to its end.
	caughtUp atomic.Bool
}

// CaughtUp reports whether Run has once applied the whole journal: until
// then the index lacks documents the other replicas have.
func (f *Follower) CaughtUp() bool { return f.caughtUp.Load() }

// Behind is how far the index is behind the journal, in sequence numbers
// (which have gaps): 0 when it has applied everything.
func (f *Follower) Behind(ctx context.Context) (int64, error) {
	head, err := f.Journal.Head(ctx)
	if err != nil {
		return 0, err
	}
	seq, err := f.Index.JournalSeq()
	if err != nil {
		return 0, err
	}
	return max(head-seq, 0), nil
}

// DefaultInterval bounds how stale a replica is when notifications are
// lost.
const DefaultInterval = 2 * time.Second

// batch is how many journal entries are applied at a time.
const batch = 200

// Run follows the journal until ctx ends. A failure (the database gone)
// is logged and retried: the index keeps answering from what it has.
func (f *Follower) Run(ctx context.Context) {
	log := f.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	every := f.Interval
	if every <= 0 {
		every = DefaultInterval
	}
	notes := f.Journal.Notifications(ctx, log)
	failing := false
	for {
		n, err := f.CatchUp(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && !failing:
			log.Warn("shared documents unavailable; answering from this replica's index until they return", "err", err)
			failing = true
		case err == nil && failing:
			log.Info("shared documents available again")
			failing = false
		}
		if err == nil && !f.caughtUp.Load() {
			f.caughtUp.Store(true)
			log.Info("caught up with the shared documents", "changes", n)
		}
		if n > 0 {
			log.Info("shared documents applied", "changes", n)
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-notes:
		case <-t.C:
		}
		t.Stop()
	}
}

// CatchUp applies every journal entry after the index's position and
// returns how many it applied. It is not safe for concurrent use; Run
// calls it from one goroutine.
func (f *Follower) CatchUp(ctx context.Context) (int, error) {
	seq, err := f.Index.JournalSeq()
	if err != nil {
		return 0, err
	}
	if !f.liveRead {
		if f.live, err = f.Journal.Head(ctx); err != nil {
			return 0, err
		}
		f.liveRead = true
	}
	total := 0
	for {
		changes, err := f.Journal.Since(ctx, seq, batch)
		if err != nil || len(changes) == 0 {
			return total, err
		}
		// The journal holds each document once, as last changed, so the
		// adds and removals of one batch touch different documents and
		// may be applied in either order.
		var docs []corpus.Document
		var gone []string
		seen := map[string]time.Time{}
		for _, c := range changes {
			switch {
			case c.Removed:
				gone = append(gone, c.ID)
			default:
				docs = append(docs, c.Doc)
				if c.Seq <= f.live {
					seen[c.ID] = c.FirstSeen
				}
			}
		}
		if len(docs) > 0 {
			if _, err := f.Index.ApplyAt(ctx, docs, seen); err != nil {
				return total, err
			}
		}
		if len(gone) > 0 {
			if _, err := f.Index.ApplyRemoval(ctx, gone); err != nil {
				return total, err
			}
		}
		seq = changes[len(changes)-1].Seq
		if err := f.Index.SetJournalSeq(seq); err != nil {
			return total, err
		}
		total += len(changes)
	}
}
