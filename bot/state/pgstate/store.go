package pgstate

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/briefbot/briefbot/bot/state"
)

// opTimeout bounds each call, within its caller's context: a database
// that stopped answering must not hang a digest run or a chat command
// forever, even under a caller whose context has no deadline.
const opTimeout = 15 * time.Second

// Store is the state in a PostgreSQL database. Its methods are safe for
// concurrent use, by goroutines and by processes sharing the database.
type Store struct {
	pool  *pgxpool.Pool
	where string // the database, without credentials, for messages
	// closed ends when Close is called, and with it every call under way:
	// pool.Close waits for the connections they hold.
	closed context.Context
	cancel context.CancelFunc

	// fenced is set once this process campaigns for the digests (Lead):
	// from then on Intend claims a run only while digestsPID, the backend
	// of its leadership connection, holds the lock.
	fenced     atomic.Bool
	digestsPID atomic.Uint32
	// leading[w] is set while this process leads work w (Lead).
	leading [WorkFeeds + 1]atomic.Bool
}

// Open connects to the database at url, applies the migrations it lacks
// and returns the store. It fails, naming the host and never the
// password, when the database cannot be reached; the caller retries.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's parse errors quote the string, password and all.
		return nil, errors.New("pgstate: the database URL cannot be parsed; expected postgres://user@host:port/database")
	}
	where := Where(cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstate: %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		// The server answered and refused (no such database, a wrong
		// password): waiting will not mend that.
		if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) {
			return nil, fmt.Errorf("pgstate: database %s refused the connection: %s (SQLSTATE %s)", where, pe.Message, pe.Code)
		}
		return nil, &UnreachableError{Where: where, Err: err}
	}
	if _, err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	return &Store{pool: pool, where: where, closed: sctx, cancel: cancel}, nil
}

// Where names a database for messages: host:port/database, no user, no
// password.
func Where(host string, port uint16, database string) string {
	return fmt.Sprintf("%s:%d/%s", host, port, database)
}

// UnreachableError is a database that did not answer.
type UnreachableError struct {
	Where string
	Err   error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("pgstate: database %s unreachable: %v", e.Where, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// Path names the database, without credentials (state.Store's is the
// file's path).
func (s *Store) Path() string { return s.where }

// Pool is the store's connection pool, for the other parts that share the
// database (documents, leadership).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close ends calls under way and closes the connections.
func (s *Store) Close() error {
	s.cancel()
	s.pool.Close()
	return nil
}

// op is the context of one call: the caller's, bounded by opTimeout and
// ended by Close.
func (s *Store) op(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	stop := context.AfterFunc(s.closed, cancel)
	return ctx, func() { stop(); cancel() }
}

// tx runs fn in a transaction under op(ctx).
func (s *Store) tx(ctx context.Context, fn func(context.Context, pgx.Tx) error) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return fn(ctx, tx) })
}

// Add stores sub unless a subscription with its id exists; it reports
// whether it was added, and returns the stored subscription either way.
func (s *Store) Add(ctx context.Context, sub state.Subscription) (state.Subscription, bool, error) {
	return s.AddLimited(ctx, sub, 0)
}

// AddLimited is Add, refusing with a *state.LimitError a new subscription
// in a channel that already has limit or more (limit <= 0: no limit). A
// lock on the channel, held to the end of the transaction, makes the count
// and the insert one step for every replica.
func (s *Store) AddLimited(ctx context.Context, sub state.Subscription, limit int) (state.Subscription, bool, error) {
	if sub.ID == "" {
		sub.ID = state.ID(sub.Platform, sub.Channel, sub.Schedule, sub.Topic)
	}
	added := false
	err := s.tx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		h := fnv.New32a()
		h.Write([]byte(sub.Platform + "\x00" + sub.Channel))
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", lockChannel, int32(h.Sum32())); err != nil {
			return err
		}
		found, err := getSub(ctx, tx, sub.ID, &sub, false)
		if err != nil || found {
			return err
		}
		if limit > 0 {
			var n int
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM subscriptions WHERE platform = $1 AND channel = $2", sub.Platform, sub.Channel).Scan(&n); err != nil {
				return err
			}
			if n >= limit {
				return &state.LimitError{Platform: sub.Platform, Channel: sub.Channel, Limit: limit}
			}
		}
		added = true
		_, err = tx.Exec(ctx, "INSERT INTO subscriptions (id, platform, channel, body) VALUES ($1, $2, $3, $4)", sub.ID, sub.Platform, sub.Channel, sub)
		return err
	})
	if err != nil {
		if le := (*state.LimitError)(nil); errors.As(err, &le) {
			return state.Subscription{}, false, le
		}
		return state.Subscription{}, false, fmt.Errorf("pgstate: add subscription %s: %w", sub.ID, err)
	}
	return sub, added, nil
}

