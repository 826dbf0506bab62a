package pgstate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/bot/state"
)

// Conversations is state.Conversations in the database: the events
// already handled, by any replica, and each thread's questions. Its
// methods are safe for concurrent use, by goroutines and by replicas.
type Conversations struct {
	s        *Store
	prunedAt atomic.Int64 // UnixNano of the last sweep
}

// pruneEvery spaces the sweeps of expired records, done by the writes.
const pruneEvery = 10 * time.Minute

// Conversations keeps conversations in the store's database.
func (s *Store) Conversations() (*Conversations, error) {
	return &Conversations{s: s}, nil
}

// Close does nothing: the conversations close with their Store.
func (c *Conversations) Close() error { return nil }

// errTaken rolls back a claim one of whose keys is already held.
var errTaken = errors.New("taken")

// Claim records keys as handled until now+keep. It reports false, and
// records nothing, when one of them is already recorded and not yet
// expired: whoever claimed it first, on any replica, handles it. Each
// key's upsert takes its row only if the row has expired; a claim racing
// another waits for it and then finds the row taken.
func (c *Conversations) Claim(ctx context.Context, now time.Time, keep time.Duration, keys ...string) (bool, error) {
	if len(keys) == 0 {
		return false, errors.New("pgstate: claim of no keys")
	}
	// Sorted and once each, so that claims of overlapping keys lock rows in
	// the same order and cannot deadlock.
	ks := slices.Compact(slices.Sorted(slices.Values(keys)))
	prune := c.pruneDue(now)
	err := c.s.tx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		for _, k := range ks {
			tag, err := tx.Exec(ctx, `INSERT INTO conversation_seen (key, expires) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires WHERE conversation_seen.expires <= $3`,
				k, now.Add(keep), now)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return errTaken
			}
		}
		if prune {
			return pruneAll(ctx, tx, now)
		}
		return nil
	})
	if errors.Is(err, errTaken) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pgstate: record handled %s: %w", strings.Join(keys, ", "), err)
	}
	return true, nil
}

// Thread returns the thread k; ok is false for a thread the bot has not
// answered in, or not within state.ThreadKeep of now.
func (c *Conversations) Thread(ctx context.Context, k state.ThreadKey, now time.Time) (th state.Thread, ok bool, err error) {
	ctx, cancel := c.s.op(ctx)
	defer cancel()
	err = c.s.pool.QueryRow(ctx, "SELECT body FROM conversation_threads WHERE platform = $1 AND channel = $2 AND thread = $3",
		k.Platform, k.Channel, k.Thread).Scan(&th)
	if errors.Is(err, pgx.ErrNoRows) {
		return state.Thread{}, false, nil
	}
	if err != nil {
		return state.Thread{}, false, fmt.Errorf("pgstate: thread %s/%s/%s: %w", k.Platform, k.Channel, k.Thread, err)
	}
	if now.Sub(th.Updated) >= state.ThreadKeep {
		return state.Thread{}, false, nil
	}
	return th, true, nil
}

// AddTurn records t as the thread's latest question, keeping the last
// state.MaxTurns, and links each of messages (the bot's replies) to the
// thread, so that a reply to one of them continues it.
func (c *Conversations) AddTurn(ctx context.Context, k state.ThreadKey, t state.Turn, messages ...string) error {
	prune := c.pruneDue(t.At)
	err := c.s.tx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		// The row is made if missing, then locked: two replicas answering
		// in one thread append in turn, neither losing the other's turn.
		if _, err := tx.Exec(ctx, `INSERT INTO conversation_threads (platform, channel, thread, updated, body)
			VALUES ($1, $2, $3, $4, '{"turns":[]}') ON CONFLICT DO NOTHING`, k.Platform, k.Channel, k.Thread, t.At); err != nil {
			return err
		}
		var th state.Thread
		if err := tx.QueryRow(ctx, "SELECT body FROM conversation_threads WHERE platform = $1 AND channel = $2 AND thread = $3 FOR UPDATE",
			k.Platform, k.Channel, k.Thread).Scan(&th); err != nil {
			th = state.Thread{} // an unreadable record starts afresh
		}
		th.Add(t)
		if _, err := tx.Exec(ctx, "UPDATE conversation_threads SET body = $4, updated = $5 WHERE platform = $1 AND channel = $2 AND thread = $3",
			k.Platform, k.Channel, k.Thread, th, th.Updated); err != nil {
			return err
		}
		for _, m := range messages {
			if m == "" {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO conversation_links (platform, channel, message, thread, at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (platform, channel, message) DO UPDATE SET thread = EXCLUDED.thread, at = EXCLUDED.at`,
				k.Platform, k.Channel, m, k.Thread, t.At); err != nil {
				return err
			}
		}
		if prune {
			return pruneAll(ctx, tx, t.At)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("pgstate: record question in thread %s/%s/%s: %w", k.Platform, k.Channel, k.Thread, err)
	}
	return nil
}

// Resolve returns the thread that message, one of the bot's replies,
// belongs to; ok is false for a message AddTurn never linked, or not
// within state.ThreadKeep of now.
func (c *Conversations) Resolve(ctx context.Context, platform, channel, message string, now time.Time) (k state.ThreadKey, ok bool, err error) {
	ctx, cancel := c.s.op(ctx)
	defer cancel()
	var thread string
	var at time.Time
	err = c.s.pool.QueryRow(ctx, "SELECT thread, at FROM conversation_links WHERE platform = $1 AND channel = $2 AND message = $3",
		platform, channel, message).Scan(&thread, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return state.ThreadKey{}, false, nil
	}
	if err != nil {
		return state.ThreadKey{}, false, fmt.Errorf("pgstate: thread of message %s/%s/%s: %w", platform, channel, message, err)
	}
	return state.ThreadKey{Platform: platform, Channel: channel, Thread: thread}, now.Sub(at) < state.ThreadKeep, nil
}

// pruneDue reports whether a write at now should also sweep expired
// records, and if so notes that it will: of writes racing, one sweeps.
func (c *Conversations) pruneDue(now time.Time) bool {
	last := c.prunedAt.Load()
	return now.UnixNano()-last >= int64(pruneEvery) && c.prunedAt.CompareAndSwap(last, now.UnixNano())
}

// pruneAll deletes expired handled keys, threads and links.
func pruneAll(ctx context.Context, tx pgx.Tx, now time.Time) error {
	old := now.Add(-state.ThreadKeep)
	for _, q := range []struct {
		sql string
		arg time.Time
	}{
		{"DELETE FROM conversation_seen WHERE expires <= $1", now},
		{"DELETE FROM conversation_threads WHERE updated <= $1", old},
		{"DELETE FROM conversation_links WHERE at <= $1", old},
	} {
		if _, err := tx.Exec(ctx, q.sql, q.arg); err != nil {
			return err
		}
	}
	return nil
}
