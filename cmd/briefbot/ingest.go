package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/index"
)

// Batches are cut by size so a batch of long articles and one of short
// notes cost Bleve about the same.
const (
	batchBytes    = 4 << 20
	batchDocs     = 2000
	ingestWriters = 2
)

type ingestTotals struct {
	index.AddStats
	skipped int
	docs    int
}

func (m *Main) runIngest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	quiet := fs.Bool("q", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return usageError{"ingest: " + err.Error()}
	}
	var paths, urls []string
	for _, a := range fs.Args() {
		if looksLikeURL(a) {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	if len(paths)+len(urls) == 0 {
		return usageError{"ingest: give files, folders or URLs to ingest"}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("ingest: %s: no such file or folder", p)
		}
	}
	start := time.Now()
	// Indexing allocates heavily and briefly; collecting less often saves
	// a tenth of the time at the cost of a larger heap while ingesting.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var add func(context.Context, []corpus.Document) (index.AddStats, error)
	ix, err := m.openIndex(ctx)
	var le *lockedError
	handedOff := false
	switch {
	case errors.As(err, &le) && strings.Contains(le.holder, "serve"):
		handedOff = true
		// A running server owns the index: hand the documents to it
		// through its inbox; it ingests them within seconds.
		if add, err = m.handoff(); err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "briefbot serve is running on %s; handing documents to it through its inbox\n", m.DataDir)
	case err != nil:
		return err
	default:
		add = ix.Add
	}

	var bar *progressbar.ProgressBar
	if !*quiet && m.isTerminal(m.Stderr) {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(m.Stderr), progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	var tot ingestTotals
	warn := func(w corpus.Warning) {
		tot.skipped++
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintf(m.Stderr, "warning: %s (skipped)\n", w)
	}

	// Loading and indexing overlap: the loader fills the next batch while
	// Bleve writes the current one.
	batches := make(chan []corpus.Document, 2)
	// inflight counts batches sent and not yet written: a document seen
	// again in a later batch waits for them, so its last version wins
	// whichever writer takes which batch.
	var inflight sync.WaitGroup
	loadErr := make(chan error, 1)
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(batches)
		var cur []corpus.Document
		size := 0
		sent := map[string]bool{}
		send := func() bool {
			if len(cur) == 0 {
				return true
			}
			inflight.Add(1)
			select {
			case batches <- cur:
			case <-lctx.Done():
				inflight.Done()
				return false
			}
			for _, d := range cur {
				sent[d.ID] = true
			}
			cur, size = nil, 0
			return true
		}
		fn := func(d corpus.Document) error {
			if sent[d.ID] {
				inflight.Wait()
			}
			cur = append(cur, d)
			size += len(d.Text)
			if size >= batchBytes || len(cur) >= batchDocs {
				if !send() {
					return lctx.Err()
				}
			}
			return nil
		}
		var err error
		if len(paths) > 0 {
			err = corpus.Load(lctx, paths, fn, warn)
		}
		for _, u := range urls {
			if err != nil {
				break
			}
			docs, uerr := m.ingestURL(lctx, u)
			if uerr != nil {
				m.Logger.Debug("ingest url", "url", u, "err", uerr)
				warn(corpus.Warning{Path: u, Msg: feed.Reason(uerr)})
				continue
			}
			for _, d := range docs {
				if err = fn(d); err != nil {
					break
				}
			}
		}
		if err == nil {
			send()
		}
		loadErr <- err
	}()
	// Two writers keep both cores busy: while Bleve builds one batch's
	// segment, it analyses the next.
	var (
		mu     sync.Mutex
		addErr error
		wg     sync.WaitGroup
	)
	for range ingestWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				mu.Lock()
				failed := addErr != nil
				mu.Unlock()
				if failed {
					inflight.Done()
					continue // drain
				}
				st, err := add(ctx, b)
				inflight.Done()
				mu.Lock()
				if err != nil {
					if addErr == nil {
						addErr = err
					}
					cancel()
				} else {
					tot.docs += len(b)
					tot.Added += st.Added
					tot.Updated += st.Updated
					tot.Unchanged += st.Unchanged
					tot.Passages += st.Passages
					if bar != nil {
						bar.Add(len(b))
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if bar != nil {
		bar.Finish()
	}
	lerr := <-loadErr
	secs := time.Since(start).Seconds()
	if handedOff {
		fmt.Fprintf(m.Stdout, "handed over: %d documents to the running serve, %d skipped; %.1f s (answerable once it has ingested them, within seconds)\n",
			tot.Added, tot.skipped, secs)
		return errors.Join(addErr, ignoreCanceled(lerr))
	}
	fmt.Fprintf(m.Stdout, "ingested: %d added, %d updated, %d unchanged, %d skipped; %d passages; %.1f s\n",
		tot.Added, tot.Updated, tot.Unchanged, tot.skipped, tot.Passages, secs)
	if addErr != nil {
		return addErr
	}
	if err := ignoreCanceled(lerr); err != nil {
		return err
	}
	return ctx.Err()
}

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
