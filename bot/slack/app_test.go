package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

// do sends a request and returns status and body.
func do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func decode(t *testing.T, b []byte) *slack.WebhookMessage {
	t.Helper()
	var m slack.WebhookMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not a message: %v: %q", err, b)
	}
	return &m
}

func TestCommandAnsweredInline(t *testing.T) {
	lib := testLibrary()
	_, srv, _ := newApp(t, lib, Config{})
	// The in-memory library cites passages holding every word asked.
	body := []byte(commandForm("containers munitions", "http://127.0.0.1:1/unused").Encode())
	code, out := do(t, signedPost(t, srv.URL+"/slack/commands", body, testSecret, time.Now()))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, out)
	}
	m := decode(t, out)
	if m.ResponseType != Ephemeral {
		t.Errorf("response_type %q", m.ResponseType)
	}
	all := strings.Join(texts(blocksJSON(t, m)), "\n")
	for _, want := range []string{
		"*North Korea has sent about 20,000 containers of munitions to Russia, the report said.*",
		">North Korea has sent about 20,000 *containers* of *munitions* to Russia",
		"[1] <https://example.com/shells?a=1&amp;b=2|Shells &amp; shipments> · Reuters · 2024-11-05",
		"Post to channel",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("reply lacks %q:\n%s", want, all)
		}
	}
}

func TestCommandRejected(t *testing.T) {
	lib := testLibrary()
	_, srv, logs := newApp(t, lib, Config{})
	body := []byte(commandForm("containers", "").Encode())
	target := srv.URL + "/slack/commands"
	unsigned, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	noTS := signedPost(t, target, body, testSecret, time.Now())
	noTS.Header.Del("X-Slack-Request-Timestamp")
	cases := []struct {
		name string
		req  *http.Request
		want int
	}{
		{"missing signature", unsigned, http.StatusUnauthorized},
		{"missing timestamp", noTS, http.StatusUnauthorized},
		{"forged", signedPost(t, target, body, "not-the-secret", time.Now()), http.StatusUnauthorized},
		{"stale", signedPost(t, target, body, testSecret, time.Now().Add(-6*time.Minute)), http.StatusUnauthorized},
		{"from the future", signedPost(t, target, body, testSecret, time.Now().Add(6*time.Minute)), http.StatusUnauthorized},
		{"interaction forged", signedPost(t, srv.URL+"/slack/interactions", []byte("payload={}"), "nope", time.Now()), http.StatusUnauthorized},
		{"too large", signedPost(t, target, bytes.Repeat([]byte("a"), MaxBody+1), testSecret, time.Now()), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := do(t, c.req)
			if code != c.want {
				t.Fatalf("status %d, want %d: %s", code, c.want, out)
			}
		})
	}
	// Too large without a Content-Length: read up to the limit, then 413.
	pr, pw := io.Pipe()
	go func() {
		pw.Write(bytes.Repeat([]byte("a"), MaxBody+10))
		pw.Close()
	}()
	chunked, _ := http.NewRequest(http.MethodPost, target, pr)
	if code, _ := do(t, chunked); code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked too large: %d", code)
	}
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		req, _ := http.NewRequest(method, target, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s: %d, Allow %q", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if n := lib.askedCount(); n != 0 {
		t.Errorf("rejected requests ran %d questions", n)
	}
	if !strings.Contains(logs.String(), "slack request rejected") {
		t.Error("rejections not logged")
	}
}

