package main

import (
	"context"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
)

// handoff returns an add function that gives documents to a running serve
// through its inbox folder: the server owns the index, and ingests what
// lands there within seconds. Its counts say what was handed over, not yet
// what was indexed.
func (m *Main) handoff() (func(context.Context, []corpus.Document) (index.AddStats, error), error) {
	cfg := Config{}
	if p := m.configPath(""); p != "" {
		c, err := LoadConfig(p)
		if err != nil {
			return nil, err
		}
		cfg = c
	}
	dir := m.inboxDir(cfg)
	return func(ctx context.Context, docs []corpus.Document) (index.AddStats, error) {
		if _, err := inbox.Handoff(dir, docs); err != nil {
			return index.AddStats{}, err
		}
		return index.AddStats{Added: len(docs)}, nil
	}, nil
}
