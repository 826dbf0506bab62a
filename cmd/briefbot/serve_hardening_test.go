package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestServeSlackReplaysAndMistypedRequests: through the whole program, a
// signed command runs once however often it is sent, a signed body that is
// not a form is refused with 415 and a malformed one with 400, and none of
// them runs.
func TestServeSlackReplaysAndMistypedRequests(t *testing.T) {
	hookSrv, hooked := hook(t)
	s := startServe(t, serveCorpus(t), map[string]string{"SLACK_SIGNING_SECRET": serveSecret})
	target := s.base + "/slack/commands"
	now := time.Now()
	send := func(body []byte, contentType string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(string(body)))
		ts, sig := slackSign(serveSecret, now, body)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		code, b := roundTrip(t, req)
		return code, string(b)
	}
	question := slackCommand("How many containers of munitions has Russia received?", hookSrv.URL)
	for i, want := range []int{200, 401, 401} {
		if code, body := send(question, "application/x-www-form-urlencoded"); code != want {
			t.Errorf("send %d: %d %s, want %d", i+1, code, body, want)
		}
	}
	help := slackCommand("help", hookSrv.URL)
	for _, ct := range []string{"application/json", "text/plain", ""} {
		if code, body := send(help, ct); code != http.StatusUnsupportedMediaType {
			t.Errorf("help as %q: %d %s, want 415", ct, code, body)
		}
	}
	for name, body := range map[string][]byte{
		"bad escape": []byte("command=%2Fbrief&text=%ZZ"),
		"no command": []byte("text=help"),
	} {
		if code, out := send(body, "application/x-www-form-urlencoded"); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, code, out)
		}
	}
	_, metrics := httpGet(t, s.base+"/metrics")
	for _, want := range []string{
		`briefbot_commands_total{command="ask",outcome="answered",platform="slack"} 1`,
		`briefbot_deliveries_total{outcome="rejected",platform="slack",way="request"} 7`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(metrics, `command="help"`) {
		t.Error("a refused help command ran")
	}
	select {
	case m := <-hooked:
		t.Errorf("something was posted to response_url: %+v", m)
	default:
	}
}

// TestServeFailedShareLogsNoSecret: a "Post to channel" click whose
// response_url fails is logged on serve's stderr with the host and without
// the secret path. The stand-in is on 127.0.0.1, where the program's
// redacting log handler (which knows hooks.slack.com) would not help: the
// Slack package itself must hide the path.
func TestServeFailedShareLogsNoSecret(t *testing.T) {
	const secretPath = "/commands/T0001/7001234567/Zq8xSecretPathK2v9"
	drop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
	}))
	defer drop.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream failed for "+r.URL.Path, http.StatusInternalServerError)
	}))
	defer failing.Close()
	s := startServe(t, serveCorpus(t), map[string]string{"SLACK_SIGNING_SECRET": serveSecret})
	for i, hookURL := range []string{drop.URL + secretPath, failing.URL + secretPath} {
		payload, _ := json.Marshal(map[string]any{
			"type": "block_actions", "user": map[string]any{"id": "U2147483697", "name": "Steve"},
			"team": map[string]any{"id": "T0001"}, "channel": map[string]any{"id": "C2147483705"},
			"response_url": hookURL, "trigger_id": "1.2.3", "api_app_id": "A123456",
			"actions": []any{map[string]any{"type": "button", "action_id": "brief_share", "block_id": "brief_actions",
				"value": "ask How many containers of munitions has Russia received?", "action_ts": time.Now().Format(time.RFC3339Nano)}},
		})
		if code, body := slackPost(t, s.base+"/slack/interactions", serveSecret, time.Now(), []byte(url.Values{"payload": {string(payload)}}.Encode())); code != 200 {
			t.Fatalf("click %d: %d %s", i+1, code, body)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(s.logs.String(), "slack share delivery failed") < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	logs := s.logs.String()
	if n := strings.Count(logs, "slack share delivery failed"); n != 2 {
		t.Fatalf("%d failed shares logged, want 2:\n%s", n, logs)
	}
	if strings.Contains(logs, "Zq8xSecretPathK2v9") {
		t.Errorf("serve's stderr holds the response_url's secret path:\n%s", logs)
	}
	if u, _ := url.Parse(drop.URL); !strings.Contains(logs, u.Host) {
		t.Errorf("the failure does not name the host %s:\n%s", u.Host, logs)
	}
}

// TestServeDiscordReplaysAndMalformedBodies: through the whole program, an
// interaction runs once however often it is sent, and a body that is not an
// interaction gets 400.
func TestServeDiscordReplaysAndMalformedBodies(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	s := startServe(t, serveCorpus(t), map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub)})
	now := time.Now()
	ask := discordAsk("replayed-1", "How many containers of munitions went through Rajin?")
	for i, want := range []int{200, 401, 401} {
		if code, body := postInteraction(t, s.base, priv, now, ask); code != want {
			t.Errorf("send %d: %d %s, want %d", i+1, code, body, want)
		}
	}
	for _, body := range []string{`type=2`, `{"id":"x","type":2`, `[]`, `{"type":1}`} {
		if code, out := postInteraction(t, s.base, priv, now, []byte(body)); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", body, code, out)
		}
	}
	_, metrics := httpGet(t, s.base+"/metrics")
	if want := `briefbot_commands_total{command="ask",outcome="answered",platform="discord"} 1`; !strings.Contains(metrics, want) {
		t.Errorf("metrics lack %s", want)
	}
}

// TestServeDropsSlowAndOversizedRequests: a client that trickles its
// headers or its body is cut off after the read timeouts (5 s, 10 s), and
// headers over 64 KB get 431.
func TestServeDropsSlowAndOversizedRequests(t *testing.T) {
	s := startServe(t, serveCorpus(t), map[string]string{"SLACK_SIGNING_SECRET": serveSecret})
	addr := strings.TrimPrefix(s.base, "http://")

	req, _ := http.NewRequest(http.MethodGet, s.base+"/healthz", nil)
	req.Header.Set("X-Padding", strings.Repeat("a", 80<<10))
	if code, _ := roundTrip(t, req); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("80 KB of headers: %d, want 431", code)
	}

	// trickle writes head, then a byte every 250 ms until the server
	// answers or closes; it returns how long that took and the status line.
	trickle := func(t *testing.T, head string) (time.Duration, string) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		if _, err := io.WriteString(conn, head); err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			tick := time.NewTicker(250 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					if _, err := conn.Write([]byte("a")); err != nil {
						return
					}
				}
			}
		}()
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "reset") {
			t.Fatalf("reading: %v", err)
		}
		return time.Since(start), strings.TrimSpace(line)
	}
	t.Run("headers", func(t *testing.T) {
		t.Parallel()
		took, status := trickle(t, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
		if took < 4*time.Second || took > 8*time.Second {
			t.Errorf("cut off after %s (%q), want about 5 s", took, status)
		}
	})
	t.Run("body", func(t *testing.T) {
		t.Parallel()
		took, status := trickle(t, "POST /slack/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n")
		if took < 9*time.Second || took > 14*time.Second {
			t.Errorf("cut off after %s (%q), want about 10 s", took, status)
		}
		t.Logf("cut off after %s with %q", took, status)
		if status != "" && !strings.Contains(status, " 400 ") {
			t.Errorf("answered %q, want 400 or a closed connection", status)
		}
	})
}
