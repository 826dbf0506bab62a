package state

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Conversations remembers what chat conversations need across restarts:
// the events and messages already handled, so that a redelivered one is
// never answered twice, and each thread's questions with the documents
// cited for them, the context of follow-ups. Its methods are safe for
// concurrent use.
type Conversations struct {
	db    *bolt.DB
	close func() error // closes the file when Conversations owns it

	mu       sync.Mutex
	prunedAt time.Time
}

var (
	bSeen    = []byte("conversation_seen")
	bThreads = []byte("conversation_threads")
	bLinks   = []byte("conversation_links")
)

// How long conversations are remembered. A thread is kept ThreadKeep after
// its last answer, so that the bot still knows it is part of the thread
// (context comes only from recent questions; see bot/thread); the links of
// its messages as long. At most MaxTurns questions are kept a thread.
const (
	ThreadKeep = 30 * 24 * time.Hour
	MaxTurns   = 10
	// pruneEvery spaces the sweeps of expired records, done by the writes.
	pruneEvery = 10 * time.Minute
)

// Conversations keeps conversations in the state file itself.
func (s *Store) Conversations() (*Conversations, error) {
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bSeen, bThreads, bLinks} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("state: conversations in %s: %w", s.path, err)
	}
	return &Conversations{db: s.db}, nil
}

// OpenConversations opens or creates a state file at path holding only
// conversations, for a process that keeps them apart from state.db.
// Close closes it.
func OpenConversations(path string) (*Conversations, error) {
	s, err := Open(path)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations()
	if err != nil {
		s.Close()
		return nil, err
	}
	c.close = s.Close
	return c, nil
}

// Close closes the file if OpenConversations opened it; conversations kept
// in a Store close with it.
func (c *Conversations) Close() error {
	if c.close == nil {
		return nil
	}
	return c.close()
}

// Claim records keys as handled until now+keep. It reports false, and
// records nothing, when one of them is already recorded and not yet
// expired: whoever claimed it first handles it. The record is on disk when
// Claim returns, so it holds across a restart.
func (c *Conversations) Claim(ctx context.Context, now time.Time, keep time.Duration, keys ...string) (bool, error) {
	if len(keys) == 0 {
		return false, errors.New("state: claim of no keys")
	}
	// The write may sweep every expired record: not for a caller gone.
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("state: record handled %s: %w", strings.Join(keys, ", "), err)
	}
	prune := c.pruneDue(now)
	var claimed bool
	// Batch lets concurrent claims share one commit (and one fsync).
	err := c.db.Batch(func(tx *bolt.Tx) error {
		claimed = false
		b := tx.Bucket(bSeen)
		for _, k := range keys {
			if v := b.Get([]byte(k)); len(v) == 8 && now.UnixNano() < int64(binary.BigEndian.Uint64(v)) {
				return nil
			}
		}
		var exp [8]byte
		binary.BigEndian.PutUint64(exp[:], uint64(now.Add(keep).UnixNano()))
		for _, k := range keys {
			if err := b.Put([]byte(k), exp[:]); err != nil {
				return err
			}
		}
		claimed = true
		if prune {
			return pruneAll(tx, now)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("state: record handled %s: %w", strings.Join(keys, ", "), err)
	}
	return claimed, nil
}

// ThreadKey names a conversation: a Slack thread (the channel and the ts
// of its first message), a Discord reply chain (the channel and the id of
// the message it began with).
type ThreadKey struct {
	Platform, Channel, Thread string
}

func (k ThreadKey) bytes() []byte {
	return []byte(k.Platform + "\x00" + k.Channel + "\x00" + k.Thread)
}

// Thread is what the bot answered in a conversation, oldest first.
type Thread struct {
	Turns   []Turn    `json:"turns"`
	Updated time.Time `json:"updated"`
}

// Turn is one question the bot answered in a thread.
type Turn struct {
	Question string `json:"question"`
	// Docs are the ids of the documents cited in the answer.
	Docs []string  `json:"docs,omitempty"`
	At   time.Time `json:"at"`
}

// Thread returns the thread k; ok is false for a thread the bot has not
// answered in, or not within ThreadKeep of now.
func (c *Conversations) Thread(_ context.Context, k ThreadKey, now time.Time) (th Thread, ok bool, err error) {
	err = c.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bThreads).Get(k.bytes())
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &th); err != nil {
			return fmt.Errorf("thread record unreadable: %w", err)
		}
		ok = now.Sub(th.Updated) < ThreadKeep
		return nil
	})
	if err != nil {
		return Thread{}, false, fmt.Errorf("state: thread %s/%s/%s: %w", k.Platform, k.Channel, k.Thread, err)
	}
	if !ok {
		return Thread{}, false, nil
	}
	return th, true, nil
}

