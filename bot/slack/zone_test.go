package slack

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
)

type zoneRecorder struct {
	mu    sync.Mutex
	zones []string
}

func (z *zoneRecorder) Handle(ctx context.Context, req bot.Request) bot.Reply {
	zone, _ := schedule.UserZone(ctx)
	z.mu.Lock()
	z.zones = append(z.zones, zone)
	z.mu.Unlock()
	return bot.Reply{Kind: bot.KindMessage, Text: "ok", Ephemeral: true}
}

// /brief subscribe is run with the user's zone from users.info, looked up
// once; other commands do not look it up.
func TestSubscribeGetsUserZone(t *testing.T) {
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/users.info" {
			t.Errorf("Web API %s", r.URL.Path)
		}
		calls.Add(1)
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		tz := "Asia/Seoul"
		if r.Form.Get("user") == "U2" {
			tz = "Mars/Olympus"
		}
		w.Write([]byte(`{"ok":true,"user":{"id":"` + r.Form.Get("user") + `","name":"steve","tz":"` + tz + `","tz_offset":32400}}`))
	}))
	defer api.Close()
	rec := &zoneRecorder{}
	app := New(Config{Bot: rec, BotToken: "xoxb-test", APIURL: api.URL + "/"})
	defer app.Close()
	for _, req := range []bot.Request{
		{UserID: "U1", Text: "subscribe daily 08:00"},
		{UserID: "U1", Text: "Subscribe weekly mon 09:00"},
		{UserID: "U1", Text: "ask containers"},
		{UserID: "U2", Text: "subscribe daily 08:00"},
	} {
		select {
		case <-app.run(req):
		case <-time.After(10 * time.Second):
			t.Fatal("no reply")
		}
	}
	want := []string{"Asia/Seoul", "Asia/Seoul", "", ""}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := range want {
		if i >= len(rec.zones) || rec.zones[i] != want[i] {
			t.Fatalf("zones %q, want %q", rec.zones, want)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("users.info called %d times, want 2 (cached)", n)
	}
}
