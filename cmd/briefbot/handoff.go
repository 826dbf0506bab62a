package main

import (
	"context"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
)

// handoff gives documents to a running serve through its inbox folder: the
// server owns the index, and ingests what lands there within seconds. The
// counts say what was handed over, not yet what was indexed.
func (m *Main) handoff(ctx context.Context, docs []corpus.Document) (index.AddStats, error) {
	cfg := Config{}
	if p := m.configPath(""); p != "" {
		c, err := LoadConfig(p)
		if err != nil {
			return index.AddStats{}, err
		}
		cfg = c
	}
	if _, err := inbox.Handoff(m.inboxDir(cfg), docs); err != nil {
		return index.AddStats{}, err
	}
	return index.AddStats{Added: len(docs)}, nil
}
