package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// discordgo's endpoints are process globals that serve sets once from
// DISCORD_API_URL, so every test in this binary shares one fake Discord,
// started on first use; each test installs its own recorder.
var discordFake struct {
	once sync.Once
	url  string
	mu   sync.Mutex
	reqs chan discordAPIRequest
	// gateway, when a test sets it (fakeDiscordGateway), is the gateway:
	// its lookup and websocket, and the interaction callbacks it checks.
	gateway *gatewayFake
}

type discordAPIRequest struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// fakeDiscordAPI returns the fake's URL and a channel of the requests it
// receives during this test.
func fakeDiscordAPI(t *testing.T) (string, chan discordAPIRequest) {
	discordFake.once.Do(func() {
		// Never closed: it lives as long as the test binary, like the
		// endpoint variables pointing at it.
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			discordFake.mu.Lock()
			ch, gw := discordFake.reqs, discordFake.gateway
			discordFake.mu.Unlock()
			if gw != nil && gw.serve(w, r) {
				return
			}
			if ch != nil {
				select {
				case ch <- discordAPIRequest{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}:
				default:
				}
			}
			w.Header().Set("Content-Type", "application/json")
			switch {
			case r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/commands"):
				w.Write(body)
			case strings.HasSuffix(r.URL.Path, "/gateway"):
				// No gateway here: serve keeps retrying in the background.
				http.Error(w, `{"message":"404: Not Found","code":0}`, http.StatusNotFound)
			default:
				w.Write([]byte(`{"id":"1"}`))
			}
		}))
		discordFake.url = srv.URL
	})
	ch := make(chan discordAPIRequest, 100)
	installDiscordFake(t, &discordFake.reqs, ch)
	return discordFake.url, ch
}

// installDiscordFake sets a part of the fake Discord, field, to v for
// this test.
func installDiscordFake[T any](t *testing.T, field *T, v T) {
	discordFake.mu.Lock()
	*field = v
	discordFake.mu.Unlock()
	t.Cleanup(func() {
		var zero T
		discordFake.mu.Lock()
		*field = zero
		discordFake.mu.Unlock()
	})
}

// postInteraction signs body as Discord does and posts it.
func postInteraction(t *testing.T, base string, key ed25519.PrivateKey, ts time.Time, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/discord/interactions", bytes.NewReader(body))
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	return roundTrip(t, req)
}

func discordAsk(id, question string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "application_id": "app-e2e", "type": 2, "token": "tok-" + id, "version": 1,
		"guild_id": "g-e2e", "channel_id": "c-e2e",
		"member": map[string]any{"user": map[string]any{"id": "u1", "username": "ana"}},
		"data": map[string]any{"id": "cmd", "name": "brief", "type": 1, "options": []map[string]any{
			{"name": "ask", "type": 1, "options": []map[string]any{{"name": "question", "type": 3, "value": question}}}}},
	})
	return b
}

