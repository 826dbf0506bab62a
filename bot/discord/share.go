package discord

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/bot"
)

// A "Post to channel" button carries a random key to the reply that was
// shown, kept in a bounded in-memory store: a click posts exactly that
// reply, never a fresh run whose answer may have changed. Keys are random
// so a button from before a restart finds nothing rather than someone
// else's answer; buttons of older versions (which carried the question)
// find nothing either.
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
	replies map[string]bot.Reply
	order   []string // insertion order, oldest first, for eviction
}

func newShareStore() *shareStore { return &shareStore{replies: map[string]bot.Reply{}} }

// customID keeps r and returns the button id that brings it back through
// lookup.
func (s *shareStore) customID(r bot.Reply) string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	key := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) >= shareStoreEntries {
		delete(s.replies, s.order[0])
		s.order = s.order[1:]
	}
	s.replies[key] = r
	s.order = append(s.order, key)
	return shareKeyPrefix + key
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
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok = s.replies[key]
	return r, true, ok
}
