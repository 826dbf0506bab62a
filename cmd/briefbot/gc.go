package main

import (
	"os"
	"runtime/debug"
)

// seldomGC is the collector's target (GOGC) for commands that allocate
// much and briefly: ingest, and ask and eval, which answer questions and
// add nothing to the index. An answering process holds about 16 MB of live
// heap, so at Go's default it collects every few questions; at 400 the
// XQuAD eval took about a tenth less CPU and half a millisecond off the
// median answer (README, "Measurements, scale", fifteenth stop).
const seldomGC = 400

// heapCeiling is the Go heap such a command aims to stay under (a soft
// limit: the collector works harder near it). Without a ceiling a large
// ingest's heap grows to five times what is live.
const heapCeiling = 640 << 20

// collectSeldom sets the collector to seldomGC under heapCeiling, and
// returns what restores the settings before. GOGC and GOMEMLIMIT, when
// set, win: an operator's settings are kept.
func collectSeldom() (restore func()) {
	var undo []func()
	if os.Getenv("GOGC") == "" {
		before := debug.SetGCPercent(seldomGC)
		undo = append(undo, func() { debug.SetGCPercent(before) })
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		before := debug.SetMemoryLimit(heapCeiling)
		undo = append(undo, func() { debug.SetMemoryLimit(before) })
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}