// querier is what getSub needs of a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// getSub reads subscription id into sub, locking its row for the
// transaction when forUpdate; found is false for no such subscription.
func getSub(ctx context.Context, q querier, id string, sub *state.Subscription, forUpdate bool) (found bool, err error) {
	sql := "SELECT body FROM subscriptions WHERE id = $1"
	if forUpdate {
		sql += " FOR UPDATE"
	}
	err = q.QueryRow(ctx, sql, id).Scan(sub)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("subscription %s: %w", id, err)
	}
	return true, nil
}

// Intend records p as the subscription's pending post. It must return
// before the post is sent: the commit is durable once it returns.
func (s *Store) Intend(ctx context.Context, id string, p state.Pending) (state.Subscription, error) {
	sub, err := s.update(ctx, id, s.checkLeader, func(sub *state.Subscription) { sub.Pending = &p })
	if err != nil {
		return state.Subscription{}, fmt.Errorf("pgstate: record digest post %s before sending it: %w", p.Key, err)
	}
	return sub, nil
}

// Subscription returns one subscription, or state.ErrNotFound.
func (s *Store) Subscription(ctx context.Context, id string) (state.Subscription, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	var sub state.Subscription
	found, err := getSub(ctx, s.pool, id, &sub, false)
	if err != nil {
		return state.Subscription{}, fmt.Errorf("pgstate: %w", err)
	}
	if !found {
		return state.Subscription{}, state.ErrNotFound
	}
	return sub, nil
}

// Subscriptions lists all subscriptions, oldest first.
func (s *Store) Subscriptions(ctx context.Context) ([]state.Subscription, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	out, err := all[state.Subscription](ctx, s.pool, "SELECT body FROM subscriptions ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("pgstate: list subscriptions: %w", err)
	}
	slices.SortStableFunc(out, func(a, b state.Subscription) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// all decodes the one JSON column of each row of sql.
func all[T any](ctx context.Context, pool *pgxpool.Pool, sql string, args ...any) ([]T, error) {
	rows, err := pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) {
		var x T
		err := r.Scan(&x)
		return x, err
	})
}

// Remove deletes a subscription and its delivery log, or returns
// state.ErrNotFound.
func (s *Store) Remove(ctx context.Context, id string) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	tag, err := s.pool.Exec(ctx, "DELETE FROM subscriptions WHERE id = $1", id)
	if err != nil {
		return fmt.Errorf("pgstate: remove subscription %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return state.ErrNotFound
	}
	return nil
}

// Update applies fn to the stored subscription id in one transaction, its
// row locked against every other replica's until the commit.
func (s *Store) Update(ctx context.Context, id string, fn func(*state.Subscription)) (state.Subscription, error) {
	return s.update(ctx, id, nil, fn)
}

// update is Update, first running check (when not nil) in the transaction.
func (s *Store) update(ctx context.Context, id string, check func(context.Context, pgx.Tx) error, fn func(*state.Subscription)) (state.Subscription, error) {
	var sub state.Subscription
	err := s.tx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		if check != nil {
			if err := check(ctx, tx); err != nil {
				return err
			}
		}
		found, err := getSub(ctx, tx, id, &sub, true)
		if err != nil {
			return err
		}
		if !found {
			return state.ErrNotFound
		}
		fn(&sub)
		sub.ID = id
		_, err = tx.Exec(ctx, "UPDATE subscriptions SET body = $2 WHERE id = $1", id, sub)
		return err
	})
	if err != nil {
		return state.Subscription{}, fmt.Errorf("pgstate: update subscription %s: %w", id, err)
	}
	return sub, nil
}

