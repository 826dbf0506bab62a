package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/chattest"
)

const (
	botUser = "U0LAN0Z89"
	team    = "T123ABC456"
	channel = "C123ABC456"
)

// contextLibrary asks the in-memory library and keeps the thread context
// of each question.
type contextLibrary struct {
	*library
	mu  sync.Mutex
	got map[string]thread.Context // by question
}

func (l *contextLibrary) AskInContext(ctx context.Context, q corpus.Query, c thread.Context) (corpus.Answer, error) {
	l.mu.Lock()
	l.got[q.Raw] = c
	l.mu.Unlock()
	return l.Ask(ctx, q)
}

func (l *contextLibrary) context(q string) (thread.Context, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.got[q]
	return c, ok
}

// eventsApp is an App answering events, with its Slack stand-in and state
// file; restart makes a new App on the same file, as a restarted serve.
type eventsApp struct {
	t     *testing.T
	lib   *contextLibrary
	slack *chattest.SlackThreads
	path  string
	app   *App
	url   string
	logs  *syncBuffer
	store *state.Conversations
	// feedback, when set before start, keeps votes.
	feedback bot.Votes
}

func newEventsApp(t *testing.T) *eventsApp { return newEventsAppWith(t, nil) }

// newEventsAppWith is newEventsApp keeping votes in feedback.
func newEventsAppWith(t *testing.T, feedback bot.Votes) *eventsApp {
	e := &eventsApp{t: t, lib: &contextLibrary{library: testLibrary(), got: map[string]thread.Context{}},
		slack: chattest.NewSlackThreads(t, nil), path: filepath.Join(t.TempDir(), "conversations.db"), feedback: feedback}
	e.start()
	return e
}

