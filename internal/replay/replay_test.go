package replay

import (
	"errors"
	"testing"
	"time"
)

func TestCacheExpiresAndIsBounded(t *testing.T) {
	const window = 5 * time.Minute
	c := &Cache[string]{Max: 3}
	t0 := time.Unix(1_700_000_000, 0)
	for _, k := range []string{"a", "b", "c"} {
		if err := c.Accept(k, t0.Add(window), t0); err != nil {
			t.Fatalf("accept %s: %v", k, err)
		}
	}
	if err := c.Accept("a", t0.Add(window), t0.Add(time.Minute)); !errors.Is(err, ErrReplayed) {
		t.Errorf("repeat of a: %v, want ErrReplayed", err)
	}
	// Full of live entries: refused, not evicted (an evicted entry could
	// be replayed).
	if err := c.Accept("d", t0.Add(window), t0.Add(time.Minute)); !errors.Is(err, ErrFull) {
		t.Errorf("d into a full cache: %v, want ErrFull", err)
	}
	if err := c.Accept("a", t0.Add(window), t0.Add(window)); !errors.Is(err, ErrReplayed) {
		t.Errorf("a at the window's last second: %v, want ErrReplayed", err)
	}
	// Once their window has passed, entries are swept as new ones arrive.
	later := t0.Add(window + time.Second)
	if err := c.Accept("d", later.Add(window), later); err != nil {
		t.Errorf("d after the window: %v", err)
	}
	if n := c.Len(); n != 1 {
		t.Errorf("cache holds %d entries after the sweep, want 1", n)
	}
	// Sweeps are spaced, but expired entries never count as replays.
	if err := c.Accept("a", later.Add(window), later.Add(time.Second)); err != nil {
		t.Errorf("a again in a new window: %v", err)
	}
}
