package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

func TestPing(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	w, resp := serve(t, a, []byte(`{"id":"1","application_id":"app1","type":1,"token":"t","version":1}`))
	if got := strings.TrimSpace(w.Body.String()); got != `{"type":1}` {
		t.Errorf("PING answered %s, want {\"type\":1}", got)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	_ = resp
}

func TestRejectsUnverifiedRequests(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	ping := []byte(`{"id":"1","application_id":"app1","type":1,"token":"t","version":1}`)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"no signature", func() *http.Request {
			r := signed(ping, testNow, testKey.priv)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401},
		{"no timestamp", func() *http.Request {
			r := signed(ping, testNow, testKey.priv)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401},
		{"forged signature", func() *http.Request { return signed(ping, testNow, otherKey) }, 401},
		{"signature not hex", func() *http.Request {
			r := signed(ping, testNow, testKey.priv)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401},
		{"tampered body", func() *http.Request {
			r := signed(ping, testNow, testKey.priv)
			r.Body = httptestBody(bytes.Replace(ping, []byte(`"type":1`), []byte(`"type":2`), 1))
			return r
		}, 401},
		{"signed with another timestamp", func() *http.Request {
			r := signed(ping, testNow, testKey.priv)
			r.Header.Set("X-Signature-Timestamp", "1800000000")
			return r
		}, 401},
		{"stale timestamp", func() *http.Request { return signed(ping, testNow.Add(-6*time.Minute), testKey.priv) }, 401},
		{"timestamp from the future", func() *http.Request { return signed(ping, testNow.Add(6*time.Minute), testKey.priv) }, 401},
		{"timestamp not a number", func() *http.Request {
			r := signed(ping, testNow, testKey.priv)
			r.Header.Set("X-Signature-Timestamp", "yesterday")
			return r
		}, 401},
		{"body over 1 MB", func() *http.Request {
			return signed(append(append([]byte(`{"type":1,"pad":"`), bytes.Repeat([]byte("a"), MaxBody)...), `"}`...), testNow, testKey.priv)
		}, 413},
		{"invalid JSON", func() *http.Request { return signed([]byte(`{"type":2,`), testNow, testKey.priv) }, 400},
		{"data of the wrong shape", func() *http.Request {
			return signed([]byte(`{"type":2,"data":{"options":"ask"}}`), testNow, testKey.priv)
		}, 400},
		{"no data", func() *http.Request {
			return signed([]byte(`{"id":"b8","application_id":"app1","type":2,"token":"t"}`), testNow, testKey.priv)
		}, 400},
		{"unsupported interaction type", func() *http.Request {
			return signed([]byte(`{"id":"1","type":4,"token":"t","data":{"name":"brief"}}`), testNow, testKey.priv)
		}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			a.ServeHTTP(w, tt.req())
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
		})
	}
	// Still 4.9 minutes old: accepted.
	w := httptest.NewRecorder()
	a.ServeHTTP(w, signed(ping, testNow.Add(-4*time.Minute-54*time.Second), testKey.priv))
	if w.Code != 200 {
		t.Errorf("a 4m54s old request got %d", w.Code)
	}
}

func TestNoPublicKeyRejectsEverything(t *testing.T) {
	a, err := New(Config{Bot: panicker{}})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, signed([]byte(`{"type":1}`), time.Now(), testKey.priv))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("status %d", w.Code)
	}
}

func httptestBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func TestAskAnswersInline(t *testing.T) {
	rec := record(t, nil)
	asker := &fakeAsker{answer: testAnswer()}
	a := newTestAdapter(t, adapterOpts{asker: asker})
	_, resp := serve(t, a, commandBody("i1", "ask", map[string]string{"question": "Where did the first North Korean troops arrive?"}))

	if typ := path(t, resp, "type"); typ != 4.0 {
		t.Fatalf("response type %v, want 4", typ)
	}
	if flags := path(t, resp, "data", "flags"); flags != 64.0 {
		t.Errorf("flags %v, want 64 (ephemeral)", flags)
	}
	if len(asker.asked) != 1 || asker.asked[0].Raw != "Where did the first North Korean troops arrive?" {
		t.Errorf("asked %+v", asker.asked)
	}
	embed := path(t, resp, "data", "embeds", 0)
	if got := path(t, embed, "title"); got != "Where did the first North Korean troops arrive?" {
		t.Errorf("title %q", got)
	}
	if got := path(t, embed, "description"); got != "The first North Korean troops arrived in Vladivostok in October 2024, according to South Korean intelligence." {
		t.Errorf("description %q", got)
	}
	field := path(t, embed, "fields", 0).(map[string]any)
	if field["name"] != "[1] Example News · 2024-10-20" {
		t.Errorf("field name %q", field["name"])
	}
	value := field["value"].(string)
	for _, want := range []string{
		"> ", "arrived in Vladivostok in October 2024", "**troops**",
		`[Troops \*arrive\* in Vladivostok](<https://news.example/troops#:~:text=The%20first>)`,
	} {
		if !strings.Contains(value, want) {
			t.Errorf("field value lacks %q:\n%s", want, value)
		}
	}
	if got := path(t, embed, "footer", "text"); got != "7 passages matched; the best is quoted" {
		t.Errorf("footer %q", got)
	}
	button := path(t, resp, "data", "components", 0, "components", 0).(map[string]any)
	if id, _ := button["custom_id"].(string); button["label"] != "Post to channel" || !strings.HasPrefix(id, shareKeyPrefix) || len(id) > 100 {
		t.Errorf("button %v", button)
	}
	if parse := path(t, resp, "data", "allowed_mentions", "parse"); parse == nil || len(parse.([]any)) != 0 {
		t.Errorf("allowed_mentions.parse %v, want []", parse)
	}
	if n := len(rec.all()); n != 0 {
		t.Errorf("an inline answer made %d REST calls", n)
	}
}

func TestBadInputGetsAClearEphemeralMessage(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	long := strings.Repeat("shells ", 6000/7+1)[:6000]
	tests := []struct {
		name string
		body []byte
		want string // in content, embed title or description
	}{
		{"missing question", commandBody("b1", "ask", nil), "Ask a question after /brief ask."},
		{"blank question", commandBody("b2", "ask", map[string]string{"question": "   "}), "Ask a question after /brief ask."},
		{"unknown subcommand", commandBody("b3", "frobnicate", nil), "Unknown command /brief frobnicate; try /brief help."},
		{"6,000-character question", commandBody("b4", "ask", map[string]string{"question": long}), "That question is 6000 bytes long; ask in at most 4096."},
		{"bad date filter", commandBody("b5", "ask", map[string]string{"question": "troops after:October"}), "after:October is not a date"},
		{"no subcommand", mustJSON(map[string]any{"id": "b6", "application_id": "app1", "type": 2, "token": "t",
			"data": map[string]any{"name": "brief", "type": 1}}), "briefbot answers questions"},
		{"another command", mustJSON(map[string]any{"id": "b7", "application_id": "app1", "type": 2, "token": "t",
			"data": map[string]any{"name": "weather", "type": 1}}), "Unknown command /weather"},
		{"empty data", []byte(`{"id":"b8","application_id":"app1","type":2,"token":"t","data":{}}`), "Unknown command /"},
		{"unknown button", componentBody("b9", "someone-else:42"), "That button is not briefbot's"},
		{"expired share", componentBody("b10", shareKeyPrefix+"0123456789abcdef01234567"), "no longer available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, resp := serve(t, a, tt.body)
			if typ := path(t, resp, "type"); typ != 4.0 {
				t.Fatalf("type %v", typ)
			}
			if flags := path(t, resp, "data", "flags"); flags != 64.0 {
				t.Errorf("flags %v, want ephemeral", flags)
			}
			text, _ := path(t, resp, "data", "content").(string)
			if embeds, ok := path(t, resp, "data", "embeds").([]any); ok && len(embeds) > 0 {
				e := embeds[0].(map[string]any)
				text += "\n" + e["title"].(string) + "\n" + e["description"].(string)
			}
			if !strings.Contains(unescape(text), tt.want) {
				t.Errorf("reply %q lacks %q", text, tt.want)
			}
		})
	}
}

