package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/clocktest"
)

const serveSecret = "e2e-signing-secret"

// serveBuffer is a goroutine-safe log sink.
type serveBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveCorpus is the small corpus the serve tests ask about.
func serveCorpus(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	ix, err := index.Open(context.Background(), filepath.Join(data, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs := []corpus.Document{
		{ID: "rajin", Title: "Munitions through Rajin", Source: "Test Wire", URL: "https://news.example/rajin?a=1&b=2",
			Published: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC),
			Text:      "North Korea has shipped about 20,000 containers of munitions to Russia through the port of Rajin, officials said. The shipments began in August 2023 and continued through the winter."},
		{ID: "kursk", Title: "Troops & Kursk", Source: "Other Wire",
			Published: time.Date(2024, 11, 4, 0, 0, 0, 0, time.UTC),
			Text:      "About 11,000 North Korean soldiers were deployed to the Kursk region in October 2024, according to South Korean intelligence. Some took part in combat."},
		{ID: "alliance", Title: "The alliance", Source: "Test Wire",
			Text: "The United States and South Korea held joint exercises in the spring. Officials described the alliance as strong."},
	}
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return data
}

type served struct {
	base string // http://127.0.0.1:port
	logs *serveBuffer
	stop func() int // cancels serve and returns its exit status
}

// startServe runs `briefbot --data DATA serve` in-process on a loopback port
// until the test ends, when it must exit cleanly. configure adjusts Main
// before it runs (onClock).
func startServe(t *testing.T, data string, env map[string]string, configure ...func(*Main)) *served {
	t.Helper()
	env["BRIEFBOT_ADDR"] = "127.0.0.1:0"
	logs := &serveBuffer{}
	m := NewMain(strings.NewReader(""), io.Discard, logs)
	m.Getenv = func(k string) string { return env[k] }
	for _, f := range configure {
		f(m)
	}
	if _, ok := env["BRIEFBOT_LOG"]; !ok {
		env["BRIEFBOT_LOG"] = "debug"
	}
	addr := make(chan string, 1)
	m.Listening = func(a string) { addr <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		code := m.Run(ctx, []string{"--data", data, "serve"})
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		done <- code
	}()
	s := &served{logs: logs}
	var once sync.Once
	var code int
	s.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(15 * time.Second):
				t.Error("serve did not stop")
			}
		})
		return code
	}
	t.Cleanup(func() {
		if code := s.stop(); code != 0 {
			t.Errorf("serve exited %d:\n%s", code, logs.String())
		}
	})
	select {
	case a := <-addr:
		s.base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited %d before listening:\n%s", code, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start:\n%s", logs.String())
	}
	return s
}

// onClock runs serve on a test clock.
func onClock(c *clocktest.Clock) func(*Main) {
	return func(m *Main) { m.Now, m.After = c.Now, c.After }
}

func slackSign(secret string, ts time.Time, body []byte) (string, string) {
	s := strconv.FormatInt(ts.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + s + ":"))
	m.Write(body)
	return s, "v0=" + hex.EncodeToString(m.Sum(nil))
}

// slackCommand is a slash command form as Slack posts it.
func slackCommand(text, responseURL string) []byte {
	return []byte(url.Values{
		"token": {"gIkuvaNzQIHg97ATvDxqgjtO"}, "team_id": {"T0001"}, "team_domain": {"example"},
		"channel_id": {"C2147483705"}, "channel_name": {"test"}, "user_id": {"U2147483697"}, "user_name": {"Steve"},
		"command": {"/brief"}, "text": {text}, "response_url": {responseURL},
		"trigger_id": {"13345224609.738474920.8088930838d88f008e0"}, "api_app_id": {"A123456"},
	}.Encode())
}

func slackPost(t *testing.T, target, secret string, ts time.Time, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		s, sig := slackSign(secret, ts, body)
		req.Header.Set("X-Slack-Request-Timestamp", s)
		req.Header.Set("X-Slack-Signature", sig)
	}
	return roundTrip(t, req)
}

// roundTrip sends req and returns the status and body.
func roundTrip(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	code, b := roundTrip(t, req)
	return code, string(b)
}

// slackMessage is the part of a Slack message the tests read.
type slackMessage struct {
	ResponseType    string           `json:"response_type"`
	ReplaceOriginal *bool            `json:"replace_original"`
	Text            string           `json:"text"`
	Blocks          []map[string]any `json:"blocks"`
}