func TestCommandBadInput(t *testing.T) {
	lib := testLibrary()
	_, srv, _ := newApp(t, lib, Config{})
	raw := func(form string) []byte { return []byte(form) }
	base := commandForm("", "http://127.0.0.1:1/x")
	withText := func(text string) []byte {
		f := url.Values{}
		for k, v := range base {
			f[k] = v
		}
		f.Set("text", text)
		return []byte(f.Encode())
	}
	cases := []struct {
		name string
		body []byte
		want string
	}{
		{"empty text is help", withText(""), "briefbot answers questions"},
		{"unknown subcommand is help", withText("frobnicate"), `Unknown command "frobnicate"`},
		{"100 KB question", withText(strings.Repeat("shells ", 100<<10/7)), "ask in at most 4096"},
		{"query syntax", withText(`"unbalanced -- source: after:yesterday`), "after:yesterday is not a date"},
		{"more syntax", withText(`containers AND (munitions OR *) ~2 ^3 field:x`), "containers"},
		{"invalid UTF-8", raw(strings.Replace(string(withText("containers")), "text=containers", "text=containers%FF%FE%C0", 1)), "containers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := do(t, signedPost(t, srv.URL+"/slack/commands", c.body, testSecret, time.Now()))
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, out)
			}
			m := decode(t, out)
			if all := m.Text + "\n" + strings.Join(texts(blocksJSON(t, m)), "\n"); !strings.Contains(all, c.want) {
				t.Errorf("reply lacks %q:\n%s", c.want, all)
			}
		})
	}
}

// panicky is a Responder that panics, as a broken command might.
type panicky struct{}

func (panicky) Handle(context.Context, bot.Request) bot.Reply { panic("kaboom") }

func TestCommandPanicRecovered(t *testing.T) {
	_, srv, logs := newApp(t, nil, Config{Bot: panicky{}})
	code, out := do(t, signedPost(t, srv.URL+"/slack/commands", []byte(commandForm("shells", "").Encode()), testSecret, time.Now()))
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if m := decode(t, out); !strings.Contains(strings.Join(texts(blocksJSON(t, m)), ""), bot.SomethingWentWrong) {
		t.Errorf("reply %s", out)
	}
	if !strings.Contains(logs.String(), "kaboom") || !strings.Contains(logs.String(), "request_id=") {
		t.Errorf("panic not logged with a request id:\n%s", logs.String())
	}
}

func TestCommandDeferredToResponseURL(t *testing.T) {
	lib := testLibrary()
	release := make(chan struct{})
	lib.delay = func(corpus.Query) time.Duration { <-release; return 0 }
	rec := newRecorder(t)
	_, srv, _ := newApp(t, lib, Config{InlineBudget: 50 * time.Millisecond})
	start := time.Now()
	code, out := do(t, signedPost(t, srv.URL+"/slack/commands", []byte(commandForm("containers", rec.URL+"/hooks/T1/123/abc").Encode()), testSecret, time.Now()))
	if took := time.Since(start); code != http.StatusOK || len(out) != 0 || took > time.Second {
		t.Fatalf("ack: status %d body %q after %s; want an empty 200 at once", code, out, took)
	}
	close(release)
	m := rec.wait(t)
	if m.ResponseType != Ephemeral {
		t.Errorf("deferred response_type %q", m.ResponseType)
	}
	if all := strings.Join(texts(blocksJSON(t, &m)), "\n"); !strings.Contains(all, "Shells &amp; shipments") {
		t.Errorf("deferred reply lacks the citation:\n%s", all)
	}
}