// unescape removes markdown escapes, for comparing with plain text.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestHelpAndSources(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	_, resp := serve(t, a, commandBody("h1", "help", nil))
	embed := path(t, resp, "data", "embeds", 0)
	var names []string
	for _, f := range path(t, embed, "fields").([]any) {
		names = append(names, f.(map[string]any)["name"].(string))
	}
	want := []string{"/brief ask question:<question>", "/brief help [command:<command>]", "/brief sources [action:<action>]"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("help fields %q, want %q", names, want)
	}
	askHelp := path(t, embed, "fields", 0, "value").(string)
	if !strings.Contains(askHelp, "`/brief ask question: How many artillery shells") {
		t.Errorf("ask help lacks a Discord-syntax example:\n%s", askHelp)
	}

	_, resp = serve(t, a, commandBody("h2", "help", map[string]string{"command": "sources"}))
	if n := len(path(t, resp, "data", "embeds", 0, "fields").([]any)); n != 1 {
		t.Errorf("help sources shows %d commands", n)
	}

	_, resp = serve(t, a, commandBody("s1", "sources", nil))
	desc := path(t, resp, "data", "embeds", 0, "description").(string)
	for _, want := range []string{"[Troops arrive](<https://news.example/troops>) · Example News · 2024-10-20", `Shells \[and\] \_rockets\_ · Wire`} {
		if !strings.Contains(desc, want) {
			t.Errorf("sources lacks %q:\n%s", want, desc)
		}
	}
}

func TestSlowAnswerIsDeferredThenEdited(t *testing.T) {
	rec := record(t, nil)
	asker := &fakeAsker{answer: testAnswer(), wait: make(chan struct{})}
	a := newTestAdapter(t, adapterOpts{asker: asker, budget: 30 * time.Millisecond})
	_, resp := serve(t, a, commandBody("d1", "ask", map[string]string{"question": "Where did the first troops arrive?"}))
	if typ := path(t, resp, "type"); typ != 5.0 {
		t.Fatalf("type %v, want 5 (deferred)", typ)
	}
	if flags := path(t, resp, "data", "flags"); flags != 64.0 {
		t.Errorf("deferred flags %v, want 64", flags)
	}
	close(asker.wait)
	req := rec.next(t)
	if req.Method != http.MethodPatch || req.Path != "/api/v9/webhooks/app1/tok-d1/messages/@original" {
		t.Fatalf("got %s %s, want PATCH of the original response", req.Method, req.Path)
	}
	if auth := req.Header.Get("Authorization"); auth != "" {
		t.Errorf("webhook edit sent Authorization %q; interaction tokens need none", auth)
	}
	body := req.JSON(t)
	value := path(t, body, "embeds", 0, "fields", 0, "value").(string)
	if !strings.Contains(value, "arrived in Vladivostok in October 2024") {
		t.Errorf("edited embed lacks the passage:\n%s", value)
	}
	if id, _ := path(t, body, "components", 0, "components", 0, "custom_id").(string); !strings.HasPrefix(id, shareKeyPrefix) {
		t.Errorf("edited message button %v", id)
	}
}

func TestDeferredReplyChangingVisibilityIsAFollowUp(t *testing.T) {
	rec := record(t, nil)
	// In-channel answers defer publicly; a failure is for the asker only.
	asker := &fakeAsker{err: errors.New("index on fire"), wait: make(chan struct{})}
	a := newTestAdapter(t, adapterOpts{asker: asker, budget: 30 * time.Millisecond, inChannel: true})
	_, resp := serve(t, a, commandBody("d2", "ask", map[string]string{"question": "troops"}))
	if typ, flags := path(t, resp, "type"), path(t, resp, "data", "flags"); typ != 5.0 || flags != nil {
		t.Fatalf("type %v flags %v, want a public deferral", typ, flags)
	}
	close(asker.wait)
	follow := rec.next(t)
	if follow.Method != http.MethodPost || follow.Path != "/api/v9/webhooks/app1/tok-d2" {
		t.Fatalf("got %s %s, want a follow-up message", follow.Method, follow.Path)
	}
	body := follow.JSON(t)
	if body["flags"] != 64.0 || body["content"] != bot.SomethingWentWrong {
		t.Errorf("follow-up %v, want the ephemeral apology", body)
	}
	del := rec.next(t)
	if del.Method != http.MethodDelete || del.Path != "/api/v9/webhooks/app1/tok-d2/messages/@original" {
		t.Errorf("got %s %s, want the public placeholder deleted", del.Method, del.Path)
	}
}

