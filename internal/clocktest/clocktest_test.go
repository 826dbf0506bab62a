package clocktest

import (
	"testing"
	"time"
)

func TestAfterFiresWhenSetPast(t *testing.T) {
	start := time.Date(2024, 3, 4, 7, 0, 0, 0, time.UTC)
	c := New(start)
	ch := c.After(time.Hour)
	c.Set(start.Add(59 * time.Minute))
	select {
	case <-ch:
		t.Fatal("fired early")
	default:
	}
	c.Set(start.Add(2 * time.Hour))
	select {
	case got := <-ch:
		if !got.Equal(start.Add(2 * time.Hour)) {
			t.Errorf("fired with %v", got)
		}
	default:
		t.Fatal("did not fire")
	}
	if got := <-c.After(0); !got.Equal(c.Now()) {
		t.Errorf("After(0) = %v", got)
	}
}
