package thread

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
)

// asker cites document "d-<first word>" for every question and keeps the
// context it was given.
type asker struct {
	mu   sync.Mutex
	got  []Context
	fail error
}

func (a *asker) AskInContext(ctx context.Context, q corpus.Query, c Context) (corpus.Answer, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.got = append(a.got, c)
	if a.fail != nil {
		return corpus.Answer{}, a.fail
	}
	first, _, _ := strings.Cut(q.Text, " ")
	return corpus.Answer{Question: q.Raw, Query: q, Answer: "Yes. [1]",
		Citations: []corpus.Citation{{N: 1, DocID: "d-" + first, Passage: "Yes."}, {N: 2, DocID: "d-" + first, Passage: "Also."}}}, nil
}

func (a *asker) last() Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.got[len(a.got)-1]
}

func (a *asker) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	return a.AskInContext(ctx, q, Context{})
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newThreads(t *testing.T) (*Threads, *asker, *clock, *prometheus.Registry) {
	t.Helper()
	store, err := state.OpenConversations(filepath.Join(t.TempDir(), "conversations.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a := &asker{}
	clk := &clock{t: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)}
	reg := prometheus.NewRegistry()
	m := bot.NewMetrics(reg)
	b := bot.New(bot.Config{Asker: a, Metrics: m})
	return New(Config{Bot: b, Asker: a, Store: store, Now: clk.Now, Metrics: m}), a, clk, reg
}

func ask(t *testing.T, th *Threads, k state.ThreadKey, text string) bot.Reply {
	t.Helper()
	req := bot.Request{Platform: k.Platform, ChannelID: k.Channel, UserID: "U1", ID: "r", Text: text}
	r := th.Answer(context.Background(), k, req)
	if err := th.Record(t.Context(), k, req, r, "reply-"+text); err != nil {
		t.Fatal(err)
	}
	return r
}

// Each follow-up gets the thread's earlier questions, latest first, with
// weights decaying from LatestWeight by Decay, at most MaxEarlier of them,
// with the documents cited for each; a reply to a command gives no
// context, and nothing asked over ContextAge ago counts.
func TestFollowUpContext(t *testing.T) {
	th, a, clk, _ := newThreads(t)
	k := state.ThreadKey{Platform: "slack", Channel: "C1", Thread: "1700000000.000100"}
	if known, _ := th.Known(t.Context(), k); known {
		t.Fatal("a new thread is known")
	}
	r := ask(t, th, k, "shells North Korea sent")
	if r.Kind != bot.KindAnswer || r.Ephemeral || r.Shareable {
		t.Fatalf("reply %+v, want a public answer without a share button", r)
	}
	if c := a.last(); len(c.Earlier) != 0 {
		t.Errorf("the first question had context %+v", c)
	}
	if known, _ := th.Known(t.Context(), k); !known {
		t.Fatal("a thread the bot answered in is not known")
	}
	for _, q := range []string{"missiles", "help", "rockets", "drones"} {
		clk.Add(time.Minute)
		ask(t, th, k, q)
	}
	clk.Add(time.Minute)
	ask(t, th, k, "troops")
	want := []Earlier{
		{Question: "drones", Docs: []string{"d-drones"}, Weight: LatestWeight},
		{Question: "rockets", Docs: []string{"d-rockets"}, Weight: LatestWeight * Decay},
		{Question: "missiles", Docs: []string{"d-missiles"}, Weight: LatestWeight * Decay * Decay},
	}
	if got := a.last(); !reflect.DeepEqual(got.Earlier, want) {
		t.Errorf("context\n got %+v\nwant %+v", got.Earlier, want)
	}

	// A day later the thread is still the bot's, but its questions are
	// old: the follow-up is answered without context.
	clk.Add(ContextAge + time.Second)
	ask(t, th, k, "artillery")
	if c := a.last(); len(c.Earlier) != 0 {
		t.Errorf("a follow-up a day later had context %+v", c)
	}
	clk.Add(time.Minute)
	ask(t, th, k, "containers")
	if c := a.last(); len(c.Earlier) != 1 || c.Earlier[0].Question != "artillery" {
		t.Errorf("context after a fresh question %+v", c)
	}

	// Another thread in the channel has its own context.
	other := state.ThreadKey{Platform: "slack", Channel: "C1", Thread: "1700000099.000100"}
	th.Answer(context.Background(), other, bot.Request{Platform: "slack", Text: "anything"})
	if c := a.last(); len(c.Earlier) != 0 {
		t.Errorf("another thread had context %+v", c)
	}
	// The bot's replies are linked to their thread.
	if got, ok, err := th.Resolve(t.Context(), "slack", "C1", "reply-troops"); err != nil || !ok || got != k {
		t.Errorf("Resolve = %v, %v, %v", got, ok, err)
	}
}

// A message naming a command runs it, publicly; "ask" and a bare question
// ask; errors are messages, counted as bot.Bot counts them.
func TestAnswerRoutes(t *testing.T) {
	th, a, _, reg := newThreads(t)
	k := state.ThreadKey{Platform: "discord", Channel: "C1", Thread: "m1"}
	req := func(text string) bot.Request { return bot.Request{Platform: "discord", ChannelID: "C1", Text: text} }
	for text, kind := range map[string]bot.Kind{"help": bot.KindHelp, "": bot.KindHelp, "HELP ask": bot.KindHelp, "sourcesy shells": bot.KindAnswer} {
		if r := th.Answer(context.Background(), k, req(text)); r.Kind != kind || r.Ephemeral {
			t.Errorf("%q: kind %v ephemeral %v, want kind %v, public", text, r.Kind, r.Ephemeral, kind)
		}
	}
	th.Answer(context.Background(), k, req("ask  How many shells?"))
	if r := th.Answer(context.Background(), k, req("ask How many shells?")); r.Answer == nil || r.Answer.Question != "How many shells?" {
		t.Errorf("ask: %+v", r.Answer)
	}
	if r := th.Answer(context.Background(), k, req(strings.Repeat("shells ", 1000))); r.Kind != bot.KindError || !strings.Contains(r.Text, "ask in at most 4096") {
		t.Errorf("a long question: %+v", r)
	}
	if r := th.Answer(context.Background(), k, req(`""`)); r.Kind != bot.KindError {
		t.Errorf("no words: %+v", r)
	}
	a.fail = errors.New("index on fire")
	if r := th.Answer(context.Background(), k, req("shells")); r.Kind != bot.KindError || r.Text != bot.SomethingWentWrong {
		t.Errorf("failed ask: %+v", r)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "briefbot_commands_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			var l []string
			for _, p := range m.GetLabel() {
				l = append(l, p.GetValue())
			}
			counts[strings.Join(l, " ")] = m.GetCounter().GetValue()
		}
	}
	for labels, want := range map[string]float64{
		"question answered discord": 3, "question user_error discord": 2, "question error discord": 1, "help help discord": 3,
	} {
		if counts[labels] != want {
			t.Errorf("commands_total{%s} = %v, want %v (all: %v)", labels, counts[labels], want, counts)
		}
	}
}