func TestPostToChannelButton(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	q := "Where did the first North Korean troops arrive?"
	_, resp := serve(t, a, commandBody("p1", "ask", map[string]string{"question": q}))
	id := path(t, resp, "data", "components", 0, "components", 0, "custom_id").(string)

	_, resp = serve(t, a, componentBody("p2", id))
	if typ := path(t, resp, "type"); typ != 4.0 {
		t.Fatalf("type %v", typ)
	}
	if flags := path(t, resp, "data", "flags"); flags != nil {
		t.Errorf("shared reply flags %v, want public", flags)
	}
	if c := path(t, resp, "data", "components"); c != nil {
		t.Errorf("shared reply has components %v", c)
	}
	if v := path(t, resp, "data", "embeds", 0, "fields", 0, "value").(string); !strings.Contains(v, "Vladivostok") {
		t.Errorf("shared reply lacks the passage: %s", v)
	}

	// A question too long for a custom_id is kept server-side.
	long := "Where did the first North Korean troops arrive, and when did they move on to the front in Kursk Oblast?"
	_, resp = serve(t, a, commandBody("p3", "ask", map[string]string{"question": long}))
	id = path(t, resp, "data", "components", 0, "components", 0, "custom_id").(string)
	if len(id) > 100 || !strings.HasPrefix(id, shareKeyPrefix) {
		t.Fatalf("custom_id %q (%d bytes)", id, len(id))
	}
	_, resp = serve(t, a, componentBody("p4", id))
	if got := path(t, resp, "data", "embeds", 0, "title"); got != long {
		t.Errorf("shared long question re-ran as %q", got)
	}
}

func TestShareStoreIsBounded(t *testing.T) {
	s := newShareStore()
	long := strings.Repeat("x", 200)
	first := s.customID(bot.Reply{Text: long + "first"})
	for range shareStoreEntries {
		s.customID(bot.Reply{Text: long})
	}
	if _, isShare, ok := s.lookup(first); !isShare || ok {
		t.Errorf("oldest entry still there after %d more (isShare %v ok %v)", shareStoreEntries, isShare, ok)
	}
	if len(s.replies) != shareStoreEntries || len(s.order) != shareStoreEntries {
		t.Errorf("store holds %d/%d entries, want %d", len(s.replies), len(s.order), shareStoreEntries)
	}
}

func TestGatewayInteractionIsAnsweredOverREST(t *testing.T) {
	rec := record(t, nil)
	a := newTestAdapter(t, adapterOpts{token: "secret"})
	var i discordgo.Interaction
	if err := json.Unmarshal(commandBody("gw1", "ask", map[string]string{"question": "Where did the troops arrive?"}), &i); err != nil {
		t.Fatal(err)
	}
	a.OnInteractionCreate(nil, &discordgo.InteractionCreate{Interaction: &i})
	req := rec.next(t)
	if req.Method != http.MethodPost || req.Path != "/api/v9/interactions/gw1/tok-gw1/callback" {
		t.Fatalf("got %s %s, want the interaction callback", req.Method, req.Path)
	}
	body := req.JSON(t)
	if body["type"] != 4.0 || !strings.Contains(path(t, body, "data", "embeds", 0, "fields", 0, "value").(string), "Vladivostok") {
		t.Errorf("callback %s", req.Body)
	}
}