// allText joins every "text" string in the message's blocks.
func (m slackMessage) allText() string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if s, ok := c.(string); ok && k == "text" {
					out = append(out, s)
				} else {
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	for _, b := range m.Blocks {
		walk(b)
	}
	return strings.Join(out, "\n")
}

// hook stands in for Slack's response_url.
func hook(t *testing.T) (*httptest.Server, chan slackMessage) {
	got := make(chan slackMessage, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m slackMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			t.Errorf("response_url body: %v", err)
		}
		got <- m
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

func TestServeSlackEndToEnd(t *testing.T) {
	data := serveCorpus(t)
	hookSrv, hooked := hook(t)
	s := startServe(t, data, map[string]string{"SLACK_SIGNING_SECRET": serveSecret})

	if code, body := httpGet(t, s.base+"/healthz"); code != 200 || !strings.Contains(body, "3 documents") {
		t.Errorf("healthz %d %q", code, body)
	}

	// A signed /brief question is answered with cited passages.
	code, body := slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), slackCommand("How many containers of munitions has Russia received?", hookSrv.URL))
	if code != 200 {
		t.Fatalf("command: %d %s", code, body)
	}
	var m slackMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("command reply %q: %v", body, err)
	}
	all := m.allText()
	for _, want := range []string{
		"20,000 *containers* of *munitions*",
		"<https://news.example/rajin?a=1&amp;b=2#:~:text=North%20Korea%20has%20shipped,continued%20through%20the%20winter.|Munitions through Rajin> · Test Wire · 2024-10-01", // the link opens the page at the quote
		"Post to channel",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("reply lacks %q:\n%s", want, all)
		}
	}
	if m.ResponseType != "ephemeral" || m.Text == "" {
		t.Errorf("response_type %q, fallback %q", m.ResponseType, m.Text)
	}
	// The button carries a key to the answer shown, not the request.
	shareValue := ""
	if sm := regexp.MustCompile(`"value":"(answer:[0-9a-f]+)"`).FindSubmatch(body); sm != nil {
		shareValue = string(sm[1])
	} else {
		t.Errorf("no stored-answer key on the button: %s", body)
	}

	// help and sources.
	_, body = slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), slackCommand("help", hookSrv.URL))
	if !strings.Contains(string(body), "/brief sources") {
		t.Errorf("help: %s", body)
	}
	_, body = slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), slackCommand("sources", hookSrv.URL))
	json.Unmarshal(body, &m)
	if all := m.allText(); !strings.Contains(all, "3 documents in the corpus.") || strings.Index(all, "Troops &amp; Kursk") > strings.Index(all, "The alliance") {
		t.Errorf("sources:\n%s", all)
	}

	// Unsigned, forged and stale requests are refused and run nothing.
	for name, c := range map[string]struct {
		secret string
		ts     time.Time
	}{"missing": {"", time.Now()}, "forged": {"wrong", time.Now()}, "stale": {serveSecret, time.Now().Add(-10 * time.Minute)}} {
		if code, _ := slackPost(t, s.base+"/slack/commands", c.secret, c.ts, slackCommand("containers", hookSrv.URL)); code != http.StatusUnauthorized {
			t.Errorf("%s signature: %d", name, code)
		}
	}
	if code, _ := httpGet(t, s.base+"/slack/commands"); code != http.StatusMethodNotAllowed {
		t.Errorf("GET /slack/commands: %d", code)
	}
	if code, _ := slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), bytes.Repeat([]byte("x"), 1<<20+1)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body: %d", code)
	}

	// The button posts the stored answer to the channel, without asking
	// again.
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U2147483697", "name": "Steve"},
		"team": map[string]any{"id": "T0001"}, "channel": map[string]any{"id": "C2147483705"},
		"response_url": hookSrv.URL, "trigger_id": "1.2.3", "api_app_id": "A123456",
		"actions": []any{map[string]any{"type": "button", "action_id": "brief_share", "block_id": "brief_actions",
			"value": shareValue, "action_ts": "1700000000.1"}},
	})
	code, _ = slackPost(t, s.base+"/slack/interactions", serveSecret, time.Now(), []byte(url.Values{"payload": {string(payload)}}.Encode()))
	if code != 200 {
		t.Fatalf("interaction: %d", code)
	}
	select {
	case sh := <-hooked:
		if sh.ResponseType != "in_channel" || sh.ReplaceOriginal == nil || *sh.ReplaceOriginal || !strings.Contains(sh.allText(), "Munitions through Rajin") {
			t.Errorf("shared %+v\n%s", sh, sh.allText())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("share never posted")
	}

	// The share is counted once its post returns; give it a moment.
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); ; {
		_, metrics = httpGet(t, s.base+"/metrics")
		if strings.Contains(metrics, `way="share"`) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, want := range []string{
		`briefbot_commands_total{command="ask",outcome="answered",platform="slack"} 1`,
		`briefbot_commands_total{command="help",outcome="help",platform="slack"} 1`,
		`briefbot_answer_seconds_count{command="ask",platform="slack"} 1`,
		`briefbot_deliveries_total{outcome="rejected",platform="slack",way="request"} 4`,
		`briefbot_deliveries_total{outcome="ok",platform="slack",way="share"} 1`,
		"briefbot_index_documents 3",
		"briefbot_index_passages ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if code := s.stop(); code != 0 {
		t.Errorf("serve exited %d:\n%s", code, s.logs.String())
	}
}

