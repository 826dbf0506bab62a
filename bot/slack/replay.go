package slack

import (
	"errors"
	"sync"
	"time"
)

// Replay cache bounds. Only requests with a valid signature are remembered,
// so only Slack can fill the cache; at the cap (over 300 commands a second
// for five minutes) new requests are refused rather than old entries
// dropped, since a dropped entry could be replayed.
const (
	maxReplayEntries = 100_000
	// replaySweepEvery spaces the sweeps of expired entries, which cost a
	// pass over the cache; a full cache is swept at most once a second.
	replaySweepEvery = 10 * time.Second
)

var (
	errReplayed   = errors.New("slack: request already received (replay)")
	errReplayFull = errors.New("slack: too many requests within the 5-minute window to remember them all")
)

// replays remembers accepted requests until their signed timestamp leaves
// the 5-minute window; after that Verify refuses them as stale anyway.
// Expired entries are swept lazily as new ones arrive, so no goroutine is
// needed.
//
// bot/discord keeps the same cache for its interactions; the two could
// share one package.
//
// The cache is in memory: one process serves a signing secret, and a
// restart forgets what was accepted, so a request captured before a
// restart can be replayed once after it, within its window.
type replays[K comparable] struct {
	mu    sync.Mutex
	until map[K]time.Time // key → the end of its window
	max   int
	swept time.Time
}

func newReplays[K comparable]() *replays[K] {
	return &replays[K]{until: map[K]time.Time{}, max: maxReplayEntries}
}

// accept records key until expires and returns nil if it is new;
// errReplayed if it is already remembered, and errReplayFull if the cache
// is full of unexpired entries. now is the verifier's clock.
func (c *replays[K]) accept(key K, expires, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if end, ok := c.until[key]; ok && !now.After(end) {
		return errReplayed
	}
	if since := now.Sub(c.swept); since >= replaySweepEvery || (len(c.until) >= c.max && since >= time.Second) {
		for k, end := range c.until {
			if now.After(end) {
				delete(c.until, k)
			}
		}
		c.swept = now
	}
	if len(c.until) >= c.max {
		return errReplayFull
	}
	c.until[key] = expires
	return nil
}

func (c *replays[K]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.until)
}
