package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/briefbot/briefbot/corpus"
)

// socketServer is a Slack stand-in for Socket Mode: slacktest serves the Web
// API, with apps.connections.open pointing at a websocket whose messages
// the test sends and reads.
type socketServer struct {
	*slacktest.Server
	toClient   chan any
	fromClient chan map[string]any
	auth       chan string
}

func newSocketServer(t *testing.T) *socketServer {
	s := &socketServer{toClient: make(chan any, 10), fromClient: make(chan map[string]any, 10), auth: make(chan string, 10)}
	done := make(chan struct{})
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
			s.auth <- r.Header.Get("Authorization")
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket"}`, r.Host)
		})
		c.Handle("/socket", slacktest.Websocket(func(conn *websocket.Conn) {
			conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
				"connection_info": map[string]any{"app_id": "A123456"}})
			go func() {
				for {
					var m map[string]any
					if err := conn.ReadJSON(&m); err != nil {
						return
					}
					s.fromClient <- m
				}
			}()
			for {
				select {
				case m := <-s.toClient:
					if err := conn.WriteJSON(m); err != nil {
						t.Errorf("websocket write: %v", err)
						return
					}
				case <-done:
					return
				}
			}
		}))
	})
	s.Start()
	t.Cleanup(func() {
		close(done)
		s.Stop()
	})
	return s
}

func (s *socketServer) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case m := <-s.fromClient:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message from the socket mode client")
		return nil
	}
}

func TestSocketMode(t *testing.T) {
	lib := testLibrary()
	lib.delay = func(q corpus.Query) time.Duration {
		if strings.Contains(q.Text, "slow") {
			return 300 * time.Millisecond
		}
		return 0
	}
	rec := newRecorder(t)
	ss := newSocketServer(t)
	app, _, logs := newApp(t, lib, Config{AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: ss.GetAPIURL(), InlineBudget: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- app.RunSocketMode(ctx) }()
	defer func() {
		cancel()
		select {
		case err := <-stopped:
			if err != nil {
				t.Errorf("RunSocketMode: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("RunSocketMode did not stop")
		}
	}()
	if auth := <-ss.auth; auth != "Bearer xapp-1-test" {
		t.Errorf("apps.connections.open with %q", auth)
	}

	command := func(envelope, text string) map[string]any {
		f := commandForm(text, rec.URL+"/commands/T1/1/x")
		p := map[string]any{}
		for k := range f {
			p[k] = f.Get(k)
		}
		return map[string]any{"envelope_id": envelope, "type": "slash_commands", "accepts_response_payload": true, "payload": p}
	}

	// A quick answer comes back in the acknowledgement.
	ss.toClient <- command("env-1", "containers munitions")
	ack := ss.next(t)
	if ack["envelope_id"] != "env-1" {
		t.Fatalf("ack %v", ack)
	}
	raw, _ := json.Marshal(ack["payload"])
	var msg slack.WebhookMessage
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatalf("ack payload %s: %v", raw, err)
	}
	if msg.ResponseType != Ephemeral || !strings.Contains(strings.Join(texts(blocksJSON(t, &msg)), "\n"), "Shells &amp; shipments") {
		t.Errorf("ack payload %s", raw)
	}

	// A slow one is acknowledged empty, then sent to response_url.
	ss.toClient <- command("env-2", "containers slow")
	ack = ss.next(t)
	if ack["envelope_id"] != "env-2" || ack["payload"] != nil {
		t.Errorf("slow ack %v", ack)
	}
	m := rec.wait(t)
	if m.ResponseType != Ephemeral || m.Blocks == nil {
		t.Errorf("deferred %+v", m)
	}

	// The share button arrives over the socket too.
	ss.toClient <- map[string]any{"envelope_id": "env-3", "type": "interactive", "payload": map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U1", "name": "Steve"},
		"channel": map[string]any{"id": "C1"}, "team": map[string]any{"id": "T1"},
		"response_url": rec.URL + "/actions/1",
		"actions": []any{map[string]any{"type": "button", "action_id": ShareActionID, "block_id": "brief_actions",
			"value": buttonValue(t, &msg), "action_ts": "1700000000.000200"}},
	}}
	if ack := ss.next(t); ack["envelope_id"] != "env-3" {
		t.Errorf("interaction ack %v", ack)
	}
	m = rec.wait(t)
	if m.ResponseType != InChannel || m.ReplaceOriginal || !strings.Contains(strings.Join(texts(blocksJSON(t, &m)), "\n"), "Shared by <@U1>") {
		t.Errorf("shared %+v", m)
	}
	if t.Failed() {
		t.Log(logs.String())
	}
}

func TestSocketModeNeedsAppToken(t *testing.T) {
	app := New(Config{})
	defer app.Close()
	if err := app.RunSocketMode(context.Background()); err == nil {
		t.Error("socket mode ran without an app token")
	}
}
