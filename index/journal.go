package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

// Journal is where an index shared by several replicas records what it
// ingests and removes, before applying it: each replica keeps an index of
// its own and follows the journal into it (see package docsync).
type Journal interface {
	Added(ctx context.Context, docs []corpus.Document) error
	Removed(ctx context.Context, ids []string) error
}

// SetJournal makes Add and Remove record in j before they apply. Call it
// before the index is used by more than one goroutine.
func (ix *Index) SetJournal(j Journal) { ix.journal = j }

func (ix *Index) journalAdded(ctx context.Context, docs []corpus.Document) error {
	if ix.journal == nil || len(docs) == 0 {
		return nil
	}
	if err := ix.journal.Added(ctx, docs); err != nil {
		return fmt.Errorf("index: record documents for the other replicas: %w", err)
	}
	return nil
}

func (ix *Index) journalRemoved(ctx context.Context, ids []string) error {
	if ix.journal == nil || len(ids) == 0 {
		return nil
	}
	if err := ix.journal.Removed(ctx, ids); err != nil {
		return fmt.Errorf("index: record removal for the other replicas: %w", err)
	}
	return nil
}

// Apply adds documents read from the journal, as Add does, without
// recording them in it again.
func (ix *Index) Apply(ctx context.Context, docs []corpus.Document) (AddStats, error) {
	return ix.add(ctx, docs, addNew)
}

// ApplyRemoval removes documents the journal says were removed, as Remove
// does, without recording it again.
func (ix *Index) ApplyRemoval(ctx context.Context, ids []string) ([]string, error) {
	return ix.remove(ctx, ids)
}

// keyJournal is how far in the journal this index has applied: kept with
// the document records, so that a wiped index starts again from zero.
var keyJournal = []byte("journal_seq")

// JournalSeq is the sequence number of the last journal entry applied; 0
// for none.
func (ix *Index) JournalSeq() (int64, error) {
	var seq int64
	err := ix.store.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(keyJournal); len(v) == 8 {
			seq = int64(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("index: journal position: %w", err)
	}
	return seq, nil
}

// SetJournalSeq records that entries up to seq are applied.
func (ix *Index) SetJournalSeq(seq int64) error {
	var v [8]byte
	binary.BigEndian.PutUint64(v[:], uint64(seq))
	err := ix.store.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyJournal, v[:])
	})
	if err != nil {
		return fmt.Errorf("index: record journal position: %w", err)
	}
	return nil
}

// ApplyAt is Apply for documents the replicas had before this one
// followed them live (catching up): a document new to this index is
// recorded as first seen at seen[id], when that is earlier, rather than
// now, so that digests do not take it for new.
func (ix *Index) ApplyAt(ctx context.Context, docs []corpus.Document, seen map[string]time.Time) (AddStats, error) {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	had, err := ix.store.get(ids)
	if err != nil {
		return AddStats{}, fmt.Errorf("index: read document records: %w", err)
	}
	st, err := ix.add(ctx, docs, addNew)
	if err != nil {
		return st, err
	}
	back := map[string]time.Time{}
	for _, id := range ids {
		if _, ok := had[id]; !ok && !seen[id].IsZero() {
			back[id] = seen[id]
		}
	}
	if len(back) == 0 {
		return st, nil
	}
	ix.commitMu.Lock()
	defer ix.commitMu.Unlock()
	if err := ix.store.backdate(back); err != nil {
		return st, fmt.Errorf("index: record when documents were first seen: %w", err)
	}
	return st, nil
}

// backdate moves records' first-seen times back to the given ones, leaving
// those already earlier. Its caller holds commitMu, as every writer of
// records does.
func (s *docStore) backdate(seen map[string]time.Time) error {
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	recs, err := s.get(ids)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b, sb := tx.Bucket(bucketDocs), tx.Bucket(bucketSeen)
		for id, r := range recs {
			t := seen[id].UTC()
			if !t.Before(r.FirstSeen) {
				continue
			}
			if err := sb.Delete(seenKey(r.FirstSeen, id)); err != nil {
				return err
			}
			r.FirstSeen = t
			raw, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(id), raw); err != nil {
				return err
			}
			if err := sb.Put(seenKey(t, id), nil); err != nil {
				return err
			}
		}
		return nil
	})
}
