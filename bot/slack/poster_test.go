package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

// postCall is one chat.postMessage the test server received.
type postCall struct {
	at      time.Time
	channel string
	text    string
	blocks  []map[string]any
	auth    string
}

// postServer is slack-go's slacktest server with a chat.postMessage that
// records calls and answers with the responses given, in turn (the last
// repeats).
type postServer struct {
	*slacktest.Server
	mu    sync.Mutex
	calls []postCall
}

type postResponse struct {
	status     int
	retryAfter string
	body       string
}

var okResponse = postResponse{status: 200, body: `{"ok":true,"channel":"C1","ts":"1700000000.000100"}`}

func newPostServer(t *testing.T, responses ...postResponse) *postServer {
	ps := &postServer{}
	ps.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			if err := r.ParseForm(); err != nil {
				t.Errorf("chat.postMessage form: %v", err)
			}
			call := postCall{at: time.Now(), channel: r.Form.Get("channel"), text: r.Form.Get("text"), auth: r.Header.Get("Authorization")}
			if tok := r.Form.Get("token"); tok != "" {
				call.auth = "Bearer " + tok
			}
			if b := r.Form.Get("blocks"); b != "" {
				if err := json.Unmarshal([]byte(b), &call.blocks); err != nil {
					t.Errorf("blocks: %v", err)
				}
			}
			ps.mu.Lock()
			n := len(ps.calls)
			ps.calls = append(ps.calls, call)
			ps.mu.Unlock()
			resp := okResponse
			if len(responses) > 0 {
				resp = responses[min(n, len(responses)-1)]
			}
			if resp.retryAfter != "" {
				w.Header().Set("Retry-After", resp.retryAfter)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(resp.status)
			fmt.Fprint(w, resp.body)
		})
	})
	ps.Start()
	t.Cleanup(ps.Stop)
	return ps
}

func (ps *postServer) got() []postCall {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]postCall(nil), ps.calls...)
}

func digestReply() bot.Reply {
	return bot.Reply{Kind: bot.KindDigest, Ephemeral: true, Digest: &corpus.Digest{
		Since: time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC),
		Items: []corpus.DigestItem{{Title: "Shells & more", URL: "https://e.example/", Source: "AP", Sentences: []string{"More shells arrived."}}},
	}}
}

func TestPosterPosts(t *testing.T) {
	ps := newPostServer(t)
	app := New(Config{BotToken: "xoxb-test", APIURL: ps.GetAPIURL()})
	defer app.Close()
	if err := app.Poster().Post(context.Background(), "C123", digestReply()); err != nil {
		t.Fatal(err)
	}
	calls := ps.got()
	if len(calls) != 1 {
		t.Fatalf("%d calls", len(calls))
	}
	c := calls[0]
	if c.channel != "C123" || c.auth != "Bearer xoxb-test" || !strings.Contains(c.text, "What's new since 2024-11-01") {
		t.Errorf("call %+v", c)
	}
	if all := strings.Join(texts(c.blocks), "\n"); !strings.Contains(all, "<https://e.example/|Shells &amp; more>") {
		t.Errorf("blocks lack the item:\n%s", all)
	}
}

func TestPosterWaitsRetryAfter(t *testing.T) {
	limited := postResponse{status: http.StatusTooManyRequests, retryAfter: "2", body: `{"ok":false,"error":"ratelimited"}`}
	cases := []struct {
		name      string
		responses []postResponse
		calls     int
		waits     []time.Duration
		wantErr   string
	}{
		{"one 429 then ok", []postResponse{limited, okResponse}, 2, []time.Duration{2 * time.Second}, ""},
		{"two 429s then ok", []postResponse{limited, limited, okResponse}, 3, []time.Duration{2 * time.Second, 2 * time.Second}, ""},
		{"always 429: bounded", []postResponse{limited}, MaxPostRetries + 1, []time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second}, "rate limit"},
		{"Retry-After too long", []postResponse{{status: 429, retryAfter: "3600", body: `{"ok":false}`}}, 1, nil, "rate limited for 1h0m0s"},
		{"channel not found", []postResponse{{status: 200, body: `{"ok":false,"error":"channel_not_found"}`}}, 1, nil, "channel_not_found"},
		{"server error", []postResponse{{status: 500, body: `oops`}}, 1, nil, "slack: post C9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := newPostServer(t, c.responses...)
			app := New(Config{BotToken: "xoxb-test", APIURL: ps.GetAPIURL()})
			defer app.Close()
			p := app.Poster()
			var waits []time.Duration
			p.Sleep = func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			err := p.Post(context.Background(), "C9", digestReply())
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("err = %v, want %q", err, c.wantErr)
			}
			if got := len(ps.got()); got != c.calls {
				t.Errorf("%d calls, want %d", got, c.calls)
			}
			if fmt.Sprint(waits) != fmt.Sprint(c.waits) {
				t.Errorf("waited %v, want %v", waits, c.waits)
			}
			// A post still rate limited tells the digest scheduler when
			// to try again.
			var ra interface{ RetryAfter() time.Duration }
			if limitedAtEnd := strings.Contains(c.wantErr, "rate limit"); limitedAtEnd != errors.As(err, &ra) {
				t.Errorf("err %v: RetryAfter available = %v, want %v", err, !limitedAtEnd, limitedAtEnd)
			} else if limitedAtEnd && ra.RetryAfter() < 2*time.Second {
				t.Errorf("RetryAfter() = %v", ra.RetryAfter())
			}
		})
	}
}

// TestPosterHonoursRetryAfterInRealTime checks the real sleep: the retry
// comes no sooner than Retry-After says.
func TestPosterHonoursRetryAfterInRealTime(t *testing.T) {
	ps := newPostServer(t, postResponse{status: 429, retryAfter: "1", body: `{"ok":false}`}, okResponse)
	app := New(Config{BotToken: "xoxb-test", APIURL: strings.TrimSuffix(ps.GetAPIURL(), "/")}) // no slash: added
	defer app.Close()
	if err := app.Poster().Post(context.Background(), "C1", digestReply()); err != nil {
		t.Fatal(err)
	}
	calls := ps.got()
	if len(calls) != 2 {
		t.Fatalf("%d calls", len(calls))
	}
	if gap := calls[1].at.Sub(calls[0].at); gap < time.Second {
		t.Errorf("retried after %s, before Retry-After's 1s", gap)
	}
}

func TestPosterStopsWithContext(t *testing.T) {
	ps := newPostServer(t, postResponse{status: 429, retryAfter: "30", body: `{"ok":false}`})
	app := New(Config{BotToken: "xoxb-test", APIURL: ps.GetAPIURL()})
	defer app.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := app.Poster().Post(ctx, "C1", digestReply())
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
}