// An answer shown outside a conversation begins a thread: a follow-up has
// it as context, as old as it was when shown; its messages lead to the
// thread.
func TestBegin(t *testing.T) {
	th, a, clk, _ := newThreads(t)
	k := state.ThreadKey{Platform: "discord", Channel: "c1", Thread: "m-answer"}
	shown := &corpus.Answer{Question: "How many shells?", Citations: []corpus.Citation{{N: 1, DocID: "d-shells"}, {N: 2, DocID: "d-shells"}, {N: 3, DocID: "d-other"}}}
	if err := th.Begin(t.Context(), k, shown, clk.Now().Add(-time.Hour), "m-answer"); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := th.Resolve(t.Context(), "discord", "c1", "m-answer"); err != nil || !ok || got != k {
		t.Errorf("Resolve = %v, %v, %v", got, ok, err)
	}
	ask(t, th, k, "What about missiles?")
	c := a.last()
	if len(c.Earlier) != 1 || c.Earlier[0].Question != "How many shells?" || !reflect.DeepEqual(c.Earlier[0].Docs, []string{"d-shells", "d-other"}) || c.Earlier[0].Weight != LatestWeight {
		t.Errorf("context %+v", c)
	}
	// Shown more than a day ago: no context.
	old := state.ThreadKey{Platform: "discord", Channel: "c1", Thread: "m-old"}
	if err := th.Begin(t.Context(), old, shown, clk.Now().Add(-ContextAge-time.Minute)); err != nil {
		t.Fatal(err)
	}
	ask(t, th, old, "What about missiles?")
	if c := a.last(); len(c.Earlier) != 0 {
		t.Errorf("a day-old answer gave context %+v", c)
	}
	if err := th.Begin(t.Context(), k, nil, clk.Now()); err == nil {
		t.Error("began a thread with no answer")
	}
}
