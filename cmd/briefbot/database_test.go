package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/docsync"
	"github.com/briefbot/briefbot/internal/chattest"
	"github.com/briefbot/briefbot/internal/clocktest"
	"github.com/briefbot/briefbot/internal/pgtest"
)

// pg is the package's PostgreSQL, started by the first test that needs it.
var pg pgtest.Shared

func TestMain(m *testing.M) {
	// The black-box replica tests run serve as child processes of this
	// binary, to kill them as a host dies.
	if os.Getenv("BRIEFBOT_TEST_CHILD") == "serve" {
		os.Exit(childServe())
	}
	os.Exit(pg.Main(m))
}

// childServe runs `briefbot serve` configured by the environment, on the
// fastClock of BRIEFBOT_TEST_CLOCK, until SIGTERM or SIGINT.
func childServe() int {
	c, err := parseFastClock(os.Getenv("BRIEFBOT_TEST_CLOCK"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	m := NewMain(os.Stdin, os.Stdout, os.Stderr)
	m.Now, m.After = c.Now, c.After
	code := m.Run(ctx, []string{"serve"})
	if err := m.Close(); err != nil && code == 0 {
		fmt.Fprintln(os.Stderr, "close:", err)
		code = 1
	}
	return code
}

// fastClock runs speed times faster than real time from base at start,
// the same in the test and in every child it starts.
type fastClock struct {
	base, start time.Time
	speed       float64
}

func (c fastClock) Now() time.Time {
	return c.base.Add(time.Duration(float64(time.Since(c.start)) * c.speed))
}

func (c fastClock) After(d time.Duration) <-chan time.Time {
	return time.After(time.Duration(float64(d) / c.speed))
}

// At is the real time at which the clock reads t.
func (c fastClock) At(t time.Time) time.Time {
	return c.start.Add(time.Duration(float64(t.Sub(c.base)) / c.speed))
}

func (c fastClock) String() string {
	return fmt.Sprintf("%d,%d,%g", c.base.UnixNano(), c.start.UnixNano(), c.speed)
}

func parseFastClock(s string) (fastClock, error) {
	var b, st int64
	var c fastClock
	if _, err := fmt.Sscanf(s, "%d,%d,%g", &b, &st, &c.speed); err != nil || c.speed <= 0 {
		return c, fmt.Errorf("BRIEFBOT_TEST_CLOCK %q: want base,start,speed", s)
	}
	c.base, c.start = time.Unix(0, b).UTC(), time.Unix(0, st)
	return c, nil
}

// database_url in the config file is taken without a password, and
// refused, without repeating it, with one.
func TestConfigDatabaseURL(t *testing.T) {
	cases := []struct {
		value, want, err string
	}{
		{"postgres://briefbot@db.example:5432/briefbot", "postgres://briefbot@db.example:5432/briefbot", ""},
		{"postgresql://db.example/briefbot?sslmode=require", "postgresql://db.example/briefbot?sslmode=require", ""},
		{"postgres://briefbot:hunter2xyz@db.example/briefbot", "", "holds a password"},
		{"postgres://db.example/briefbot?password=hunter2xyz", "", "holds a password"},
		{"host=db.example password=hunter2xyz", "", "must be a postgres:// URL"},
		{"", "", "is empty"},
	}
	for _, c := range cases {
		cfg, err := ParseConfig([]byte("database_url: \""+c.value+"\"\n"), "c.yaml")
		if c.err == "" {
			if err != nil || cfg.DatabaseURL != c.want {
				t.Errorf("%q: %q, %v", c.value, cfg.DatabaseURL, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "hunter2xyz") {
			t.Errorf("%q: error %v; want %q, without the password", c.value, err, c.err)
		}
	}
	// The environment overrides the file, password and all.
	m := &Main{Getenv: func(k string) string {
		return map[string]string{"BRIEFBOT_DATABASE_URL": "postgres://u:pw@env.example/db"}[k]
	}}
	if got := m.databaseURL(Config{DatabaseURL: "postgres://file.example/db"}); got != "postgres://u:pw@env.example/db" {
		t.Errorf("databaseURL = %q, want the environment's", got)
	}
}

// With a database, serve keeps subscriptions and deliveries there, not in
// state.db: a replica started on an empty data dir knows the digest was
// posted and does not post it again.
func TestServeKeepsStateInDatabase(t *testing.T) {
	p := newPGServe(t)
	dbURL, clock, sl, env, day := p.url, p.clock, p.slack, p.env, p.day
	data := t.TempDir()
	srv := startServe(t, data, env(), onClock(clock))
	waitLog(t, srv.logs, "caught up with the shared documents")
	if resp, err := http.Get(srv.base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz once caught up: %v, %v", resp, err)
	} else {
		resp.Body.Close()
	}
	clock.Set(day.Add(7*time.Hour + 10*time.Minute))
	dropInbox(t, data, srv.logs, craneDoc)
	clock.Set(day.Add(8 * time.Hour))
	waitLog(t, srv.logs, "digest posted")
	if code := srv.stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, srv.logs.String())
	}

	db, err := pgstate.Open(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	subs, err := db.Subscriptions(t.Context())
	if err != nil || len(subs) != 1 || !subs[0].Declared {
		t.Fatalf("database subscriptions = %+v, %v", subs, err)
	}
	if ds, err := db.Deliveries(t.Context(), subs[0].ID); err != nil || len(ds) != 1 {
		t.Fatalf("database deliveries = %+v, %v", ds, err)
	}
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	if subs, _ := st.Subscriptions(t.Context()); len(subs) != 0 {
		t.Errorf("state.db holds subscriptions %+v; the database should", subs)
	}
	st.Close()

	// A new replica, its data dir empty, at 08:10: the 08:00 digest is
	// known posted.
	clock.Set(day.Add(8*time.Hour + 10*time.Minute))
	srv = startServe(t, t.TempDir(), env(), onClock(clock))
	waitLog(t, srv.logs, "digests started")
	time.Sleep(300 * time.Millisecond)
	if n := len(sl.Messages("C1")); n != 1 {
		t.Errorf("%d digests in C1, want 1", n)
	}
}

// A database that cannot be reached at start: serve says which, never the
// password, and retries until it is stopped.
func TestServeDatabaseUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logs := &serveBuffer{}
	m := NewMain(strings.NewReader(""), io.Discard, logs)
	env := map[string]string{"BRIEFBOT_ADDR": "127.0.0.1:0", "BRIEFBOT_DATABASE_URL": "postgres://briefbot:hunter2xyz@" + addr + "/briefbot?connect_timeout=1"}
	m.Getenv = func(k string) string { return env[k] }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"--data", t.TempDir(), "serve"})
		m.Close()
	}()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(logs.String(), "database unreachable; retrying") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not retry the database:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code == 0 {
			t.Errorf("serve exited 0 without its database")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	out := logs.String()
	if !strings.Contains(out, addr+"/briefbot") || strings.Contains(out, "hunter2xyz") {
		t.Errorf("want the host named and the password never:\n%s", out)
	}
}

