package pgstate

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
)

// Replicas starting together on a new database apply each migration once.
func TestConcurrentStartersMigrateOnce(t *testing.T) {
	url := pg.DB(t)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(t.Context(), url)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var n, max int
	if err := c.QueryRow(t.Context(), "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &max); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) || max != len(ms) {
		t.Errorf("schema_migrations has %d rows up to %d, want %d", n, max, len(ms))
	}
}

// A database migrated by a newer briefbot is refused, and left alone.
func TestNewerSchemaRefused(t *testing.T) {
	url := pg.DB(t)
	s, err := Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	c, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(t.Context(), "INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')"); err != nil {
		t.Fatal(err)
	}
	_, err = Open(t.Context(), url)
	var tn *SchemaTooNewError
	if !errors.As(err, &tn) || tn.Database != 999 || !strings.Contains(err.Error(), "newer than this briefbot knows") {
		t.Fatalf("Open on a newer schema = %v, want a SchemaTooNewError", err)
	}
}

// What Open says of a database it cannot reach or a URL it cannot read
// names the host, never the password.
func TestOpenErrorsHideThePassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close() // nothing listens there now
	cases := []struct {
		url, want string
	}{
		{"postgres://briefbot:s3cretpw@" + closed + "/briefbot?connect_timeout=2", closed + "/briefbot"},
		{"postgres://briefbot:s3cretpw@127.0.0.1:notaport/briefbot", "cannot be parsed"},
		{"host=127.0.0.1 password=s3cretpw port=notaport", "cannot be parsed"},
	}
	for _, c := range cases {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		_, err := Open(ctx, c.url)
		cancel()
		if err == nil {
			t.Fatalf("Open(%s) succeeded", c.url)
		}
		if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "s3cretpw") {
			t.Errorf("Open(%s) = %q; want it to name %q and not the password", c.url, err, c.want)
		}
	}
	var ue *UnreachableError
	if _, err := Open(t.Context(), cases[0].url); !errors.As(err, &ue) {
		t.Errorf("unreachable database: %v, want an UnreachableError", err)
	}
	// A server that answers and refuses is not unreachable: retrying will
	// not help, and the reason is given.
	u := pg.Server(t).URL("nosuchdb")
	_, err = Open(t.Context(), u)
	if err == nil || errors.As(err, &ue) || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "/nosuchdb") {
		t.Errorf("Open of a missing database = %v; want the server's refusal, not unreachable", err)
	}
}

