package index

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// Options tune Open.
type Options struct {
	Logger *slog.Logger
	// Now stamps FirstSeen on new documents.
	Now func() time.Time
}

// Index is an on-disk passage index plus a small document store.
type Index struct {
	dir  string
	opts Options
}

var errNotBuilt = errors.New("index: not built yet")

// Open opens or creates the index in dir.
func Open(ctx context.Context, dir string, opts Options) (*Index, error) {
	return nil, errNotBuilt
}

// Close flushes and closes the index.
func (ix *Index) Close() error { return nil }

// Add indexes documents as one batch: new ones are added, changed ones
// replace their old passages, unchanged ones are left alone.
func (ix *Index) Add(ctx context.Context, docs []corpus.Document) (AddStats, error) {
	return AddStats{}, errNotBuilt
}

// Ask answers a question with up to q.Limit cited passages.
func (ix *Index) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	return corpus.Answer{}, errNotBuilt
}

// Documents lists indexed documents, newest first-seen first.
func (ix *Index) Documents(ctx context.Context, limit int) ([]corpus.DocumentInfo, int, error) {
	return nil, 0, errNotBuilt
}

// Document returns one document with its text.
func (ix *Index) Document(ctx context.Context, id string) (corpus.Document, bool, error) {
	return corpus.Document{}, false, errNotBuilt
}

// Recent finds documents first ingested in a time range, optionally
// relevant to a topic, best first.
func (ix *Index) Recent(ctx context.Context, q RecentQuery) ([]Recent, error) {
	return nil, errNotBuilt
}

// Stats reports how many documents and passages are indexed.
func (ix *Index) Stats(ctx context.Context) (docs, passages uint64, err error) {
	return 0, 0, errNotBuilt
}
