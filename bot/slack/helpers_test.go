package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

const testSecret = "test-signing-secret"

// sign computes Slack's request signature independently of the code under
// test (checked against Slack's published example in TestSign).
func sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// commandForm is a slash command exactly as Slack sends it.
func commandForm(text, responseURL string) url.Values {
	return url.Values{
		"token":        {"gIkuvaNzQIHg97ATvDxqgjtO"},
		"team_id":      {"T0001"},
		"team_domain":  {"example"},
		"channel_id":   {"C2147483705"},
		"channel_name": {"test"},
		"user_id":      {"U2147483697"},
		"user_name":    {"Steve"},
		"command":      {"/brief"},
		"text":         {text},
		"response_url": {responseURL},
		"trigger_id":   {"13345224609.738474920.8088930838d88f008e0"},
		"api_app_id":   {"A123456"},
	}
}

// signedPost builds a request signed at ts.
func signedPost(t testing.TB, target string, body []byte, secret string, ts time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	s := strconv.FormatInt(ts.Unix(), 10)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", s)
	req.Header.Set("X-Slack-Signature", sign(secret, s, body))
	return req
}

// library is an in-memory corpus for bot.Bot: it cites every passage that
// holds all the question's words, after an optional delay.
type library struct {
	mu    sync.Mutex
	docs  []corpus.Document
	asked int
	delay func(q corpus.Query) time.Duration
}

func (l *library) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	l.mu.Lock()
	l.asked++
	delay := l.delay
	l.mu.Unlock()
	if delay != nil {
		select {
		case <-time.After(delay(q)):
		case <-ctx.Done():
			return corpus.Answer{}, ctx.Err()
		}
	}
	a := corpus.Answer{Question: q.Raw, Query: q}
	words := strings.Fields(strings.ToLower(q.Text))
	for _, d := range l.docs {
		ok := len(words) > 0
		for _, w := range words {
			ok = ok && strings.Contains(strings.ToLower(d.Text), w)
		}
		if !ok {
			continue
		}
		c := corpus.Citation{N: len(a.Citations) + 1, DocID: d.ID, Title: d.Title, Source: d.Source, URL: d.URL,
			Published: d.Published, Passage: d.Text, Sentence: [2]int{0, len(d.Text)}}
		for _, w := range words {
			if i := strings.Index(strings.ToLower(d.Text), w); i >= 0 {
				c.Highlights = append(c.Highlights, [2]int{i, i + len(w)})
			}
		}
		a.Citations = append(a.Citations, c)
		if a.Answer == "" {
			a.Answer = d.Text
		}
	}
	return a, nil
}

func (l *library) Documents(ctx context.Context, limit int) ([]corpus.DocumentInfo, int, error) {
	var out []corpus.DocumentInfo
	for _, d := range l.docs {
		out = append(out, corpus.DocumentInfo{ID: d.ID, Title: d.Title, Source: d.Source, URL: d.URL, Published: d.Published, Passages: 1})
	}
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

func (l *library) askedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.asked
}

func testLibrary() *library {
	return &library{docs: []corpus.Document{
		{ID: "d1", Title: "Shells & shipments", Source: "Reuters", URL: "https://example.com/shells?a=1&b=2",
			Published: time.Date(2024, 11, 5, 0, 0, 0, 0, time.UTC),
			Text:      "North Korea has sent about 20,000 containers of munitions to Russia, the report said."},
		{ID: "d2", Title: "Troops in Kursk", Source: "AP",
			Text: "Some 11,000 North Korean troops were deployed to the Kursk region, officials said."},
	}}
}

// recorder is an httptest server standing in for response_url.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	msgs []slack.WebhookMessage
	got  chan slack.WebhookMessage
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{got: make(chan slack.WebhookMessage, 100)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var m slack.WebhookMessage
		b, _ := io.ReadAll(req.Body)
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
			t.Errorf("response_url got %s %s", req.Method, req.Header.Get("Content-Type"))
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("response_url body: %v: %s", err, b)
		}
		// Keep the raw flags: WebhookMessage drops nothing we check.
		r.mu.Lock()
		r.msgs = append(r.msgs, m)
		r.mu.Unlock()
		r.got <- m
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) wait(t *testing.T) slack.WebhookMessage {
	t.Helper()
	select {
	case m := <-r.got:
		return m
	case <-time.After(10 * time.Second):
		t.Error("nothing posted to response_url")
		return slack.WebhookMessage{}
	}
}

// newApp starts an App behind an httptest server.
func newApp(t testing.TB, lib *library, cfg Config) (*App, *httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.Bot == nil {
		cfg.Bot = bot.New(bot.Config{Asker: lib, Library: lib, Logger: cfg.Logger})
	}
	if cfg.SigningSecret == "" {
		cfg.SigningSecret = testSecret
	}
	app := New(cfg)
	mux := http.NewServeMux()
	app.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		srv.Close()
		app.Close()
	})
	return app, srv, logs
}

type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.String()
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

// blocksJSON is a message's blocks as generic JSON, for checks.
func blocksJSON(t *testing.T, m *slack.WebhookMessage) []map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v.Blocks
}

// texts lists every text in the blocks (section and context text, button
// labels) in order.
func texts(blocks []map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				out = append(out, t)
			}
			for k, c := range x {
				if k != "text" || !isString(c) {
					walk(c)
				}
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	for _, b := range blocks {
		walk(b)
	}
	return out
}

func isString(v any) bool { _, ok := v.(string); return ok }
