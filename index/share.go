package index

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// shareWorkers bounds the goroutines one question's work is shared out
// among; shareFrom is the fewest pieces of work worth a goroutine.
const (
	shareWorkers = 4
	shareFrom    = 8
)

// shareOut calls do(i) for every i in [0, n), shared out among up to one
// goroutine a processor. Each goroutine's do comes from newWorker, called
// in the caller's goroutine before any other starts, so that each has
// scratch of its own. On an idle machine a question's candidates are read
// in about half the time on two processors; under load the goroutines
// wait their turn like any other work. Every goroutine ends before
// shareOut returns.
func shareOut(n int, newWorker func() func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), shareWorkers, n/shareFrom+1)
	var next atomic.Int64
	run := func(do func(i int)) {
		for {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			do(i)
		}
	}
	dos := make([]func(int), workers)
	for w := range dos {
		dos[w] = newWorker()
	}
	var wg sync.WaitGroup
	for _, do := range dos[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(do)
		}()
	}
	run(dos[0])
	wg.Wait()
}
