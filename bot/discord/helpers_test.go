package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/corpus"
)

// discordgo's endpoints are process globals (see SetAPIBase), so every test
// in this binary talks to one fake Discord, started here; each test installs
// its own recorder on it.
var fake = &fakeDiscord{}

func TestMain(m *testing.M) {
	srv := httptest.NewServer(fake)
	if err := SetAPIBase(srv.URL); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// apiRequest is one request the fake Discord received.
type apiRequest struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

func (r apiRequest) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v: %s", r.Method, r.Path, err, r.Body)
	}
	return v
}

// fakeDiscord stands in for Discord's REST API. It records every request
// and answers 200 with a plausible body, unless the current test's reply
// function answers first.
type fakeDiscord struct {
	mu   sync.Mutex
	rec  *recorder
	hook func(w http.ResponseWriter, r apiRequest, n int) bool
	// ws serves the fake gateway's websocket, when a test sets it.
	ws http.HandlerFunc
}

type recorder struct {
	mu   sync.Mutex
	reqs []apiRequest
	got  chan apiRequest
}

// record installs a fresh recorder for t; hook, when not nil, may answer
// a request itself (n counts requests so far, from 1).
func record(t *testing.T, hook func(w http.ResponseWriter, r apiRequest, n int) bool) *recorder {
	rec := &recorder{got: make(chan apiRequest, 100)}
	fake.mu.Lock()
	fake.rec, fake.hook = rec, hook
	fake.mu.Unlock()
	t.Cleanup(func() {
		fake.mu.Lock()
		fake.rec, fake.hook = nil, nil
		fake.mu.Unlock()
	})
	return rec
}

func (f *fakeDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	ws := f.ws
	f.mu.Unlock()
	if r.URL.Path == "/gateway-ws/" && ws != nil {
		ws(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := apiRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	f.mu.Lock()
	rec, hook := f.rec, f.hook
	f.mu.Unlock()
	n := 0
	if rec != nil {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, req)
		n = len(rec.reqs)
		rec.mu.Unlock()
		defer func() { rec.got <- req }()
	}
	if hook != nil && hook(w, req, n) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodDelete || strings.HasSuffix(r.URL.Path, "/callback"):
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/commands"):
		w.Write(body) // bulk overwrite echoes the commands
	case strings.Contains(r.URL.Path, "/channels/"):
		w.Write([]byte(`{"id":"900","channel_id":"` + strings.Split(r.URL.Path, "/")[4] + `"}`))
	default:
		w.Write([]byte(`{"id":"901"}`))
	}
}

// next waits for the next request the fake receives.
func (r *recorder) next(t *testing.T) apiRequest {
	t.Helper()
	select {
	case req := <-r.got:
		return req
	case <-time.After(5 * time.Second):
		t.Fatal("no request reached the fake Discord within 5s")
		return apiRequest{}
	}
}

func (r *recorder) all() []apiRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]apiRequest(nil), r.reqs...)
}

// fakeAsker answers every question with its answer, after wait is closed
// when wait is not nil.
type fakeAsker struct {
	answer corpus.Answer
	err    error
	wait   chan struct{}
	mu     sync.Mutex
	asked  []corpus.Query
}

func (a *fakeAsker) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	a.mu.Lock()
	a.asked = append(a.asked, q)
	a.mu.Unlock()
	if a.wait != nil {
		select {
		case <-a.wait:
		case <-ctx.Done():
			return corpus.Answer{}, ctx.Err()
		}
	}
	ans := a.answer
	ans.Question = q.Raw
	return ans, a.err
}

type fakeLibrary struct{ docs []corpus.DocumentInfo }

func (l fakeLibrary) Documents(_ context.Context, limit int) ([]corpus.DocumentInfo, int, error) {
	return l.docs[:min(limit, len(l.docs))], len(l.docs), nil
}

const testPassage = "Pyongyang has shipped millions of artillery shells to Russia since 2023. The first North Korean troops arrived in Vladivostok in October 2024, according to South Korean intelligence. They were later deployed to Kursk Oblast."

func testAnswer() corpus.Answer {
	s := strings.Index(testPassage, "The first")
	e := strings.Index(testPassage, " They were")
	return corpus.Answer{
		Answer: testPassage[s:e],
		Citations: []corpus.Citation{{
			N: 1, DocID: "doc-1", Title: "Troops *arrive* in Vladivostok", Source: "Example News",
			URL: "https://news.example/troops", Link: "https://news.example/troops#:~:text=The%20first",
			Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC),
			Passage:   testPassage, Sentence: [2]int{s, e},
			Highlights: [][2]int{{strings.Index(testPassage, "troops"), strings.Index(testPassage, "troops") + len("troops")}},
		}},
		Matched: 7,
	}
}

