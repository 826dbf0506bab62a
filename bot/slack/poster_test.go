package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/chattest"
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

// TestPostDigestCarriesKey: a digest post carries its run's key in message
// metadata, and FindDigest finds it through conversations.history, with
// every message's metadata, within a bounded window.
func TestPostDigestCarriesKey(t *testing.T) {
	began := time.Now()
	sl := chattest.NewSlack(t, nil)
	app := New(Config{BotToken: "xoxb-test", APIURL: sl.URL()})
	defer app.Close()
	p := app.Poster()
	if err := p.PostDigest(context.Background(), "C1", digestReply(), "k3m9xq-20240304T080000Z"); err != nil {
		t.Fatal(err)
	}
	msgs := sl.Messages("C1")
	if len(msgs) != 1 || msgs[0].Metadata["event_type"] != DigestEventType ||
		fmt.Sprint(msgs[0].Metadata["event_payload"]) != "map[key:k3m9xq-20240304T080000Z]" || !strings.Contains(msgs[0].Blocks, "Shells") {
		t.Fatalf("posted %+v", msgs)
	}
	found, err := p.FindDigest(context.Background(), "C1", "k3m9xq-20240304T080000Z", began)
	if err != nil || !found {
		t.Fatalf("FindDigest = %v, %v; want found", found, err)
	}
	calls := sl.HistoryCalls()
	if len(calls) != 1 || calls[0]["channel"] != "C1" || calls[0]["include_all_metadata"] != "1" || calls[0]["limit"] != "50" {
		t.Errorf("conversations.history called with %v", calls)
	}
	oldest, _ := strconv.ParseFloat(calls[0]["oldest"], 64)
	latest, _ := strconv.ParseFloat(calls[0]["latest"], 64)
	if b := float64(began.UnixMicro()) / 1e6; math.Abs(b-oldest-300) > 1e-3 || math.Abs(latest-b-900) > 1e-3 {
		t.Errorf("window oldest %s, latest %s; want 5 minutes before the post began to 15 after", calls[0]["oldest"], calls[0]["latest"])
	}
	for _, key := range []string{"k3m9xq-20240305T080000Z", "other1-20240304T080000Z"} {
		if found, err := p.FindDigest(context.Background(), "C1", key, began); found || err != nil {
			t.Errorf("FindDigest(%s) = %v, %v; want not found", key, found, err)
		}
	}
	// Outside the window it is not looked for.
	if found, err := p.FindDigest(context.Background(), "C1", "k3m9xq-20240304T080000Z", began.Add(-time.Hour)); found || err != nil {
		t.Errorf("FindDigest an hour early = %v, %v; want not found", found, err)
	}
}

// TestFindDigestPagesThroughBusyChannel: a digest followed by many other
// messages is found on a later page; one beyond the bounded pages is an
// error, never "not posted".
func TestFindDigestPagesThroughBusyChannel(t *testing.T) {
	began := time.Now()
	sl := chattest.NewSlack(t, nil)
	app := New(Config{BotToken: "xoxb-test", APIURL: sl.URL()})
	defer app.Close()
	p := app.Poster()
	sl.Add("C1", "before")
	if err := p.PostDigest(context.Background(), "C1", digestReply(), "k3m9xq-20240304T080000Z"); err != nil {
		t.Fatal(err)
	}
	for i := range 120 {
		sl.Add("C1", fmt.Sprintf("chatter %d", i))
	}
	if found, err := p.FindDigest(context.Background(), "C1", "k3m9xq-20240304T080000Z", began); !found || err != nil {
		t.Fatalf("FindDigest = %v, %v", found, err)
	}
	if n := len(sl.HistoryCalls()); n != 3 {
		t.Errorf("%d history calls for 122 messages, want 3 pages of 50", n)
	}
	for i := range findPage * findPages {
		sl.Add("C1", fmt.Sprintf("more chatter %d", i))
	}
	found, err := p.FindDigest(context.Background(), "C1", "k3m9xq-20240304T080000Z", began)
	if found || err == nil || !strings.Contains(err.Error(), "cannot tell") {
		t.Errorf("FindDigest past the page bound = %v, %v; want an error", found, err)
	}
}

// TestFindDigestFailuresAreErrors: a history read Slack refuses is an
// error that says what the bot lacks, and a rate limit tells the scheduler
// when to retry.
func TestFindDigestFailuresAreErrors(t *testing.T) {
	sl := chattest.NewSlack(t, nil)
	app := New(Config{BotToken: "xoxb-test", APIURL: sl.URL()})
	defer app.Close()
	p := app.Poster()
	sl.FailHistory("missing_scope")
	found, err := p.FindDigest(context.Background(), "C1", "k3m9xq-20240304T080000Z", time.Now())
	if found || err == nil || !strings.Contains(err.Error(), "channels:history") {
		t.Errorf("FindDigest without the scope = %v, %v", found, err)
	}

	limited := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/conversations.history", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "600")
			w.WriteHeader(http.StatusTooManyRequests)
		})
	})
	limited.Start()
	defer limited.Stop()
	app2 := New(Config{BotToken: "xoxb-test", APIURL: limited.GetAPIURL()})
	defer app2.Close()
	_, err = app2.Poster().FindDigest(context.Background(), "C1", "k3m9xq-20240304T080000Z", time.Now())
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(err, &ra) || ra.RetryAfter() != 10*time.Minute {
		t.Errorf("rate-limited FindDigest = %v; want a RetryAfter of 10m", err)
	}
}
