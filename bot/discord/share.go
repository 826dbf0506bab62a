package discord

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// A "Post to channel" button carries a random key to the reply that was
// shown, kept in a bounded in-memory store: a click posts exactly that
// reply, never a fresh run whose answer may have changed. Keys are random
// so a button from before a restart finds nothing rather than someone
// else's answer; buttons of older versions (which carried the question)
// find nothing either. Every answer with citations shown is kept the same
// way, for its "Helpful", "Not helpful" and "Follow up" buttons
// (feedback.go, followup.go) to name the answer they act on.
const (
	// maxCustomID is Discord's limit on a button's custom_id; a key is
	// well within it.
	maxCustomID       = 100
	sharePrefix       = "brief:share:"
	shareKeyPrefix    = "brief:share#"
	shareStoreEntries = 2048
)

type shareStore struct {
	mu      sync.Mutex
	replies map[string]shownReply
	order   []string // insertion order, oldest first, for eviction
}

// shownReply is a reply as it was shown, and when.
type shownReply struct {
	reply bot.Reply
	at    time.Time
}

func newShareStore() *shareStore { return &shareStore{replies: map[string]shownReply{}} }

// keep stores r, shown at, and returns its key.
func (s *shareStore) keep(r bot.Reply, at time.Time) string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	key := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) >= shareStoreEntries {
		delete(s.replies, s.order[0])
		s.order = s.order[1:]
	}
	s.replies[key] = shownReply{reply: r, at: at}
	s.order = append(s.order, key)
	return key
}

// get returns the reply kept under key.
func (s *shareStore) get(key string) (shownReply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.replies[key]
	return r, ok
}

// customID keeps r and returns the button id that brings it back through
// lookup.
func (s *shareStore) customID(r bot.Reply) string {
	return shareKeyPrefix + s.keep(r, time.Time{})
}

// lookup returns the reply for a button's custom_id; isShare is false for
// ids that are not share buttons, ok false for replies no longer kept.
func (s *shareStore) lookup(customID string) (r bot.Reply, isShare, ok bool) {
	if strings.HasPrefix(customID, sharePrefix) {
		return bot.Reply{}, true, false // an older version's button
	}
	key, found := strings.CutPrefix(customID, shareKeyPrefix)
	if !found {
		return bot.Reply{}, false, false
	}
	shown, ok := s.get(key)
	return shown.reply, true, ok
}