var testKey = func() struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
} {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		panic(err)
	}
	return struct {
		pub  ed25519.PublicKey
		priv ed25519.PrivateKey
	}{pub, priv}
}()

var testNow = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

type adapterOpts struct {
	asker     *fakeAsker
	budget    time.Duration
	inChannel bool
	token     string
	guild     string
	subs      []Subcommand
	handler   Handler
	now       func() time.Time // testNow when nil
	logs      io.Writer        // where the adapter logs, when not nil
	feedback  bot.Votes
	threads   *thread.Threads
	metrics   *bot.Metrics
	claims    Claimer
}

// newTestAdapter returns an adapter over a real bot.Bot with a fake asker;
// its background work is waited for when the test ends.
func newTestAdapter(t testing.TB, o adapterOpts) *Adapter {
	t.Helper()
	if o.asker == nil {
		o.asker = &fakeAsker{answer: testAnswer()}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if o.logs != nil {
		logger = slog.New(slog.NewTextHandler(o.logs, nil))
	}
	if o.now == nil {
		o.now = func() time.Time { return testNow }
	}
	h := o.handler
	if h == nil {
		b := bot.New(bot.Config{Asker: o.asker, Library: fakeLibrary{docs: []corpus.DocumentInfo{
			{ID: "doc-1", Title: "Troops arrive", Source: "Example News", URL: "https://news.example/troops", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)},
			{ID: "doc-2", Title: "Shells [and] _rockets_", Source: "Wire"},
		}}, InChannel: o.inChannel, Logger: logger})
		for _, s := range o.subs {
			b.Register(bot.Command{Name: s.Name, Usage: s.Name, Summary: s.Description,
				Run: func(_ context.Context, _ bot.Request, args string) (bot.Reply, error) {
					return bot.Reply{Kind: bot.KindMessage, Text: s.Name + " got " + args, Ephemeral: true}, nil
				}})
		}
		h = b
	}
	subs := o.subs
	if subs != nil {
		subs = append(DefaultSubcommands(), subs...)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	a, err := New(Config{
		Bot: h, PublicKey: testKey.pub, Token: o.token, AppID: "app1", GuildID: o.guild,
		InChannel: o.inChannel, Subcommands: subs,
		Now: o.now, Budget: o.budget, Logger: logger, Context: ctx,
		Go:       func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() },
		Feedback: o.feedback, Threads: o.threads, Metrics: o.metrics, Claims: o.claims,
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// signed builds a request signed as Discord signs it.
func signed(body []byte, ts time.Time, key ed25519.PrivateKey) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(stamp), body...))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("Content-Type", "application/json")
	return r
}

// commandBody is an application command interaction for /brief sub.
func commandBody(id, sub string, opts map[string]string) []byte {
	var o []map[string]any
	for k, v := range opts {
		o = append(o, map[string]any{"name": k, "type": 3, "value": v})
	}
	return mustJSON(map[string]any{
		"id": id, "application_id": "app1", "type": 2, "token": "tok-" + id,
		"guild_id": "g1", "channel_id": "c1", "version": 1,
		"member": map[string]any{"user": map[string]any{"id": "u1", "username": "ana"}},
		"data": map[string]any{"id": "cmd1", "name": "brief", "type": 1,
			"options": []map[string]any{{"name": sub, "type": 1, "options": o}}},
	})
}

func componentBody(id, customID string) []byte {
	return mustJSON(map[string]any{
		"id": id, "application_id": "app1", "type": 3, "token": "tok-" + id,
		"guild_id": "g1", "channel_id": "c1", "version": 1,
		"user": map[string]any{"id": "u1", "username": "ana"},
		"data": map[string]any{"custom_id": customID, "component_type": 2},
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// serve runs one signed request through the adapter.
func serve(t *testing.T, a *Adapter, body []byte) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	w := httptest.NewRecorder()
	a.ServeHTTP(w, signed(body, testNow, testKey.priv))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var resp map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, w.Body)
	}
	return w, resp
}

// path walks decoded JSON: path(v, "data", "embeds", 0, "title").
func path(t *testing.T, v any, keys ...any) any {
	t.Helper()
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %q: not an object: %v", k, v)
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				t.Fatalf("at [%d]: not an array that long: %v", k, v)
			}
			v = s[k]
		}
	}
	return v
}