func (e *eventsApp) start() {
	store, err := state.OpenConversations(e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	e.store = store
	b := bot.New(bot.Config{Asker: e.lib, Library: e.lib})
	threads := thread.New(thread.Config{Bot: b, Asker: e.lib, Store: store})
	app, srv, logs := newApp(e.t, e.lib.library, Config{Bot: b, BotToken: "xoxb-test", APIURL: e.slack.URL(), Threads: threads, Feedback: e.feedback})
	e.app, e.url, e.logs = app, srv.URL+"/slack/events", logs
	e.t.Cleanup(func() { store.Close() })
}

// stop closes the app, waiting for the answers under way.
func (e *eventsApp) stop() {
	e.app.Close()
	e.store.Close()
}

func (e *eventsApp) post(body []byte, retry int) (int, string) {
	e.t.Helper()
	// Slack signs each delivery anew: a retry a second later.
	code, out, err := chattest.PostSlackEvent(e.url, testSecret, time.Now().Add(time.Duration(retry)*time.Second), body, retry)
	if err != nil {
		e.t.Fatal(err)
	}
	return code, out
}

func (e *eventsApp) reply() chattest.SlackReply {
	e.t.Helper()
	r, ok := e.slack.Next(10 * time.Second)
	if !ok {
		e.t.Fatalf("nothing posted; logs:\n%s", e.logs.String())
	}
	return r
}

func mention(id, text, ts, thread string) []byte {
	return chattest.SlackEvent(id, team, botUser, chattest.SlackMention("U061F7AUR", botUser, channel, text, ts, thread))
}

func threadMessage(id, text, ts, thread string) []byte {
	return chattest.SlackEvent(id, team, botUser, chattest.SlackThreadMessage("U061F7AUR", channel, text, ts, thread))
}

func TestEventsMentionAndFollowUp(t *testing.T) {
	e := newEventsApp(t)
	// A mention is answered in its own thread, with the cited layout.
	if code, out := e.post(mention("Ev1", "containers munitions", "1515449522.000016", ""), 0); code != 200 || out != "" {
		t.Fatalf("mention: %d %q", code, out)
	}
	r := e.reply()
	if r.Channel != channel || r.ThreadTS != "1515449522.000016" || !strings.Contains(r.Blocks, "Shells \\u0026amp; shipments") && !strings.Contains(r.Blocks, "Shells &amp; shipments") {
		t.Errorf("reply in %s/%s:\n%s", r.Channel, r.ThreadTS, r.Blocks)
	}
	if strings.Contains(r.Blocks, ShareActionID) {
		t.Error("a thread reply carries the Post-to-channel button")
	}
	if c, ok := e.lib.context("containers munitions"); !ok || len(c.Earlier) != 0 {
		t.Errorf("first question's context %+v, %v", c, ok)
	}

	// A reply in that thread is a follow-up, asked with the first question.
	if code, _ := e.post(threadMessage("Ev2", "Kursk &amp; troops", "1515449600.000100", "1515449522.000016"), 0); code != 200 {
		t.Fatalf("follow-up: %d", code)
	}
	r = e.reply()
	if r.ThreadTS != "1515449522.000016" {
		t.Errorf("follow-up answered in thread %q", r.ThreadTS)
	}
	c, ok := e.lib.context("Kursk & troops")
	if !ok || len(c.Earlier) != 1 || c.Earlier[0].Question != "containers munitions" || c.Earlier[0].Weight != thread.LatestWeight || c.Earlier[0].Docs[0] != "d1" {
		t.Errorf("follow-up context %+v, %v", c, ok)
	}

	// A mention inside the thread arrives twice (app_mention and message):
	// answered once.
	e.post(mention("Ev3", "munitions", "1515449700.000200", "1515449522.000016"), 0)
	e.post(threadMessage("Ev4", "<@"+botUser+"> munitions", "1515449700.000200", "1515449522.000016"), 0)
	if r := e.reply(); r.ThreadTS != "1515449522.000016" {
		t.Errorf("mention in the thread answered in %q", r.ThreadTS)
	}
	if c, _ := e.lib.context("munitions"); len(c.Earlier) != 2 || c.Earlier[0].Question != "Kursk & troops" {
		t.Errorf("mention in the thread: context %+v", c)
	}
	e.stop()
	if n := len(e.slack.Replies()); n != 3 {
		t.Errorf("%d replies, want 3: %+v", n, e.slack.Replies())
	}
}

// Slack retries an event with the same body, a new signature and
// X-Slack-Retry-Num; it is acknowledged and not answered again, also by a
// restarted app.
func TestEventsRetriedNotAnsweredTwice(t *testing.T) {
	e := newEventsApp(t)
	body := mention("EvRetry", "containers", "1515449522.000016", "")
	e.post(body, 0)
	e.reply()
	if code, _ := e.post(body, 1); code != 200 {
		t.Errorf("retry: %d", code)
	}
	e.stop()
	e.start()
	if code, _ := e.post(body, 2); code != 200 {
		t.Errorf("retry after a restart: %d", code)
	}
	e.stop()
	if n := len(e.slack.Replies()); n != 1 {
		t.Errorf("%d replies to one event delivered three times", n)
	}
	if got := strings.Count(e.logs.String(), "already handled"); got != 1 {
		t.Errorf("the restarted app logged %d redeliveries:\n%s", got, e.logs.String())
	}
}

// Events that get no answer still get a 200, so that Slack does not send
// them again, and a log line saying why.
func TestEventsIgnored(t *testing.T) {
	e := newEventsApp(t)
	e.post(mention("Ev0", "containers", "1515449522.000016", ""), 0)
	e.reply()
	inThread := func(m map[string]any) map[string]any {
		m["thread_ts"] = "1515449522.000016"
		return m
	}
	cases := map[string]struct {
		body []byte
		why  string
	}{
		"unknown type": {chattest.SlackEvent("Ev1", team, botUser, map[string]any{"type": "frobnicated", "channel": channel}), "unreadable or unknown event"},
		"known but unanswered type": {chattest.SlackEvent("Ev2", team, botUser, map[string]any{"type": "reaction_added", "user": "U1",
			"reaction": "thumbsup", "item": map[string]any{"type": "message", "channel": channel, "ts": "1.2"}, "event_ts": "1.3"}), "event type reaction_added"},
		"no event_id":    {chattest.SlackEvent("", team, botUser, chattest.SlackMention("U1", botUser, channel, "containers", "1515449523.000001", "")), "without event_id"},
		"no channel":     {chattest.SlackEvent("Ev3", team, botUser, chattest.SlackMention("U1", botUser, "", "containers", "1515449523.000002", "")), "missing channel"},
		"no event":       {[]byte(`{"token":"x","team_id":"T1","type":"event_callback","event_id":"Ev4"}`), "unreadable or unknown event"},
		"not a callback": {[]byte(`{"token":"x","type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820,"api_app_id":"A1"}`), "not an event_callback"},
		"bot author": {chattest.SlackEvent("Ev5", team, botUser, inThread(map[string]any{"type": "message", "subtype": "bot_message", "bot_id": "B1",
			"text": "containers", "ts": "1515449524.000001", "channel": channel})), "written by a bot"},
		"own message": {chattest.SlackEvent("Ev6", team, botUser, inThread(map[string]any{"type": "message", "user": botUser, "bot_id": "B0",
			"app_id": "A123ABC456", "text": "containers", "ts": "1515449524.000002", "channel": channel})), "written by a bot"},
		"edit": {chattest.SlackEvent("Ev7", team, botUser, map[string]any{"type": "message", "subtype": "message_changed", "hidden": true, "channel": channel,
			"ts": "1515449525.000001", "event_ts": "1515449525.000001",
			"message": map[string]any{"type": "message", "user": "U1", "text": "containers", "ts": "1515449524.000003", "thread_ts": "1515449522.000016",
				"edited": map[string]any{"user": "U1", "ts": "1515449525.000001"}}}), "an edit"},
		"mention edit": {chattest.SlackEvent("Ev8", team, botUser, func() map[string]any {
			m := chattest.SlackMention("U1", botUser, channel, "containers", "1515449524.000004", "")
			m["edited"] = map[string]any{"user": "U1", "ts": "1515449525.000002"}
			return m
		}()), "an edit"},
		"other thread":   {threadMessage("Ev9", "containers", "1515449526.000001", "1515449000.000001"), "not part of"},
		"top level":      {threadMessage("Ev10", "containers", "1515449526.000002", ""), "not a reply in a thread"},
		"100 KB of text": {mention("Ev11", strings.Repeat("containers ", 10000), "1515449526.000003", ""), "over 40000"},
		"joined":         {chattest.SlackEvent("Ev12", team, botUser, inThread(map[string]any{"type": "message", "subtype": "channel_join", "user": "U1", "text": "<@U1> has joined", "ts": "1515449526.000004", "channel": channel})), "message subtype channel_join"},
	}
	for name, c := range cases {
		code, _ := e.post(c.body, 0)
		if code != 200 {
			t.Errorf("%s: %d, want 200", name, code)
		}
		if !strings.Contains(e.logs.String(), c.why) {
			t.Errorf("%s: no log line saying %q", name, c.why)
		}
	}
	e.stop()
	if n := len(e.slack.Replies()); n != 1 {
		t.Errorf("%d replies, want only the first mention's: %+v", n, e.slack.Replies()[1:])
	}
	if strings.Contains(e.logs.String(), "containers containers") {
		t.Error("the 100 KB text reached the logs")
	}
}

func TestEventsRefused(t *testing.T) {
	e := newEventsApp(t)
	body := mention("Ev1", "containers", "1515449522.000016", "")
	// Forged, stale, unsigned.
	for name, c := range map[string]struct {
		secret string
		at     time.Time
	}{"forged": {"wrong-secret", time.Now()}, "stale": {testSecret, time.Now().Add(-6 * time.Minute)}} {
		if code, _, _ := chattest.PostSlackEvent(e.url, c.secret, c.at, body, 0); code != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, code)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, e.url, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if code, _ := do(t, req); code != http.StatusUnauthorized {
		t.Errorf("unsigned: %d", code)
	}
	// Signed, but not what Slack sends: form-encoded, not JSON.
	form := signedPost(t, e.url, body, testSecret, time.Now())
	if code, _ := do(t, form); code != http.StatusUnsupportedMediaType {
		t.Errorf("form content type: %d", code)
	}
	if code, _ := e.post([]byte(`{"type":`), 0); code != http.StatusBadRequest {
		t.Errorf("not JSON: %d", code)
	}
	if code, _ := do(t, httptestGet(e.url)); code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", code)
	}
	// The same signed request twice is a replay.
	ts := time.Now()
	code1, _, _ := chattest.PostSlackEvent(e.url, testSecret, ts, body, 0)
	code2, _, _ := chattest.PostSlackEvent(e.url, testSecret, ts, body, 0)
	if code1 != 200 || code2 != http.StatusUnauthorized {
		t.Errorf("a replayed request: %d then %d, want 200 then 401", code1, code2)
	}
	e.stop()
	if n := len(e.slack.Replies()); n != 1 {
		t.Errorf("%d replies; only the one signed delivery is answered", n)
	}
}

