package slack

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// "Post to channel" posts the reply the user saw, not a fresh run: a
// shareable reply is kept in a bounded, expiring in-memory store, and its
// button carries the key. Keys are random, so a button from before a
// restart finds nothing rather than someone else's answer. The same store
// keeps every answer with citations shown, for its "Helpful" and "Not
// helpful" buttons (feedback.go) to name what was rated.
const (
	shareKeyPrefix = "answer:"
	shareEntries   = 1024
	shareTTL       = 24 * time.Hour
)

// shareGone is said, to the one who clicked only, when the stored reply
// has been evicted, has expired, or was lost in a restart.
const shareGone = "That answer is no longer available; ask again."

type shareEntry struct {
	reply bot.Reply
	at    time.Time
}

type shareStore struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]shareEntry
	order   []string // insertion order, oldest first, for eviction
}

func newShareStore(now func() time.Time) *shareStore {
	if now == nil {
		now = time.Now
	}
	return &shareStore{now: now, entries: map[string]shareEntry{}}
}

// keep stores a shareable reply and returns it with ShareText replaced by
// the button value that brings it back; other replies pass unchanged.
func (s *shareStore) keep(r bot.Reply) bot.Reply {
	r, _ = s.keepFor(r, false)
	return r
}

// keepFor stores r when a button brings it back: "Post to channel" on a
// shareable reply and, when rate, "Helpful" and "Not helpful" on an
// answer with citations. It returns r, a shareable one with ShareText
// replaced by the button value, and the value ("" when r was not kept).
func (s *shareStore) keepFor(r bot.Reply, rate bool) (bot.Reply, string) {
	share := r.Shareable && r.ShareText != ""
	if s == nil || !share && !(rate && r.Cited()) {
		return r, ""
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	key := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	// Drop the expired and, past the bound, the oldest.
	for len(s.order) > 0 {
		e, ok := s.entries[s.order[0]]
		if ok && len(s.order) < shareEntries && now.Sub(e.at) < shareTTL {
			break
		}
		delete(s.entries, s.order[0])
		s.order = s.order[1:]
	}
	s.entries[key] = shareEntry{reply: r, at: now}
	s.order = append(s.order, key)
	value := shareKeyPrefix + key
	if share {
		r.ShareText = value
	}
	return r, value
}

// lookup returns the reply a button value refers to; ok is false when the
// value is not a key of ours or its reply is gone.
func (s *shareStore) lookup(value string) (bot.Reply, bool) {
	key, found := strings.CutPrefix(value, shareKeyPrefix)
	if !found || s == nil {
		return bot.Reply{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[key]
	if !ok || s.now().Sub(e.at) >= shareTTL {
		return bot.Reply{}, false
	}
	return e.reply, true
}
