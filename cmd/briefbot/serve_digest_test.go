package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/clocktest"
)

// waitLog waits for serve to log want (fsnotify and HTTP round trips take
// real time; schedules do not).
func waitLog(t *testing.T, logs *serveBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("serve never logged %q:\n%s", want, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dropInbox hands a document to serve through its inbox and waits until it
// is ingested.
func dropInbox(t *testing.T, data string, logs *serveBuffer, d corpus.Document) {
	t.Helper()
	line, _ := json.Marshal(d)
	os.MkdirAll(filepath.Join(data, "inbox"), 0o755)
	os.WriteFile(filepath.Join(data, "inbox", d.ID+".jsonl"), append(line, '\n'), 0o644)
	waitLog(t, logs, "ingested")
}

// noPost fails if a Slack post arrives within wait: that nothing is posted
// can only be seen by waiting.
func noPost(t *testing.T, posts <-chan map[string]string, wait time.Duration, what string) {
	t.Helper()
	select {
	case p := <-posts:
		t.Fatalf("%s: %v", what, p)
	case <-time.After(wait):
	}
}

// nextPost waits for the next accepted Slack post.
func nextPost(t *testing.T, posts <-chan map[string]string, logs *serveBuffer, what string) map[string]string {
	t.Helper()
	select {
	case p := <-posts:
		return p
	case <-time.After(10 * time.Second):
		t.Fatalf("%s:\n%s", what, logs.String())
		return nil
	}
}

// nextDiscordPost waits for a message posted to path, skipping other calls.
func nextDiscordPost(t *testing.T, reqs <-chan discordAPIRequest, logs *serveBuffer, path, what string) discordAPIRequest {
	t.Helper()
	for {
		select {
		case r := <-reqs:
			if r.Method == http.MethodPost && strings.HasSuffix(r.Path, path) {
				return r
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s:\n%s", what, logs.String())
			return discordAPIRequest{}
		}
	}
}

// fakeSlackAPI records accepted chat.postMessage calls; it first answers
// with the given HTTP statuses (429 with Retry-After: 1).
func fakeSlackAPI(t *testing.T, failures ...int) (string, chan map[string]string) {
	posts := make(chan map[string]string, 10)
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			io.WriteString(w, `{"ok":true}`)
			return
		}
		mu.Lock()
		status := 0
		if len(failures) > 0 {
			status, failures = failures[0], failures[1:]
		}
		mu.Unlock()
		switch status {
		case 0:
			posts <- map[string]string{"channel": r.Form.Get("channel"), "text": r.Form.Get("text"), "blocks": r.Form.Get("blocks")}
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": "1700000000.000100"})
		case http.StatusTooManyRequests:
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(status)
		default:
			w.WriteHeader(status)
			io.WriteString(w, "upstream trouble")
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/", posts
}

// TestServeDigestRetriedAfterSlackFailures: a 500 does not advance the
// watermark, the digest is retried after the backoff, waits out a 429's
// Retry-After and is then posted once, covering what arrived meanwhile.
func TestServeDigestRetriedAfterSlackFailures(t *testing.T) {
	data := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(cfgPath, []byte("digests:\n  - platform: slack\n    channel: C1\n    schedule: daily 08:00\n"), 0o644)
	slackURL, slackPosts := fakeSlackAPI(t, http.StatusInternalServerError, http.StatusTooManyRequests)
	env := map[string]string{"BRIEFBOT_CONFIG": cfgPath, "BRIEFBOT_ADDR": "127.0.0.1:0", "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slackURL}
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	clock := clocktest.New(day.Add(7 * time.Hour))
	srv := startServe(t, data, env, onClock(clock))
	stop, logs := srv.stop, srv.logs
	clock.Set(day.Add(7*time.Hour + 10*time.Minute))
	dropInbox(t, data, logs, corpus.Document{ID: "first", Title: "Harbour cranes to be replaced after storm", URL: "https://news.example/crane",
		Text: "The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."})

	clock.Set(day.Add(8 * time.Hour))
	waitLog(t, logs, "digest post failed")
	// A report arriving before the retry goes out with it.
	clock.Set(day.Add(8*time.Hour + 30*time.Second))
	before := strings.Count(logs.String(), "ingested")
	line, _ := json.Marshal(corpus.Document{ID: "second", Title: "Ferry timetable changes for the spring", URL: "https://news.example/ferry",
		Text: "The ferry company said on Monday that it will add two sailings a day to the island from the first of April."})
	os.WriteFile(filepath.Join(data, "inbox", "second.jsonl"), append(line, '\n'), 0o644)
	for strings.Count(logs.String(), "ingested") == before {
		time.Sleep(20 * time.Millisecond) // fsnotify
	}
	noPost(t, slackPosts, 200*time.Millisecond, "posted before the backoff")
	clock.Set(day.Add(8*time.Hour + time.Minute)) // backoff over: 429, then accepted
	p := nextPost(t, slackPosts, logs, "no post after the backoff")
	all := p["text"] + p["blocks"]
	if !strings.Contains(all, "Harbour cranes") || !strings.Contains(all, "Ferry timetable") {
		t.Errorf("retried digest lacks a report: %v", p)
	}
	clock.Set(day.Add(12 * time.Hour))
	noPost(t, slackPosts, 200*time.Millisecond, "posted twice")
	if code := stop(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, logs.String())
	}
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	subs, _ := st.Subscriptions(t.Context())
	if len(subs) != 1 || !subs[0].Watermark.Equal(day.Add(8*time.Hour+time.Minute)) || subs[0].Failures != 0 {
		t.Errorf("after the retry: %+v", subs)
	}
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
	clock := clocktest.New(day.Add(7 * time.Hour))
	srv := startServe(t, data, env, onClock(clock))
	stop, logs := srv.stop, srv.logs

	// A report arrives through the inbox at 07:10.
	clock.Set(day.Add(7*time.Hour + 10*time.Minute))
	dropInbox(t, data, logs, corpus.Document{ID: "crane", Title: "Harbour cranes to be replaced after storm", URL: "https://news.example/crane",
		Text: "The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."})

	// Before the tick nothing is posted.
	clock.Set(day.Add(7*time.Hour + 59*time.Minute))
	noPost(t, slackPosts, 200*time.Millisecond, "posted before the tick")
	clock.Set(day.Add(8 * time.Hour))
	p := nextPost(t, slackPosts, logs, "no slack post at the tick")
	if p["channel"] != "C1" || !strings.Contains(p["blocks"]+p["text"], "Harbour cranes to be replaced") {
		t.Errorf("slack post: %v", p)
	}
	r := nextDiscordPost(t, discordReqs, logs, "/channels/900000000000000001/messages", "no discord post at the tick")
	if !strings.Contains(string(r.Body), "Harbour cranes to be replaced") {
		t.Errorf("discord post: %s", r.Body)
	}
	// Later in the day: nothing more.
	clock.Set(day.Add(8*time.Hour + 30*time.Minute))
	noPost(t, slackPosts, 200*time.Millisecond, "a second slack post")
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, logs.String())
	}

	// The deliveries and watermarks were recorded.
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	subs, _ := st.Subscriptions(t.Context())
	for _, sub := range subs {
		ds, _ := st.Deliveries(t.Context(), sub.ID)
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
	srv = startServe(t, data, env, onClock(clock))
	stop, logs = srv.stop, srv.logs
	clock.Set(day.Add(9*time.Hour + 5*time.Minute))
	noPost(t, slackPosts, 300*time.Millisecond, "posted again after a restart")
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, logs.String())
	}
}

