package discord

import (
	"bytes"
	"context"
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
	"github.com/briefbot/briefbot/corpus"
)

// contextAsker is fakeAsker for thread questions, keeping each context.
type contextAsker struct {
	*fakeAsker
	mu  sync.Mutex
	got map[string]thread.Context
}

func (a *contextAsker) AskInContext(ctx context.Context, q corpus.Query, c thread.Context) (corpus.Answer, error) {
	a.mu.Lock()
	a.got[q.Raw] = c
	a.mu.Unlock()
	return a.Ask(ctx, q)
}

func (a *contextAsker) context(q string) (thread.Context, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.got[q]
	return c, ok
}

const botID = "800000000000000001"

// messageCreate is a MESSAGE_CREATE dispatch's "d" as Discord sends it
// (https://discord.com/developers/docs/resources/message#message-object):
// author writes content in channel c1 of guild g1, mentioning users; a
// reply when ref is set.
func messageCreate(id, author string, bot bool, content string, mentioned []string, ref string) map[string]any {
	var ms []any
	for _, u := range mentioned {
		ms = append(ms, map[string]any{"id": u, "username": "user" + u, "discriminator": "0", "global_name": nil, "avatar": nil,
			"bot": u == botID, "member": map[string]any{"roles": []any{}, "joined_at": "2024-01-01T00:00:00+00:00"}})
	}
	d := map[string]any{
		"id": id, "channel_id": "c1", "guild_id": "g1", "type": 0, "content": content,
		"author":    map[string]any{"id": author, "username": "ana", "discriminator": "0", "global_name": "Ana", "avatar": nil, "bot": bot},
		"member":    map[string]any{"roles": []any{}, "joined_at": "2024-01-01T00:00:00+00:00", "deaf": false, "mute": false},
		"timestamp": "2026-11-27T03:00:00.000000+00:00", "edited_timestamp": nil, "tts": false,
		"mention_everyone": false, "mentions": ms, "mention_roles": []any{}, "attachments": []any{}, "embeds": []any{},
		"pinned": false, "flags": 0, "components": []any{},
	}
	if ref != "" {
		d["type"] = 19
		d["message_reference"] = map[string]any{"type": 0, "message_id": ref, "channel_id": "c1", "guild_id": "g1"}
	}
	return d
}