// Delivered records a posted digest and, in the same transaction, moves
// the subscription's watermark to d.Until, its last run to ran and clears
// its failures and its pending post.
func (s *Store) Delivered(ctx context.Context, d state.Delivery, ran time.Time) (state.Subscription, error) {
	var sub state.Subscription
	err := s.tx(ctx, func(ctx context.Context, tx pgx.Tx) error {
		found, err := getSub(ctx, tx, d.SubID, &sub, true)
		if err != nil {
			return err
		}
		if !found {
			return state.ErrNotFound
		}
		sub.ApplyDelivery(d, ran)
		if _, err := tx.Exec(ctx, "UPDATE subscriptions SET body = $2 WHERE id = $1", sub.ID, sub); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO deliveries (sub_id, body) VALUES ($1, $2)", d.SubID, d)
		return err
	})
	if err != nil {
		return state.Subscription{}, fmt.Errorf("pgstate: record delivery for %s: %w", d.SubID, err)
	}
	return sub, nil
}

// Deliveries lists a subscription's delivered digests, oldest first.
func (s *Store) Deliveries(ctx context.Context, subID string) ([]state.Delivery, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	out, err := all[state.Delivery](ctx, s.pool, "SELECT body FROM deliveries WHERE sub_id = $1 ORDER BY seq", subID)
	if err != nil {
		return nil, fmt.Errorf("pgstate: deliveries of %s: %w", subID, err)
	}
	return out, nil
}

// Get returns a feed's stored ETag and Last-Modified ("" when unknown or
// when the database does not answer). It implements feed.Validators.
func (s *Store) Get(ctx context.Context, url string) (etag, lastModified string) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	_ = s.pool.QueryRow(ctx, "SELECT etag, last_modified FROM feed_validators WHERE url = $1", url).Scan(&etag, &lastModified)
	return etag, lastModified
}

// Put stores a feed's validators; both empty forgets them.
func (s *Store) Put(ctx context.Context, url, etag, lastModified string) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	var err error
	if etag == "" && lastModified == "" {
		_, err = s.pool.Exec(ctx, "DELETE FROM feed_validators WHERE url = $1", url)
	} else {
		_, err = s.pool.Exec(ctx, `INSERT INTO feed_validators (url, etag, last_modified) VALUES ($1, $2, $3)
			ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified`, url, etag, lastModified)
	}
	if err != nil {
		return fmt.Errorf("pgstate: feed validators for %s: %w", url, err)
	}
	return nil
}

// Seen returns the keys of a feed's items already handled. With PutSeen it
// implements feed.SeenStore.
func (s *Store) Seen(ctx context.Context, url string) []string {
	ctx, cancel := s.op(ctx)
	defer cancel()
	var keys []string
	_ = s.pool.QueryRow(ctx, "SELECT keys FROM feed_seen WHERE url = $1", url).Scan(&keys)
	return keys
}

// PutSeen stores the keys of a feed's items already handled.
func (s *Store) PutSeen(ctx context.Context, url string, keys []string) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	raw, err := json.Marshal(keys)
	if err == nil {
		_, err = s.pool.Exec(ctx, `INSERT INTO feed_seen (url, keys) VALUES ($1, $2)
			ON CONFLICT (url) DO UPDATE SET keys = EXCLUDED.keys`, url, raw)
	}
	if err != nil {
		return fmt.Errorf("pgstate: seen items of %s: %w", url, err)
	}
	return nil
}

// SetFeed records a change to a feed; the latest change of a URL wins.
func (s *Store) SetFeed(ctx context.Context, c state.FeedChange) error {
	ctx, cancel := s.op(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO feed_changes (url, body) VALUES ($1, $2)
		ON CONFLICT (url) DO UPDATE SET body = EXCLUDED.body`, c.URL, c)
	if err != nil {
		return fmt.Errorf("pgstate: feed %s: %w", c.URL, err)
	}
	return nil
}

// FeedChanges returns the recorded changes, by URL.
func (s *Store) FeedChanges(ctx context.Context) ([]state.FeedChange, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	out, err := all[state.FeedChange](ctx, s.pool, `SELECT body FROM feed_changes ORDER BY url COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("pgstate: feed changes: %w", err)
	}
	return out, nil
}