// TestConcurrentCommandsAckInTime sends 50 signed commands at once, half
// answered fast and half slower than the inline budget, and checks every one
// is acknowledged well inside Slack's 3 seconds and every slow one is
// delivered to response_url.
func TestConcurrentCommandsAckInTime(t *testing.T) {
	lib := testLibrary()
	lib.delay = func(q corpus.Query) time.Duration {
		if strings.Contains(q.Text, "slow") {
			return 2500 * time.Millisecond
		}
		return 20 * time.Millisecond
	}
	rec := newRecorder(t)
	_, srv, _ := newApp(t, lib, Config{})
	const n = 50
	lat := make([]time.Duration, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		text := "containers"
		if i%2 == 1 {
			text = "containers slow"
		}
		// Each command Slack sends has its own trigger_id; identical
		// requests would be replays.
		form := commandForm(text, rec.URL)
		form.Set("trigger_id", fmt.Sprintf("13345224609.738474920.%d", i))
		req := signedPost(t, srv.URL+"/slack/commands", []byte(form.Encode()), testSecret, time.Now())
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			start := time.Now()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lat[i], codes[i] = time.Since(start), resp.StatusCode
		}(i)
	}
	wg.Wait()
	var fast, slow []time.Duration
	for i, d := range lat {
		if i%2 == 0 {
			fast = append(fast, d)
		} else {
			slow = append(slow, d)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(fast, func(i, j int) bool { return fast[i] < fast[j] })
	sort.Slice(slow, func(i, j int) bool { return slow[i] < slow[j] })
	t.Logf("ack latency over %d concurrent commands: p50 %s, max %s (answered inline: p50 %s, max %s; deferred: p50 %s, max %s)",
		n, lat[n/2], lat[n-1], fast[len(fast)/2], fast[len(fast)-1], slow[len(slow)/2], slow[len(slow)-1])
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("command %d: status %d", i, c)
		}
	}
	if lat[n-1] >= 3*time.Second {
		t.Errorf("slowest ack %s misses Slack's 3-second window", lat[n-1])
	}
	for i := 0; i < n/2; i++ {
		rec.wait(t)
	}
}

// shareButtonValue runs a command and returns its "Post to channel" value.
func shareButtonValue(t *testing.T, srvURL, text, responseURL string) string {
	t.Helper()
	body := []byte(commandForm(text, responseURL).Encode())
	code, out := do(t, signedPost(t, srvURL+"/slack/commands", body, testSecret, time.Now()))
	if code != http.StatusOK {
		t.Fatalf("command: %d %s", code, out)
	}
	var m slack.WebhookMessage
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("command reply: %v: %s", err, out)
	}
	return buttonValue(t, &m)
}

// buttonValue is the value of m's "Post to channel" button.
func buttonValue(t *testing.T, m *slack.WebhookMessage) string {
	t.Helper()
	for _, b := range blocksJSON(t, m) {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			if el, _ := e.(map[string]any); el["action_id"] == ShareActionID {
				return el["value"].(string)
			}
		}
	}
	t.Fatal("no share button")
	return ""
}

func shareClick(t *testing.T, srvURL, value, responseURL string) {
	t.Helper()
	cb := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U2147483697", "name": "Steve"},
		"team":         map[string]any{"id": "T0001"},
		"channel":      map[string]any{"id": "C2147483705", "name": "test"},
		"response_url": responseURL,
		"trigger_id":   "1.2.3",
		"api_app_id":   "A123456",
		"actions": []any{map[string]any{
			"type": "button", "action_id": ShareActionID, "block_id": "brief_actions", "value": value,
			"action_ts": "1700000000.000100",
		}},
	}
	payload, _ := json.Marshal(cb)
	body := []byte(url.Values{"payload": {string(payload)}}.Encode())
	code, out := do(t, signedPost(t, srvURL+"/slack/interactions", body, testSecret, time.Now()))
	if code != http.StatusOK || len(out) != 0 {
		t.Fatalf("ack %d %q", code, out)
	}
}