// pgServe is a database, a clock at 07:00 on day, a Slack stand-in and a
// config declaring a daily 08:00 digest to C1: what serve replicas on
// PostgreSQL are tested with.
type pgServe struct {
	url   string
	clock *clocktest.Clock
	slack *chattest.Slack
	day   time.Time
	// env is serve's environment (a new map each call).
	env func() map[string]string
}

func newPGServe(t *testing.T) pgServe {
	t.Helper()
	p := pgServe{url: pg.DB(t), clock: clocktest.New(time.Time{}), day: time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)}
	p.slack = chattest.NewSlack(t, p.clock.Now)
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	if err := os.WriteFile(cfgPath, []byte("digests:\n  - platform: slack\n    channel: C1\n    schedule: daily 08:00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.env = func() map[string]string {
		return map[string]string{"BRIEFBOT_CONFIG": cfgPath, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": p.slack.URL(), "BRIEFBOT_DATABASE_URL": p.url}
	}
	p.clock.Set(p.day.Add(7 * time.Hour))
	return p
}

var craneDoc = corpus.Document{ID: "crane", Title: "Harbour cranes to be replaced after storm", URL: "https://news.example/crane",
	Text: "The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."}

// Readiness waits for the shared documents: a replica that has not
// caught up would answer from part of them.
func TestNotReadyUntilCaughtUp(t *testing.T) {
	if msg := (&serveEnv{}).notReady(); msg != "" {
		t.Errorf("without a database: %q, want ready", msg)
	}
	if msg := (&serveEnv{Follower: &docsync.Follower{}}).notReady(); !strings.Contains(msg, "catching up") {
		t.Errorf("before the first catch-up: %q", msg)
	}
}

// With a database, votes go there, where every replica's are, and not to
// the replica's state file.
func TestFeedbackInDatabase(t *testing.T) {
	db, err := pgstate.Open(t.Context(), pg.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	v := state.Feedback{At: time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC), Platform: "slack", User: "U1", AnswerID: "a1", Question: "q", Vote: state.VoteUp}
	if err := (&serveEnv{State: st, DB: db}).feedback().Vote(t.Context(), v); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Feedback(t.Context(), time.Time{}); err != nil || len(got) != 1 {
		t.Errorf("database votes %+v, %v; want the one", got, err)
	}
	if got, _ := st.Feedback(t.Context(), time.Time{}); len(got) != 0 {
		t.Errorf("state file votes %+v; want none", got)
	}
}

// With a database configured and serve not running, feedback and sources
// --opml read the votes and feed changes the replicas keep there, not a
// state file's (stale, or none on a data dir serve never ran on), and
// leave no connection open when they end.
func TestStateCommandsReadDatabase(t *testing.T) {
	url := pg.DB(t)
	db, err := pgstate.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	vote := state.Feedback{At: localNow, Platform: "slack", User: "U1", AnswerID: "a1", Question: "Who replaces the cranes?",
		Sentences: []string{"The port authority."}, Vote: state.VoteUp}
	if err := db.Vote(t.Context(), vote); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFeed(t.Context(), state.FeedChange{URL: "https://chat.example/feed.xml", Follow: true, By: "U1", At: localNow}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cfg := filepath.Join(t.TempDir(), "briefbot.yaml")
	if err := os.WriteFile(cfg, []byte("feeds:\n  - url: https://harbour.example/feed.xml\ndatabase_url: "+url+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The state file of a replica that ran without the database once.
	stale := t.TempDir()
	st, err := state.Open(filepath.Join(stale, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	vote.Question, vote.User = "A stale question?", "U9"
	if err := st.Vote(t.Context(), vote); err != nil {
		t.Fatal(err)
	}
	if err := st.SetFeed(t.Context(), state.FeedChange{URL: "https://stale.example/feed.xml", Follow: true, By: "U9", At: localNow}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	for name, data := range map[string]string{"stale state file": stale, "no state file": t.TempDir()} {
		fb := localRun(t, data, localNow, nil, "", "--config", cfg, "feedback")
		if fb.code != 0 || !strings.Contains(fb.stdout, "Q: Who replaces the cranes?") || !strings.Contains(fb.stdout, "1 votes: 1 helpful") {
			t.Errorf("%s: feedback: exit %d\nstdout %s\nstderr %s", name, fb.code, fb.stdout, fb.stderr)
		}
		op := localRun(t, data, localNow, nil, "", "--config", cfg, "sources", "--opml")
		if urls := opmlURLs(t, op.stdout); op.code != 0 || !slices.Equal(urls, []string{"https://harbour.example/feed.xml", "https://chat.example/feed.xml"}) {
			t.Errorf("%s: sources --opml: exit %d, feeds %v\nstderr %s", name, op.code, urls, op.stderr)
		}
	}

	// Each command closed the store it opened: no session of theirs is
	// left (the server ends one shortly after its client goes).
	c, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var n int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if err := c.QueryRow(t.Context(), "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 || time.Now().After(deadline) {
			break
		}
	}
	if n != 0 {
		t.Errorf("%d sessions left open on the database after the commands", n)
	}
}