// Add makes t the thread's latest question, keeping the last MaxTurns;
// Updated moves to t.At, never back. Every store's AddTurn does it.
func (th *Thread) Add(t Turn) {
	th.Turns = append(th.Turns, t)
	if len(th.Turns) > MaxTurns {
		th.Turns = th.Turns[len(th.Turns)-MaxTurns:]
	}
	if t.At.After(th.Updated) {
		th.Updated = t.At
	}
}

// AddTurn records t as the thread's latest question, keeping the last
// MaxTurns, and links each of messages (the bot's replies) to the thread,
// so that a reply to one of them continues it.
func (c *Conversations) AddTurn(ctx context.Context, k ThreadKey, t Turn, messages ...string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("state: record question in thread %s/%s/%s: %w", k.Platform, k.Channel, k.Thread, err)
	}
	prune := c.pruneDue(t.At)
	err := c.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bThreads)
		var th Thread
		if v := b.Get(k.bytes()); v != nil && json.Unmarshal(v, &th) != nil {
			th = Thread{} // an unreadable record starts afresh
		}
		th.Add(t)
		if err := putJSON(b, string(k.bytes()), th); err != nil {
			return err
		}
		for _, m := range messages {
			if m == "" {
				continue
			}
			l := link{Thread: k.Thread, At: t.At}
			if err := putJSON(tx.Bucket(bLinks), string(ThreadKey{k.Platform, k.Channel, m}.bytes()), l); err != nil {
				return err
			}
		}
		if prune {
			return pruneAll(tx, t.At)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("state: record question in thread %s/%s/%s: %w", k.Platform, k.Channel, k.Thread, err)
	}
	return nil
}

// link ties a message of the bot's to its thread.
type link struct {
	Thread string    `json:"thread"`
	At     time.Time `json:"at"`
}

// Resolve returns the thread that message, one of the bot's replies,
// belongs to; ok is false for a message AddTurn never linked, or not
// within ThreadKeep of now.
func (c *Conversations) Resolve(_ context.Context, platform, channel, message string, now time.Time) (k ThreadKey, ok bool, err error) {
	err = c.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bLinks).Get(ThreadKey{platform, channel, message}.bytes())
		if v == nil {
			return nil
		}
		var l link
		if err := json.Unmarshal(v, &l); err != nil {
			return fmt.Errorf("link unreadable: %w", err)
		}
		k, ok = ThreadKey{platform, channel, l.Thread}, now.Sub(l.At) < ThreadKeep
		return nil
	})
	if err != nil {
		return ThreadKey{}, false, fmt.Errorf("state: thread of message %s/%s/%s: %w", platform, channel, message, err)
	}
	return k, ok, nil
}

// pruneDue reports whether a write at now should also sweep expired
// records, and if so notes that it will.
func (c *Conversations) pruneDue(now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.prunedAt) < pruneEvery {
		return false
	}
	c.prunedAt = now
	return true
}

// pruneAll deletes expired handled keys, threads and links.
func pruneAll(tx *bolt.Tx, now time.Time) error {
	var dead [][]byte
	seen := tx.Bucket(bSeen)
	seen.ForEach(func(k, v []byte) error {
		if len(v) != 8 || now.UnixNano() >= int64(binary.BigEndian.Uint64(v)) {
			dead = append(dead, k)
		}
		return nil
	})
	for _, k := range dead {
		if err := seen.Delete(k); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bThreads, bLinks} {
		b := tx.Bucket(name)
		dead = dead[:0]
		b.ForEach(func(k, v []byte) error {
			var r struct {
				Updated time.Time `json:"updated"`
				At      time.Time `json:"at"`
			}
			bad := json.Unmarshal(v, &r) != nil
			last := r.Updated // threads have updated, links at
			if r.At.After(last) {
				last = r.At
			}
			if bad || now.Sub(last) >= ThreadKeep {
				dead = append(dead, k)
			}
			return nil
		})
		for _, k := range dead {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
	}
	return nil
}
