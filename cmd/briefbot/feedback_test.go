package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state"
)

// slackButtons maps the action_id of each button in m to its value.
func slackButtons(m slackMessage) map[string]string {
	out := map[string]string{}
	for _, b := range m.Blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if el, ok := e.(map[string]any); ok && el["type"] == "button" {
				id, _ := el["action_id"].(string)
				v, _ := el["value"].(string)
				out[id] = v
			}
		}
	}
	return out
}

// slackClick is a block_actions interaction form: user clicks the button
// actionID with value.
func slackClick(user, actionID, value, responseURL string) []byte {
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user, "name": "user" + user},
		"team": map[string]any{"id": "T0001"}, "channel": map[string]any{"id": "C2147483705"},
		"container":    map[string]any{"type": "message", "message_ts": "1548261231.000200", "is_ephemeral": true},
		"response_url": responseURL, "trigger_id": "1.2." + user, "api_app_id": "A123456",
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "brief_actions",
			"value": value, "action_ts": "1700000000." + user}},
	})
	return []byte(url.Values{"payload": {string(payload)}}.Encode())
}

// The feedback loop through a real serve: Slack answers carry
// Helpful and Not helpful; clicks are thanked privately and stored (a
// second click by the same user changes their vote, another user's is
// their own, a forged one is refused); /metrics counts them; `briefbot
// feedback` lists them while serve runs and after; and `feedback --json`
// is an eval set that `briefbot eval` runs and scores.
func TestServeFeedbackToEval(t *testing.T) {
	data := serveCorpus(t)
	hookSrv, hooked := hook(t)
	s := startServe(t, data, map[string]string{"SLACK_SIGNING_SECRET": serveSecret})
	ask := func(q string) map[string]string {
		t.Helper()
		code, body := slackPost(t, s.base+"/slack/commands", serveSecret, time.Now(), slackCommand(q, hookSrv.URL))
		var m slackMessage
		if code != 200 || json.Unmarshal(body, &m) != nil {
			t.Fatalf("ask %q: %d %s", q, code, body)
		}
		return slackButtons(m)
	}
	click := func(user, action, value string) {
		t.Helper()
		start := time.Now()
		code, body := slackPost(t, s.base+"/slack/interactions", serveSecret, time.Now(), slackClick(user, action, value, hookSrv.URL))
		if code != 200 || len(body) != 0 || time.Since(start) >= 3*time.Second {
			t.Fatalf("click: %d %q after %s", code, body, time.Since(start))
		}
		select {
		case m := <-hooked:
			if m.ResponseType != "ephemeral" || m.ReplaceOriginal == nil || *m.ReplaceOriginal || !strings.Contains(m.allText(), "Thanks") {
				t.Errorf("click thanked with %+v %q", m, m.allText())
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no thanks")
		}
	}

	containers := "How many containers of munitions has Russia received?"
	b1 := ask(containers)
	if b1["brief_helpful"] == "" || b1["brief_helpful"] != b1["brief_not_helpful"] || b1["brief_share"] != b1["brief_helpful"] {
		t.Fatalf("answer buttons %v", b1)
	}
	b2 := ask("Where were North Korean soldiers deployed?")
	click("U1", "brief_helpful", b1["brief_helpful"])
	click("U1", "brief_not_helpful", b2["brief_not_helpful"])
	click("U2", "brief_not_helpful", b1["brief_not_helpful"])
	click("U2", "brief_helpful", b1["brief_helpful"]) // U2 changes their mind
	if code, _ := slackPost(t, s.base+"/slack/interactions", "forged", time.Now(), slackClick("U3", "brief_helpful", b1["brief_helpful"], hookSrv.URL)); code != http.StatusUnauthorized {
		t.Errorf("forged click: %d", code)
	}

	_, metrics := httpGet(t, s.base+"/metrics")
	for _, want := range []string{
		`briefbot_feedback_votes_total{platform="slack",vote="up"} 2`,
		`briefbot_feedback_votes_total{platform="slack",vote="down"} 2`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// Beside serve, through its socket.
	code, out, errs := run(t, data, "", "feedback")
	if code != 0 || !strings.Contains(out, "3 votes: 2 helpful, 1 not helpful") || !strings.Contains(out, "Q: "+containers) ||
		!strings.Contains(out, "slack T0001 C2147483705, user U2") || !strings.Contains(out, "cited: rajin") {
		t.Errorf("feedback beside serve: exit %d %s\n%s", code, errs, out)
	}
	code, besideJSON, errs := run(t, data, "", "feedback", "--json")
	if code != 0 {
		t.Fatalf("feedback --json beside serve: exit %d %s", code, errs)
	}
	if code := s.stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}

	// Alone, the same; and eval scores it.
	code, alone, errs := run(t, data, "", "feedback", "--json")
	if code != 0 || alone != besideJSON {
		t.Errorf("feedback --json alone (exit %d %s):\n%s\nbeside serve:\n%s", code, errs, alone, besideJSON)
	}
	lines := strings.Split(strings.TrimSpace(alone), "\n")
	var item struct {
		Question string   `json:"question"`
		Answers  []string `json:"answers"`
		Docs     []string `json:"docs"`
		Votes    int      `json:"votes"`
	}
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &item) != nil || item.Question != containers || item.Votes != 2 ||
		len(item.Answers) == 0 || !strings.Contains(item.Answers[0], "20,000 containers") || len(item.Docs) == 0 || item.Docs[0] != "rajin" {
		t.Fatalf("feedback --json, want the up-voted question once, its answer sentences expected:\n%s", alone)
	}
	set := filepath.Join(t.TempDir(), "feedback.jsonl")
	if err := os.WriteFile(set, []byte(alone), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, data, "", "eval", "--json", set)
	var res evalResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("eval of feedback --json: exit %d %s %s", code, out, errs)
	}
	if res.Questions != 1 || res.R1 != 1 || res.AnswerHit != 1 || res.Declined != 0 {
		t.Errorf("eval of the up-voted answers %+v, want R@1 1 and the answer found", res)
	}

	// --since.
	if code, out, _ := run(t, data, "", "feedback", "--since", "1h"); code != 0 || !strings.Contains(out, "3 votes") {
		t.Errorf("--since 1h: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, data, "", "feedback", "--since", time.Now().Add(time.Hour).Format(time.RFC3339)); code == 0 {
		t.Errorf("--since in the future accepted:\n%s", out)
	}
}