// The button posts the answer the user saw, even after the index changed,
// and does not ask again; a button whose answer is gone says so, to the
// one who clicked only.
func TestShareButtonPostsStoredAnswer(t *testing.T) {
	lib := testLibrary()
	rec := newRecorder(t)
	_, srv, _ := newApp(t, lib, Config{})
	value := shareButtonValue(t, srv.URL, "ask containers munitions", rec.URL+"/cmd")
	if strings.Contains(value, "containers") {
		t.Errorf("button value %q carries the request, not a key", value)
	}
	asked := lib.askedCount()
	lib.mu.Lock()
	lib.docs = []corpus.Document{{ID: "d9", Title: "Newer report", Source: "AP",
		Text: "Officials now say 30,000 containers of munitions went to Russia."}}
	lib.mu.Unlock()

	shareClick(t, srv.URL, value, rec.URL+"/actions/T1/1/x")
	m := rec.wait(t)
	if m.ResponseType != InChannel {
		t.Errorf("shared as %q", m.ResponseType)
	}
	all := strings.Join(texts(blocksJSON(t, &m)), "\n")
	if !strings.Contains(all, "20,000 containers") || !strings.Contains(all, "Shells &amp; shipments") {
		t.Errorf("shared message is not the answer shown:\n%s", all)
	}
	if strings.Contains(all, "30,000") || strings.Contains(all, "Newer report") {
		t.Errorf("shared message is a fresh run:\n%s", all)
	}
	if n := lib.askedCount(); n != asked {
		t.Errorf("sharing asked the library again (%d → %d)", asked, n)
	}

	for _, stale := range []string{"ask containers munitions", shareKeyPrefix + "0123456789abcdef01234567"} {
		shareClick(t, srv.URL, stale, rec.URL+"/actions/T1/1/y")
		m := rec.wait(t)
		if m.ResponseType != Ephemeral {
			t.Errorf("%q: gone answer told as %q", stale, m.ResponseType)
		}
		if all := strings.Join(texts(blocksJSON(t, &m)), "\n"); !strings.Contains(all, "no longer available; ask again") {
			t.Errorf("%q: gone answer told as:\n%s", stale, all)
		}
	}
	if n := lib.askedCount(); n != asked {
		t.Errorf("a gone answer was asked again (%d → %d)", asked, n)
	}
}

func TestShareStoreBoundedAndExpiring(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := newShareStore(func() time.Time { return now })
	first := s.keep(bot.Reply{Kind: bot.KindAnswer, Text: "first", Shareable: true, ShareText: "ask x"})
	if r, ok := s.lookup(first.ShareText); !ok || r.Text != "first" {
		t.Fatalf("lookup = %+v %v", r, ok)
	}
	if r := s.keep(bot.Reply{Kind: bot.KindHelp, Text: "help"}); r.ShareText != "" {
		t.Errorf("unshareable reply kept: %+v", r)
	}
	now = now.Add(shareTTL)
	if _, ok := s.lookup(first.ShareText); ok {
		t.Error("expired answer still found")
	}
	var keys []string
	for i := 0; i < shareEntries+5; i++ {
		keys = append(keys, s.keep(bot.Reply{Kind: bot.KindAnswer, Text: "x", Shareable: true, ShareText: "ask x"}).ShareText)
	}
	if len(s.entries) > shareEntries || len(s.order) > shareEntries {
		t.Errorf("store holds %d entries, bound %d", len(s.entries), shareEntries)
	}
	if _, ok := s.lookup(keys[0]); ok {
		t.Error("oldest answer not evicted")
	}
	if _, ok := s.lookup(keys[len(keys)-1]); !ok {
		t.Error("newest answer missing")
	}
}

