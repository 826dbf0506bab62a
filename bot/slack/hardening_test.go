package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/replay"
)

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

// shareForm is a signed "Post to channel" click as Slack sends it.
func shareForm(t *testing.T, responseURL, actionTS string) []byte {
	t.Helper()
	payload, err := json.Marshal(map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U2147483697", "name": "Steve"},
		"team":         map[string]any{"id": "T0001"},
		"channel":      map[string]any{"id": "C2147483705"},
		"response_url": responseURL,
		"trigger_id":   "1.2." + actionTS,
		"actions": []any{map[string]any{"type": "button", "action_id": ShareActionID, "block_id": "brief_actions",
			"value": "ask containers munitions", "action_ts": actionTS}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(payload)}}.Encode())
}

func TestReplayedRequestsAreRefused(t *testing.T) {
	// slack-go also checks the timestamp against the wall clock, so the
	// test clock starts 4 minutes back and ends a minute ahead.
	clock := &testClock{now: time.Now().Add(-4 * time.Minute)}
	lib := testLibrary()
	rec := newRecorder(t)
	_, srv, logs := newApp(t, lib, Config{Now: clock.Now})
	commands, interactions := srv.URL+"/slack/commands", srv.URL+"/slack/interactions"
	command := []byte(commandForm("containers", rec.URL).Encode())
	signedAt := clock.Now()

	if code, out := do(t, signedPost(t, commands, command, testSecret, signedAt)); code != http.StatusOK {
		t.Fatalf("first command: %d %s", code, out)
	}
	upper := signedPost(t, commands, command, testSecret, signedAt)
	upper.Header.Set("X-Slack-Signature", "v0="+strings.ToUpper(upper.Header.Get("X-Slack-Signature")[3:]))
	cases := []struct {
		name  string
		after time.Duration // on the clock since the first was accepted
		req   *http.Request
		want  int
	}{
		{"the same request at once", 0, signedPost(t, commands, command, testSecret, signedAt), http.StatusUnauthorized},
		// The signature is hex; Slack's check accepts either case.
		{"the same request, signature in upper case", 0, upper, http.StatusUnauthorized},
		{"the same request 4m59s later", 4*time.Minute + 59*time.Second, signedPost(t, commands, command, testSecret, signedAt), http.StatusUnauthorized},
		// Past the window the entry may be gone; the timestamp check
		// refuses it instead.
		{"the same request 5m01s later", 2 * time.Second, signedPost(t, commands, command, testSecret, signedAt), http.StatusUnauthorized},
	}
	for _, c := range cases {
		clock.Add(c.after)
		code, out := do(t, c.req)
		if code != c.want {
			t.Errorf("%s: status %d, want %d: %s", c.name, code, c.want, out)
		}
	}
	if n := lib.askedCount(); n != 1 {
		t.Errorf("the command ran %d times, want once", n)
	}
	if !strings.Contains(logs.String(), replay.ErrReplayed.Error()) {
		t.Errorf("replays not logged as such:\n%s", logs.String())
	}

	// A new command with the same text in the same second is not a replay:
	// Slack's trigger_id differs.
	other := commandForm("containers", rec.URL)
	other.Set("trigger_id", "13345224609.738474920.other")
	if code, out := do(t, signedPost(t, commands, []byte(other.Encode()), testSecret, clock.Now())); code != http.StatusOK {
		t.Errorf("a different command: %d %s", code, out)
	}

	// A button click runs once, however often it is sent.
	click := shareForm(t, rec.URL+"/actions/T1/1/x", "1700000000.1")
	for i, want := range []int{http.StatusOK, http.StatusUnauthorized, http.StatusUnauthorized} {
		if code, out := do(t, signedPost(t, interactions, click, testSecret, clock.Now())); code != want {
			t.Errorf("click %d: status %d, want %d: %s", i+1, code, want, out)
		}
	}
	rec.wait(t)
	select {
	case m := <-rec.got:
		t.Errorf("a replayed click posted again: %+v", m)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestContentTypeAndMalformedForms(t *testing.T) {
	clock := &testClock{now: time.Now()}
	lib := testLibrary()
	_, srv, _ := newApp(t, lib, Config{Now: clock.Now})
	commands, interactions := srv.URL+"/slack/commands", srv.URL+"/slack/interactions"
	n := 0
	command := func(text string) []byte {
		n++
		f := commandForm(text, "http://127.0.0.1:1/unused")
		f.Set("trigger_id", fmt.Sprint("1.2.", n))
		return []byte(f.Encode())
	}
	view := []byte(url.Values{"payload": {`{"type":"view_submission"}`}}.Encode())
	cases := []struct {
		name, target, contentType string
		body                      []byte
		want                      int
		reply                     string // in the body; "" for an empty body
	}{
		{"form", commands, "application/x-www-form-urlencoded", command("help"), http.StatusOK, "briefbot answers"},
		{"form with charset", commands, "application/x-www-form-urlencoded; charset=utf-8", command("help"), http.StatusOK, "briefbot answers"},
		{"form in capitals", commands, "Application/X-WWW-Form-URLencoded", command("help"), http.StatusOK, "briefbot answers"},
		{"JSON", commands, "application/json", command("help"), http.StatusUnsupportedMediaType, "Content-Type must be application/x-www-form-urlencoded"},
		{"text", commands, "text/plain", command("help"), http.StatusUnsupportedMediaType, "Content-Type must be"},
		{"no content type", commands, "", command("help"), http.StatusUnsupportedMediaType, "Content-Type must be"},
		{"multipart", commands, "multipart/form-data; boundary=x", command("help"), http.StatusUnsupportedMediaType, "Content-Type must be"},
		{"not a media type", commands, "form;;;", command("help"), http.StatusUnsupportedMediaType, "Content-Type must be"},
		{"interaction as JSON", interactions, "application/json", view, http.StatusUnsupportedMediaType, "Content-Type must be"},
		{"bad percent-encoding", commands, "", []byte("command=%2Fbrief&text=%ZZ"), http.StatusBadRequest, `invalid URL escape "%ZZ"`},
		{"semicolons", commands, "", []byte("command=%2Fbrief;text=help"), http.StatusBadRequest, "malformed form body"},
		{"no command", commands, "", []byte("text=help&user_id=U1"), http.StatusBadRequest, "no command field"},
		{"not a form at all", commands, "", []byte("\x00\x01{json: true}"), http.StatusBadRequest, "no command field"},
		{"empty body", commands, "", nil, http.StatusBadRequest, "no command field"},
		// Slack checks the certificate now and then; it wants a bare 200.
		{"ssl_check", commands, "", []byte("ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO"), http.StatusOK, ""},
		{"no payload", interactions, "", []byte("type=block_actions"), http.StatusBadRequest, "no payload field"},
		{"payload not JSON", interactions, "", []byte(url.Values{"payload": {"{not json"}}.Encode()), http.StatusBadRequest, "payload is not JSON"},
		{"payload without a type", interactions, "", []byte(url.Values{"payload": {`{"actions":[]}`}}.Encode()), http.StatusBadRequest, "payload has no type"},
		{"payload null", interactions, "", []byte("payload=null"), http.StatusBadRequest, "payload has no type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := signedPost(t, c.target, c.body, testSecret, clock.Now())
			if c.contentType != "" || c.want == http.StatusUnsupportedMediaType {
				req.Header.Set("Content-Type", c.contentType)
			}
			code, out := do(t, req)
			if code != c.want || !strings.Contains(string(out), c.reply) || c.reply == "" && len(out) != 0 {
				t.Errorf("status %d %q, want %d with %q", code, out, c.want, c.reply)
			}
		})
	}
	// None of the refused requests ran; help asks nothing either.
	if n := lib.askedCount(); n != 0 {
		t.Errorf("refused requests ran %d questions", n)
	}

	// A mistyped request is refused the same way when sent again, and is
	// not spent: sent right, it runs (once).
	body := command("containers")
	for i, ct := range []string{"application/json", "application/json", formType, formType} {
		req := signedPost(t, commands, body, testSecret, clock.Now())
		req.Header.Set("Content-Type", ct)
		want := []int{415, 415, 200, 401}[i]
		if code, out := do(t, req); code != want {
			t.Errorf("send %d as %s: status %d, want %d: %s", i+1, ct, code, want, out)
		}
	}
	if n := lib.askedCount(); n != 1 {
		t.Errorf("the command ran %d times, want once", n)
	}
	// An unsigned request learns nothing about its content type.
	unsigned, _ := http.NewRequest(http.MethodPost, commands, bytes.NewReader(command("help")))
	unsigned.Header.Set("Content-Type", "application/json")
	if code, _ := do(t, unsigned); code != http.StatusUnauthorized {
		t.Errorf("unsigned JSON: %d, want 401", code)
	}
}

// failingHooks are response_url stand-ins that fail in the ways a real
// one can, each reached through a path that is a bearer secret.
func failingHooks(t *testing.T) map[string]string {
	t.Helper()
	const secretPath = "/commands/T0001/7001234567/Zq8xSecretPathK2v9"
	status500 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error at "+r.URL.Path, http.StatusInternalServerError)
	}))
	t.Cleanup(status500.Close)
	dropped := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(dropped.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	return map[string]string{
		"500":                status500.URL + secretPath,
		"connection dropped": dropped.URL + secretPath,
		"nothing listening":  closed.URL + secretPath,
		// A real response_url's host, reached nowhere: the dial fails.
		"hooks.slack.com unreachable": "https://hooks.slack.com" + secretPath,
	}
}

