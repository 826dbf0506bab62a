// Package replay remembers signed requests that were accepted, for as long
// as their signature is valid, so that a captured request cannot be run
// twice. Slack commands and Discord interactions both use it.
package replay

import (
	"errors"
	"sync"
	"time"
)

// DefaultMax bounds a cache: only validly signed requests are remembered,
// so only the platform can fill it, and at the cap (over 300 requests a
// second for five minutes) new requests are refused rather than old
// entries dropped, since a dropped entry could be replayed.
const DefaultMax = 100_000

// sweepEvery spaces the sweeps of expired entries, which cost a pass over
// the cache; a full cache is swept at most once a second.
const sweepEvery = 10 * time.Second

var (
	// ErrReplayed is a request already accepted within its window.
	ErrReplayed = errors.New("already received (replay)")
	// ErrFull is a cache full of unexpired entries.
	ErrFull = errors.New("too many requests within the signature window to remember them all")
)

// Cache remembers accepted keys until their window ends; after that the
// signature check refuses the request as stale anyway. Expired entries are
// swept lazily as new ones arrive, so no goroutine is needed.
//
// It is in memory: a restart forgets what was accepted, so a request
// captured before a restart can be replayed once after it, within its
// window.
type Cache[K comparable] struct {
	// Max is the most entries held; DefaultMax when 0.
	Max int

	mu    sync.Mutex
	until map[K]time.Time // key → the end of its window
	swept time.Time
}

// Accept records key until expires and returns nil if it is new,
// ErrReplayed if it is already remembered, and ErrFull if the cache is full
// of unexpired entries. now is the caller's clock.
func (c *Cache[K]) Accept(key K, expires, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.until == nil {
		c.until = map[K]time.Time{}
	}
	max := c.Max
	if max <= 0 {
		max = DefaultMax
	}
	if end, ok := c.until[key]; ok && !now.After(end) {
		return ErrReplayed
	}
	if since := now.Sub(c.swept); since >= sweepEvery || (len(c.until) >= max && since >= time.Second) {
		for k, end := range c.until {
			if now.After(end) {
				delete(c.until, k)
			}
		}
		c.swept = now
	}
	if len(c.until) >= max {
		return ErrFull
	}
	c.until[key] = expires
	return nil
}

// Len is how many entries are held.
func (c *Cache[K]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.until)
}
