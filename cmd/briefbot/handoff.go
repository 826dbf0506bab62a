package main

import (
	"context"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
)

// handoff returns an add function that gives documents to a running serve
// through its inbox folder (cfg's, else the data dir's): the server owns the
// index, and ingests what lands there within seconds. Its counts say what
// was handed over, not yet what was indexed.
func (m *Main) handoff(cfg Config) func(context.Context, []corpus.Document) (index.AddStats, error) {
	dir := m.inboxDir(cfg)
	return func(ctx context.Context, docs []corpus.Document) (index.AddStats, error) {
		if _, err := inbox.Handoff(dir, docs); err != nil {
			return index.AddStats{}, err
		}
		return index.AddStats{Added: len(docs)}, nil
	}
}