// TestFailedDeferredReplyLogsNoSecret: a deferred reply or share whose
// response_url fails is logged with its host but without its path, by the
// package itself (the logger here does not redact).
func TestFailedDeferredReplyLogsNoSecret(t *testing.T) {
	const secret = "Zq8xSecretPathK2v9"
	for name, hookURL := range failingHooks(t) {
		t.Run(name, func(t *testing.T) {
			lib := testLibrary()
			lib.delay = func(corpus.Query) time.Duration { return 100 * time.Millisecond }
			noDial := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
				DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
					if strings.HasPrefix(addr, "hooks.slack.com:") {
						return nil, errors.New("dial refused by the test")
					}
					return (&net.Dialer{}).DialContext(ctx, network, addr)
				}}}
			app, srv, logs := newApp(t, lib, Config{InlineBudget: 10 * time.Millisecond, HTTPClient: noDial})
			form := commandForm("containers", hookURL)
			if code, out := do(t, signedPost(t, srv.URL+"/slack/commands", []byte(form.Encode()), testSecret, time.Now())); code != http.StatusOK || len(out) != 0 {
				t.Fatalf("ack %d %q; want an empty 200 (deferred)", code, out)
			}
			if code, _ := do(t, signedPost(t, srv.URL+"/slack/interactions", shareForm(t, hookURL, "1.1"), testSecret, time.Now())); code != http.StatusOK {
				t.Fatalf("click %d", code)
			}
			app.Close() // waits for both deliveries
			out := logs.String()
			for _, want := range []string{"slack deferred delivery failed", "slack share delivery failed"} {
				if !strings.Contains(out, want) {
					t.Errorf("logs lack %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, secret) {
				t.Errorf("the response_url's secret path is in the logs:\n%s", out)
			}
			u, _ := url.Parse(hookURL)
			if name != "500" && !strings.Contains(out, u.Host) {
				t.Errorf("logs do not name the host %s:\n%s", u.Host, out)
			}
		})
	}
}

