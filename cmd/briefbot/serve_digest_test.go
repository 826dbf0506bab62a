package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
)

// digestClock is a settable clock whose timers fire when it passes them.
type digestClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []digestTimer
}

type digestTimer struct {
	at time.Time
	ch chan time.Time
}

func (c *digestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *digestClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
	} else {
		c.timers = append(c.timers, digestTimer{c.now.Add(d), ch})
	}
	return ch
}

func (c *digestClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at.After(t) {
			kept = append(kept, tm)
		} else {
			tm.ch <- t
		}
	}
	c.timers = kept
}

// fakeSlackAPI records chat.postMessage calls.
func fakeSlackAPI(t *testing.T) (string, chan map[string]string) {
	posts := make(chan map[string]string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			posts <- map[string]string{"channel": r.Form.Get("channel"), "text": r.Form.Get("text"), "blocks": r.Form.Get("blocks")}
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": "1700000000.000100"})
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/", posts
}

// TestServeDigestsEndToEnd runs serve with a config declaring a digest on
// Slack and one on Discord: a document dropped in the inbox is posted, once,
// to both test servers when the clock reaches the schedule, and a restart
// after that posts nothing again.
func TestServeDigestsEndToEnd(t *testing.T) {
	data := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(cfgPath, []byte(`digests:
  - platform: slack
    channel: C1
    schedule: daily 08:00
  - platform: discord
    channel: "900000000000000001"
    schedule: "0 8 * * *"
    topic: harbour cranes
`), 0o644)
	slackURL, slackPosts := fakeSlackAPI(t)
	discordURL, discordReqs := fakeDiscordAPI(t)
	pub, _, _ := ed25519.GenerateKey(nil)
	env := map[string]string{
		"BRIEFBOT_CONFIG": cfgPath, "BRIEFBOT_ADDR": "127.0.0.1:0",
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slackURL,
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_BOT_TOKEN": "e2e-token", "DISCORD_APP_ID": "app-e2e", "DISCORD_API_URL": discordURL,
	}
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	clock := &digestClock{now: day.Add(7 * time.Hour)}
	start := func() (stop func() int, logs *lockedBuffer) {
		logs = &lockedBuffer{}
		m := NewMain(strings.NewReader(""), io.Discard, logs)
		m.Getenv = func(k string) string { return env[k] }
		m.Now, m.After = clock.Now, clock.After
		up := make(chan string, 1)
		m.Listening = func(a string) { up <- a }
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() {
			code := m.Run(ctx, []string{"--data", data, "serve"})
			m.Close()
			done <- code
		}()
		select {
		case <-up:
		case code := <-done:
			t.Fatalf("serve exited %d:\n%s", code, logs.String())
		case <-time.After(30 * time.Second):
			t.Fatalf("serve did not start:\n%s", logs.String())
		}
		return func() int { cancel(); return <-done }, logs
	}
	stop, logs := start()

	// A report arrives through the inbox at 07:10.
	clock.Set(day.Add(7*time.Hour + 10*time.Minute))
	doc, _ := json.Marshal(corpus.Document{ID: "crane", Title: "Harbour cranes to be replaced after storm", URL: "https://news.example/crane",
		Text: "The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."})
	os.MkdirAll(filepath.Join(data, "inbox"), 0o755)
	os.WriteFile(filepath.Join(data, "inbox", "crane.jsonl"), append(doc, '\n'), 0o644)
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(logs.String(), "ingested") {
		if time.Now().After(deadline) {
			t.Fatalf("inbox file not ingested:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond) // waiting for fsnotify, not for a schedule
	}

	// Before the tick nothing is posted.
	clock.Set(day.Add(7*time.Hour + 59*time.Minute))
	select {
	case p := <-slackPosts:
		t.Fatalf("posted before the tick: %v", p)
	case <-time.After(200 * time.Millisecond):
	}
	clock.Set(day.Add(8 * time.Hour))
	select {
	case p := <-slackPosts:
		if p["channel"] != "C1" || !strings.Contains(p["blocks"]+p["text"], "Harbour cranes to be replaced") {
			t.Errorf("slack post: %v", p)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no slack post at the tick:\n%s", logs.String())
	}
	gotDiscord := false
	for !gotDiscord {
		select {
		case r := <-discordReqs:
			if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/900000000000000001/messages") {
				gotDiscord = true
				if !strings.Contains(string(r.Body), "Harbour cranes to be replaced") {
					t.Errorf("discord post: %s", r.Body)
				}
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no discord post at the tick:\n%s", logs.String())
		}
	}
	// Later in the day: nothing more.
	clock.Set(day.Add(8*time.Hour + 30*time.Minute))
	select {
	case p := <-slackPosts:
		t.Fatalf("a second slack post: %v", p)
	case <-time.After(200 * time.Millisecond):
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, logs.String())
	}

	// The deliveries and watermarks were recorded.
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	subs, _ := st.Subscriptions()
	for _, sub := range subs {
		ds, _ := st.Deliveries(sub.ID)
		if len(ds) != 1 || !sub.Watermark.Equal(day.Add(8*time.Hour)) || !sub.Declared {
			t.Errorf("%s %s: deliveries %+v, watermark %v", sub.Platform, sub.Channel, ds, sub.Watermark)
		}
	}
	st.Close()
	if len(subs) != 2 {
		t.Fatalf("%d subscriptions, want the 2 declared", len(subs))
	}

	// A restart later the same day posts nothing again.
	clock.Set(day.Add(9 * time.Hour))
	stop, logs = start()
	clock.Set(day.Add(9*time.Hour + 5*time.Minute))
	select {
	case p := <-slackPosts:
		t.Fatalf("posted again after a restart: %v", p)
	case <-time.After(300 * time.Millisecond):
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, logs.String())
	}
}
