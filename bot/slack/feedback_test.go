package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

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

// feedbackValues returns the values of m's Helpful and Not helpful
// buttons ("" when missing).
func feedbackValues(t *testing.T, m *slack.WebhookMessage) (up, down string) {
	t.Helper()
	for _, b := range blocksJSON(t, m) {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			el, _ := e.(map[string]any)
			switch el["action_id"] {
			case HelpfulActionID:
				up = el["value"].(string)
			case NotHelpfulActionID:
				down = el["value"].(string)
			}
		}
	}
	return up, down
}

// voteBody is a block_actions payload as Slack sends it for a click on a
// feedback button (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload).
func voteBody(user, actionID, value, responseURL string) []byte {
	payload, _ := json.Marshal(map[string]any{
		"type":       "block_actions",
		"user":       map[string]any{"id": user, "username": "steve", "name": "steve", "team_id": "T0001"},
		"api_app_id": "A123456", "token": "9s8d9as89d8as9d8as989", "trigger_id": "12466734323.1395872398",
		"team":         map[string]any{"id": "T0001", "domain": "example"},
		"channel":      map[string]any{"id": "C2147483705", "name": "test"},
		"container":    map[string]any{"type": "message", "message_ts": "1548261231.000200", "channel_id": "C2147483705", "is_ephemeral": true},
		"response_url": responseURL,
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "brief_actions", "value": value,
			"text": map[string]any{"type": "plain_text", "text": "Helpful"}, "action_ts": "1548426417.840180"}},
	})
	return []byte(url.Values{"payload": {string(payload)}}.Encode())
}