// feedback on a data dir serve never ran on lists nothing; bad flags are
// usage errors.
func TestFeedbackCommand(t *testing.T) {
	data := t.TempDir()
	if code, out, errs := run(t, data, "", "feedback"); code != 0 || out != "No votes.\n" {
		t.Errorf("no state file: exit %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, data, "", "feedback", "--json"); code != 0 || out != "" {
		t.Errorf("no state file, --json: exit %d %q", code, out)
	}
	for _, args := range [][]string{{"feedback", "extra"}, {"feedback", "--since", "yesterday"}, {"feedback", "--frobnicate"}} {
		if code, _, errs := run(t, data, "", args...); code != 2 || errs == "" {
			t.Errorf("%q: exit %d %q", args, code, errs)
		}
	}
}

// feedback --json keeps up-votes only, one line a question however many
// voted for it, and falls back to the passages' best sentences for an
// answer stored without its sentences.
func TestFeedbackEvalLines(t *testing.T) {
	data := t.TempDir()
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	for i, f := range []state.Feedback{
		{Question: "How many shells?", Sentences: []string{"About three million shells."}, Docs: []string{"d1"}, Vote: state.VoteUp, User: "U1", AnswerID: "a1"},
		{Question: "how many  SHELLS?", Sentences: []string{"About three million shells.", "More than 3 million."}, Docs: []string{"d1", "d2"}, Vote: state.VoteUp, User: "U2", AnswerID: "a2"},
		{Question: "Who won?", Sentences: []string{"Nobody."}, Vote: state.VoteDown, User: "U1", AnswerID: "a3"},
		{Question: "Where?", Passages: []state.FeedbackPassage{{DocID: "d3", Text: "In Kursk. Later elsewhere.", Sentence: "In Kursk."}}, Vote: state.VoteUp, User: "U1", AnswerID: "a4"},
	} {
		f.At, f.Platform = t0.Add(time.Duration(i)*time.Minute), "slack"
		if err := st.Vote(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	code, out, errs := run(t, data, "", "feedback", "--json")
	want := `{"question":"How many shells?","answers":["About three million shells.","More than 3 million."],"docs":["d1","d2"],"votes":2}
{"question":"Where?","answers":["In Kursk."],"votes":1}
`
	if code != 0 || out != want {
		t.Errorf("exit %d %s\n got %s\nwant %s", code, errs, out, want)
	}
	if code, out, _ := run(t, data, "", "feedback"); code != 0 || !strings.Contains(out, "4 votes: 3 helpful, 1 not helpful") || !strings.Contains(out, "not helpful  slack, user U1") {
		t.Errorf("plain list: exit %d\n%s", code, out)
	}
}

// discordComponent is a MESSAGE_COMPONENT interaction: user clicks
// customID on message msg (public).
func discordComponent(id, user, customID, msg string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "application_id": "app-e2e", "type": 3, "token": "tok-" + id, "version": 1,
		"guild_id": "g-e2e", "channel_id": "c-e2e",
		"member":  map[string]any{"user": map[string]any{"id": user, "username": "user" + user}},
		"message": map[string]any{"id": msg, "channel_id": "c-e2e", "flags": 0, "type": 20, "content": "", "author": map[string]any{"id": "bot", "bot": true}},
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	})
	return b
}

// discordModalSubmit is a MODAL_SUBMIT interaction: user types text into
// the modal customID opened from message msg.
func discordModalSubmit(id, user, customID, text, msg string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "application_id": "app-e2e", "type": 5, "token": "tok-" + id, "version": 1,
		"guild_id": "g-e2e", "channel_id": "c-e2e",
		"member":  map[string]any{"user": map[string]any{"id": user, "username": "user" + user}},
		"message": map[string]any{"id": msg, "channel_id": "c-e2e", "flags": 0, "type": 20, "content": "", "author": map[string]any{"id": "bot", "bot": true}},
		"data": map[string]any{"custom_id": customID, "components": []any{map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": "question", "value": text}}}}},
	})
	return b
}

// On Discord, through a real serve and index: a public answer's "Follow
// up" opens a modal, and "What about missiles?" typed there is answered
// as a reply to the answer from the thread's context (North Korea's
// missiles for Russia, not another report's missiles); "Helpful" is
// thanked privately and stored.
func TestServeDiscordFollowUpAndVote(t *testing.T) {
	api, reqs := fakeDiscordAPI(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	data := threadsCorpus(t)
	s := startServe(t, data, map[string]string{
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_BOT_TOKEN": "e2e-token", "DISCORD_APP_ID": "app-e2e",
		"DISCORD_GUILD_ID": "g-e2e", "DISCORD_API_URL": api, "BRIEFBOT_REPLY": "in_channel",
	})
	type response struct {
		Type int `json:"type"`
		Data struct {
			Flags      int    `json:"flags"`
			Content    string `json:"content"`
			CustomID   string `json:"custom_id"`
			Components []struct {
				Components []struct {
					Label    string `json:"label"`
					CustomID string `json:"custom_id"`
				} `json:"components"`
			} `json:"components"`
		} `json:"data"`
	}
	interact := func(body []byte) response {
		t.Helper()
		start := time.Now()
		code, out := postInteraction(t, s.base, priv, time.Now(), body)
		var r response
		if code != 200 || json.Unmarshal(out, &r) != nil || time.Since(start) >= 3*time.Second {
			t.Fatalf("interaction: %d %s after %s", code, out, time.Since(start))
		}
		return r
	}
	r := interact(discordAsk("d1", "How many artillery shells has North Korea sent to Russia?"))
	ids := map[string]string{}
	for _, row := range r.Data.Components {
		for _, b := range row.Components {
			ids[b.Label] = b.CustomID
		}
	}
	if r.Type != 4 || ids["Follow up"] == "" || ids["Helpful"] == "" || ids["Not helpful"] == "" {
		t.Fatalf("answer type %d, buttons %v", r.Type, ids)
	}
	modal := interact(discordComponent("d2", "u1", ids["Follow up"], "m-answer"))
	if modal.Type != 9 || modal.Data.CustomID == "" {
		t.Fatalf("Follow up answered %+v, want a modal", modal)
	}
	if ack := interact(discordModalSubmit("d3", "u1", modal.Data.CustomID, "What about missiles?", "m-answer")); ack.Type != 6 {
		t.Errorf("submission answered type %d, want 6", ack.Type)
	}
	deadline := time.After(15 * time.Second)
	for {
		select {
		case req := <-reqs:
			if req.Method != http.MethodPost || req.Path != "/api/v9/channels/c-e2e/messages" {
				continue
			}
			var msg struct {
				Reference struct {
					MessageID string `json:"message_id"`
				} `json:"message_reference"`
				Embeds []struct {
					Title       string `json:"title"`
					Description string `json:"description"`
				} `json:"embeds"`
			}
			if err := json.Unmarshal(req.Body, &msg); err != nil || len(msg.Embeds) != 1 {
				t.Fatalf("reply %s", req.Body)
			}
			d := msg.Embeds[0].Description
			if msg.Reference.MessageID != "m-answer" || msg.Embeds[0].Title != "What about missiles?" ||
				!strings.HasPrefix(d, "North Korea has been supporting Russia") || !strings.Contains(d, "missiles") || strings.Contains(d, "Iran") {
				t.Errorf("follow-up replied to %q with %q: %s", msg.Reference.MessageID, msg.Embeds[0].Title, d)
			}
		case <-deadline:
			t.Fatalf("no reply posted:\n%s", s.logs.String())
		}
		break
	}

	// The same words asked alone are another question.
	code, alone := postInteraction(t, s.base, priv, time.Now(), discordAsk("d5", "What about missiles?"))
	if code != 200 || !strings.Contains(string(alone), `"description":"Iran test-fired`) {
		t.Errorf("alone, %d %s; the test cannot tell context from luck", code, alone)
	}

	thanks := interact(discordComponent("d4", "u1", ids["Helpful"], "m-answer"))
	if thanks.Type != 4 || thanks.Data.Flags != 64 || !strings.Contains(thanks.Data.Content, "Thanks") {
		t.Errorf("vote answered %+v", thanks)
	}
	code, out, errs := run(t, data, "", "feedback")
	if code != 0 || !strings.Contains(out, "helpful      discord g-e2e c-e2e, user u1") || !strings.Contains(out, "Q: How many artillery shells has North Korea sent to Russia?") {
		t.Errorf("feedback: exit %d %s\n%s", code, errs, out)
	}
}
