package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/briefbot/briefbot/bot/state"
)

// A fake gateway: HELLO, then READY after IDENTIFY, then one
// INTERACTION_CREATE, which must be answered over REST.
func TestGatewayConnectsAndAnswers(t *testing.T) {
	identified := make(chan map[string]any, 1)
	rec := fakeGateway(t, func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		send := func(v any) bool { return c.WriteJSON(v) == nil }
		if !send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) {
			return
		}
		var id map[string]any
		if err := c.ReadJSON(&id); err != nil {
			return
		}
		identified <- id
		var interaction map[string]any
		json.Unmarshal(commandBody("gw3", "ask", map[string]string{"question": "Where did the troops arrive?"}), &interaction)
		if !send(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{"v": 9, "session_id": "sess",
			"user": map[string]any{"id": "bot1", "username": "briefbot", "bot": true}, "guilds": []any{}}}) ||
			!send(map[string]any{"op": 0, "t": "INTERACTION_CREATE", "s": 2, "d": interaction}) {
			return
		}
		// Keep the connection until the client closes it.
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	})
	a := newTestAdapter(t, adapterOpts{token: "gw-token"})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { a.RunGateway(ctx); close(stopped) }()
	defer func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Error("RunGateway did not return after its context ended")
		}
	}()

	if gw := rec.next(t); gw.Method != http.MethodGet || gw.Path != "/api/v9/gateway" {
		t.Fatalf("first request %s %s, want the gateway lookup", gw.Method, gw.Path)
	}
	select {
	case id := <-identified:
		d, _ := id["d"].(map[string]any)
		if id["op"] != 2.0 || d["token"] != "Bot gw-token" || d["intents"] != 0.0 {
			t.Errorf("identify %v, want op 2 with the bot token and no intents", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no IDENTIFY")
	}
	cb := rec.next(t)
	if cb.Method != http.MethodPost || cb.Path != "/api/v9/interactions/gw3/tok-gw3/callback" {
		t.Fatalf("got %s %s, want the interaction callback", cb.Method, cb.Path)
	}
	if body := cb.JSON(t); body["type"] != 4.0 || !strings.Contains(path(t, body, "data", "embeds", 0, "fields", 0, "value").(string), "Vladivostok") {
		t.Errorf("callback %s", cb.Body)
	}
}

// A gateway that accepts the websocket and then says nothing: when serve
// stops, the connection still opening is closed, not left to hang.
func TestStalledGatewayClosedAtShutdown(t *testing.T) {
	accepted, closed := make(chan struct{}), make(chan struct{})
	fakeGateway(t, func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		close(accepted)
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				close(closed)
				return
			}
		}
	})
	a := newTestAdapter(t, adapterOpts{token: "gw-token"})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { a.RunGateway(ctx); close(stopped) }()
	select {
	case <-accepted:
	case <-time.After(5 * time.Second):
		t.Fatal("gateway never dialled")
	}
	cancel()
	for name, ch := range map[string]chan struct{}{"RunGateway returned": stopped, "connection closed": closed} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Errorf("not %s within 5 s of shutdown", name)
		}
	}
}

// fakeGateway serves ws as the gateway's websocket and answers the gateway
// lookup with its address; the recorder holds the REST requests.
func fakeGateway(t *testing.T, ws func(w http.ResponseWriter, r *http.Request)) *recorder {
	t.Helper()
	fake.mu.Lock()
	fake.ws = ws
	fake.mu.Unlock()
	t.Cleanup(func() { fake.mu.Lock(); fake.ws = nil; fake.mu.Unlock() })
	return record(t, func(w http.ResponseWriter, r apiRequest, n int) bool {
		if strings.HasSuffix(r.Path, "/gateway") {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"url":"` + strings.Replace(apiBase.base, "http", "ws", 1) + `gateway-ws"}`))
			return true
		}
		return false
	})
}

// With Claims, an interaction from the gateway is answered by the one
// adapter that claims it first (replicas, each with a gateway connection,
// sharing the store); one whose claim fails is answered all the same.
func TestGatewayInteractionClaimedOnce(t *testing.T) {
	rec := record(t, nil)
	claims, err := state.OpenConversations(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	replicas := []*Adapter{
		newTestAdapter(t, adapterOpts{token: "secret", claims: claims}),
		newTestAdapter(t, adapterOpts{token: "secret", claims: claims}),
	}
	interaction := func(id string) *discordgo.InteractionCreate {
		var i discordgo.Interaction
		if err := json.Unmarshal(commandBody(id, "help", nil), &i); err != nil {
			t.Fatal(err)
		}
		return &discordgo.InteractionCreate{Interaction: &i}
	}
	for _, a := range replicas {
		a.OnInteractionCreate(nil, interaction("gw-claim"))
	}
	if cb := rec.next(t); cb.Path != "/api/v9/interactions/gw-claim/tok-gw-claim/callback" {
		t.Fatalf("got %s %s, want the interaction callback", cb.Method, cb.Path)
	}
	// The store gone, the claim fails: the interaction is answered here
	// rather than by no one.
	claims.Close()
	replicas[0].OnInteractionCreate(nil, interaction("gw-noclaim"))
	if cb := rec.next(t); cb.Path != "/api/v9/interactions/gw-noclaim/tok-gw-noclaim/callback" {
		t.Fatalf("got %s %s, want the interaction callback", cb.Method, cb.Path)
	}
	if n := len(rec.all()); n != 2 {
		t.Errorf("%d requests, want the 2 callbacks: %+v", n, rec.all())
	}
}