func TestHideURL(t *testing.T) {
	base := &url.Error{Op: "Post", URL: "http://127.0.0.1:9/commands/T1/2/s3cretPATH", Err: errors.New("EOF")}
	err := fmt.Errorf("slack: post to response_url: %w", hideURL(base, "http://127.0.0.1:9/commands/T1/2/s3cretPATH"))
	if got, want := err.Error(), `slack: post to response_url: Post "http://127.0.0.1:9/REDACTED": EOF`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var ue *url.Error
	if !errors.As(err, &ue) || ue != base {
		t.Error("the url.Error is no longer reachable with errors.As")
	}
	var rl *slack.RateLimitedError
	if !errors.As(hideURL(fmt.Errorf("x: %w", &slack.RateLimitedError{RetryAfter: time.Second}), "http://h/p/a/t/h"), &rl) {
		t.Error("a rate limit is no longer reachable with errors.As")
	}
	// Path spelled escaped or not, and a URL that does not parse.
	raw := "http://h.example/commands/T1/2/a b%2Fc"
	e := hideURL(fmt.Errorf("post %s; path /commands/T1/2/a b/c; escaped /commands/T1/2/a%%20b/c", raw), raw)
	if strings.Contains(e.Error(), "a b") || strings.Contains(e.Error(), "a%20b") {
		t.Errorf("path survived: %s", e)
	}
	if e := hideURL(errors.New("parse http://[::1/commands/x/y/zzzzzz: bad"), "http://[::1/commands/x/y/zzzzzz"); strings.Contains(e.Error(), "zzzzzz") {
		t.Errorf("unparsable URL survived: %s", e)
	}
	if hideURL(nil, "http://h/x") != nil {
		t.Error("hideURL(nil) is not nil")
	}
}