func TestGatewaySlowAnswerDefersOverREST(t *testing.T) {
	rec := record(t, nil)
	asker := &fakeAsker{answer: testAnswer(), wait: make(chan struct{})}
	a := newTestAdapter(t, adapterOpts{token: "secret", asker: asker, budget: 20 * time.Millisecond})
	var i discordgo.Interaction
	if err := json.Unmarshal(commandBody("gw2", "ask", map[string]string{"question": "troops"}), &i); err != nil {
		t.Fatal(err)
	}
	a.OnInteractionCreate(nil, &discordgo.InteractionCreate{Interaction: &i})
	cb := rec.next(t)
	if cb.Path != "/api/v9/interactions/gw2/tok-gw2/callback" || cb.JSON(t)["type"] != 5.0 {
		t.Fatalf("first call %s %s", cb.Path, cb.Body)
	}
	close(asker.wait)
	if edit := rec.next(t); edit.Method != http.MethodPatch || edit.Path != "/api/v9/webhooks/app1/tok-gw2/messages/@original" {
		t.Errorf("then %s %s", edit.Method, edit.Path)
	}
}

type panicker struct{}

func (panicker) Handle(context.Context, bot.Request) bot.Reply { panic("boom") }

func TestPanicBecomesAnApology(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{handler: panicker{}})
	_, resp := serve(t, a, commandBody("x1", "ask", map[string]string{"question": "troops"}))
	if got := path(t, resp, "data", "content"); got != bot.SomethingWentWrong {
		t.Errorf("content %q", got)
	}
}

func TestSetAPIBaseOnce(t *testing.T) {
	if err := SetAPIBase(discordgo.EndpointDiscord); err != nil {
		t.Errorf("same base again: %v", err)
	}
	if err := SetAPIBase("http://127.0.0.1:1"); err == nil {
		t.Error("changing the base succeeded; sessions may already use the first")
	}
	if err := SetAPIBase("discord.com"); err == nil {
		t.Error("a base without a scheme was accepted")
	}
	if !strings.HasPrefix(discordgo.EndpointAPI, discordgo.EndpointDiscord) || !strings.HasSuffix(discordgo.EndpointAPI, "/api/v9/") {
		t.Errorf("EndpointAPI %q", discordgo.EndpointAPI)
	}
	if got, want := discordgo.EndpointInteractionResponseActions("a", "t"), discordgo.EndpointDiscord+"api/v9/webhooks/a/t/messages/@original"; got != want {
		t.Errorf("derived endpoint %q, want %q", got, want)
	}
}

// Whatever a signed body holds, the endpoint answers 200, 400 or 413 (401
// for a repeat, which is a replay) and never panics or fails with a 500.
func FuzzServeHTTP(f *testing.F) {
	f.Add([]byte(`{"id":"1","application_id":"app1","type":1,"token":"t","version":1}`))
	f.Add(commandBody("f1", "ask", map[string]string{"question": "troops"}))
	f.Add(commandBody("f2", "help", map[string]string{"command": "ask"}))
	f.Add(componentBody("f3", "brief:share:ask troops"))
	f.Add([]byte(`{"type":2,"data":{"name":"brief","options":[{"name":"ask","type":1,"options":[{"name":"question","type":4,"value":12}]}]}}`))
	f.Add([]byte(`{"type":3,"data":null}`))
	f.Add([]byte(`null`))
	a := newTestAdapter(f, adapterOpts{})
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		a.ServeHTTP(w, signed(body, testNow, testKey.priv))
		switch w.Code {
		case 200:
			var resp struct{ Type int }
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || (resp.Type != 1 && resp.Type != 4 && resp.Type != 5) {
				t.Fatalf("200 with a body that is not a response: %s", w.Body)
			}
		case 400, 413:
		case 401, 429: // a repeated input is a replay; a long run can fill the cache
			if b := w.Body.String(); !strings.Contains(b, "already received") && !strings.Contains(b, "too many") {
				t.Fatalf("status %d for %q: %s", w.Code, body, b)
			}
		default:
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}
