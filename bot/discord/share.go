package discord

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
)

// A "Post to channel" button carries the request text that reproduces the
// reply in its custom_id. Discord allows 100 characters there; longer
// texts are kept in a bounded in-memory store and the button carries a
// random key. Keys are random so a button from before a restart finds
// nothing rather than someone else's question.
const (
	maxCustomID       = 100
	sharePrefix       = "brief:share:"
	shareKeyPrefix    = "brief:share#"
	shareStoreEntries = 2048
)

type shareStore struct {
	mu    sync.Mutex
	texts map[string]string
	order []string // insertion order, oldest first, for eviction
}

func newShareStore() *shareStore { return &shareStore{texts: map[string]string{}} }

// customID is the button id that brings text back through lookup.
func (s *shareStore) customID(text string) string {
	if id := sharePrefix + text; len(id) <= maxCustomID {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	key := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) >= shareStoreEntries {
		delete(s.texts, s.order[0])
		s.order = s.order[1:]
	}
	s.texts[key] = text
	s.order = append(s.order, key)
	return shareKeyPrefix + key
}

// lookup returns the request text for a button's custom_id; ok is false
// for ids that are not share buttons or whose text has been evicted.
func (s *shareStore) lookup(customID string) (text string, isShare, ok bool) {
	if t, found := strings.CutPrefix(customID, sharePrefix); found {
		return t, true, true
	}
	key, found := strings.CutPrefix(customID, shareKeyPrefix)
	if !found {
		return "", false, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.texts[key]
	return t, true, ok
}
