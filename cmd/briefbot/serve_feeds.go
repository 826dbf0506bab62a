package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
)

// indexSink hands fetched or dropped documents to the index, logging what
// each batch did.
type indexSink struct {
	ix   *index.Index
	log  *slog.Logger
	from string
}

func (s indexSink) Add(ctx context.Context, docs []corpus.Document) error {
	st, err := s.ix.Add(ctx, docs)
	if err != nil {
		return err
	}
	s.log.Info("ingested", "from", s.from, "docs", len(docs), "added", st.Added, "updated", st.Updated, "unchanged", st.Unchanged)
	return nil
}

// inboxDir is the watched folder: the config's inbox, else <data>/inbox.
// `briefbot ingest` hands documents to a running serve there.
func (m *Main) inboxDir(cfg Config) string {
	if cfg.Inbox != "" {
		return cfg.Inbox
	}
	return filepath.Join(m.DataDir, "inbox")
}

// startFeeds starts live ingestion for serve: the feed poller over the
// configured feeds and the inbox watcher. validators persists each feed's
// ETag / Last-Modified (nil keeps them in memory). Both run under env.Go
// and stop when ctx ends. The poller is returned for /brief sources (Status, Add,
// Remove, Poll).
func (m *Main) startFeeds(ctx context.Context, env *serveEnv, cfg Config, validators feed.Validators) (*feed.Poller, error) {
	log := env.Logger
	if log == nil {
		log = m.Logger
	}
	sources := make([]feed.Source, 0, len(cfg.Feeds))
	for _, f := range cfg.Feeds {
		sources = append(sources, feed.Source{URL: f.URL, Interval: f.Interval, Name: f.Source})
	}
	poller, err := feed.NewPoller(feed.PollerConfig{
		Fetcher:    &feed.Fetcher{Client: m.fetchClient(), Logger: log},
		Sink:       indexSink{ix: env.Index, log: log, from: "feed"},
		Validators: validators,
		Feeds:      sources,
		Now:        m.Now,
		Logger:     log,
	})
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	w := &inbox.Watcher{
		Dir:    m.inboxDir(cfg),
		Sink:   indexSink{ix: env.Index, log: log, from: "inbox"},
		Logger: log,
	}

	// Both stop when ctx (serve's run context) ends; serve waits for them
	// before it closes the index.
	env.Go(func() { poller.Run(ctx) })
	env.Go(func() {
		if err := w.Run(ctx); err != nil {
			log.Error("inbox watcher stopped", "err", err)
		}
	})
	log.Info("live ingestion started", "feeds", len(sources), "inbox", w.Dir)
	return poller, nil
}
