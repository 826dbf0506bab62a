package discord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/internal/replay"
)

// logBuffer is a goroutine-safe log sink.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// testClock is a settable clock for the 5-minute window.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// withToken is body with its interaction token replaced.
func withToken(t *testing.T, body []byte, token string) []byte {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	v["token"] = token
	return mustJSON(v)
}

func TestReplayedInteractionsAreRefused(t *testing.T) {
	clock := &testClock{now: testNow}
	asker := &fakeAsker{answer: testAnswer()}
	logs := &logBuffer{}
	a := newTestAdapter(t, adapterOpts{asker: asker, now: clock.Now, logs: logs})
	post := func(body []byte, signedAt time.Time) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		a.ServeHTTP(w, signed(body, signedAt, testKey.priv))
		return w
	}
	ask := commandBody("r1", "ask", map[string]string{"question": "Where did the troops arrive?"})
	ping := []byte(`{"id":"r2","application_id":"app1","type":1,"token":"t","version":1}`)
	if w := post(ask, testNow); w.Code != http.StatusOK {
		t.Fatalf("first ask: %d %s", w.Code, w.Body)
	}
	if w := post(ping, testNow); w.Code != http.StatusOK {
		t.Fatalf("first ping: %d %s", w.Code, w.Body)
	}
	cases := []struct {
		name     string
		after    time.Duration // on the clock since the first was accepted
		body     []byte
		signedAt time.Time
	}{
		{"the same ask at once", 0, ask, testNow},
		{"the same ping at once", 0, ping, testNow},
		{"the same ask 4m59s later", 4*time.Minute + 59*time.Second, ask, testNow},
		// Only Discord can sign; an id it sent before is still a repeat.
		{"the same id signed again later", 0, ask, testNow.Add(time.Minute)},
		// Past the window the entry may be gone; the timestamp check
		// refuses it instead.
		{"the same ask 5m01s later", 2 * time.Second, ask, testNow},
	}
	for _, c := range cases {
		clock.Add(c.after)
		if w := post(c.body, c.signedAt); w.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401: %s", c.name, w.Code, w.Body)
		}
	}
	asker.mu.Lock()
	n := len(asker.asked)
	asker.mu.Unlock()
	if n != 1 {
		t.Errorf("the question was asked %d times, want once", n)
	}
	if !strings.Contains(logs.String(), replay.ErrReplayed.Error()) {
		t.Errorf("replays not logged as such:\n%s", logs.String())
	}
	// Refused bodies are not remembered: an id first sent with a type
	// briefbot does not answer still runs when it arrives as a command.
	if w := post([]byte(`{"id":"r3","type":4,"token":"t","data":{"name":"brief"}}`), clock.Now()); w.Code != http.StatusBadRequest {
		t.Errorf("unsupported type: %d", w.Code)
	}
	if w := post(commandBody("r3", "help", nil), clock.Now()); w.Code != http.StatusOK {
		t.Errorf("r3 as a command: %d %s", w.Code, w.Body)
	}
	// r1 and r2 were swept once their window had passed.
	if n := a.replays.Len(); n != 1 {
		t.Errorf("cache holds %d ids, want 1 (r3)", n)
	}
}

func TestMalformedBodiesGet400(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	for _, tt := range []struct {
		name, body, reason string
	}{
		{"empty", ``, "body is not an interaction"},
		{"not JSON", `type=2&id=1`, "invalid JSON"},
		{"truncated", `{"id":"m1","type":2,`, "body is not an interaction"},
		{"trailing garbage", `{"id":"m2","type":1,"token":"t"} {}`, "body is not an interaction"},
		{"an array", `[{"id":"m3","type":1}]`, "body is not an interaction"},
		{"a string", `"ping"`, "body is not an interaction"},
		{"null", `null`, "unsupported interaction type 0"},
		{"no type", `{"id":"m4","token":"t"}`, "unsupported interaction type 0"},
		{"no id", `{"type":1,"token":"t"}`, "it has no id"},
		{"id of the wrong type", `{"id":5,"type":1}`, "body is not an interaction"},
		{"modal submit", `{"id":"m5","type":5,"token":"t","data":{}}`, "unsupported interaction type 5"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			a.ServeHTTP(w, signed([]byte(tt.body), testNow, testKey.priv))
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), tt.reason) {
				t.Errorf("status %d %q, want 400 with %q", w.Code, w.Body, tt.reason)
			}
		})
	}
}

const secretToken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpTZWNyZXRUb2tlbjpYeVp6"

// failDiscord answers the REST calls that carry an interaction token the
// way a failing Discord or proxy might: a 500 whose page quotes the path, or
// a dropped connection.
func failDiscord(how string) func(http.ResponseWriter, apiRequest, int) bool {
	return func(w http.ResponseWriter, r apiRequest, _ int) bool {
		if !strings.Contains(r.Path, secretToken) {
			return false
		}
		if how == "500" {
			http.Error(w, `{"message": "upstream failed for `+r.Path+`", "code": 0}`, http.StatusInternalServerError)
			return true
		}
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return true
	}
}