// Two replicas on one database see each other's claims and subscriptions
// at once: an event handled by one is not handled by the other.
func TestReplicasShareState(t *testing.T) {
	url := pg.DB(t)
	var rs [2]*Store
	for i := range rs {
		s, err := Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		rs[i] = s
	}
	c0, _ := rs[0].Conversations()
	c1, _ := rs[1].Conversations()
	if ok, err := c0.Claim(t.Context(), t0, time.Hour, "Ev1"); !ok || err != nil {
		t.Fatalf("first replica's claim = %v, %v", ok, err)
	}
	if ok, err := c1.Claim(t.Context(), t0.Add(time.Second), time.Hour, "Ev1"); ok || err != nil {
		t.Fatalf("second replica's claim of the same event = %v, %v; want refused", ok, err)
	}
	sub, _, err := rs[1].Add(t.Context(), subAt("C9"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rs[0].Subscription(t.Context(), sub.ID); err != nil || got.Channel != "C9" {
		t.Errorf("the other replica reads %+v, %v", got, err)
	}
}

// Close ends the calls: a closed store fails fast, it does not hang.
func TestClosedStoreFailsFast(t *testing.T) {
	s, err := Open(t.Context(), pg.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	docs := s.Documents()
	for name, call := range map[string]func() error{
		"Subscriptions": func() error { _, err := s.Subscriptions(t.Context()); return err },
		"Documents.Added": func() error {
			return docs.Added(t.Context(), []corpus.Document{{ID: "d1", Text: "Envoys met."}})
		},
		"Documents.Since": func() error { _, err := docs.Since(t.Context(), 0, 10); return err },
		"Documents.Head":  func() error { _, err := docs.Head(t.Context()); return err },
	} {
		start := time.Now()
		if err := call(); err == nil {
			t.Errorf("%s on a closed store succeeded", name)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s on a closed store took %v to fail", name, d)
		}
	}
}

// Close ends every call under way, the documents journal's as well as the
// others': one waiting on a table another transaction has locked returns
// at once with context.Canceled and writes nothing, and Close does not
// wait out opTimeout for it.
func TestCloseEndsCallsUnderWay(t *testing.T) {
	calls := []struct {
		name, table string
		call        func(context.Context, *Store) error
	}{
		{"Subscriptions", "subscriptions", func(ctx context.Context, s *Store) error { _, err := s.Subscriptions(ctx); return err }},
		{"Documents.Added", "documents", func(ctx context.Context, s *Store) error {
			return s.Documents().Added(ctx, []corpus.Document{{ID: "d1", Text: "Envoys met."}})
		}},
		{"Documents.Removed", "documents", func(ctx context.Context, s *Store) error { return s.Documents().Removed(ctx, []string{"d1"}) }},
		{"Documents.Since", "documents", func(ctx context.Context, s *Store) error { _, err := s.Documents().Since(ctx, 0, 10); return err }},
		{"Documents.Head", "documents", func(ctx context.Context, s *Store) error { _, err := s.Documents().Head(ctx); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			url := pg.DB(t)
			s, err := Open(t.Context(), url)
			if err != nil {
				t.Fatal(err)
			}
			// Another replica's transaction holds the table; a connection
			// of its own, which the store's Close does not touch.
			holder, err := pgx.Connect(t.Context(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer holder.Close(context.WithoutCancel(t.Context()))
			tx, err := holder.Begin(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(context.WithoutCancel(t.Context()))
			if _, err := tx.Exec(t.Context(), "LOCK TABLE "+c.table+" IN ACCESS EXCLUSIVE MODE"); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- c.call(t.Context(), s) }()
			waitForLockWait(t, tx)

			closed := make(chan struct{})
			go func() { s.Close(); close(closed) }()
			select {
			case <-closed:
			case <-time.After(3 * time.Second):
				t.Errorf("Close still waiting after 3s for %s under way", c.name)
				tx.Rollback(t.Context()) // let the call end, and Close with it
				<-closed
			}
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("%s ended by Close = %v; want an error wrapping context.Canceled", c.name, err)
				}
			case <-time.After(3 * time.Second):
				t.Fatalf("%s did not return after Close", c.name)
			}
			if err := tx.Rollback(t.Context()); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
				t.Fatal(err)
			}
			var n int
			if err := holder.QueryRow(t.Context(), "SELECT count(*) FROM documents").Scan(&n); err != nil || n != 0 {
				t.Errorf("%d documents (%v) after the ended call; want none", n, err)
			}
		})
	}
}

// waitForLockWait returns once some session waits for a lock, as seen
// from tx (pg_locks is read afresh even within a transaction).
func waitForLockWait(t *testing.T, tx pgx.Tx) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var n int
		if err := tx.QueryRow(t.Context(), "SELECT count(*) FROM pg_locks WHERE NOT granted").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("the call never waited for the locked table")
}

// storeWithSub opens a store on a new database, closed when the test
// ends, holding one subscription, C1's.
func storeWithSub(t *testing.T) (*Store, state.Subscription) {
	t.Helper()
	s, err := Open(t.Context(), pg.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sub, _, err := s.Add(t.Context(), subAt("C1"))
	if err != nil {
		t.Fatal(err)
	}
	return s, sub
}

func subAt(channel string) state.Subscription {
	return state.Subscription{Platform: "slack", Channel: channel, Schedule: "daily 08:00", CreatedAt: t0, Watermark: t0}
}

// Writes sweep expired records now and then, so the tables do not grow
// with every event ever seen.
func TestConversationsPruned(t *testing.T) {
	url := pg.DB(t)
	s, err := Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, _ := s.Conversations()
	k := state.ThreadKey{Platform: "slack", Channel: "C1", Thread: "1.1"}
	for i, key := range []string{"a", "b", "c"} {
		if _, err := c.Claim(t.Context(), t0.Add(time.Duration(i)*time.Second), time.Hour, key); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AddTurn(t.Context(), k, state.Turn{Question: "q", At: t0}, "m1"); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(state.ThreadKeep + time.Hour)
	if ok, err := c.Claim(t.Context(), later, time.Hour, "d"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	var seen, threads, links int
	err = s.Pool().QueryRow(t.Context(), `SELECT (SELECT count(*) FROM conversation_seen), (SELECT count(*) FROM conversation_threads),
		(SELECT count(*) FROM conversation_links)`).Scan(&seen, &threads, &links)
	if err != nil || seen != 1 || threads != 0 || links != 0 {
		t.Errorf("after a sweep: %d seen, %d threads, %d links (%v); want 1, 0, 0", seen, threads, links, err)
	}
}

// A call takes its caller's context into the database: cancelled while it
// waits (here on a row another transaction holds), it returns at once
// with context.Canceled rather than after opTimeout, and writes nothing.
func TestCancelledCallReturnsPromptly(t *testing.T) {
	s, sub := storeWithSub(t)
	// Another replica's transaction holds the subscription's row.
	holder, err := s.Pool().Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(context.WithoutCancel(t.Context()))
	if _, err := holder.Exec(t.Context(), "SELECT 1 FROM subscriptions WHERE id = $1 FOR UPDATE", sub.ID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err = s.Update(ctx, sub.ID, func(x *state.Subscription) { x.Topic = "written" })
	took := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Update = %v; want an error wrapping context.Canceled", err)
	}
	if took > 2*time.Second {
		t.Errorf("cancelled Update returned after %v; want at once", took)
	}
	if err := holder.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Subscription(t.Context(), sub.ID); err != nil || got.Topic != "" {
		t.Errorf("after the cancelled Update: %+v, %v; want it unchanged", got, err)
	}

	// Already cancelled: each kind of call refuses, and nothing is kept.
	done, cancelNow := context.WithCancel(t.Context())
	cancelNow()
	c, _ := s.Conversations()
	calls := map[string]func() error{
		"AddLimited": func() error { _, _, err := s.AddLimited(done, subAt("C2"), 5); return err },
		"Claim":      func() error { _, err := c.Claim(done, t0, time.Hour, "Ev1"); return err },
		"SetFeed": func() error {
			return s.SetFeed(done, state.FeedChange{URL: "https://x.example/feed", Follow: true, At: t0})
		},
		"Vote": func() error {
			return s.Vote(done, state.Feedback{At: t0, Platform: "slack", User: "U1", AnswerID: "a1", Vote: state.VoteUp})
		},
	}
	for name, call := range calls {
		start := time.Now()
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context = %v; want an error wrapping context.Canceled", name, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s with a cancelled context took %v", name, d)
		}
	}
	if subs, err := s.Subscriptions(t.Context()); err != nil || len(subs) != 1 {
		t.Errorf("subscriptions %+v, %v; want only C1's", subs, err)
	}
	if ok, err := c.Claim(t.Context(), t0, time.Hour, "Ev1"); !ok || err != nil {
		t.Errorf("claim after the cancelled one = %v, %v; want it free", ok, err)
	}
	if fcs, err := s.FeedChanges(t.Context()); err != nil || len(fcs) != 0 {
		t.Errorf("feed changes %+v, %v; want none", fcs, err)
	}
	if votes, err := s.Feedback(t.Context(), time.Time{}); err != nil || len(votes) != 0 {
		t.Errorf("votes %+v, %v; want none", votes, err)
	}
}
