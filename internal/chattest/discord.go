package chattest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// DiscordBotID is the stand-in bot user's id (GET /users/@me).
const DiscordBotID = "800000000000000001"

// DiscordNonceWindow is how long the stand-in remembers a nonce for
// enforce_nonce. Discord says "the past few minutes".
const DiscordNonceWindow = 3 * time.Minute

// discordEpoch is 2015-01-01T00:00:00Z, where Discord's snowflakes count
// from, in milliseconds.
const discordEpoch = 1420070400000

// DiscordMessage is a message in a Discord stand-in channel.
type DiscordMessage struct {
	ID       string
	AuthorID string
	Content  string
	Embeds   []map[string]any
	// Nonce is what the post sent; like Discord, the stand-in returns it
	// when the message is created and never when it is read back.
	Nonce   string
	created time.Time
}

// Discord stands in for Discord's REST API: POST and GET
// /api/v9/channels/{id}/messages (with nonce and enforce_nonce), GET
// /api/v9/users/@me; everything else answers {"id":"1"}.
type Discord struct {
	srv *httptest.Server

	mu       sync.Mutex
	now      func() time.Time
	channels map[string][]DiscordMessage
	hold     int
	drop     int
	readFail int // status of GET messages while set
	reads    []string
	posts    map[string]int // POST messages received by channel, duplicates included
	lastID   uint64
	held     chan string
	done     chan struct{}
}

// NewDiscord starts a Discord stand-in stamping messages with now
// (time.Now when nil); it stops when t ends.
func NewDiscord(t testing.TB, now func() time.Time) *Discord {
	d := StartDiscord(now)
	t.Cleanup(d.Close)
	return d
}

// StartDiscord starts a Discord stand-in that lives until Close, for a
// test binary whose Discord endpoints can be set only once (see
// discord.SetAPIBase).
func StartDiscord(now func() time.Time) *Discord {
	if now == nil {
		now = time.Now
	}
	d := &Discord{now: now, channels: map[string][]DiscordMessage{}, posts: map[string]int{}, held: make(chan string, 10), done: make(chan struct{})}
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	return d
}

// Close stops the stand-in, letting held posts go.
func (d *Discord) Close() {
	close(d.done)
	d.srv.Close()
}

// SetNow changes the clock messages are stamped with.
func (d *Discord) SetNow(now func() time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.now = now
}

// Drop makes the next n posts hang without being created, until the poster
// gives up: posts that never reached the platform.
func (d *Discord) Drop(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.drop = n
}

// URL is the stand-in's base, the equivalent of https://discord.com (for
// discord.SetAPIBase, DISCORD_API_URL).
func (d *Discord) URL() string { return d.srv.URL }

// Hold makes the next n posts be created, then left unanswered until the
// poster gives up (its context ends).
func (d *Discord) Hold(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.hold = n
}

// Held receives the channel of each post created and held, or dropped.
func (d *Discord) Held() <-chan string { return d.held }

// FailReads makes GET messages answer status (0 to answer again).
func (d *Discord) FailReads(status int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.readFail = status
}

// Add puts a message in a channel as if author had posted it.
func (d *Discord) Add(channel, author, content string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.channels[channel] = append(d.channels[channel], DiscordMessage{ID: d.id(), AuthorID: author, Content: content, created: d.now()})
}

// Messages lists a channel's messages, oldest first.
func (d *Discord) Messages(channel string) []DiscordMessage {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]DiscordMessage(nil), d.channels[channel]...)
}

// Reads lists the query of each GET messages.
func (d *Discord) Reads() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.reads...)
}

// Posts counts the message posts a channel received, those a nonce
// deduplicated and those dropped included.
func (d *Discord) Posts(channel string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.posts[channel]
}

// id is a fresh snowflake from the clock. Call with d.mu held.
func (d *Discord) id() string {
	id := uint64(max(d.now().UnixMilli()-discordEpoch, 0)) << 22
	if id <= d.lastID {
		id = d.lastID + 1
	}
	d.lastID = id
	return strconv.FormatUint(id, 10)
}

// ServeHTTP answers one request as the stand-in does, for tests that must
// route requests through a server of their own.
func (d *Discord) ServeHTTP(w http.ResponseWriter, r *http.Request) { d.serve(w, r) }

