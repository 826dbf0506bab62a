package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/docsync"
)

// sharedState is the state every replica shares: subscriptions and
// deliveries, feed validators and changes. The state file is one (one
// process); PostgreSQL is the other (several replicas).
type sharedState interface {
	schedule.Store
	feed.Validators
	feedChanges
	// Path names where the state is kept, for the log.
	Path() string
}

var (
	_ sharedState = (*state.Store)(nil)
	_ sharedState = (*pgstate.Store)(nil)
	// The poller finds the seen items by a type assertion, which a changed
	// signature would fail without a word.
	_ feed.SeenStore = (*state.Store)(nil)
	_ feed.SeenStore = (*pgstate.Store)(nil)
)

// openShared sets env.Shared: the database when one is configured, else
// the state file, env.State.
func (m *Main) openShared(ctx context.Context, env *serveEnv) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	u := m.databaseURL(cfg)
	if u == "" {
		env.Shared = env.State
		return nil
	}
	db, err := m.openDatabase(ctx, u)
	if err != nil {
		return err
	}
	m.onClose(db.Close)
	env.Shared, env.DB = db, db
	// Every document this replica ingests or removes goes to the shared
	// table first; the follower brings the others' into this index.
	env.Index.SetJournal(db.Documents())
	env.Follower = &docsync.Follower{Journal: db.Documents(), Index: env.Index, Logger: env.Logger.With("part", "documents")}
	env.Go(func() { env.Follower.Run(ctx) })
	if env.Registry != nil {
		env.Registry.MustRegister(replicaGauges(db, env.Follower)...)
	}
	return nil
}

// replicaGauges are a replica's metrics: which scheduled work it leads,
// and how far its index is behind the shared documents.
func replicaGauges(db *pgstate.Store, f *docsync.Follower) []prometheus.Collector {
	var out []prometheus.Collector
	for _, w := range []struct {
		name string
		work int32
	}{{"digests", pgstate.WorkDigests}, {"feeds", pgstate.WorkFeeds}} {
		out = append(out, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "briefbot_leader", Help: "1 while this replica leads the scheduled work named by work, else 0.",
			ConstLabels: prometheus.Labels{"work": w.name},
		}, func() float64 {
			if db.Leading(w.work) {
				return 1
			}
			return 0
		}))
	}
	return append(out, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "briefbot_documents_behind", Help: "How far this replica's index is behind the shared documents, in journal sequence numbers; NaN when the database does not answer.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := f.Behind(ctx)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}))
}

// notReady says why serve should not get traffic yet, "" when it should: a
// replica still catching up with the shared documents would answer from
// part of them.
func (e *serveEnv) notReady() string {
	if e.Follower != nil && !e.Follower.CaughtUp() {
		return "catching up with the shared documents"
	}
	return ""
}

// checkDatabaseURL says what is wrong with database_url in the config
// file, "" when nothing. The file is no place for the password: it is
// read from BRIEFBOT_DATABASE_URL, PGPASSWORD or ~/.pgpass instead. The
// message never repeats the value.
func checkDatabaseURL(s string) string {
	if s == "" {
		return "is empty; leave it out to keep the state in <data>/state.db"
	}
	if !strings.HasPrefix(s, "postgres://") && !strings.HasPrefix(s, "postgresql://") {
		return "must be a postgres:// URL, e.g. postgres://briefbot@db.example:5432/briefbot"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "is not a valid URL; give postgres://user@host:port/database"
	}
	_, hasPW := u.User.Password()
	if hasPW || u.Query().Has("password") {
		return "holds a password; secrets are read only from the environment, never from the config file: remove it and set PGPASSWORD, or give the whole URL in BRIEFBOT_DATABASE_URL"
	}
	return ""
}

// databaseURL is the database serve keeps its shared state in:
// BRIEFBOT_DATABASE_URL, else the config's database_url; "" for none.
func (m *Main) databaseURL(cfg Config) string {
	if u := m.Getenv("BRIEFBOT_DATABASE_URL"); u != "" {
		return u
	}
	return cfg.DatabaseURL
}

// Backoff between attempts to reach the database at start, and how long
// one attempt (connect and migrate) may take.
const (
	dbRetryMin    = time.Second
	dbRetryMax    = 30 * time.Second
	dbOpenTimeout = 10 * time.Second
)

// openDatabase opens the shared state in PostgreSQL. A database that
// cannot be reached is retried with backoff until ctx ends, each failure
// logged naming the host and not the password; what retrying cannot mend
// (a bad URL, a server refusing the database or the password, a schema
// newer than this binary) fails at once.
func (m *Main) openDatabase(ctx context.Context, url string) (*pgstate.Store, error) {
	// Backoff is in real time, whatever clock the schedules run on.
	wait := dbRetryMin
	for {
		actx, cancel := context.WithTimeout(ctx, dbOpenTimeout)
		st, err := pgstate.Open(actx, url)
		cancel()
		if err == nil {
			m.Logger.Info("database connected", "database", st.Path())
			return st, nil
		}
		var ue *pgstate.UnreachableError
		if !errors.As(err, &ue) {
			return nil, fmt.Errorf("serve: %w", err)
		}
		m.Logger.Warn("database unreachable; retrying", "database", ue.Where, "in", wait, "err", err)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("serve: %w", err)
		case <-time.After(wait):
		}
		wait = min(2*wait, dbRetryMax)
	}
}

// conversations keeps the platforms' conversations where replicas share
// them: in the database when serve has one, so that an event Slack
// delivers to two replicas is answered once; else in the state file.
func (e *serveEnv) conversations() (thread.Store, error) {
	if e.DB != nil {
		return e.DB.Conversations()
	}
	return e.State.Conversations()
}

// interactionClaims is where Discord interactions that arrive over the
// gateway are claimed: with a database, there, for every replica's
// gateway connection receives each of them and one replica must answer;
// without one, nil: the one process answers each, claiming nothing.
func (e *serveEnv) interactionClaims() (discord.Claimer, error) {
	if e.DB == nil {
		return nil, nil
	}
	return e.DB.Conversations()
}

// lead runs fn, scheduled work, under serve: on this process alone without
// a database; with one, whenever this replica leads that work (see
// pgstate.Store.Lead), so that one replica at a time does it.
func (e *serveEnv) lead(ctx context.Context, name string, work int32, fn func(context.Context)) {
	if e.DB == nil {
		e.Go(func() { fn(ctx) })
		return
	}
	e.Go(func() {
		e.DB.Lead(ctx, pgstate.Campaign{Name: name, Work: work, Logger: e.Logger}, fn)
	})
}
