package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/chattest"
	"github.com/briefbot/briefbot/internal/clocktest"
)

// killServeMidPost runs serve with a declared Slack digest whose 08:00 post
// the stand-in holds (taken) or drops (never reached), stops serve while
// the post is in flight, and starts it again at 08:10 on the same data dir.
// It stops the restarted serve once it logs want, and returns the data dir
// and the restart's logs.
func killServeMidPost(t *testing.T, sl *chattest.Slack, clock *clocktest.Clock, want string) (string, *serveBuffer) {
	t.Helper()
	data := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(cfgPath, []byte("digests:\n  - platform: slack\n    channel: C1\n    schedule: daily 08:00\n"), 0o644)
	env := map[string]string{"BRIEFBOT_CONFIG": cfgPath, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": sl.URL()}
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	clock.Set(day.Add(7 * time.Hour))
	srv := startServe(t, data, env, onClock(clock))
	clock.Set(day.Add(7*time.Hour + 10*time.Minute))
	dropInbox(t, data, srv.logs, corpus.Document{ID: "crane", Title: "Harbour cranes to be replaced after storm", URL: "https://news.example/crane",
		Text: "The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."})
	clock.Set(day.Add(8 * time.Hour))
	select {
	case <-sl.Held():
	case <-time.After(10 * time.Second):
		t.Fatalf("no digest post in flight:\n%s", srv.logs.String())
	}
	// The kill: serve's context ends with the post unanswered.
	if code := srv.stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, srv.logs.String())
	}
	if !strings.Contains(srv.logs.String(), "digest post interrupted by shutdown") {
		t.Fatalf("the post was not in flight at the kill:\n%s", srv.logs.String())
	}

	clock.Set(day.Add(8*time.Hour + 10*time.Minute))
	srv = startServe(t, data, env, onClock(clock))
	waitLog(t, srv.logs, want)
	if code := srv.stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, srv.logs.String())
	}
	return data, srv.logs
}

func deliveries(t *testing.T, data string) (state.Subscription, []state.Delivery) {
	t.Helper()
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	subs, _ := st.Subscriptions(t.Context())
	if len(subs) != 1 {
		t.Fatalf("subscriptions %+v", subs)
	}
	ds, _ := st.Deliveries(t.Context(), subs[0].ID)
	return subs[0], ds
}

// TestServeDigestTakenThenKilledPostedOnce: Slack took the digest and serve
// was killed before the answer; the restart finds the post by its metadata,
// records it as delivered and posts nothing, so the channel holds exactly
// one digest.
func TestServeDigestTakenThenKilledPostedOnce(t *testing.T) {
	clock := clocktest.New(time.Time{})
	sl := chattest.NewSlack(t, clock.Now)
	sl.Hold(1)
	data, logs := killServeMidPost(t, sl, clock, "unconfirmed digest found in the channel")
	msgs := sl.Messages("C1")
	if len(msgs) != 1 || sl.Posts() != 1 || !strings.Contains(msgs[0].Blocks, "Harbour cranes") {
		t.Errorf("channel holds %d messages from %d posts, want 1 from 1:\n%s", len(msgs), sl.Posts(), logs.String())
	}
	sub, ds := deliveries(t, data)
	if len(ds) != 1 || !ds[0].Found || sub.Pending != nil || !sub.Watermark.Equal(time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("after the restart: %+v, deliveries %+v", sub, ds)
	}
}

// TestServeDigestLostThenKilledPostedOnce: the post never reached Slack
// before the kill; the restart does not find it and posts it, once.
func TestServeDigestLostThenKilledPostedOnce(t *testing.T) {
	clock := clocktest.New(time.Time{})
	sl := chattest.NewSlack(t, clock.Now)
	sl.Drop(1)
	data, logs := killServeMidPost(t, sl, clock, "digest posted")
	msgs := sl.Messages("C1")
	if len(msgs) != 1 || sl.Posts() != 2 || !strings.Contains(msgs[0].Blocks, "Harbour cranes") {
		t.Errorf("channel holds %d messages from %d posts, want 1 from 2:\n%s", len(msgs), sl.Posts(), logs.String())
	}
	sub, ds := deliveries(t, data)
	if len(ds) != 1 || ds[0].Found || sub.Pending != nil || !sub.Watermark.Equal(time.Date(2024, 3, 4, 8, 10, 0, 0, time.UTC)) {
		t.Errorf("after the restart: %+v, deliveries %+v", sub, ds)
	}
}
