// Package chattest provides stand-ins for the Slack Web API and the
// Discord REST API that keep the messages posted to each channel, answer
// the history reads digests are searched with, and can hold a post they
// have taken until the poster goes away, as a platform that accepted a
// message from a process killed mid-post would. The real SDKs talk to them
// over HTTP.
package chattest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// SlackMessage is a message in a Slack stand-in channel.
type SlackMessage struct {
	TS       string
	Text     string
	Blocks   string
	Metadata map[string]any // as posted: event_type, event_payload
}

// Slack stands in for the Slack Web API methods chat.postMessage and
// conversations.history; every other method answers ok.
type Slack struct {
	srv *httptest.Server
	now func() time.Time

	mu        sync.Mutex
	channels  map[string][]SlackMessage
	hold      int    // posts still to hold
	drop      int    // posts still to drop
	posts     int    // chat.postMessage calls
	historyE  string // conversations.history answers this error while set
	histories []map[string]string
	held      chan string
	posted    chan SlackMessage
	done      chan struct{}
	lastTS    float64
}

// NewSlack starts a Slack stand-in stamping messages with now (time.Now
// when nil); it stops when t ends.
func NewSlack(t testing.TB, now func() time.Time) *Slack {
	if now == nil {
		now = time.Now
	}
	s := &Slack{now: now, channels: map[string][]SlackMessage{}, held: make(chan string, 10), posted: make(chan SlackMessage, 100), done: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
	})
	return s
}

// URL is the Web API base, for slack.Config.APIURL (SLACK_API_URL).
func (s *Slack) URL() string { return s.srv.URL + "/api/" }

// Hold makes the next n posts be taken into the channel, then left
// unanswered until the poster gives up (its context ends).
func (s *Slack) Hold(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = n
}

// Drop makes the next n posts hang without being taken, until the poster
// gives up: posts that never reached the platform.
func (s *Slack) Drop(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = n
}

// Posts counts the chat.postMessage calls received.
func (s *Slack) Posts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts
}

// Held receives the channel of each post taken and held, or dropped.
func (s *Slack) Held() <-chan string { return s.held }

// Posted receives each message taken into a channel.
func (s *Slack) Posted() <-chan SlackMessage { return s.posted }

// FailHistory makes conversations.history answer {"ok":false,"error":e}
// ("" to answer again).
func (s *Slack) FailHistory(e string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.historyE = e
}

// Add puts a message in a channel as if someone else had posted it.
func (s *Slack) Add(channel, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[channel] = append(s.channels[channel], SlackMessage{TS: s.ts(), Text: text})
}

// Messages lists a channel's messages, oldest first.
func (s *Slack) Messages(channel string) []SlackMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SlackMessage(nil), s.channels[channel]...)
}

// HistoryCalls lists the form of each conversations.history call.
func (s *Slack) HistoryCalls() []map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]string(nil), s.histories...)
}

// ts is a fresh message timestamp from the clock; Slack's are unique in a
// channel. Call with s.mu held.
func (s *Slack) ts() string {
	t := float64(s.now().UnixMicro()) / 1e6
	if t <= s.lastTS {
		t = s.lastTS + 1e-6
	}
	s.lastTS = t
	return strconv.FormatFloat(t, 'f', 6, 64)
}

func (s *Slack) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
		s.postMessage(w, r)
	case strings.HasSuffix(r.URL.Path, "/conversations.history"):
		s.history(w, r)
	default:
		fmt.Fprint(w, `{"ok":true}`)
	}
}

func (s *Slack) postMessage(w http.ResponseWriter, r *http.Request) {
	channel := r.Form.Get("channel")
	m := SlackMessage{Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks")}
	if raw := r.Form.Get("metadata"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &m.Metadata); err != nil {
			fmt.Fprintf(w, `{"ok":false,"error":"invalid_metadata_format"}`)
			return
		}
	}
	s.mu.Lock()
	s.posts++
	if s.drop > 0 {
		s.drop--
		s.mu.Unlock()
		s.held <- channel
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return
	}
	m.TS = s.ts()
	s.channels[channel] = append(s.channels[channel], m)
	hold := s.hold > 0
	if hold {
		s.hold--
	}
	s.mu.Unlock()
	select {
	case s.posted <- m:
	default:
	}
	if hold {
		s.held <- channel
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": channel, "ts": m.TS})
}

// history answers conversations.history: the channel's messages with
// oldest <= ts <= latest (exclusive unless inclusive), newest first, limit
// a page, continued with the cursor; metadata only with
// include_all_metadata.
func (s *Slack) history(w http.ResponseWriter, r *http.Request) {
	form := map[string]string{}
	for k := range r.Form {
		form[k] = r.Form.Get(k)
	}
	s.mu.Lock()
	s.histories = append(s.histories, form)
	if s.historyE != "" {
		e := s.historyE
		s.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": e})
		return
	}
	all := append([]SlackMessage(nil), s.channels[form["channel"]]...)
	s.mu.Unlock()
	num := func(k string, def float64) float64 {
		if v, err := strconv.ParseFloat(form[k], 64); err == nil {
			return v
		}
		return def
	}
	oldest, latest := num("oldest", 0), num("latest", float64(s.now().Unix()+1))
	inclusive := form["inclusive"] == "1" || form["inclusive"] == "true"
	limit := int(num("limit", 100))
	var in []SlackMessage
	for _, m := range all {
		ts, _ := strconv.ParseFloat(m.TS, 64)
		if ts < oldest || ts > latest || !inclusive && (ts == oldest || ts == latest) {
			continue
		}
		in = append(in, m)
	}
	sort.Slice(in, func(i, j int) bool { return in[i].TS > in[j].TS })
	start, _ := strconv.Atoi(form["cursor"])
	end := min(start+limit, len(in))
	start = min(start, end)
	msgs := []map[string]any{}
	for _, m := range in[start:end] {
		x := map[string]any{"type": "message", "ts": m.TS, "text": m.Text}
		if m.Metadata != nil && (form["include_all_metadata"] == "1" || form["include_all_metadata"] == "true") {
			x["metadata"] = m.Metadata
		}
		msgs = append(msgs, x)
	}
	resp := map[string]any{"ok": true, "messages": msgs, "has_more": end < len(in)}
	if end < len(in) {
		resp["response_metadata"] = map[string]any{"next_cursor": strconv.Itoa(end)}
	}
	json.NewEncoder(w).Encode(resp)
}