// TestDigestDiscordSubcommands checks the digest subcommands are valid for
// Discord and each names a command the bot has.
func TestDigestDiscordSubcommands(t *testing.T) {
	if _, err := discord.Command(discordSubcommands()); err != nil {
		t.Fatal(err)
	}
	svc := &schedule.Service{}
	names := map[string]bool{}
	for _, c := range svc.Commands() {
		names[c.Name] = true
	}
	for _, s := range digestDiscordSubcommands() {
		if !names[s.Name] {
			t.Errorf("discord subcommand %q has no bot command", s.Name)
		}
		delete(names, s.Name)
	}
	if len(names) > 0 {
		t.Errorf("bot commands missing on Discord: %v", names)
	}
}

func discordSubcommand(id, name string, opts map[string]string) []byte {
	var options []map[string]any
	for _, k := range []string{"schedule", "topic", "id"} {
		if v, ok := opts[k]; ok {
			options = append(options, map[string]any{"name": k, "type": 3, "value": v})
		}
	}
	b, _ := json.Marshal(map[string]any{
		"id": id, "application_id": "app-e2e", "type": 2, "token": "tok-" + id, "version": 1,
		"guild_id": "g-e2e", "channel_id": "900000000000000002",
		"member": map[string]any{"user": map[string]any{"id": "u1", "username": "ana"}},
		"data": map[string]any{"id": "cmd", "name": "brief", "type": 1, "options": []map[string]any{
			{"name": name, "type": 1, "options": options}}},
	})
	return b
}