func (d *Discord) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v9/"), "/")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/api/v9/users/@me":
		json.NewEncoder(w).Encode(map[string]any{"id": DiscordBotID, "username": "briefbot", "bot": true})
	case len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodPost:
		d.post(w, r, parts[1])
	case len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodGet:
		d.read(w, r, parts[1])
	case strings.HasSuffix(r.URL.Path, "/gateway") || strings.HasSuffix(r.URL.Path, "/gateway/bot"):
		http.Error(w, `{"message":"404: Not Found","code":0}`, http.StatusNotFound)
	case r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/commands"):
		io.Copy(w, r.Body)
	default:
		fmt.Fprint(w, `{"id":"1"}`)
	}
}

func (d *Discord) post(w http.ResponseWriter, r *http.Request, channel string) {
	var body struct {
		Content      string           `json:"content"`
		Embeds       []map[string]any `json:"embeds"`
		Nonce        any              `json:"nonce"`
		EnforceNonce bool             `json:"enforce_nonce"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"message":"Invalid JSON","code":50109}`)
		return
	}
	nonce := ""
	if body.Nonce != nil {
		nonce = fmt.Sprint(body.Nonce)
	}
	d.mu.Lock()
	d.posts[channel]++
	now := d.now()
	if d.drop > 0 {
		d.drop--
		d.mu.Unlock()
		d.held <- channel
		select {
		case <-r.Context().Done():
		case <-d.done:
		}
		return
	}
	if body.EnforceNonce && nonce != "" {
		for _, m := range d.channels[channel] {
			if m.Nonce == nonce && m.AuthorID == DiscordBotID && now.Sub(m.created) < DiscordNonceWindow {
				d.mu.Unlock()
				writeDiscordMessage(w, channel, m, true)
				return
			}
		}
	}
	m := DiscordMessage{ID: d.id(), AuthorID: DiscordBotID, Content: body.Content, Embeds: body.Embeds, Nonce: nonce, created: now}
	d.channels[channel] = append(d.channels[channel], m)
	hold := d.hold > 0
	if hold {
		d.hold--
	}
	d.mu.Unlock()
	if hold {
		d.held <- channel
		select {
		case <-r.Context().Done():
		case <-d.done:
		}
		return
	}
	writeDiscordMessage(w, channel, m, true)
}

// read answers GET messages: with after, the limit messages right after
// it; else the newest limit; newest first either way, as Discord does.
func (d *Discord) read(w http.ResponseWriter, r *http.Request, channel string) {
	q := r.URL.Query()
	d.mu.Lock()
	d.reads = append(d.reads, r.URL.RawQuery)
	if d.readFail != 0 {
		status := d.readFail
		d.mu.Unlock()
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":"Missing Access","code":50001}`)
		return
	}
	all := append([]DiscordMessage(nil), d.channels[channel]...)
	d.mu.Unlock()
	limit := 50
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n >= 1 && n <= 100 {
		limit = n
	}
	sort.Slice(all, func(i, j int) bool { return snowflake(all[i].ID) < snowflake(all[j].ID) })
	var page []DiscordMessage
	if after := q.Get("after"); after != "" {
		for _, m := range all {
			if snowflake(m.ID) > snowflake(after) && len(page) < limit {
				page = append(page, m)
			}
		}
	} else {
		page = all[max(len(all)-limit, 0):]
	}
	out := make([]map[string]any, 0, len(page))
	for i := len(page) - 1; i >= 0; i-- {
		out = append(out, discordJSON(channel, page[i], false))
	}
	json.NewEncoder(w).Encode(out)
}

func snowflake(id string) uint64 {
	n, _ := strconv.ParseUint(id, 10, 64)
	return n
}

func discordJSON(channel string, m DiscordMessage, withNonce bool) map[string]any {
	x := map[string]any{
		"id": m.ID, "channel_id": channel, "content": m.Content, "embeds": m.Embeds, "type": 0,
		"author":    map[string]any{"id": m.AuthorID, "username": "someone", "bot": m.AuthorID == DiscordBotID},
		"timestamp": m.created.UTC().Format(time.RFC3339Nano),
	}
	if m.Embeds == nil {
		x["embeds"] = []any{}
	}
	if withNonce && m.Nonce != "" {
		x["nonce"] = m.Nonce
	}
	return x
}

func writeDiscordMessage(w http.ResponseWriter, channel string, m DiscordMessage, withNonce bool) {
	json.NewEncoder(w).Encode(discordJSON(channel, m, withNonce))
}
