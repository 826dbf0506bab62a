package discord

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
)

func openState(t *testing.T) *state.Store {
	t.Helper()
	st, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// clickBody is a MESSAGE_COMPONENT interaction as Discord sends it for a
// click on a button (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object):
// user clicks customID on message msg in channel c1 of guild g1; msg is
// ephemeral when flags is 64.
func clickBody(id, user, customID, msg string, flags int) []byte {
	return mustJSON(map[string]any{
		"id": id, "application_id": "app1", "type": 3, "token": "tok-" + id, "version": 1,
		"guild_id": "g1", "channel_id": "c1", "app_permissions": "2248473465835073",
		"member":  map[string]any{"user": map[string]any{"id": user, "username": "user" + user}, "roles": []any{}, "joined_at": "2024-01-01T00:00:00+00:00"},
		"message": answerMessage(msg, flags),
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	})
}

// answerMessage is the message object of one of briefbot's answers, as an
// interaction carries it.
func answerMessage(id string, flags int) map[string]any {
	return map[string]any{"id": id, "channel_id": "c1", "type": 20, "flags": flags, "content": "",
		"author":    map[string]any{"id": botID, "username": "briefbot", "bot": true},
		"timestamp": "2026-11-27T03:00:00.000000+00:00", "embeds": []any{}, "components": []any{}, "attachments": []any{}, "mentions": []any{}}
}

// customIDs lists the buttons of a response, label → custom_id.
func customIDs(t *testing.T, resp map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	rows, _ := path(t, resp, "data").(map[string]any)["components"].([]any)
	for _, r := range rows {
		for _, b := range r.(map[string]any)["components"].([]any) {
			b := b.(map[string]any)
			out[b["label"].(string)] = b["custom_id"].(string)
		}
	}
	return out
}

// Answers carry Helpful and Not helpful; a click is answered with an
// ephemeral thanks within 3 seconds and stored with the answer shown. The
// same user clicking again changes their vote, another user's is their
// own, a forged click is refused, and a click on an answer no longer kept
// is thanked and stores nothing.
func TestVoteButtons(t *testing.T) {
	st := openState(t)
	reg := prometheus.NewRegistry()
	a := newTestAdapter(t, adapterOpts{feedback: st, metrics: bot.NewMetrics(reg)})
	q := "Where did the first North Korean troops arrive?"
	_, resp := serve(t, a, commandBody("v1", "ask", map[string]string{"question": q}))
	ids := customIDs(t, resp)
	up, down := ids["Helpful"], ids["Not helpful"]
	if !strings.HasPrefix(up, voteUpPrefix) || !strings.HasPrefix(down, voteDownPrefix) || ids["Post to channel"] == "" || ids["Follow up"] != "" {
		t.Fatalf("buttons %v: want Post to channel, Helpful, Not helpful (no Follow up without threads)", ids)
	}
	for _, id := range ids {
		if len(id) > maxCustomID {
			t.Errorf("custom_id %q over %d bytes", id, maxCustomID)
		}
	}

	click := func(id, user, customID string) map[string]any {
		t.Helper()
		start := time.Now()
		_, resp := serve(t, a, clickBody(id, user, customID, "m-answer", 64))
		if took := time.Since(start); took >= 3*time.Second {
			t.Errorf("click answered after %s", took)
		}
		return resp
	}
	votes := func() map[string]state.Feedback {
		t.Helper()
		fs, err := st.Feedback(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]state.Feedback{}
		for _, f := range fs {
			out[f.User] = f
		}
		return out
	}
	resp = click("v2", "u1", up)
	if path(t, resp, "type") != 4.0 || path(t, resp, "data", "flags") != 64.0 || path(t, resp, "data", "content") != "Thanks for the feedback." {
		t.Errorf("vote answered %v, want an ephemeral thanks", resp)
	}
	f, ok := votes()["u1"]
	if !ok || f.Platform != "discord" || f.Team != "g1" || f.Channel != "c1" || f.Vote != state.VoteUp || f.Question != q ||
		f.AnswerID != strings.TrimPrefix(up, voteUpPrefix) || len(f.Docs) != 1 || f.Docs[0] != "doc-1" ||
		len(f.Passages) != 1 || !strings.Contains(f.Passages[0].Sentence, "Vladivostok") {
		t.Errorf("stored %+v", f)
	}
	click("v3", "u1", down)
	click("v4", "u2", up)
	got := votes()
	if len(got) != 2 || got["u1"].Vote != state.VoteDown || got["u2"].Vote != state.VoteUp {
		t.Errorf("votes %+v, want u1 down (changed), u2 up", got)
	}

	// Forged.
	w := httptest.NewRecorder()
	_, other, _ := ed25519.GenerateKey(nil)
	a.ServeHTTP(w, signed(clickBody("v5", "u3", up, "m-answer", 64), testNow, other))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("forged click: %d", w.Code)
	}
	// Gone.
	resp = click("v6", "u4", voteUpPrefix+"0123456789abcdef01234567")
	if c, _ := path(t, resp, "data", "content").(string); path(t, resp, "data", "flags") != 64.0 || !strings.Contains(c, "no longer kept") {
		t.Errorf("gone answer's vote answered %v", resp)
	}
	if n := len(votes()); n != 2 {
		t.Errorf("%d votes stored, want 2", n)
	}
	for v, want := range map[string]float64{"up": 2, "down": 1} {
		if n := voteCount(t, reg, "discord", v); n != want {
			t.Errorf("%s votes counted %v, want %v", v, n, want)
		}
	}
}

// Without a feedback store, answers have no vote buttons, and a vote
// button (from an earlier run) is thanked and stores nothing.
func TestVoteWithoutStore(t *testing.T) {
	a := newTestAdapter(t, adapterOpts{})
	_, resp := serve(t, a, commandBody("n1", "ask", map[string]string{"question": "troops"}))
	if ids := customIDs(t, resp); ids["Helpful"] != "" || ids["Post to channel"] == "" {
		t.Errorf("buttons %v", ids)
	}
	_, resp = serve(t, a, clickBody("n2", "u1", voteUpPrefix+"0123456789abcdef01234567", "m", 0))
	if c, _ := path(t, resp, "data", "content").(string); !strings.Contains(c, "not recorded") {
		t.Errorf("vote answered %v", resp)
	}
}

func voteCount(t *testing.T, reg *prometheus.Registry, platform, vote string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "briefbot_feedback_votes_total" {
			continue
		}
		for _, m := range mf.Metric {
			labels := map[string]string{}
			for _, l := range m.Label {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["platform"] == platform && labels["vote"] == vote {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
