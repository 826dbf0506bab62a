package chattest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// SlackReply is a message posted in reply: to a channel, in a thread when
// ThreadTS is set.
type SlackReply struct {
	Channel  string
	ThreadTS string
	SlackMessage
}

// SlackThreads is a Slack stand-in (see Slack) that also keeps the thread
// each post went to (chat.postMessage's thread_ts). Its URL is the one to
// use; the embedded Slack's own server is not.
type SlackThreads struct {
	*Slack
	srv     *httptest.Server
	mu      sync.Mutex
	replies []SlackReply
	posted  chan SlackReply
	routes  map[string]http.Handler
}

// NewSlackThreads starts a Slack stand-in that keeps threads; it stops when
// t ends.
func NewSlackThreads(t testing.TB, now func() time.Time) *SlackThreads {
	s := &SlackThreads{Slack: NewSlack(t, now), posted: make(chan SlackReply, 200)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveThreads))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the Web API base, for slack.Config.APIURL (SLACK_API_URL).
func (s *SlackThreads) URL() string { return s.srv.URL + "/api/" }

// Handle serves path (as "/api/apps.connections.open" or "/socket") with
// h instead of the stand-in: Socket Mode's connection, for one.
func (s *SlackThreads) Handle(path string, h http.Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.routes == nil {
		s.routes = map[string]http.Handler{}
	}
	s.routes[path] = h
}

// Replies lists every post taken, in order.
func (s *SlackThreads) Replies() []SlackReply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SlackReply(nil), s.replies...)
}

// Replied receives each post taken.
func (s *SlackThreads) Replied() <-chan SlackReply { return s.posted }

// Next waits up to d for the next post; ok is false when none came.
func (s *SlackThreads) Next(d time.Duration) (r SlackReply, ok bool) {
	select {
	case r = <-s.posted:
		return r, true
	case <-time.After(d):
		return SlackReply{}, false
	}
}

func (s *SlackThreads) serveThreads(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.routes[r.URL.Path]
	s.mu.Unlock()
	if h != nil {
		h.ServeHTTP(w, r)
		return
	}
	if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
		s.serve(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	// The Slack stand-in answers; its answer names the post's ts.
	rec := httptest.NewRecorder()
	s.serve(rec, r)
	var resp struct {
		OK bool   `json:"ok"`
		TS string `json:"ts"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &resp) == nil && resp.OK {
		reply := SlackReply{Channel: r.Form.Get("channel"), ThreadTS: r.Form.Get("thread_ts"),
			SlackMessage: SlackMessage{TS: resp.TS, Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks")}}
		s.mu.Lock()
		s.replies = append(s.replies, reply)
		s.mu.Unlock()
		select {
		case s.posted <- reply:
		default:
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// SlackEvent is an Events API event_callback as Slack sends it (see
// https://docs.slack.dev/reference/events/app_mention): the event under
// "event", its id, and the authorization of the bot it is delivered for.
func SlackEvent(eventID, team, botUser string, event map[string]any) []byte {
	b, err := json.Marshal(map[string]any{
		"token": "XXYYZZ", "team_id": team, "api_app_id": "A123ABC456",
		"event": event, "type": "event_callback", "event_id": eventID, "event_time": 1515449522,
		"authorizations":        []any{map[string]any{"enterprise_id": nil, "team_id": team, "user_id": botUser, "is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
	})
	if err != nil {
		panic(err)
	}
	return b
}

// SlackMention is an app_mention event's "event": user mentions bot in
// channel with text, at ts, in thread (empty at the top level).
func SlackMention(user, bot, channel, text, ts, thread string) map[string]any {
	e := map[string]any{"type": "app_mention", "user": user, "text": "<@" + bot + "> " + text,
		"ts": ts, "channel": channel, "event_ts": ts, "client_msg_id": "c-" + ts}
	if thread != "" {
		e["thread_ts"] = thread
	}
	return e
}

// SlackThreadMessage is a message event's "event" for a reply in a thread
// (https://docs.slack.dev/reference/events/message).
func SlackThreadMessage(user, channel, text, ts, thread string) map[string]any {
	return map[string]any{"type": "message", "channel": channel, "user": user, "text": text,
		"ts": ts, "thread_ts": thread, "parent_user_id": "U0PARENT", "event_ts": ts, "channel_type": "channel", "client_msg_id": "c-" + ts}
}

// SignSlack returns the X-Slack-Request-Timestamp and X-Slack-Signature
// headers for body signed with secret at ts.
func SignSlack(secret string, ts time.Time, body []byte) (string, string) {
	s := strconv.FormatInt(ts.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + s + ":"))
	m.Write(body)
	return s, "v0=" + hex.EncodeToString(m.Sum(nil))
}

// PostSlackEvent sends body to an events URL signed at ts, as Slack's
// delivery number retry (0: the first), and returns the status and body.
func PostSlackEvent(url, secret string, ts time.Time, body []byte, retry int) (int, string, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	s, sig := SignSlack(secret, ts, body)
	req.Header.Set("X-Slack-Request-Timestamp", s)
	req.Header.Set("X-Slack-Signature", sig)
	if retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("post event: %w", err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String(), nil
}