func httptestGet(u string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return req
}

func TestEventsURLVerification(t *testing.T) {
	e := newEventsApp(t)
	// Slack's example (https://docs.slack.dev/reference/events/url_verification).
	body := []byte(`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	code, out := e.post(body, 0)
	var got map[string]string
	if code != 200 || json.Unmarshal([]byte(out), &got) != nil || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %q", code, out)
	}
	if code, _, _ := chattest.PostSlackEvent(e.url, "forged", time.Now(), body, 0); code != http.StatusUnauthorized {
		t.Errorf("forged url_verification: %d", code)
	}
}

// Without Threads there is no /slack/events; without a bot token events
// are acknowledged and logged, not answered.
func TestEventsNeedThreadsAndToken(t *testing.T) {
	_, srv, _ := newApp(t, testLibrary(), Config{})
	if code, _, _ := chattest.PostSlackEvent(srv.URL+"/slack/events", testSecret, time.Now(), mention("Ev1", "x", "1.1", ""), 0); code != http.StatusNotFound {
		t.Errorf("/slack/events without Threads: %d", code)
	}
	store, err := state.OpenConversations(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	lib := &contextLibrary{library: testLibrary(), got: map[string]thread.Context{}}
	threads := thread.New(thread.Config{Bot: bot.New(bot.Config{Asker: lib}), Asker: lib, Store: store})
	_, srv, logs := newApp(t, lib.library, Config{Threads: threads})
	if code, _, _ := chattest.PostSlackEvent(srv.URL+"/slack/events", testSecret, time.Now(), mention("Ev1", "containers", "1.1", ""), 0); code != 200 {
		t.Errorf("without a bot token: %d", code)
	}
	if !strings.Contains(logs.String(), "SLACK_BOT_TOKEN") {
		t.Errorf("logs do not say why:\n%s", logs.String())
	}
}

func TestPlainText(t *testing.T) {
	for _, c := range []struct{ in, self, want string }{
		{"<@U0LAN0Z89> how many shells?", "U0LAN0Z89", "how many shells?"},
		{"<@U0LAN0Z89|briefbot>   how many\nshells?", "", "how many shells?"},
		{"shells &amp; missiles &lt;2024&gt; <@U0LAN0Z89>", "U0LAN0Z89", "shells & missiles <2024>"},
		{"what did <@U12345|steve> say in <#C1|general> about <https://ex.org/a|this>?", "U0LAN0Z89", "what did steve say in general about this?"},
		{"see <https://ex.org/a>", "", "see https://ex.org/a"},
	} {
		if got := plainText(c.in, c.self, true); got != c.want {
			t.Errorf("plainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
