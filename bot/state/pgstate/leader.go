package pgstate

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// The scheduled work that replicas elect a leader for, each apart: the
// second key of its advisory lock.
const (
	WorkDigests int32 = 1
	WorkFeeds   int32 = 2
)

// Campaign describes one kind of scheduled work to lead.
type Campaign struct {
	// Name names the work in the log ("digests").
	Name string
	// Work is WorkDigests or WorkFeeds.
	Work int32
	// Every is how often a replica that does not lead tries for the lock,
	// and how often the leader checks its connection (DefaultEvery when 0).
	Every  time.Duration
	Logger *slog.Logger
}

// DefaultEvery is Campaign.Every's default: with the server's keepalives
// below, a leader that dies, or is cut off, loses the work within 30 s.
const DefaultEvery = 5 * time.Second

// Lead runs fn whenever this process holds the leadership of c.Work, so
// that of all processes sharing the database one at a time runs it. The
// lock is a session advisory lock on a connection of Lead's own: a
// process that dies frees it with its connection, at once when the kernel
// closes the socket, else when the server's keepalives give up on it.
// fn's context ends when leadership is lost (the connection failed its
// check) or ctx ends, and Lead waits for fn to return before it lets the
// lock go. Lead returns when ctx ends.
func (s *Store) Lead(ctx context.Context, c Campaign, fn func(context.Context)) {
	if c.Every <= 0 {
		c.Every = DefaultEvery
	}
	if c.Work == WorkDigests {
		s.fenced.Store(true)
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("work", c.Name)
	for ctx.Err() == nil {
		if err := s.lead(ctx, c, log, fn); err != nil && ctx.Err() == nil {
			log.Warn("leadership: database unavailable; scheduled work paused here", "database", s.where, "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(c.Every):
		}
	}
}

// lead connects, waits for the lock and runs fn while the connection
// holds it.
func (s *Store) lead(ctx context.Context, c Campaign, log *slog.Logger, fn func(context.Context)) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		conn.Close(cctx) // frees the lock
	}()
	// The server probes an idle replica's connection after 10 s, every
	// 5 s, 3 times: a replica whose host vanished loses the lock in 25 s.
	if _, err := conn.Exec(ctx, "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3"); err != nil {
		return err
	}
	for {
		var got bool
		if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", lockLeader, c.Work).Scan(&got); err != nil {
			return err
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(c.Every):
		}
	}
	if c.Work == WorkDigests {
		s.digestsPID.Store(conn.PgConn().PID())
		defer s.digestsPID.Store(0)
	}
	if c.Work > 0 && int(c.Work) < len(s.leading) {
		s.leading[c.Work].Store(true)
		defer s.leading[c.Work].Store(false)
	}
	log.Info("leading scheduled work on this replica")
	lctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(lctx)
	}()
	// fn stops before the lock goes with the connection.
	defer func() { stop(); <-done }()
	t := time.NewTicker(c.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-done:
			return nil
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, c.Every)
		err := conn.Ping(pctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			log.Warn("leadership lost: the database connection failed; another replica takes over")
			return fmt.Errorf("leader connection: %w", err)
		}
	}
}

// Leading reports whether this process leads work now.
func (s *Store) Leading(work int32) bool {
	return work > 0 && int(work) < len(s.leading) && s.leading[work].Load()
}

// NotLeaderError refuses a digest run to a process that campaigns for the
// digests but does not hold their lock now: another replica leads, and the
// run is theirs.
type NotLeaderError struct{}

func (*NotLeaderError) Error() string {
	return "pgstate: this replica no longer leads the digests; the replica that does runs them"
}

// NotLeader marks the error for package schedule, which knows it by this
// method alone.
func (*NotLeaderError) NotLeader() bool { return true }

// checkLeader fences a digest claim: in the claim's own transaction, the
// lock must still be held by this process's leadership connection, which
// holds it only while its session lives. A process that never campaigned
// (one replica, tests) is not fenced.
func (s *Store) checkLeader(ctx context.Context, tx pgx.Tx) error {
	if !s.fenced.Load() {
		return nil
	}
	pid := s.digestsPID.Load()
	var held bool
	if pid != 0 {
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
			AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2 AND granted AND pid = $3)`,
			lockLeader, WorkDigests, int64(pid)).Scan(&held); err != nil {
			return err
		}
	}
	if !held {
		return &NotLeaderError{}
	}
	return nil
}
