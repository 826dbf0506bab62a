package discord

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/thread"
)

// followUpAdapter is an adapter with threads (and a token, to post
// replies), its asker keeping each question's context.
func followUpAdapter(t *testing.T, inChannel bool) (*Adapter, *contextAsker, *state.Conversations) {
	t.Helper()
	store, err := state.OpenConversations(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	asker := &contextAsker{fakeAsker: &fakeAsker{answer: testAnswer()}, got: map[string]thread.Context{}}
	now := func() time.Time { return testNow }
	threads := thread.New(thread.Config{Bot: bot.New(bot.Config{Asker: asker}), Asker: asker, Store: store, Now: now})
	a := newTestAdapter(t, adapterOpts{asker: asker.fakeAsker, token: "tok", inChannel: inChannel, threads: threads, now: now})
	return a, asker, store
}

// modalSubmit is a MODAL_SUBMIT interaction as Discord sends it
// (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure):
// user submits text in the modal customID, opened from a button on
// message msg (ephemeral when flags is 64).
func modalSubmit(id, user, customID, text, msg string, flags int) []byte {
	return mustJSON(map[string]any{
		"id": id, "application_id": "app1", "type": 5, "token": "tok-" + id, "version": 1,
		"guild_id": "g1", "channel_id": "c1",
		"member":  map[string]any{"user": map[string]any{"id": user, "username": "user" + user}, "roles": []any{}, "joined_at": "2024-01-01T00:00:00+00:00"},
		"message": answerMessage(msg, flags),
		"data": map[string]any{"custom_id": customID, "components": []any{map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": followInputID, "value": text}}}}},
	})
}

// openModal clicks "Follow up" and checks the modal that opens; it
// returns the modal's custom_id.
func openModal(t *testing.T, a *Adapter, id, followID, msg string, flags int) string {
	t.Helper()
	start := time.Now()
	_, resp := serve(t, a, clickBody(id, "u1", followID, msg, flags))
	if took := time.Since(start); took >= 3*time.Second {
		t.Errorf("modal opened after %s", took)
	}
	if path(t, resp, "type") != 9.0 {
		t.Fatalf("Follow up answered %v, want a modal (type 9)", resp)
	}
	title := path(t, resp, "data", "title").(string)
	modalID := path(t, resp, "data", "custom_id").(string)
	input := path(t, resp, "data", "components", 0, "components", 0).(map[string]any)
	if utf8.RuneCountInString(title) > 45 || utf8.RuneCountInString(input["label"].(string)) > 45 || len(modalID) > maxCustomID ||
		input["type"] != 4.0 || input["custom_id"] != followInputID || input["required"] != true ||
		utf8.RuneCountInString(input["placeholder"].(string)) > maxPlaceholder {
		t.Errorf("modal %v breaks Discord's limits or lacks its text input", resp)
	}
	if !strings.HasPrefix(modalID, followModalPrefix) {
		t.Errorf("modal custom_id %q", modalID)
	}
	return modalID
}

// nextPost waits for the next message posted to a channel.
func nextPost(t *testing.T, rec *recorder) apiRequest {
	t.Helper()
	for {
		r := rec.next(t)
		if r.Method == http.MethodPost && strings.HasPrefix(r.Path, "/api/v9/channels/") {
			return r
		}
	}
}

// A public answer's "Follow up" opens a modal; the question typed there is
// acknowledged at once (type 6) and answered in the channel as a reply to
// the answer, with the answer's question and documents as context; a
// follow-up on that reply continues the same thread.
func TestFollowUpRepliesInChannelWithContext(t *testing.T) {
	var n atomic.Int64
	rec := record(t, func(w http.ResponseWriter, r apiRequest, _ int) bool {
		if r.Method == http.MethodPost && strings.HasPrefix(r.Path, "/api/v9/channels/c1/messages") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"id":"m-reply-%d","channel_id":"c1"}`, n.Add(1))
			return true
		}
		return false
	})
	a, asker, store := followUpAdapter(t, true)
	q := "How many artillery shells has North Korea sent to Russia?"
	_, resp := serve(t, a, commandBody("f1", "ask", map[string]string{"question": q}))
	if path(t, resp, "data", "flags") != nil {
		t.Fatalf("in_channel answer is ephemeral: %v", resp)
	}
	follow := customIDs(t, resp)["Follow up"]
	if !strings.HasPrefix(follow, followPrefix) {
		t.Fatalf("answer buttons %v lack Follow up", customIDs(t, resp))
	}
	modal := openModal(t, a, "f2", follow, "m-answer", 0)

	start := time.Now()
	_, resp = serve(t, a, modalSubmit("f3", "u1", modal, "What about missiles?", "m-answer", 0))
	if took := time.Since(start); took >= 3*time.Second || path(t, resp, "type") != 6.0 {
		t.Errorf("submission answered %v after %s, want a quiet acknowledgement (type 6) within 3 s", resp, took)
	}
	post := nextPost(t, rec)
	body := post.JSON(t)
	if post.Path != "/api/v9/channels/c1/messages" || path(t, body, "message_reference", "message_id") != "m-answer" {
		t.Errorf("follow-up posted to %s as %v, want a reply to m-answer", post.Path, body["message_reference"])
	}
	if title := path(t, body, "embeds", 0, "title"); title != "What about missiles?" {
		t.Errorf("reply's title %v", title)
	}
	if c, _ := body["content"].(string); c != "Follow-up from <@u1>" || len(path(t, body, "allowed_mentions", "parse").([]any)) != 0 {
		t.Errorf("reply content %q, allowed mentions %v: want the asker named, no one pinged", c, body["allowed_mentions"])
	}
	c, ok := asker.context("What about missiles?")
	if !ok || len(c.Earlier) != 1 || c.Earlier[0].Question != q || !reflect.DeepEqual(c.Earlier[0].Docs, []string{"doc-1"}) {
		t.Errorf("follow-up asked with context %+v, want the answer's question and documents", c)
	}

	// The reply carries its own Follow up, which continues the thread.
	var row struct {
		Components []struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(post.Body, &row); err != nil || len(row.Components) != 1 {
		t.Fatalf("reply components: %v %s", err, post.Body)
	}
	next := ""
	for _, b := range row.Components[0].Components {
		if b.Label == "Follow up" {
			next = b.CustomID
		}
	}
	// The reply is linked to the thread once posted; a person is slower.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, ok, _ := store.Resolve(t.Context(), "discord", "c1", "m-reply-1", testNow); ok || time.Now().After(deadline) {
			break
		}
	}
	modal = openModal(t, a, "f4", next, "m-reply-1", 0)
	serve(t, a, modalSubmit("f5", "u2", modal, "And rockets?", "m-reply-1", 0))
	post = nextPost(t, rec)
	if path(t, post.JSON(t), "message_reference", "message_id") != "m-reply-1" {
		t.Errorf("second follow-up replied to %v", post.JSON(t)["message_reference"])
	}
	c, _ = asker.context("And rockets?")
	if len(c.Earlier) != 2 || c.Earlier[0].Question != "What about missiles?" || c.Earlier[1].Question != q {
		t.Errorf("second follow-up's context %+v, want both earlier questions, latest first", c)
	}
}

// An ephemeral answer's follow-up stays private: the submission is
// deferred ephemerally (type 5, flags 64) and the answer edited in, with
// the answer's context.
func TestFollowUpOnPrivateAnswerStaysPrivate(t *testing.T) {
	rec := record(t, nil)
	a, asker, _ := followUpAdapter(t, false)
	q := "How many artillery shells has North Korea sent to Russia?"
	_, resp := serve(t, a, commandBody("p1", "ask", map[string]string{"question": q}))
	modal := openModal(t, a, "p2", customIDs(t, resp)["Follow up"], "m-private", 64)
	_, resp = serve(t, a, modalSubmit("p3", "u1", modal, "What about missiles?", "m-private", 64))
	if path(t, resp, "type") != 5.0 || path(t, resp, "data", "flags") != 64.0 {
		t.Fatalf("submission answered %v, want an ephemeral deferral", resp)
	}
	edit := rec.next(t)
	if edit.Method != http.MethodPatch || edit.Path != "/api/v9/webhooks/app1/tok-p3/messages/@original" {
		t.Fatalf("got %s %s, want the deferred response edited", edit.Method, edit.Path)
	}
	if title := path(t, edit.JSON(t), "embeds", 0, "title"); title != "What about missiles?" {
		t.Errorf("edited title %v", title)
	}
	if c, _ := asker.context("What about missiles?"); len(c.Earlier) != 1 || c.Earlier[0].Question != q {
		t.Errorf("context %+v", c)
	}
	for _, r := range rec.all() {
		if strings.HasPrefix(r.Path, "/api/v9/channels/") {
			t.Errorf("a private follow-up was posted in the channel: %s %s", r.Method, r.Path)
		}
	}
}

// A follow-up on an answer briefbot no longer holds is answered alone; a
// forged submission is refused; a modal that is not briefbot's, or an
// empty question, gets an ephemeral word; without threads there is no
// Follow up button, and a click on an old one says why.
func TestFollowUpEdgeCases(t *testing.T) {
	rec := record(t, func(w http.ResponseWriter, r apiRequest, _ int) bool { return false })
	a, asker, _ := followUpAdapter(t, true)
	serve(t, a, modalSubmit("e1", "u1", followModalPrefix+"0123456789abcdef01234567", "What about missiles?", "m-gone", 0))
	nextPost(t, rec)
	if c, ok := asker.context("What about missiles?"); !ok || len(c.Earlier) != 0 {
		t.Errorf("forgotten answer's follow-up asked with %+v, %v; want no context", c, ok)
	}

	w := httptest.NewRecorder()
	_, other, _ := ed25519.GenerateKey(nil)
	a.ServeHTTP(w, signed(modalSubmit("e2", "u1", followModalPrefix+"x", "forged", "m", 0), testNow, other))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("forged submission: %d", w.Code)
	}
	if _, ok := asker.context("forged"); ok {
		t.Error("a forged submission was asked")
	}
	for _, c := range []struct{ id, custom, text, want string }{
		{"e3", "someone:else", "hi", "not briefbot's"},
		{"e4", followModalPrefix + "k", "   ", "Type a question"},
	} {
		_, resp := serve(t, a, modalSubmit(c.id, "u1", c.custom, c.text, "m", 0))
		if s, _ := path(t, resp, "data", "content").(string); path(t, resp, "data", "flags") != 64.0 || !strings.Contains(s, c.want) {
			t.Errorf("%s: %v", c.id, resp)
		}
	}

	plain := newTestAdapter(t, adapterOpts{inChannel: true})
	_, resp := serve(t, plain, commandBody("e5", "ask", map[string]string{"question": "troops"}))
	if rows, _ := path(t, resp, "data").(map[string]any)["components"].([]any); len(rows) != 0 {
		t.Errorf("without threads or feedback, buttons %v", rows)
	}
	_, resp = serve(t, plain, clickBody("e6", "u1", followPrefix+"k", "m", 0))
	if s, _ := path(t, resp, "data", "content").(string); !strings.Contains(s, "not available") {
		t.Errorf("old Follow up without threads: %v", resp)
	}
	w = httptest.NewRecorder()
	plain.ServeHTTP(w, signed(modalSubmit("e7", "u1", followModalPrefix+"k", "hi", "m", 0), testNow, testKey.priv))
	if w.Code != http.StatusBadRequest {
		t.Errorf("modal submit without threads: %d", w.Code)
	}
}

// Over the gateway, the modal's submission is acknowledged over REST
// (type 6 to the interaction's callback) and answered as a reply.
func TestFollowUpOverGateway(t *testing.T) {
	rec := record(t, nil)
	a, _, _ := followUpAdapter(t, true)
	_, resp := serve(t, a, commandBody("g1", "ask", map[string]string{"question": "troops"}))
	key := strings.TrimPrefix(customIDs(t, resp)["Follow up"], followPrefix)
	var i discordgo.Interaction
	if err := i.UnmarshalJSON(modalSubmit("g2", "u1", followModalPrefix+key, "What about missiles?", "m-answer", 0)); err != nil {
		t.Fatal(err)
	}
	a.OnInteractionCreate(nil, &discordgo.InteractionCreate{Interaction: &i})
	cb := rec.next(t)
	if cb.Path != "/api/v9/interactions/g2/tok-g2/callback" || cb.JSON(t)["type"] != 6.0 {
		t.Errorf("acknowledged with %s %s", cb.Path, cb.Body)
	}
	if post := nextPost(t, rec); path(t, post.JSON(t), "message_reference", "message_id") != "m-answer" {
		t.Errorf("reply %s", post.Body)
	}
}
