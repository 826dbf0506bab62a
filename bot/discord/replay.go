package discord

import (
	"errors"
	"sync"
	"time"
)

// Replay cache bounds. Only interactions with a valid signature are
// remembered, so only Discord can fill the cache; at the cap (over 300
// interactions a second for five minutes) new ones are refused rather than
// old entries dropped, since a dropped entry could be replayed.
//
// bot/slack keeps the same cache for its requests; the two could share one
// package.
const (
	maxReplayEntries = 100_000
	// replaySweepEvery spaces the sweeps of expired entries, which cost a
	// pass over the cache; a full cache is swept at most once a second.
	replaySweepEvery = 10 * time.Second
)

var (
	errReplayed   = errors.New("discord: interaction already received (replay)")
	errReplayFull = errors.New("discord: too many interactions within the 5-minute window to remember them all")
)

// replays remembers accepted interactions until their signed timestamp
// leaves the 5-minute window; after that the timestamp check refuses them
// anyway. Expired entries are swept lazily as new ones arrive, so no
// goroutine is needed.
//
// The cache is in memory: one process serves an application, and a
// restart forgets what was accepted, so an interaction captured before a
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
// is full of unexpired entries. now is the adapter's clock.
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