func TestShareButtonPostsInChannel(t *testing.T) {
	lib := testLibrary()
	rec := newRecorder(t)
	_, srv, _ := newApp(t, lib, Config{})
	value := shareButtonValue(t, srv.URL, "ask containers munitions", rec.URL+"/cmd")
	cb := map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U2147483697", "name": "Steve"},
		"team":         map[string]any{"id": "T0001"},
		"channel":      map[string]any{"id": "C2147483705", "name": "test"},
		"response_url": rec.URL + "/actions/T1/1/x",
		"trigger_id":   "1.2.3",
		"api_app_id":   "A123456",
		"actions": []any{map[string]any{
			"type": "button", "action_id": ShareActionID, "block_id": "brief_actions", "value": value,
			"action_ts": "1700000000.000100",
		}},
	}
	payload, _ := json.Marshal(cb)
	body := []byte(url.Values{"payload": {string(payload)}}.Encode())
	code, out := do(t, signedPost(t, srv.URL+"/slack/interactions", body, testSecret, time.Now()))
	if code != http.StatusOK || len(out) != 0 {
		t.Fatalf("ack %d %q", code, out)
	}
	m := rec.wait(t)
	if m.ResponseType != InChannel || m.ReplaceOriginal {
		t.Errorf("shared as %q, replace_original %v", m.ResponseType, m.ReplaceOriginal)
	}
	all := strings.Join(texts(blocksJSON(t, &m)), "\n")
	for _, want := range []string{"Shells &amp; shipments", "Shared by <@U2147483697>"} {
		if !strings.Contains(all, want) {
			t.Errorf("shared message lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Post to channel") {
		t.Error("shared message still has the button")
	}
	// Unknown actions and other interaction types are acknowledged and
	// ignored; a broken payload is refused.
	for _, p := range []string{`{"type":"block_actions","actions":[{"action_id":"other","value":"x"}]}`, `{"type":"view_submission"}`} {
		b := []byte(url.Values{"payload": {p}}.Encode())
		if code, _ := do(t, signedPost(t, srv.URL+"/slack/interactions", b, testSecret, time.Now())); code != http.StatusOK {
			t.Errorf("%s: %d", p, code)
		}
	}
	b := []byte(url.Values{"payload": {"{not json"}}.Encode())
	if code, _ := do(t, signedPost(t, srv.URL+"/slack/interactions", b, testSecret, time.Now())); code != http.StatusBadRequest {
		t.Errorf("broken payload: %d", code)
	}
	select {
	case m := <-rec.got:
		t.Errorf("ignored interactions posted %+v", m)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestCommandAfterClose(t *testing.T) {
	lib := testLibrary()
	app, srv, _ := newApp(t, lib, Config{})
	app.Close()
	code, out := do(t, signedPost(t, srv.URL+"/slack/commands", []byte(commandForm("containers", "").Encode()), testSecret, time.Now()))
	if code != http.StatusOK || !strings.Contains(string(out), "restarting") {
		t.Errorf("%d %s", code, out)
	}
	if lib.askedCount() != 0 {
		t.Error("a closed app ran a command")
	}
}

// TestCloseDeliversAnswersUnderWay: an answer still being worked on when
// serve shuts down reaches response_url rather than vanishing.
func TestCloseDeliversAnswersUnderWay(t *testing.T) {
	lib := testLibrary()
	lib.delay = func(corpus.Query) time.Duration { return 300 * time.Millisecond }
	rec := newRecorder(t)
	app, srv, _ := newApp(t, lib, Config{InlineBudget: 50 * time.Millisecond})
	code, _ := do(t, signedPost(t, srv.URL+"/slack/commands", []byte(commandForm("containers", rec.URL).Encode()), testSecret, time.Now()))
	if code != http.StatusOK {
		t.Fatalf("ack %d", code)
	}
	app.Close() // while the answer is still being looked up
	select {
	case m := <-rec.got:
		if all := strings.Join(texts(blocksJSON(t, &m)), "\n"); !strings.Contains(all, "Shells &amp; shipments") {
			t.Errorf("delivered reply lacks the answer:\n%s", all)
		}
	default:
		t.Fatal("Close returned before the answer under way was delivered")
	}
}

// TestResponseURLRateLimited: a 429 from response_url is waited out.
func TestResponseURLRateLimited(t *testing.T) {
	var calls atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer hook.Close()
	app, _, _ := newApp(t, testLibrary(), Config{})
	start := time.Now()
	if err := app.respond(context.Background(), hook.URL, &slack.WebhookMessage{Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || time.Since(start) < time.Second {
		t.Errorf("%d calls in %s; want a retry after 1 s", calls.Load(), time.Since(start))
	}
}
