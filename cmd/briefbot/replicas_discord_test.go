package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// gatewayFake is Discord's gateway for serve tests: every connection that
// identifies gets READY and then each interaction Dispatch sends, as
// Discord dispatches an interaction to every session of a bot that has no
// Interactions Endpoint URL. Like Discord, it takes one response per
// interaction and refuses the others with error 40060.
type gatewayFake struct {
	mu        sync.Mutex
	conns     []*gatewayConn
	responses map[string]int // callbacks received, by interaction id
	done      chan struct{}
}

type gatewayConn struct {
	mu  sync.Mutex // one writer at a time
	c   *websocket.Conn
	seq int
}

func (g *gatewayConn) send(op int, t string, d any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seq++
	return g.c.WriteJSON(map[string]any{"op": op, "t": t, "s": g.seq, "d": d})
}

// fakeDiscordGateway installs a gateway on the fake Discord for this test.
func fakeDiscordGateway(t *testing.T) *gatewayFake {
	g := &gatewayFake{responses: map[string]int{}, done: make(chan struct{})}
	t.Cleanup(func() { close(g.done) }) // after the gateway is removed
	installDiscordFake(t, &discordFake.gateway, g)
	return g
}

var callbackPath = regexp.MustCompile(`^/api/v9/interactions/([^/]+)/[^/]+/callback$`)

// serve answers what the gateway owns; false leaves r to the REST fake.
func (g *gatewayFake) serve(w http.ResponseWriter, r *http.Request) bool {
	switch p := r.URL.Path; {
	case strings.HasSuffix(p, "/gateway") || strings.HasSuffix(p, "/gateway/bot"):
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"url":"` + strings.Replace(discordFake.url, "http", "ws", 1) + `/gateway-ws"}`))
		return true
	case strings.HasPrefix(p, "/gateway-ws"):
		g.connect(w, r)
		return true
	case callbackPath.MatchString(p):
		id := callbackPath.FindStringSubmatch(p)[1]
		g.mu.Lock()
		g.responses[id]++
		n := g.responses[id]
		g.mu.Unlock()
		if n > 1 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"message":"Interaction has already been acknowledged.","code":40060}`))
			return true
		}
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// connect runs one gateway session: HELLO, IDENTIFY, READY, then
// dispatches until the client or the test goes.
func (g *gatewayFake) connect(w http.ResponseWriter, r *http.Request) {
	c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	conn := &gatewayConn{c: c}
	if c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) != nil {
		return
	}
	var id map[string]any
	if c.ReadJSON(&id) != nil || id["op"] != 2.0 {
		return
	}
	n := len(g.sessions())
	if conn.send(0, "READY", map[string]any{"v": 9, "session_id": "sess-" + strconv.Itoa(n),
		"user": map[string]any{"id": "bot1", "username": "briefbot", "bot": true}, "guilds": []any{}}) != nil {
		return
	}
	g.mu.Lock()
	g.conns = append(g.conns, conn)
	g.mu.Unlock()
	go func() { <-g.done; c.Close() }()
	for {
		if _, _, err := c.ReadMessage(); err != nil { // heartbeats, until closed
			return
		}
	}
}

func (g *gatewayFake) sessions() []*gatewayConn {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*gatewayConn(nil), g.conns...)
}

// waitSessions waits for n sessions to be READY.
func (g *gatewayFake) waitSessions(t *testing.T, n int, logs func() string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for len(g.sessions()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d gateway sessions, want %d:\n%s", len(g.sessions()), n, logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dispatch sends interaction to every session.
func (g *gatewayFake) dispatch(t *testing.T, interaction []byte) {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(interaction, &d); err != nil {
		t.Fatal(err)
	}
	for _, c := range g.sessions() {
		if err := c.send(0, "INTERACTION_CREATE", d); err != nil {
			t.Fatal(err)
		}
	}
}

func (g *gatewayFake) responded(id string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.responses[id]
}

// discordCommand is a /brief interaction with a subcommand and no options.
func discordCommand(id, sub string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "application_id": "app-rep", "type": 2, "token": "tok-" + id, "version": 1,
		"guild_id": "g-rep", "channel_id": "c-rep",
		"member": map[string]any{"user": map[string]any{"id": "u1", "username": "ana"}},
		"data":   map[string]any{"id": "cmd", "name": "brief", "type": 1, "options": []map[string]any{{"name": sub, "type": 1}}},
	})
	return b
}

// Two replicas on one database each hold a gateway connection, and
// Discord dispatches each interaction to both: one replica answers it,
// once; the other leaves it. Without the claim both ran the command and
// both responded (Discord refusing the second with 40060).
func TestReplicasAnswerGatewayInteractionOnce(t *testing.T) {
	p := newPGServe(t)
	api, _ := fakeDiscordAPI(t)
	gw := fakeDiscordGateway(t)
	env := func() map[string]string {
		e := p.env()
		e["DISCORD_BOT_TOKEN"], e["DISCORD_APP_ID"], e["DISCORD_API_URL"] = "rep-token", "app-rep", api
		return e
	}
	a := startServe(t, t.TempDir(), env(), onClock(p.clock))
	b := startServe(t, t.TempDir(), env(), onClock(p.clock))
	both := func() string { return "--- a:\n" + a.logs.String() + "\n--- b:\n" + b.logs.String() }
	gw.waitSessions(t, 2, both)

	for _, id := range []string{"gw-rep-1", "gw-rep-2", "gw-rep-3"} {
		gw.dispatch(t, discordCommand(id, "help"))
	}
	deadline := time.Now().Add(10 * time.Second)
	for gw.responded("gw-rep-1")+gw.responded("gw-rep-2")+gw.responded("gw-rep-3") < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(time.Second) // room for a second response, if there were one
	for _, id := range []string{"gw-rep-1", "gw-rep-2", "gw-rep-3"} {
		if n := gw.responded(id); n != 1 {
			t.Errorf("interaction %s responded to %d times, want once:\n%s", id, n, both())
		}
	}
	ran := 0
	for _, s := range []*served{a, b} {
		ran += metricValue(t, scrape(t, s), `briefbot_commands_total{command="help",outcome="help",platform="discord"}`)
	}
	if ran != 3 {
		t.Errorf("help ran %d times across the replicas, want 3 (once each):\n%s", ran, both())
	}
	if n := strings.Count(both(), "claimed by another replica"); n != 3 {
		t.Errorf("%d interactions left to the other replica, want 3:\n%s", n, both())
	}
}

// metricValue is the value of the sample named exactly so in metrics, 0
// when there is none.
func metricValue(t *testing.T, metrics, sample string) int {
	t.Helper()
	for _, l := range strings.Split(metrics, "\n") {
		if v, ok := strings.CutPrefix(l, sample+" "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %s: %v", l, err)
			}
			return int(n)
		}
	}
	return 0
}