// A fake gateway sends mentions after READY: each is answered as a reply
// over REST, a reply to an answer with the thread's context; messages
// that do not mention the bot, the bot's own, other bots', 100 KB and
// repeated ones are not answered.
func TestMentionsAnsweredAsReplies(t *testing.T) {
	identified := make(chan map[string]any, 1)
	send := make(chan map[string]any)
	rec := fakeGateway(t, func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		if c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}) != nil {
			return
		}
		var id map[string]any
		if err := c.ReadJSON(&id); err != nil {
			return
		}
		identified <- id
		seq := 1
		if c.WriteJSON(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{"v": 10, "session_id": "sess",
			"user": map[string]any{"id": botID, "username": "briefbot", "bot": true}, "guilds": []any{}}}) != nil {
			return
		}
		go func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
			}
		}()
		for d := range send {
			seq++
			if c.WriteJSON(map[string]any{"op": 0, "t": "MESSAGE_CREATE", "s": seq, "d": d}) != nil {
				return
			}
		}
	})
	store, err := state.OpenConversations(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	asker := &contextAsker{fakeAsker: &fakeAsker{answer: testAnswer()}, got: map[string]thread.Context{}}
	var logs bytes.Buffer
	var logMu sync.Mutex
	a := newTestAdapter(t, adapterOpts{token: "gw-token", asker: asker.fakeAsker, logs: lockedWriter{&logs, &logMu}})
	threads := thread.New(thread.Config{Bot: bot.New(bot.Config{Asker: asker}), Asker: asker, Store: store})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { a.Mentions(threads).RunGateway(ctx); close(stopped) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			close(send)
			cancel()
			<-stopped
		})
	}
	defer stop()
	if gw := rec.next(t); gw.Path != "/api/v9/gateway" {
		t.Fatalf("first request %s", gw.Path)
	}
	select {
	case id := <-identified:
		d, _ := id["d"].(map[string]any)
		if d["intents"] != float64(MentionIntents) {
			t.Errorf("identify intents %v, want %d (GUILD_MESSAGES, no MESSAGE_CONTENT)", d["intents"], MentionIntents)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no IDENTIFY")
	}

	mention := messageCreate("m1", "u1", false, "<@"+botID+"> Where did the troops arrive?", []string{botID}, "")
	send <- mention
	post := rec.next(t)
	if post.Method != http.MethodPost || post.Path != "/api/v9/channels/c1/messages" {
		t.Fatalf("got %s %s, want a message in c1", post.Method, post.Path)
	}
	body := post.JSON(t)
	if path(t, body, "message_reference", "message_id") != "m1" || path(t, body, "allowed_mentions", "replied_user") != true ||
		len(path(t, body, "allowed_mentions", "parse").([]any)) != 0 ||
		!strings.Contains(path(t, body, "embeds", 0, "fields", 0, "value").(string), "Vladivostok") {
		t.Errorf("reply %s", post.Body)
	}
	if c, ok := asker.context("Where did the troops arrive?"); !ok || len(c.Earlier) != 0 {
		t.Errorf("first question's context %+v, %v (asked %v)", c, ok, asker.asked)
	}
	// The fake names every posted message 900; a reply to it that
	// mentions the bot continues the thread, once the answer is recorded.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, ok, _ := threads.Resolve(t.Context(), "discord", "c1", "900"); ok || time.Now().After(deadline) {
			break
		}
	}

	// Not answered: no mention, the bot itself, another bot, 100 KB, a
	// repeat of m1 (a resumed gateway).
	send <- messageCreate("m2", "u1", false, "troops everywhere", nil, "")
	send <- messageCreate("m3", botID, true, "<@"+botID+"> troops", []string{botID}, "")
	send <- messageCreate("m4", "u9", true, "<@"+botID+"> troops", []string{botID}, "")
	send <- messageCreate("m5", "u1", false, "<@"+botID+"> "+strings.Repeat("troops ", 15000), []string{botID}, "")
	send <- mention
	follow := messageCreate("m6", "u1", false, "<@"+botID+"> And Kursk?", []string{botID, "u1"}, "900")
	send <- follow
	post = rec.next(t)
	if body := post.JSON(t); path(t, body, "message_reference", "message_id") != "m6" {
		t.Errorf("the next reply answers %v, not m6: %s", path(t, body, "message_reference", "message_id"), post.Body)
	}
	c, ok := asker.context("And Kursk?")
	if !ok || len(c.Earlier) != 1 || c.Earlier[0].Question != "Where did the troops arrive?" || c.Earlier[0].Docs[0] != "doc-1" {
		t.Errorf("follow-up context %+v, %v", c, ok)
	}
	// Handlers run in goroutines of their own: wait for the ignored
	// messages' log lines before counting what was posted.
	logged := func() string {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.String()
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if l := logged(); strings.Contains(l, "written by a bot") && strings.Contains(l, "over 16000") && strings.Contains(l, "already handled") {
			break
		}
	}
	stop()
	for _, want := range []string{"written by a bot", "over 16000", "already handled"} {
		if !strings.Contains(logged(), want) {
			t.Errorf("logs lack %q:\n%s", want, logged())
		}
	}
	var posts int
	for _, r := range rec.all() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/messages") {
			posts++
		}
	}
	if posts != 2 {
		t.Errorf("%d replies posted, want 2", posts)
	}
}

type lockedWriter struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func TestStripMention(t *testing.T) {
	for in, want := range map[string]string{
		"<@" + botID + "> how many shells?":    "how many shells?",
		"how many <@!" + botID + ">  shells?":  "how many shells?",
		"what did <@123> say <@" + botID + ">": "what did <@123> say",
		"<@" + botID + "><@" + botID + ">":     "",
		"no mention at all":                    "no mention at all",
	} {
		if got := stripMention(in, botID); got != want {
			t.Errorf("stripMention(%q) = %q, want %q", in, got, want)
		}
	}
}
