// Package sinktest provides an in-memory document sink for tests of code
// that hands documents on to an index: feeds, the inbox, serve.
package sinktest

import (
	"context"
	"sync"

	"github.com/briefbot/briefbot/corpus"
)

// Sink records the documents it is given, or refuses them with the error
// set by Fail.
type Sink struct {
	mu   sync.Mutex
	docs []corpus.Document
	err  error
	got  chan struct{}
}

// New returns an empty Sink.
func New() *Sink { return &Sink{got: make(chan struct{}, 100)} }

// Add records docs, or returns the error set by Fail.
func (s *Sink) Add(ctx context.Context, docs []corpus.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.docs = append(s.docs, docs...)
	select {
	case s.got <- struct{}{}:
	default: // nobody is waiting for that many adds
	}
	return nil
}

// Fail makes later Adds return err; nil accepts again.
func (s *Sink) Fail(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

// Got receives a value after each accepted Add.
func (s *Sink) Got() <-chan struct{} { return s.got }

// Docs returns the documents recorded so far, in order.
func (s *Sink) Docs() []corpus.Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]corpus.Document(nil), s.docs...)
}

// IDs returns the recorded documents' ids, in order.
func (s *Sink) IDs() []string {
	var ids []string
	for _, d := range s.Docs() {
		ids = append(ids, d.ID)
	}
	return ids
}

// ByID returns the recorded documents by id; a later one replaces an
// earlier one with the same id.
func (s *Sink) ByID() map[string]corpus.Document {
	m := map[string]corpus.Document{}
	for _, d := range s.Docs() {
		m[d.ID] = d
	}
	return m
}