// A /brief answer carries Helpful and Not helpful; a click is acknowledged
// at once, thanked privately, and stored with the answer as shown. The
// same user clicking again changes their vote; another user's is
// separate; a forged click is refused and stores nothing; a click on an
// answer the store no longer holds is thanked and stores nothing.
func TestFeedbackButtons(t *testing.T) {
	lib := testLibrary()
	rec := newRecorder(t)
	st := openState(t)
	reg := prometheus.NewRegistry()
	metrics := bot.NewMetrics(reg)
	_, srv, logs := newApp(t, lib, Config{Feedback: st, Metrics: metrics})
	body := []byte(commandForm("ask containers munitions", rec.URL+"/cmd").Encode())
	code, out := do(t, signedPost(t, srv.URL+"/slack/commands", body, testSecret, time.Now()))
	if code != 200 {
		t.Fatalf("command: %d %s", code, out)
	}
	m := decode(t, out)
	up, down := feedbackValues(t, m)
	if up == "" || up != down || up != buttonValue(t, m) {
		t.Fatalf("feedback buttons %q %q, share %q: want one stored-answer key on all", up, down, buttonValue(t, m))
	}

	click := func(user, action, value string, secret string) int {
		t.Helper()
		start := time.Now()
		code, out := do(t, signedPost(t, srv.URL+"/slack/interactions", voteBody(user, action, value, rec.URL+"/actions/"+user), secret, time.Now()))
		if took := time.Since(start); took >= 3*time.Second {
			t.Errorf("click acknowledged after %s", took)
		}
		if code == 200 && len(out) != 0 {
			t.Errorf("ack with a body: %q", out)
		}
		return code
	}
	thanked := func(want string) {
		t.Helper()
		m := rec.wait(t)
		all := strings.Join(texts(blocksJSON(t, &m)), "\n")
		if m.ResponseType != Ephemeral || m.ReplaceOriginal || !strings.Contains(all, want) {
			t.Errorf("thanked with %s %v %q, want ephemeral, not replacing, %q", m.ResponseType, m.ReplaceOriginal, all, want)
		}
	}
	votes := func() []state.Feedback {
		t.Helper()
		fs, err := st.Feedback(context.Background(), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}

	if code := click("U1", HelpfulActionID, up, testSecret); code != 200 {
		t.Fatalf("click: %d", code)
	}
	thanked("Thanks for the feedback.")
	fs := votes()
	if len(fs) != 1 {
		t.Fatalf("%d votes stored, want 1", len(fs))
	}
	f := fs[0]
	if f.Platform != "slack" || f.Team != "T0001" || f.Channel != "C2147483705" || f.User != "U1" || f.Vote != state.VoteUp ||
		f.AnswerID != strings.TrimPrefix(up, shareKeyPrefix) || f.Question != "containers munitions" ||
		len(f.Docs) != 1 || f.Docs[0] != "d1" || len(f.Passages) != 1 || !strings.Contains(f.Passages[0].Text, "20,000 containers") || f.At.IsZero() {
		t.Errorf("stored vote %+v", f)
	}

	// The same user changes their mind; another user votes too.
	click("U1", NotHelpfulActionID, down, testSecret)
	thanked("Thanks")
	click("U2", HelpfulActionID, up, testSecret)
	thanked("Thanks")
	got := map[string]string{}
	for _, f := range votes() {
		got[f.User] = f.Vote
	}
	if len(got) != 2 || got["U1"] != state.VoteDown || got["U2"] != state.VoteUp {
		t.Errorf("votes by user %v, want U1 down (changed) and U2 up", got)
	}

	// Forged: 401, nothing stored, no thanks.
	if code := click("U3", HelpfulActionID, up, "not-the-secret"); code != http.StatusUnauthorized {
		t.Errorf("forged click: %d", code)
	}
	// An answer no longer kept (or never): thanked, not stored.
	click("U4", HelpfulActionID, shareKeyPrefix+"0123456789abcdef01234567", testSecret)
	thanked("no longer kept")
	if n := len(votes()); n != 2 {
		t.Errorf("%d votes stored, want 2", n)
	}
	select {
	case m := <-rec.got:
		t.Errorf("unexpected post %+v", m)
	case <-time.After(100 * time.Millisecond):
	}
	if n := voteCount(t, reg, "up"); n != 2 {
		t.Errorf("up votes counted %v, want 2", n)
	}
	if n := voteCount(t, reg, "down"); n != 1 {
		t.Errorf("down votes counted %v, want 1", n)
	}
	if t.Failed() {
		t.Log(logs.String())
	}
}

// voteCount is briefbot_feedback_votes_total{platform="slack",vote=v}.
func voteCount(t *testing.T, reg *prometheus.Registry, v string) float64 {
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
			if labels["platform"] == "slack" && labels["vote"] == v {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// Without a feedback store, answers carry no feedback buttons, and
// replies that are not answers with citations never do.
func TestFeedbackButtonsOnlyOnAnswers(t *testing.T) {
	lib := testLibrary()
	rec := newRecorder(t)
	_, plain, _ := newApp(t, lib, Config{})
	_, rated, _ := newApp(t, lib, Config{Feedback: openState(t)})
	for _, c := range []struct {
		srv  string
		text string
		want bool
	}{
		{plain.URL, "ask containers munitions", false},
		{rated.URL, "ask containers munitions", true},
		{rated.URL, "ask nothing matches zebra", false},
		{rated.URL, "help", false},
		{rated.URL, "sources", false},
	} {
		body := []byte(commandForm(c.text, rec.URL).Encode())
		_, out := do(t, signedPost(t, c.srv+"/slack/commands", body, testSecret, time.Now()))
		up, down := feedbackValues(t, decode(t, out))
		if (up != "" && down != "") != c.want {
			t.Errorf("%q: feedback buttons %q %q, want %v", c.text, up, down, c.want)
		}
	}
}

// Answers in threads carry the buttons; a vote there is stored with the
// thread's channel.
func TestFeedbackInThreads(t *testing.T) {
	st := openState(t)
	e := newEventsAppWith(t, st)
	if code, _ := e.post(mention("Ev1", "containers munitions", "1515449522.000016", ""), 0); code != 200 {
		t.Fatal(code)
	}
	r := e.reply()
	var blocks []map[string]any
	if err := json.Unmarshal([]byte(r.Blocks), &blocks); err != nil {
		t.Fatalf("blocks %s: %v", r.Blocks, err)
	}
	up := ""
	for _, b := range blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if el, _ := e.(map[string]any); el["action_id"] == HelpfulActionID {
				up = el["value"].(string)
			}
		}
	}
	if up == "" || strings.Contains(r.Blocks, "Post to channel") {
		t.Fatalf("thread answer's buttons:\n%s", r.Blocks)
	}
	rec := newRecorder(t)
	srv := strings.TrimSuffix(e.url, "/slack/events")
	if code, _ := do(t, signedPost(t, srv+"/slack/interactions", voteBody("U061F7AUR", HelpfulActionID, up, rec.URL), testSecret, time.Now())); code != 200 {
		t.Fatal(code)
	}
	rec.wait(t)
	fs, err := st.Feedback(context.Background(), time.Time{})
	if err != nil || len(fs) != 1 || fs[0].Question != "containers munitions" || fs[0].Vote != state.VoteUp {
		t.Errorf("votes %+v, %v", fs, err)
	}
}

// The buttons work over Socket Mode too: the click's envelope is
// acknowledged and the thanks goes to response_url.
func TestFeedbackOverSocketMode(t *testing.T) {
	lib := testLibrary()
	rec := newRecorder(t)
	ss := newSocketServer(t)
	st := openState(t)
	app, _, _ := newApp(t, lib, Config{AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: ss.GetAPIURL(), Feedback: st})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- app.RunSocketMode(ctx) }()
	defer func() { cancel(); <-stopped }()
	<-ss.auth

	f := commandForm("containers munitions", rec.URL+"/commands")
	p := map[string]any{}
	for k := range f {
		p[k] = f.Get(k)
	}
	ss.toClient <- map[string]any{"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": true, "payload": p}
	ack := ss.next(t)
	raw, _ := json.Marshal(ack["payload"])
	var msg slack.WebhookMessage
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatal(err)
	}
	_, down := feedbackValues(t, &msg)
	var payload map[string]any
	form, _ := url.ParseQuery(string(voteBody("U1", NotHelpfulActionID, down, rec.URL+"/actions")))
	json.Unmarshal([]byte(form.Get("payload")), &payload)
	ss.toClient <- map[string]any{"envelope_id": "env-2", "type": "interactive", "payload": payload}
	if ack := ss.next(t); ack["envelope_id"] != "env-2" {
		t.Errorf("ack %v", ack)
	}
	if m := rec.wait(t); m.ResponseType != Ephemeral || !strings.Contains(strings.Join(texts(blocksJSON(t, &m)), " "), "Thanks") {
		t.Errorf("thanks %+v", m)
	}
	fs, _ := st.Feedback(context.Background(), time.Time{})
	if len(fs) != 1 || fs[0].Vote != state.VoteDown || fs[0].User != "U1" {
		t.Errorf("votes %+v", fs)
	}
}

// "Post to channel" posts the answer with its feedback buttons, under the
// "Shared by" line, so that the channel can rate it too.
func TestSharedAnswerCarriesFeedback(t *testing.T) {
	lib := testLibrary()
	rec := newRecorder(t)
	_, srv, _ := newApp(t, lib, Config{Feedback: openState(t)})
	value := shareButtonValue(t, srv.URL, "ask containers munitions", rec.URL+"/cmd")
	shareClick(t, srv.URL, value, rec.URL+"/actions/T1/1/x")
	m := rec.wait(t)
	blocks := blocksJSON(t, &m)
	last := blocks[len(blocks)-1]
	if up, down := feedbackValues(t, &m); up != value || down != value || last["type"] != "actions" {
		t.Errorf("shared post's feedback buttons %q %q (want %q), last block %v", up, down, value, last["type"])
	}
	if all := strings.Join(texts(blocks), "\n"); !strings.Contains(all, "Shared by <@U2147483697>") || strings.Contains(all, "Post to channel") {
		t.Errorf("shared post:\n%s", all)
	}
}
