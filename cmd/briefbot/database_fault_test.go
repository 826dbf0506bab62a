package main

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/briefbot/briefbot/internal/pgtest"
)

// The database lost while serving: commands keep answering from the local
// index and /healthz stays up; the digest due meanwhile is not posted,
// and once the database is back it is posted, once.
func TestServeDatabaseLostWhileServing(t *testing.T) {
	pg.Server(t) // skips or fails as the package's tests do
	db, err := pgtest.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Stop()
	dbURL, err := db.CreateDatabase(t.Context(), "briefbot")
	if err != nil {
		t.Fatal(err)
	}
	p := newPGServe(t)
	env := p.env()
	env["BRIEFBOT_DATABASE_URL"] = dbURL
	data := t.TempDir()
	srv := startServe(t, data, env, onClock(p.clock))
	waitLog(t, srv.logs, `msg="leading scheduled work on this replica" work=digests`)
	p.clock.Set(p.day.Add(7*time.Hour + 10*time.Minute))
	dropInbox(t, data, srv.logs, craneDoc)

	if err := db.Kill(); err != nil {
		t.Fatal(err)
	}
	waitLog(t, srv.logs, "leadership lost")
	p.clock.Set(p.day.Add(8 * time.Hour))
	waitAnswer(t, p.clock, data, "harbour cranes storm", "crane")
	resp, err := http.Get(srv.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d with the database down", resp.StatusCode)
	}
	time.Sleep(time.Second)
	if n := len(p.slack.Messages("C1")); n != 0 {
		t.Fatalf("%d digests posted with the database down", n)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := db.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(p.slack.Messages("C1")) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no digest 30 s after the database returned:\n%s", srv.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second)
	if n := len(p.slack.Messages("C1")); n != 1 {
		t.Errorf("%d digests after the database returned, want 1", n)
	}
}