func TestServeDiscordEndToEnd(t *testing.T) {
	api, reqs := fakeDiscordAPI(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	data := serveCorpus(t)
	srv := startServe(t, data, map[string]string{
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"DISCORD_BOT_TOKEN":  "e2e-token",
		"DISCORD_APP_ID":     "app-e2e",
		"DISCORD_GUILD_ID":   "g-e2e",
		"DISCORD_API_URL":    api,
	})
	base, logs := srv.base, srv.logs

	// Commands were registered before serve listened.
	select {
	case r := <-reqs:
		if r.Method != http.MethodPut || r.Path != "/api/v9/applications/app-e2e/guilds/g-e2e/commands" {
			t.Fatalf("first request %s %s, want the guild bulk overwrite", r.Method, r.Path)
		}
		if r.Header.Get("Authorization") != "Bot e2e-token" {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
		var cmds []struct {
			Name    string `json:"name"`
			Options []struct {
				Name    string `json:"name"`
				Type    int    `json:"type"`
				Options []struct {
					Name     string `json:"name"`
					Type     int    `json:"type"`
					Required bool   `json:"required"`
				} `json:"options"`
			} `json:"options"`
		}
		if err := json.Unmarshal(r.Body, &cmds); err != nil || len(cmds) != 1 || cmds[0].Name != "brief" {
			t.Fatalf("registration payload %s (%v)", r.Body, err)
		}
		var subs []string
		for _, o := range cmds[0].Options {
			if o.Type != 1 {
				t.Errorf("%s has type %d, want SUB_COMMAND (1)", o.Name, o.Type)
			}
			subs = append(subs, o.Name)
			if o.Name == "ask" && (len(o.Options) != 1 || o.Options[0].Name != "question" || o.Options[0].Type != 3 || !o.Options[0].Required) {
				t.Errorf("ask options %+v, want a required STRING (3) question", o.Options)
			}
		}
		if strings.Join(subs, ",") != "ask,help,sources,subscribe,unsubscribe,subscriptions,digest,timeline" {
			t.Errorf("subcommands %v", subs)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no registration request")
	}

	code, body := postInteraction(t, base, priv, time.Now(), []byte(`{"id":"p","application_id":"app-e2e","type":1,"token":"t","version":1}`))
	if code != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("PING: %d %s", code, body)
	}

	code, body = postInteraction(t, base, priv, time.Now(), discordAsk("a1", "How many containers of munitions went through Rajin?"))
	if code != 200 {
		t.Fatalf("ask: %d %s", code, body)
	}
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Flags  int `json:"flags"`
			Embeds []struct {
				Description string `json:"description"`
				Fields      []struct{ Name, Value string }
				Footer      struct{ Text string }
			} `json:"embeds"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Type != 4 || resp.Data.Flags != 64 || len(resp.Data.Embeds) != 1 || len(resp.Data.Embeds[0].Fields) == 0 {
		t.Fatalf("ask reply %s", body)
	}
	e := resp.Data.Embeds[0]
	if !strings.Contains(e.Description, "20,000 containers of munitions") {
		t.Errorf("description %q lacks the answer", e.Description)
	}
	f := e.Fields[0]
	if f.Name != "[1] Test Wire · 2024-10-01" || !strings.Contains(f.Value, "through the port of **Rajin**, officials said.") ||
		!strings.Contains(f.Value, "[Munitions through Rajin](<https://news.example/rajin") {
		t.Errorf("first field %+v", f)
	}

	ping := []byte(`{"id":"p","application_id":"app-e2e","type":1,"token":"t","version":1}`)
	_, forger, _ := ed25519.GenerateKey(nil)
	for _, tt := range []struct {
		name   string
		key    ed25519.PrivateKey
		ts     time.Time
		body   []byte
		status int
	}{
		{"forged signature", forger, time.Now(), ping, 401},
		{"stale timestamp", priv, time.Now().Add(-6 * time.Minute), ping, 401},
		{"invalid JSON", priv, time.Now(), []byte(`{"type":`), 400},
		{"body over 1 MB", priv, time.Now(), append(append([]byte(`{"type":1,"x":"`), bytes.Repeat([]byte("x"), 1<<20)...), `"}`...), 413},
	} {
		if code, body := postInteraction(t, base, tt.key, tt.ts, tt.body); code != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, code, body, tt.status)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/discord/interactions", strings.NewReader(string(ping)))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("unsigned request: %v %v", resp.StatusCode, err)
	}

	_, metrics := httpGet(t, base+"/metrics")
	for _, want := range []string{
		`briefbot_deliveries_total{outcome="ok",platform="discord",way="inline"} 2`,
		`briefbot_deliveries_total{outcome="rejected",platform="discord",way="inline"} 5`,
		`briefbot_commands_total{command="ask",outcome="answered",platform="discord"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// The gateway has nowhere to connect here; serve says so and goes on.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "discord gateway connect failed") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "discord gateway connect failed") {
		t.Errorf("no gateway log:\n%s", logs.String())
	}
}

func TestServeDiscordEndpointOnly(t *testing.T) {
	_, reqs := fakeDiscordAPI(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	srv := startServe(t, serveCorpus(t), map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub)})
	base, logs := srv.base, srv.logs
	code, body := postInteraction(t, base, priv, time.Now(), []byte(`{"id":"p","type":1,"token":"t","version":1}`))
	if code != 200 || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("PING: %d %s", code, body)
	}
	if !strings.Contains(logs.String(), "discord gateway, command registration and posting off") || !strings.Contains(logs.String(), "DISCORD_BOT_TOKEN is unset") {
		t.Errorf("logs do not say why the gateway is off:\n%s", logs.String())
	}
	select {
	case r := <-reqs:
		t.Errorf("endpoint-only serve called Discord: %s %s", r.Method, r.Path)
	default:
	}
}

func TestServeDiscordOff(t *testing.T) {
	srv := startServe(t, serveCorpus(t), map[string]string{})
	base, logs := srv.base, srv.logs
	resp, err := http.Post(base+"/discord/interactions", "application/json", strings.NewReader(`{"type":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /discord/interactions with Discord off: %d, want 404", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), "discord off") {
		t.Errorf("logs do not say Discord is off:\n%s", logs.String())
	}
}

func TestServeDiscordBadConfig(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"public key not hex", map[string]string{"DISCORD_PUBLIC_KEY": "not-a-key"}, "DISCORD_PUBLIC_KEY must be the application's public key, 64 hex characters"},
		{"public key too short", map[string]string{"DISCORD_PUBLIC_KEY": "abcd"}, "64 hex characters"},
		{"API URL not a URL", map[string]string{"DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32), "DISCORD_API_URL": "discord.com"}, "DISCORD_API_URL"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["BRIEFBOT_ADDR"] = "127.0.0.1:0"
			var stderr serveBuffer
			m := NewMain(strings.NewReader(""), io.Discard, &stderr)
			m.Getenv = func(k string) string { return tt.env[k] }
			code := m.Run(context.Background(), []string{"--data", t.TempDir(), "serve"})
			m.Close()
			if code != 1 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant it to say %q", code, stderr.String(), tt.want)
			}
		})
	}
}