// TestFailedDeferredReplyLogsNoToken: a deferred reply (an edit, or a
// follow-up and delete) and a gateway callback that fail are logged without
// the interaction token, by the package itself (the logger here does not
// redact).
func TestFailedDeferredReplyLogsNoToken(t *testing.T) {
	for _, how := range []string{"500", "connection dropped"} {
		for _, tt := range []struct {
			name      string
			inChannel bool
			gateway   bool
		}{
			{"deferred edit", false, false},
			{"deferred follow-up", true, false},
			{"gateway callback", false, true},
		} {
			t.Run(how+"/"+tt.name, func(t *testing.T) {
				rec := record(t, failDiscord(how))
				logs := &logBuffer{}
				asker := &fakeAsker{answer: testAnswer(), wait: make(chan struct{})}
				if tt.inChannel {
					asker.err = errors.New("index on fire") // an ephemeral apology after a public deferral
				}
				a := newTestAdapter(t, adapterOpts{asker: asker, budget: 20 * time.Millisecond, inChannel: tt.inChannel, token: "bot-token", logs: logs})
				body := withToken(t, commandBody("f1", "ask", map[string]string{"question": "troops"}), secretToken)
				if tt.gateway {
					close(asker.wait)
					var i discordgo.Interaction
					if err := json.Unmarshal(body, &i); err != nil {
						t.Fatal(err)
					}
					a.OnInteractionCreate(nil, &discordgo.InteractionCreate{Interaction: &i})
				} else {
					if _, resp := serve(t, a, body); path(t, resp, "type") != 5.0 {
						t.Fatalf("not deferred: %v", resp)
					}
					close(asker.wait)
				}
				req := rec.next(t)
				if !strings.Contains(req.Path, secretToken) {
					t.Fatalf("the failing call %s does not carry the token", req.Path)
				}
				deadline := time.Now().Add(5 * time.Second)
				for !strings.Contains(logs.String(), "discord: deliver") && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
				}
				out := logs.String()
				if !strings.Contains(out, "discord: deliver") {
					t.Fatalf("the failure was not logged:\n%s", out)
				}
				if strings.Contains(out, secretToken) || strings.Contains(out, url.PathEscape(secretToken)) {
					t.Errorf("the interaction token is in the logs:\n%s", out)
				}
				if !strings.Contains(out, "interaction=f1") {
					t.Errorf("the log does not name the interaction:\n%s", out)
				}
			})
		}
	}
}

func TestHideToken(t *testing.T) {
	base := &url.Error{Op: "Patch", URL: "http://127.0.0.1:9/api/v9/webhooks/app1/" + secretToken + "/messages/@original", Err: errors.New("EOF")}
	err := fmt.Errorf("discord: edit original response: %w", hideToken(base, secretToken))
	if got, want := err.Error(), `discord: edit original response: Patch "http://127.0.0.1:9/api/v9/webhooks/app1/REDACTED/messages/@original": EOF`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var ue *url.Error
	if !errors.As(err, &ue) || ue != base {
		t.Error("the url.Error is no longer reachable with errors.As")
	}
	// With a numeric application id, redact.String finds a token hideToken
	// was not told about.
	e := hideToken(errors.New(`Patch "https://discord.com/api/v9/webhooks/123456789/other.Token-x/messages/@original": EOF`), "")
	if strings.Contains(e.Error(), "other.Token-x") {
		t.Errorf("token survived: %s", e)
	}
	// A short token would mask ordinary words; it cannot be a real one.
	if got := hideToken(errors.New("t is not a token"), "t").Error(); got != "t is not a token" {
		t.Errorf("short token: %s", got)
	}
	if hideToken(nil, secretToken) != nil {
		t.Error("hideToken(nil) is not nil")
	}
}

// TestFullReplayCacheRefuses: when the cache is full of live ids, a new
// interaction gets 429 and runs nothing, rather than pushing out an id that
// could then be replayed.
func TestFullReplayCacheRefuses(t *testing.T) {
	asker := &fakeAsker{answer: testAnswer()}
	a := newTestAdapter(t, adapterOpts{asker: asker})
	a.replays.Max = 1
	serve(t, a, commandBody("c1", "ask", map[string]string{"question": "troops"}))
	w := httptest.NewRecorder()
	a.ServeHTTP(w, signed(commandBody("c2", "ask", map[string]string{"question": "troops"}), testNow, testKey.priv))
	if w.Code != http.StatusTooManyRequests {
		t.Errorf("status %d, want 429: %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	a.ServeHTTP(w, signed(commandBody("c1", "ask", map[string]string{"question": "troops"}), testNow, testKey.priv))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("c1 again: status %d, want 401", w.Code)
	}
	if len(asker.asked) != 1 {
		t.Errorf("asked %d times, want once", len(asker.asked))
	}
}
