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
// notes cost Bleve about the same. Bleve holds about 40 times a batch's
// text while it analyses it, for each writer: the batch size and the
// writers bound ingest's memory.
const (
	batchBytes    = 2 << 20
	batchDocs     = 2000
	ingestWriters = 2
)

// compactAfter is how many new passages make ingest compact the index
// into few segments when done: a large ingest leaves tens of them, and
// every question looks its terms up in each (index.Compact).
const compactAfter = 50000

type ingestTotals struct {
	index.AddStats
	skipped int
	cut     int
	docs    int
}

func (m *Main) runIngest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	quiet := fs.Bool("q", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return usageError{"ingest: " + err.Error()}
	}
	var paths []string
	var urls []ingestTarget
	for _, a := range fs.Args() {
		switch {
		case looksLikeURL(a):
			urls = append(urls, ingestTarget{URL: a})
		case isOPML(a):
			// A feed list: its feeds are ingested as URLs are, so the
			// corpus loader never sees it.
			urls = append(urls, ingestTarget{OPML: a})
		default:
			paths = append(paths, a)
		}
	}
	if len(paths)+len(urls) == 0 {
		return usageError{"ingest: give files, folders or URLs to ingest"}
	}
	for _, a := range fs.Args() {
		if looksLikeURL(a) {
			continue
		}
		if _, err := os.Stat(a); err != nil {
			return fmt.Errorf("ingest: %s: no such file or folder", a)
		}
	}
	cfg, err := m.config()
	if err != nil {
		return err
	}
	lim := cfg.Limits.OrDefaults()
	start := time.Now()
	// Indexing allocates heavily and briefly; collecting less often saves
	// a tenth of the time, within a ceiling on the heap.
	defer collectSeldom()()
	var add func(context.Context, []corpus.Document) (index.AddStats, error)
	ix, err := m.openIndex(ctx)
	var le *lockedError
	handedOff := false
	switch {
	case errors.As(err, &le) && strings.Contains(le.holder, "serve"):
		handedOff = true
		// A running server owns the index: hand the documents to it
		// through its inbox; it ingests them within seconds.
		add = m.handoff(cfg)
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
		what := " (skipped)"
		switch {
		case w.Kept:
			// A dropped date or front matter read as text: the file was
			// loaded.
			what = ""
		case w.Cut:
			what = " (cut)"
			tot.cut++
		default:
			tot.skipped++
		}
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintf(m.Stderr, "warning: %s%s\n", w, what)
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
			err = corpus.LoadWith(lctx, paths, lim, fn, warn)
		}
		for _, u := range expandOPML(urls, warn) {
			if err != nil {
				break
			}
			docs, uerr := m.ingestURL(lctx, u.URL)
			if uerr != nil {
				m.Logger.Debug("ingest url", "url", u.URL, "err", uerr)
				warn(u.warning(feed.Reason(uerr)))
				continue
			}
			for _, d := range docs {
				if msg := corpus.CutDocument(&d, lim.MaxDocument); msg != "" {
					warn(corpus.Warning{Path: d.URL, Msg: msg, Cut: true})
				}
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
	if ix != nil && addErr == nil && lerr == nil && tot.Passages >= compactAfter {
		// The batches' garbage goes back to the system before merging maps
		// the segments: the two would otherwise add up at the peak.
		debug.FreeOSMemory()
		if _, err := ix.Compact(ctx); err != nil {
			return err
		}
	}
	secs := time.Since(start).Seconds()
	cut := ""
	if tot.cut > 0 {
		cut = fmt.Sprintf("; %d cut to the size limit of %s (limits.max_document_size)", tot.cut, corpus.FormatSize(int64(lim.MaxDocument)))
	}
	if handedOff {
		fmt.Fprintf(m.Stdout, "handed over: %d documents to the running serve, %d skipped; %.1f s (answerable once it has ingested them, within seconds)%s\n",
			tot.Added, tot.skipped, secs, cut)
		if err := errors.Join(addErr, ignoreCanceled(lerr)); err != nil {
			return err
		}
		return nothingIngested(tot, ctx)
	}
	fmt.Fprintf(m.Stdout, "ingested: %d added, %d updated, %d unchanged, %d skipped; %d passages; %.1f s%s\n",
		tot.Added, tot.Updated, tot.Unchanged, tot.skipped, tot.Passages, secs, cut)
	if addErr != nil {
		return addErr
	}
	if err := ignoreCanceled(lerr); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return nothingIngested(tot, ctx)
}

// nothingIngested fails an ingest that loaded no document at all, so that
// scripts see it: every input skipped, or nothing found to read. Documents
// found unchanged count as ingested.
func nothingIngested(tot ingestTotals, ctx context.Context) error {
	switch {
	case ctx.Err() != nil || tot.docs > 0:
		return nil
	case tot.skipped > 0:
		return fmt.Errorf("ingest: nothing was ingested: %d %s skipped (see the warnings above)", tot.skipped, plural(tot.skipped, "input was", "inputs were"))
	}
	return fmt.Errorf("ingest: no documents found; files read are %s (other files in folders, and hidden ones, are passed over)", corpus.Supported)
}

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