// FuzzSlackEndpoints: whatever a signed body and its content type hold,
// the endpoints answer 200, 400, 401 (a replay), 413, 415 or 429, never panic,
// and a 200 from the command endpoint is empty or a message.
func FuzzSlackEndpoints(f *testing.F) {
	f.Add(false, "application/x-www-form-urlencoded", []byte(commandForm("containers", "").Encode()))
	f.Add(false, "application/x-www-form-urlencoded; charset=utf-8", []byte(commandForm("help", "").Encode()))
	f.Add(false, "application/json", []byte(`{"command":"/brief"}`))
	f.Add(false, "", []byte("command=%2Fbrief&text=%ZZ"))
	f.Add(false, "application/x-www-form-urlencoded", []byte("command=%2Fbrief;text=x"))
	f.Add(true, "application/x-www-form-urlencoded", []byte(url.Values{"payload": {`{"type":"block_actions","actions":[{"action_id":"brief_share","value":"ask x"}]}`}}.Encode()))
	f.Add(true, "application/x-www-form-urlencoded", []byte("payload=%7B%22type%22%3A1%7D"))
	f.Add(true, "text/plain", []byte("payload=null"))
	now := time.Now()
	lib := testLibrary()
	// Nothing reaches the network, whatever response_url a body names.
	offline := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("offline")
	}}}
	app, _, _ := newApp(f, lib, Config{Now: func() time.Time { return now }, HTTPClient: offline})
	mux := http.NewServeMux()
	app.Register(mux)
	f.Fuzz(func(t *testing.T, interaction bool, contentType string, body []byte) {
		target := "/slack/commands"
		if interaction {
			target = "/slack/interactions"
		}
		req := signedPost(t, target, body, testSecret, now)
		req.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		switch w.Code {
		case http.StatusOK:
			if !interaction && w.Body.Len() > 0 {
				var m slack.WebhookMessage
				if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
					t.Fatalf("200 with a body that is not a message: %q", w.Body)
				}
			}
		case http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType,
			http.StatusTooManyRequests: // the replay cache full, in a long run
		default:
			t.Fatalf("status %d for %q as %q: %s", w.Code, body, contentType, w.Body)
		}
	})
}

// TestFullReplayCacheRefuses: when the cache is full of live requests, a
// new one gets 429 and runs nothing, rather than pushing out an entry that
// could then be replayed.
func TestFullReplayCacheRefuses(t *testing.T) {
	lib := testLibrary()
	app, srv, _ := newApp(t, lib, Config{})
	app.replays.Max = 1
	first := []byte(commandForm("containers", "").Encode())
	now := time.Now()
	if code, out := do(t, signedPost(t, srv.URL+"/slack/commands", first, testSecret, now)); code != http.StatusOK {
		t.Fatalf("first: %d %s", code, out)
	}
	second := commandForm("containers", "")
	second.Set("trigger_id", "another")
	if code, out := do(t, signedPost(t, srv.URL+"/slack/commands", []byte(second.Encode()), testSecret, now)); code != http.StatusTooManyRequests {
		t.Errorf("second: %d %s, want 429", code, out)
	}
	if code, _ := do(t, signedPost(t, srv.URL+"/slack/commands", first, testSecret, now)); code != http.StatusUnauthorized {
		t.Errorf("first again: %d, want 401", code)
	}
	if n := lib.askedCount(); n != 1 {
		t.Errorf("asked %d times, want once", n)
	}
}
