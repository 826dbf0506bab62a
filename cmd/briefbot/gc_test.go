package main

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestCollectSeldom(t *testing.T) {
	for _, tc := range []struct {
		name, gogc, memlimit string
		wantGC               int
		wantLimit            int64
	}{
		{"defaults", "", "", seldomGC, heapCeiling},
		{"operator's GOGC kept", "150", "", 100, heapCeiling},
		{"operator's GOMEMLIMIT kept", "", "1GiB", seldomGC, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			t.Setenv("GOMEMLIMIT", tc.memlimit)
			gcBefore := debug.SetGCPercent(100)
			limitBefore := debug.SetMemoryLimit(-1)
			defer debug.SetGCPercent(gcBefore)
			defer debug.SetMemoryLimit(limitBefore)
			restore := collectSeldom()
			if got := gcPercent(); got != tc.wantGC {
				t.Errorf("GOGC %d, want %d", got, tc.wantGC)
			}
			if got := debug.SetMemoryLimit(-1); tc.wantLimit >= 0 && got != tc.wantLimit {
				t.Errorf("memory limit %d, want %d", got, tc.wantLimit)
			}
			restore()
			if got := gcPercent(); got != 100 {
				t.Errorf("after restore GOGC %d, want 100", got)
			}
		})
	}
}
