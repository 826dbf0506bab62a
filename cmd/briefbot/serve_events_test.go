package main

import (
	"context"
	"fmt"
	"github.com/briefbot/briefbot/bot/state"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/chattest"
)

const (
	eventsBot     = "U0LAN0Z89"
	eventsTeam    = "T123ABC456"
	eventsChannel = "C123ABC456"
)

// threadsCorpus is the default corpus and two reports about other
// missiles: alone, "What about missiles?" fits them best.
func threadsCorpus(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	ix, err := index.Open(context.Background(), filepath.Join(data, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs,
		corpus.Document{ID: "iran", Title: "Drills over the Gulf of Oman", Source: "Gulf Wire", Published: time.Date(2024, 9, 3, 0, 0, 0, 0, time.UTC),
			Text: "Iran test-fired two ballistic missiles over the Gulf of Oman on Tuesday, state media reported. The missiles struck targets about 1,000 km away, a military spokesman said."},
		corpus.Document{ID: "redsea", Title: "Attack on a cargo ship", Source: "Sea Wire", Published: time.Date(2024, 8, 5, 0, 0, 0, 0, time.UTC),
			Text: "Houthi rebels fired anti-ship missiles at a cargo vessel in the Red Sea on Monday. The missiles missed, the shipping company said."},
	)
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return data
}

func slackEventsEnv(api string) map[string]string {
	return map[string]string{"SLACK_SIGNING_SECRET": serveSecret, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": api}
}

// eventPost sends a signed event to serve; Slack signs each delivery anew,
// so a retry is signed retry seconds later.
func eventPost(t *testing.T, s *served, body []byte, retry int) int {
	t.Helper()
	code, out, err := chattest.PostSlackEvent(s.base+"/slack/events", serveSecret, time.Now().Add(time.Duration(retry)*time.Second), body, retry)
	if err != nil {
		t.Fatal(err)
	}
	if code == 200 && out != "" {
		t.Errorf("event acknowledged with a body: %q", out)
	}
	return code
}

func nextReply(t *testing.T, api *chattest.SlackThreads, s *served) chattest.SlackReply {
	t.Helper()
	r, ok := api.Next(15 * time.Second)
	if !ok {
		t.Fatalf("nothing posted to Slack:\n%s", s.logs.String())
	}
	return r
}

// The black-box check: a signed app_mention and a thread
// follow-up to /slack/events, read from what reaches a stand-in Web API
// (SLACK_API_URL). The mention is answered in its thread; "What about
// missiles?" there is answered from the thread's context (missiles North
// Korea sent to Russia), while the same words alone are answered from
// another report; a retried delivery is not answered twice, also after a
// restart; a forged event gets 401.
func TestServeSlackMentionsAndFollowUps(t *testing.T) {
	data := threadsCorpus(t)
	api := chattest.NewSlackThreads(t, nil)
	s := startServe(t, data, slackEventsEnv(api.URL()))

	code, out, err := chattest.PostSlackEvent(s.base+"/slack/events", serveSecret, time.Now(),
		[]byte(`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`), 0)
	if err != nil || code != 200 || !strings.Contains(out, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") {
		t.Errorf("url_verification: %d %q %v", code, out, err)
	}

	const root = "1515449522.000016"
	mention := chattest.SlackEvent("Ev0001", eventsTeam, eventsBot,
		chattest.SlackMention("U061F7AUR", eventsBot, eventsChannel, "How many artillery shells has North Korea sent to Russia?", root, ""))
	if code := eventPost(t, s, mention, 0); code != 200 {
		t.Fatalf("mention: %d\n%s", code, s.logs.String())
	}
	r := nextReply(t, api, s)
	if r.Channel != eventsChannel || r.ThreadTS != root || !strings.Contains(r.Text, "three million artillery shells") {
		t.Errorf("mention answered in %s thread %q: %q", r.Channel, r.ThreadTS, r.Text)
	}
	if !strings.Contains(r.Blocks, "North Korea, Russia and the arms trade") || !strings.Contains(r.Blocks, "You asked") {
		t.Errorf("the reply lacks /brief's cited layout:\n%s", r.Blocks)
	}

	followUp := chattest.SlackEvent("Ev0002", eventsTeam, eventsBot,
		chattest.SlackThreadMessage("U061F7AUR", eventsChannel, "What about missiles?", "1515449600.000100", root))
	eventPost(t, s, followUp, 0)
	r = nextReply(t, api, s)
	if r.ThreadTS != root || !strings.Contains(r.Text, "North Korea has been supporting Russia") || !strings.Contains(r.Text, "missiles") || strings.Contains(r.Text, "Iran") {
		t.Errorf("follow-up answered in thread %q with %q, want North Korea's missiles for Russia", r.ThreadTS, r.Text)
	}
	// The same words as a new question are another question.
	alone := chattest.SlackEvent("Ev0003", eventsTeam, eventsBot,
		chattest.SlackMention("U061F7AUR", eventsBot, eventsChannel, "What about missiles?", "1515449700.000200", ""))
	eventPost(t, s, alone, 0)
	r = nextReply(t, api, s)
	if r.ThreadTS != "1515449700.000200" || strings.HasPrefix(r.Text, "North Korea") {
		t.Errorf("alone, %q in thread %q; the test cannot tell context from luck", r.Text, r.ThreadTS)
	}

	// Slack's retry: the same body, signed again, X-Slack-Retry-Num.
	if code := eventPost(t, s, mention, 1); code != 200 {
		t.Errorf("retry: %d", code)
	}
	// A forged event.
	if code, _, _ := chattest.PostSlackEvent(s.base+"/slack/events", "not-the-secret", time.Now(),
		chattest.SlackEvent("Ev0004", eventsTeam, eventsBot, chattest.SlackMention("U1", eventsBot, eventsChannel, "shells", "1515449800.000300", "")), 0); code != http.StatusUnauthorized {
		t.Errorf("forged event: %d", code)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if n := len(api.Replies()); n != 3 {
		t.Fatalf("%d posts before the restart, want 3", n)
	}

	// After a restart: the retry is still known, and the thread still
	// has its context.
	s = startServe(t, data, slackEventsEnv(api.URL()))
	if code := eventPost(t, s, mention, 2); code != 200 {
		t.Errorf("retry after restart: %d", code)
	}
	eventPost(t, s, followUp, 3)
	again := chattest.SlackEvent("Ev0005", eventsTeam, eventsBot,
		chattest.SlackThreadMessage("U061F7AUR", eventsChannel, "And rockets?", "1515449900.000400", root))
	eventPost(t, s, again, 0)
	r = nextReply(t, api, s)
	if r.ThreadTS != root || !strings.Contains(r.Text, "rocket") {
		t.Errorf("follow-up after restart in %q: %q", r.ThreadTS, r.Text)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if n := len(api.Replies()); n != 4 {
		t.Errorf("%d posts in all, want 4 (three retries answered nothing): %+v", n, api.Replies())
	}
	if !strings.Contains(s.logs.String(), "already handled") {
		t.Errorf("the restarted serve did not log the redelivery:\n%s", s.logs.String())
	}
}

// TestServeSlackMentions50Concurrent sends 50 signed mentions at once to a
// real serve and checks every one is acknowledged within Slack's 3
// seconds, and answered in its own thread.
func TestServeSlackMentions50Concurrent(t *testing.T) {
	api := chattest.NewSlackThreads(t, nil)
	env := slackEventsEnv(api.URL())
	env["BRIEFBOT_LOG"] = "warn"
	s := startServe(t, threadsCorpus(t), env)
	questions := []string{"How many artillery shells has North Korea sent to Russia?", "Who signed the treaty?", "help", "What about missiles?", "frobnicate"}
	const n = 50
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := fmt.Sprintf("1515450000.%06d", i)
			body := chattest.SlackEvent(fmt.Sprintf("EvC%03d", i), eventsTeam, eventsBot,
				chattest.SlackMention("U061F7AUR", eventsBot, eventsChannel, questions[i%len(questions)], ts, ""))
			start := time.Now()
			code, _, err := chattest.PostSlackEvent(s.base+"/slack/events", serveSecret, time.Now(), body, 0)
			lat[i] = time.Since(start)
			if err != nil || code != 200 {
				t.Errorf("mention %d: %d %v", i, code, err)
			}
		}()
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("ack latency, %d concurrent mentions against serve: p50 %s, p90 %s, max %s", n, lat[n/2], lat[n*9/10], lat[n-1])
	if lat[n-1] >= 3*time.Second {
		t.Errorf("slowest ack %s misses Slack's 3-second window", lat[n-1])
	}
	threads := map[string]bool{}
	for range n {
		r := nextReply(t, api, s)
		threads[r.ThreadTS] = true
	}
	if len(threads) != n {
		t.Errorf("%d threads answered, want %d", len(threads), n)
	}
}

// TestStartSlackEventsWiring checks when /slack/events is served: with a
// signing secret and a bot token to answer with, and not otherwise.
func TestStartSlackEventsWiring(t *testing.T) {
	for _, c := range []struct {
		name   string
		env    map[string]string
		events bool
		log    string
	}{
		{"secret and token", map[string]string{"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"}, true, "POST /slack/events"},
		{"secret only", map[string]string{"SLACK_SIGNING_SECRET": "s"}, false, "slack mentions off"},
		{"socket mode and token", map[string]string{"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "http://127.0.0.1:1/api/"}, false, "slack mentions on"},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs := &serveBuffer{}
			m := NewMain(nil, nil, logs)
			m.Getenv = func(k string) string { return c.env[k] }
			m.Logger = slogFor(logs)
			m.DataDir = t.TempDir()
			defer m.Close()
			st, err := state.Open(filepath.Join(m.DataDir, "state.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			env := &serveEnv{Mux: http.NewServeMux(), Logger: m.Logger, Posters: map[string]bot.Poster{}, Bot: bot.New(bot.Config{}), State: st}
			ctx, cancel := context.WithCancel(context.Background())
			if err := m.startSlack(ctx, env); err != nil {
				t.Fatal(err)
			}
			_, pattern := env.Mux.Handler(httptest.NewRequest(http.MethodPost, "/slack/events", nil))
			if (pattern != "") != c.events {
				t.Errorf("/slack/events served: %q, want %v", pattern, c.events)
			}
			cancel()
			env.wg.Wait()
			if !strings.Contains(logs.String(), c.log) {
				t.Errorf("logs lack %q:\n%s", c.log, logs.String())
			}
		})
	}
}