// TestServeSubscribeFromChat subscribes channels from Slack and Discord
// and checks the Slack subscription's digest is posted on its schedule.
func TestServeSubscribeFromChat(t *testing.T) {
	data := t.TempDir()
	slackURL, slackPosts := fakeSlackAPI(t)
	discordURL, _ := fakeDiscordAPI(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	env := map[string]string{
		"BRIEFBOT_ADDR":        "127.0.0.1:0",
		"SLACK_SIGNING_SECRET": serveSecret, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slackURL,
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_BOT_TOKEN": "e2e-token", "DISCORD_APP_ID": "app-e2e", "DISCORD_API_URL": discordURL,
	}
	// Slack checks signatures against the wall clock as well as the
	// injected one, so this clock starts at the wall clock's time.
	start := time.Now().UTC().Truncate(time.Minute)
	clock := clocktest.New(start)
	london, _ := time.LoadLocation("Europe/London")
	tick := start.Add(30 * time.Minute).In(london)
	schedule := tick.Format("daily 15:04 Europe/London")
	var base string
	logs := &serveBuffer{}
	{
		m := NewMain(strings.NewReader(""), io.Discard, logs)
		m.Getenv = func(k string) string { return env[k] }
		m.Now, m.After = clock.Now, clock.After
		up := make(chan string, 1)
		m.Listening = func(a string) { up <- a }
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() { code := m.Run(ctx, []string{"--data", data, "serve"}); m.Close(); done <- code }()
		t.Cleanup(func() { cancel(); <-done })
		select {
		case a := <-up:
			base = "http://" + a
		case <-time.After(30 * time.Second):
			t.Fatalf("serve did not start:\n%s", logs.String())
		}
	}
	slack := func(text string) string {
		code, body := slackPost(t, base+"/slack/commands", serveSecret, clock.Now(), slackCommand(text, ""))
		if code != 200 {
			t.Fatalf("slack %q: %d %s", text, code, body)
		}
		var m slackMessage
		json.Unmarshal(body, &m)
		return m.Text + "\n" + m.allText()
	}
	if got := slack("subscribe " + schedule + " north korea"); !strings.Contains(got, "Subscribed") || !strings.Contains(got, "north korea") {
		t.Fatalf("slack subscribe: %s", got)
	}
	if got := slack("subscribe daily 8am"); !strings.Contains(got, "HH:MM") || !strings.Contains(got, "weekly mon 09:00") {
		t.Errorf("slack bad schedule: %s", got)
	}
	if got := slack("subscriptions"); !strings.Contains(got, schedule) || !strings.Contains(got, "next "+tick.Format("Mon Jan 2 15:04 MST")) {
		t.Errorf("slack subscriptions: %s", got)
	}

	discord := func(name string, opts map[string]string) string {
		code, body := postInteraction(t, base, priv, clock.Now(), discordSubcommand(name, name, opts))
		if code != 200 {
			t.Fatalf("discord %s: %d %s", name, code, body)
		}
		return string(body)
	}
	if got := discord("subscribe", map[string]string{"schedule": "weekly mon 09:00", "topic": "sanctions"}); !strings.Contains(got, "Subscribed") || !strings.Contains(got, "sanctions") {
		t.Errorf("discord subscribe: %s", got)
	}
	if got := discord("unsubscribe", map[string]string{"id": "nope23"}); !strings.Contains(got, `There is no digest \"nope23\" in this channel`) {
		t.Errorf("discord unsubscribe unknown: %s", got)
	}
	if got := discord("subscriptions", nil); !strings.Contains(got, "weekly mon 09:00 UTC") {
		t.Errorf("discord subscriptions: %s", got)
	}

	// The Slack subscription posts the topic's news on its schedule.
	clock.Set(start.Add(10 * time.Minute))
	dropInbox(t, data, logs, corpus.Document{ID: "nk", Title: "North Korea fires ballistic missile into the sea", URL: "https://news.example/nk",
		Text: "North Korea fired a short-range ballistic missile into the sea off its east coast on Monday, South Korea's military said."})
	clock.Set(tick)
	p := nextPost(t, slackPosts, logs, "no digest posted")
	if p["channel"] != "C2147483705" || !strings.Contains(p["text"]+p["blocks"], "North Korea fires ballistic missile") {
		t.Errorf("slack digest: %v", p)
	}
}

// TestServeFeedToDigest: serve with a config declaring a feed and a digest
// polls the feed on its interval and posts, on schedule, one digest of
// exactly the items that arrived since the subscription's watermark.
func TestServeFeedToDigest(t *testing.T) {
	var mu sync.Mutex
	items := []string{itemXML("old", "Dredging of the harbour channel finished", "The harbour channel dredging that began last spring has finished, the port said.")}
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Port News</title><link>%s</link>%s</channel></rss>`, "http://"+r.Host+"/", strings.Join(items, ""))
	}))
	defer feedSrv.Close()

	data := t.TempDir()
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`feeds:
  - url: %s/feed.xml
    interval: 15m
    source: Port News
digests:
  - platform: slack
    channel: C9
    schedule: daily 08:00
  - platform: discord
    channel: "900000000000000009"
    schedule: daily 08:00
`, feedSrv.URL)), 0o644)
	slackURL, slackPosts := fakeSlackAPI(t)
	discordURL, discordReqs := fakeDiscordAPI(t)
	pub, _, _ := ed25519.GenerateKey(nil)
	env := map[string]string{
		"BRIEFBOT_CONFIG": cfgPath, "BRIEFBOT_ADDR": "127.0.0.1:0", "BRIEFBOT_ALLOW_PRIVATE_URLS": "1",
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slackURL,
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_BOT_TOKEN": "e2e-token", "DISCORD_APP_ID": "app-e2e", "DISCORD_API_URL": discordURL,
	}
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	clock := clocktest.New(day.Add(7 * time.Hour))
	srv := startServe(t, data, env, onClock(clock))
	stop, logs := srv.stop, srv.logs
	defer stop()
	// The first poll at start-up finds what the feed already carried when
	// the digest was declared: not news for it.
	waitLog(t, logs, "from=feed")

	// A new item appears; the next poll, 30 minutes on, picks it up.
	mu.Lock()
	items = append(items, itemXML("crane", "Harbour cranes to be replaced after storm", "Two harbour cranes damaged by the storm will be replaced by the summer, the port authority said."))
	mu.Unlock()
	// The poller may not be waiting on the clock yet when the test moves
	// it, so move it on in steps (well before the 08:00 tick) until the
	// next poll has happened.
	before := strings.Count(logs.String(), "from=feed")
	at := day.Add(7*time.Hour + 30*time.Minute)
	deadline := time.Now().Add(15 * time.Second)
	for strings.Count(logs.String(), "from=feed") == before {
		if time.Now().After(deadline) || !at.Before(day.Add(8*time.Hour)) {
			t.Fatalf("feed not polled again:\n%s", logs.String())
		}
		clock.Set(at)
		at = at.Add(10 * time.Second)
		time.Sleep(20 * time.Millisecond)
	}

	clock.Set(day.Add(8 * time.Hour))
	p := nextPost(t, slackPosts, logs, "no digest at the tick")
	all := p["blocks"] + p["text"]
	if p["channel"] != "C9" || !strings.Contains(all, "Harbour cranes to be replaced") {
		t.Errorf("digest lacks the new item: %v", p)
	}
	if strings.Contains(all, "Dredging of the harbour channel") {
		t.Errorf("digest repeats an item from before the subscription: %v", p)
	}
	r := nextDiscordPost(t, discordReqs, logs, "/channels/900000000000000009/messages", "no discord digest at the tick")
	if !strings.Contains(string(r.Body), "Harbour cranes to be replaced") || strings.Contains(string(r.Body), "Dredging") {
		t.Errorf("discord digest is not exactly the new item: %s", r.Body)
	}
	noPost(t, slackPosts, 300*time.Millisecond, "a second post")
}

func itemXML(id, title, text string) string {
	return fmt.Sprintf(`<item><guid>urn:test:%s</guid><title>%s</title><link>https://port.example/%s</link><pubDate>Mon, 04 Mar 2024 06:00:00 GMT</pubDate><description>%s</description></item>`,
		id, title, id, strings.Repeat(text+" ", 8)) // long enough that the item's page is not fetched
}
