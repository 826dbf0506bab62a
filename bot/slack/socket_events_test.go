package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/internal/chattest"
)

// socketSlack adds Socket Mode to a Slack stand-in that keeps threads:
// apps.connections.open points at a websocket whose envelopes the test
// sends and whose acknowledgements it reads.
func socketSlack(t *testing.T) (*chattest.SlackThreads, chan any, chan map[string]any) {
	s := chattest.NewSlackThreads(t, nil)
	toClient, acks := make(chan any, 10), make(chan map[string]any, 10)
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	s.Handle("/api/apps.connections.open", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket"}`, r.Host)
	}))
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	s.Handle("/socket", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A123ABC456"}})
		go func() {
			for {
				var m map[string]any
				if conn.ReadJSON(&m) != nil {
					return
				}
				acks <- m
			}
		}()
		for {
			select {
			case m := <-toClient:
				if conn.WriteJSON(m) != nil {
					return
				}
			case <-done:
				return
			}
		}
	}))
	return s, toClient, acks
}

// envelope wraps an event_callback as Socket Mode delivers it.
func envelope(id string, payload []byte, retry int) map[string]any {
	e := map[string]any{"type": "events_api", "envelope_id": id, "payload": json.RawMessage(payload), "accepts_response_payload": false}
	if retry > 0 {
		e["retry_attempt"], e["retry_reason"] = retry, "timeout"
	}
	return e
}

// Over Socket Mode a mention is acknowledged by its envelope and answered
// in its thread; the same event again (retry_attempt) is acknowledged and
// not answered; an event slack-go cannot read is acknowledged too.
func TestSocketModeEvents(t *testing.T) {
	ss, toClient, acks := socketSlack(t)
	store, err := state.OpenConversations(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	lib := &contextLibrary{library: testLibrary(), got: map[string]thread.Context{}}
	b := bot.New(bot.Config{Asker: lib, Library: lib})
	threads := thread.New(thread.Config{Bot: b, Asker: lib, Store: store})
	app, _, logs := newApp(t, lib.library, Config{Bot: b, AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: ss.URL(), Threads: threads})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- app.RunSocketMode(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-stopped; err != nil {
				t.Errorf("RunSocketMode: %v", err)
			}
		})
	}
	defer stop()
	ack := func(want string) {
		t.Helper()
		select {
		case a := <-acks:
			if a["envelope_id"] != want {
				t.Errorf("ack %v, want envelope %s", a, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("envelope %s not acknowledged:\n%s", want, logs.String())
		}
	}

	body := mention("EvS1", "containers munitions", "1515449522.000016", "")
	toClient <- envelope("env-1", body, 0)
	ack("env-1")
	r, ok := ss.Next(10 * time.Second)
	if !ok || r.ThreadTS != "1515449522.000016" || !strings.Contains(r.Blocks, "Shells") {
		t.Fatalf("reply %+v, %v:\n%s", r, ok, logs.String())
	}
	toClient <- envelope("env-2", body, 1)
	ack("env-2")

	// A follow-up in the thread, over the socket too.
	toClient <- envelope("env-3", threadMessage("EvS2", "troops", "1515449600.000100", "1515449522.000016"), 0)
	ack("env-3")
	if r, ok := ss.Next(10 * time.Second); !ok || r.ThreadTS != "1515449522.000016" {
		t.Fatalf("follow-up reply %+v, %v", r, ok)
	}
	if c, _ := lib.context("troops"); len(c.Earlier) != 1 || c.Earlier[0].Question != "containers munitions" {
		t.Errorf("follow-up context %+v", c)
	}

	toClient <- envelope("env-4", chattest.SlackEvent("EvS3", team, botUser, map[string]any{"type": "frobnicated"}), 0)
	ack("env-4")
	stop()
	app.Close()
	if n := len(ss.Replies()); n != 2 {
		t.Errorf("%d replies, want 2", n)
	}
	for _, want := range []string{"already handled", "unreadable or unknown events_api envelope"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}
