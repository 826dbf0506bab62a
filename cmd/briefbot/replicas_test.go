package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/clocktest"
)

// waitAnswer asks the serve holding data until the answer cites id, for
// up to 10 s.
func waitAnswer(t *testing.T, clock *clocktest.Clock, data, question, id string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		var out, errs bytes.Buffer
		m := NewMain(strings.NewReader(""), &out, &errs)
		m.Getenv = func(string) string { return "" }
		m.Now = clock.Now // serve's clock, which the CLI must share
		code := m.Run(context.Background(), []string{"--data", data, "ask", "--json", question})
		m.Close()
		if code == 0 && strings.Contains(out.String(), `"`+id+`"`) {
			return time.Since(start)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("no answer citing %s within 10 s (exit %d):\n%s%s", id, code, out.String(), errs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// leaderOf says which of two replicas leads the digests, from their logs.
func leaderOf(t *testing.T, a, b *served) (leader, other *served) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, p := range [][2]*served{{a, b}, {b, a}} {
			if strings.Contains(p[0].logs.String(), `msg="leading scheduled work on this replica" work=digests`) {
				return p[0], p[1]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no replica leads the digests:\n%s\n---\n%s", a.logs.String(), b.logs.String())
	return nil, nil
}

// Two serve replicas, each with its own data dir, on one database: a
// document ingested through one is answered by the other; a declared
// digest is posted once, by one of them; when that one stops, the other
// posts the next, once.
func TestTwoReplicas(t *testing.T) {
	p := newPGServe(t)
	clock, sl, env, day := p.clock, p.slack, p.env, p.day
	dataA, dataB := t.TempDir(), t.TempDir()
	a := startServe(t, dataA, env(), onClock(clock))
	b := startServe(t, dataB, env(), onClock(clock))
	leader, other := leaderOf(t, a, b)

	clock.Set(day.Add(7*time.Hour + 10*time.Minute))
	dropInbox(t, dataA, a.logs, craneDoc)
	took := waitAnswer(t, clock, dataB, "harbour cranes storm", "crane")
	t.Logf("ingested through A, answered by B after %v", took.Round(time.Millisecond))
	for _, c := range []struct {
		srv  *served
		want string
	}{{leader, `briefbot_leader{work="digests"} 1`}, {other, `briefbot_leader{work="digests"} 0`}, {b, "briefbot_documents_behind 0"}} {
		if m := scrape(t, c.srv); !strings.Contains(m, c.want) {
			t.Errorf("metrics lack %q:\n%s", c.want, m)
		}
	}

	clock.Set(day.Add(8 * time.Hour))
	waitLog(t, leader.logs, "digest posted")
	time.Sleep(500 * time.Millisecond) // room for a second post, if there were one
	if n := len(sl.Messages("C1")); n != 1 {
		t.Fatalf("%d digests in C1 after 08:00, want 1", n)
	}
	if strings.Contains(other.logs.String(), "digest posted") {
		t.Errorf("the replica that does not lead posted:\n%s", other.logs.String())
	}

	// The leader goes; the other takes over and posts the next day's
	// digest, once.
	if code := leader.stop(); code != 0 {
		t.Fatalf("leader exited %d", code)
	}
	otherData := dataB
	if other == a {
		otherData = dataA
	}
	waitLog(t, other.logs, `msg="leading scheduled work on this replica" work=digests`)
	clock.Set(day.Add(24*time.Hour + 7*time.Hour + 10*time.Minute))
	dropInbox(t, otherData, other.logs, corpus.Document{ID: "ferry", Title: "Ferries resume after the storm", URL: "https://news.example/ferry",
		Text: "Ferries to the islands resumed on Tuesday after two days in port, the operator said."})
	clock.Set(day.Add(24*time.Hour + 8*time.Hour))
	waitLog(t, other.logs, "digest posted")
	time.Sleep(500 * time.Millisecond)
	if n := len(sl.Messages("C1")); n != 2 {
		t.Fatalf("%d digests in C1 after the second day, want 2", n)
	}
}

// scrape returns a serve's /metrics.
func scrape(t *testing.T, s *served) string {
	t.Helper()
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
