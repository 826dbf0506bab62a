package pgstate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/corpus"
)

// documentsChannel is notified after every change to documents, so that
// followers need not wait for their next poll.
const documentsChannel = "briefbot_documents"

// Documents is the documents table: the journal of what the replicas
// ingest and remove. It implements index.Journal.
type Documents struct{ s *Store }

// Documents returns the store's documents table.
func (s *Store) Documents() *Documents { return &Documents{s: s} }

// Added records docs: a new or changed document gets the next sequence
// number, an unchanged one is left alone, so a document is written once
// however many replicas ingest it. Of one id given twice the last wins.
func (d *Documents) Added(ctx context.Context, docs []corpus.Document) error {
	byID := make(map[string]int, len(docs))
	var ids []string
	for i, doc := range docs {
		if _, ok := byID[doc.ID]; !ok {
			ids = append(ids, doc.ID)
		}
		byID[doc.ID] = i
	}
	bodies, hashes := make([]string, len(ids)), make([]string, len(ids))
	for i, id := range ids {
		b, err := json.Marshal(docs[byID[id]])
		if err != nil {
			return fmt.Errorf("pgstate: document %s: %w", id, err)
		}
		h := sha256.Sum256(b)
		bodies[i], hashes[i] = string(b), hex.EncodeToString(h[:])
	}
	return d.write(ctx, "record documents", `INSERT INTO documents (id, seq, hash, body)
		SELECT id, nextval('documents_seq'), hash, body::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, hash, body)
		ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, body = EXCLUDED.body, removed = false,
			first_seen = CASE WHEN documents.removed THEN now() ELSE documents.first_seen END
		WHERE documents.hash <> EXCLUDED.hash OR documents.removed`, ids, hashes, bodies)
}

// Removed records the removal of ids the table holds.
func (d *Documents) Removed(ctx context.Context, ids []string) error {
	return d.write(ctx, "record removal", `UPDATE documents SET seq = nextval('documents_seq'), hash = '', body = NULL, removed = true
		WHERE id = ANY($1) AND NOT removed`, ids)
}

// write runs one change under the documents lock and notifies the
// followers when it changed anything.
func (d *Documents) write(ctx context.Context, what, sql string, args ...any) error {
	err := d.s.tx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, 0)", lockDocuments); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, sql, args...)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, '')", documentsChannel)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstate: %s in %s: %w", what, d.s.where, err)
	}
	return nil
}

// Change is one row of the journal: a document as last ingested, or its
// removal.
type Change struct {
	Seq     int64
	ID      string
	Removed bool
	Doc     corpus.Document // zero when Removed
	// FirstSeen is when the document was first recorded, by the
	// database's clock.
	FirstSeen time.Time
}

// Since returns up to limit changes numbered after seq, in order.
func (d *Documents) Since(ctx context.Context, seq int64, limit int) ([]Change, error) {
	ctx, cancel := d.s.op(ctx)
	defer cancel()
	rows, err := d.s.pool.Query(ctx, "SELECT seq, id, removed, body, first_seen FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2", seq, limit)
	if err != nil {
		return nil, fmt.Errorf("pgstate: documents after %d: %w", seq, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Change, error) {
		var c Change
		var body []byte
		if err := r.Scan(&c.Seq, &c.ID, &c.Removed, &body, &c.FirstSeen); err != nil {
			return c, err
		}
		if !c.Removed {
			if err := json.Unmarshal(body, &c.Doc); err != nil {
				return c, fmt.Errorf("document %s: %w", c.ID, err)
			}
		}
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgstate: documents after %d: %w", seq, err)
	}
	return out, nil
}

// Head is the newest sequence number in the journal, 0 when empty.
func (d *Documents) Head(ctx context.Context) (int64, error) {
	ctx, cancel := d.s.op(ctx)
	defer cancel()
	var seq int64
	if err := d.s.pool.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM documents").Scan(&seq); err != nil {
		return 0, fmt.Errorf("pgstate: documents head: %w", err)
	}
	return seq, nil
}

// Notifications returns a channel that receives a value (coalesced) soon
// after any replica changes the documents. It listens on a connection of
// its own, reconnecting after a failure (logged to log), until ctx ends; a follower polls
// as well, so a notification missed while reconnecting delays nothing
// beyond the next poll.
func (d *Documents) Notifications(ctx context.Context, log *slog.Logger) <-chan struct{} {
	ch := make(chan struct{}, 1)
	go func() {
		wait := time.Second
		for ctx.Err() == nil {
			err := d.listen(ctx, ch)
			if ctx.Err() != nil {
				return
			}
			log.Warn("documents notifications lost; reconnecting", "database", d.s.where, "in", wait, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(2*wait, 30*time.Second)
		}
	}()
	return ch
}

func (d *Documents) listen(ctx context.Context, ch chan<- struct{}) error {
	conn, err := d.s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection leaves the pool for good: it is in LISTEN mode.
	pc := conn.Hijack()
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, "LISTEN "+documentsChannel); err != nil {
		return err
	}
	// A wake-up on (re)connecting covers what changed while not listening.
	for {
		select {
		case ch <- struct{}{}:
		default:
		}
		if _, err := pc.WaitForNotification(ctx); err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		}
	}
}