func TestServeWithoutPlatforms(t *testing.T) {
	s := startServe(t, serveCorpus(t), map[string]string{})
	if code, _ := httpGet(t, s.base+"/healthz"); code != 200 {
		t.Errorf("healthz %d", code)
	}
	if code, _ := slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), slackCommand("x", "")); code != http.StatusNotFound {
		t.Errorf("/slack/commands without Slack: %d", code)
	}
	if code, body := httpGet(t, s.base+"/metrics"); code != 200 || !strings.Contains(body, "briefbot_index_documents 3") {
		t.Errorf("metrics %d", code)
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if logs := s.logs.String(); !strings.Contains(logs, "slack off") || !strings.Contains(logs, "SLACK_SIGNING_SECRET") {
		t.Errorf("logs do not say Slack is off and why:\n%s", logs)
	}
}

func TestServeUsage(t *testing.T) {
	code, _, errs := run(t, t.TempDir(), "", "serve", "extra")
	if code != 2 || !strings.Contains(errs, "serve takes no arguments") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// TestServeSlack50Concurrent sends 50 signed commands at once to a real
// serve and its index, and checks every acknowledgement beats Slack's 3
// seconds (answers not ready in time go to response_url).
func TestServeSlack50Concurrent(t *testing.T) {
	data := serveCorpus(t)
	hookSrv, hooked := hook(t)
	s := startServe(t, data, map[string]string{"SLACK_SIGNING_SECRET": serveSecret, "BRIEFBOT_LOG": "warn"})
	questions := []string{"How many containers of munitions has Russia received?", "Where were North Korean soldiers deployed?", "help", "sources", "alliance exercises", "frobnicate"}
	const n = 50
	lat := make([]time.Duration, n)
	var deferred int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Each command its own trigger_id, as Slack sends them: a
			// byte-identical signed body is a replay.
			body := []byte(strings.Replace(string(slackCommand(questions[i%len(questions)], hookSrv.URL)),
				"trigger_id=13345224609.738474920.8088930838d88f008e0", fmt.Sprintf("trigger_id=13345224609.738474920.%d", i), 1))
			ts, sig := slackSign(serveSecret, time.Now(), body)
			req, _ := http.NewRequest(http.MethodPost, s.base+"/slack/commands", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", sig)
			start := time.Now()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			lat[i] = time.Since(start)
			if resp.StatusCode != 200 {
				t.Errorf("command %d: %d %s", i, resp.StatusCode, b)
			}
			if len(b) == 0 {
				mu.Lock()
				deferred++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("ack latency, %d concurrent commands against serve: p50 %s, p90 %s, max %s; %d deferred to response_url",
		n, lat[n/2], lat[n*9/10], lat[n-1], deferred)
	if lat[n-1] >= 3*time.Second {
		t.Errorf("slowest ack %s misses Slack's 3-second window", lat[n-1])
	}
	for i := 0; i < deferred; i++ {
		select {
		case <-hooked:
		case <-time.After(30 * time.Second):
			t.Fatalf("deferred reply %d never arrived", i)
		}
	}
	stopped := time.Now()
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	t.Logf("stopped in %s", time.Since(stopped))
}

// TestStartSlackWiring checks which Slack parts the environment turns on.
func TestStartSlackWiring(t *testing.T) {
	var posted []url.Values
	var mu sync.Mutex
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		posted = append(posted, r.Form)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/api/chat.postMessage" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"ok":true,"channel":"C1","ts":"1.2"}`)
	}))
	defer api.Close()
	cases := []struct {
		name           string
		env            map[string]string
		routes, poster bool
		logs           []string
	}{
		{"nothing", map[string]string{}, false, false, []string{"slack off"}},
		{"secret only", map[string]string{"SLACK_SIGNING_SECRET": "s"}, true, false, []string{"slack http on", "slack posting off", "SLACK_BOT_TOKEN is not set", "slack socket mode off"}},
		{"bot token only", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": api.URL + "/api"}, false, true, []string{"slack http off", "slack posting on"}},
		{"not an app token", map[string]string{"SLACK_APP_TOKEN": "xoxb-wrong"}, false, false, []string{"not an app-level token"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logs := &serveBuffer{}
			m := NewMain(nil, io.Discard, logs)
			m.Getenv = func(k string) string { return c.env[k] }
			m.Logger = slogFor(logs)
			env := &serveEnv{Mux: http.NewServeMux(), Logger: m.Logger, Posters: map[string]bot.Poster{}}
			env.Bot = bot.New(bot.Config{})
			ctx, cancel := context.WithCancel(context.Background())
			if err := m.startSlack(ctx, env); err != nil {
				t.Fatal(err)
			}
			_, pattern := env.Mux.Handler(httptest.NewRequest(http.MethodPost, "/slack/commands", nil))
			if (pattern != "") != c.routes {
				t.Errorf("routes registered: %q, want %v", pattern, c.routes)
			}
			p, ok := env.Posters["slack"]
			if ok != c.poster {
				t.Errorf("poster %v, want %v", ok, c.poster)
			}
			if ok {
				if err := p.Post(ctx, "C1", bot.Reply{Kind: bot.KindMessage, Text: "hello"}); err != nil {
					t.Errorf("post through SLACK_API_URL: %v", err)
				}
			}
			cancel()
			env.wg.Wait()
			for _, want := range c.logs {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("logs lack %q:\n%s", want, logs.String())
				}
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posted) != 1 || posted[0].Get("channel") != "C1" || posted[0].Get("text") != "hello" {
		t.Errorf("posted %v", posted)
	}
}

func slogFor(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestServeSlackSocketMode runs serve with only an app token: commands come
// over a websocket from a stand-in for Slack and are acknowledged with the
// answer.
func TestServeSlackSocketMode(t *testing.T) {
	acks := make(chan map[string]any, 10)
	upgrader := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer xapp-1-test" {
			t.Errorf("apps.connections.open with %q", r.Header.Get("Authorization"))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket"}`, r.Host)
	})
	mux.HandleFunc("/socket", func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			t.Errorf("upgrade: %v", err)
			return
		}
		defer conn.Close()
		var form map[string]string
		json.Unmarshal([]byte(`{"token":"x","team_id":"T1","team_domain":"ex","channel_id":"C1","channel_name":"general","user_id":"U1","user_name":"steve","command":"/brief","text":"containers of munitions","response_url":"http://127.0.0.1:1/unused","trigger_id":"1.2.3","api_app_id":"A1"}`), &form)
		conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1})
		conn.WriteJSON(map[string]any{"type": "slash_commands", "envelope_id": "env-1", "accepts_response_payload": true, "payload": form})
		for {
			var m map[string]any
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			acks <- m
		}
	})
	fake := httptest.NewServer(mux)
	defer fake.Close()

	s := startServe(t, serveCorpus(t), map[string]string{"SLACK_APP_TOKEN": "xapp-1-test", "SLACK_API_URL": fake.URL + "/api/"})
	select {
	case ack := <-acks:
		if ack["envelope_id"] != "env-1" {
			t.Fatalf("ack %v", ack)
		}
		raw, _ := json.Marshal(ack["payload"])
		var m slackMessage
		json.Unmarshal(raw, &m)
		if m.ResponseType != "ephemeral" || !strings.Contains(m.allText(), "Munitions through Rajin") {
			t.Errorf("ack payload %s", raw)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no acknowledgement over the socket:\n%s", s.logs.String())
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(s.logs.String(), "slack socket mode on") {
		t.Errorf("logs:\n%s", s.logs.String())
	}
}
