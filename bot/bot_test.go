package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/briefbot/briefbot/corpus"
)

// library is an in-memory corpus: it answers with the passages that contain
// every word of the question.
type library struct {
	docs    []corpus.DocumentInfo
	texts   map[string]string // doc id → passage
	asked   []corpus.Query
	err     error
	panicky bool
}

func (l *library) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	l.asked = append(l.asked, q)
	if l.panicky {
		panic("boom")
	}
	if l.err != nil {
		return corpus.Answer{}, l.err
	}
	a := corpus.Answer{Question: q.Raw, Query: q}
	words := strings.Fields(strings.ToLower(q.Text))
	for _, d := range l.docs {
		text := l.texts[d.ID]
		ok := len(words) > 0
		for _, w := range words {
			if !strings.Contains(strings.ToLower(text), w) {
				ok = false
			}
		}
		if ok {
			a.Citations = append(a.Citations, corpus.Citation{N: len(a.Citations) + 1, DocID: d.ID, Title: d.Title, Passage: text, Sentence: [2]int{0, len(text)}})
			if a.Answer == "" {
				a.Answer = text
			}
		}
	}
	return a, nil
}

func (l *library) Documents(ctx context.Context, limit int) ([]corpus.DocumentInfo, int, error) {
	if l.err != nil {
		return nil, 0, l.err
	}
	d := l.docs
	if limit > 0 && len(d) > limit {
		d = d[:limit]
	}
	return d, len(l.docs), nil
}

func newLibrary(n int) *library {
	l := &library{texts: map[string]string{}}
	base := time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		id := string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		l.docs = append(l.docs, corpus.DocumentInfo{ID: id, Title: "Doc " + id, FirstSeen: base.Add(-time.Duration(i) * time.Hour), Passages: 2})
		l.texts[id] = "North Korea sent shells to Russia, report " + id + "."
	}
	return l
}

func TestHandleRoutes(t *testing.T) {
	lib := newLibrary(3)
	b := New(Config{Asker: lib, Library: lib})
	b.Register(Command{Name: "subscribe", Usage: "subscribe <schedule>", Summary: "Subscribe the channel.",
		Run: func(ctx context.Context, req Request, args string) (Reply, error) {
			return Reply{Kind: KindMessage, Text: "subscribed:" + args}, nil
		}})
	cases := []struct {
		text     string
		kind     Kind
		contains string // in Reply.Text
		asked    string // the question the asker saw, "" for none
	}{
		{"", KindHelp, "briefbot answers", ""},
		{"   \t ", KindHelp, "briefbot answers", ""},
		{"help", KindHelp, "briefbot answers", ""},
		{"HELP", KindHelp, "briefbot answers", ""},
		{"help ask", KindHelp, "Answer a question", ""},
		{"help nosuch", KindHelp, `There is no command "nosuch"`, ""},
		{"frobnicate", KindHelp, `Unknown command "frobnicate"`, "frobnicate"},
		{"shells", KindAnswer, "", "shells"},
		{"subscibe daily", KindHelp, `did you mean "subscribe"`, ""},
		{"subscribe daily 9:00", KindMessage, "subscribed:daily 9:00", ""},
		{"Subscribe weekly", KindMessage, "subscribed:weekly", ""},
		{"ask", KindHelp, "Ask a question after /brief ask", ""},
		{"ask shells Russia", KindAnswer, "", "shells Russia"},
		{"shells Russia", KindAnswer, "", "shells Russia"},
		{"How many shells did North Korea send?", KindAnswer, "", "How many shells did North Korea send?"},
		{"Kursk", KindAnswer, "", "Kursk"},
		{"source of the shells", KindAnswer, "", "source of the shells"},
		{"sources", KindSources, "3 documents in the corpus", ""},
		{"ask after:2024-13-45 shells", KindError, "is not a date", ""},
		{"ask " + strings.Repeat("x", corpus.MaxQuestionBytes+1), KindError, "ask in at most", ""},
		{`ask "?!"`, KindError, "no words to search for", ""},
		{"ask zebra", KindAnswer, corpus.NotAnswered, "zebra"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			lib.asked = nil
			r := b.Handle(context.Background(), Request{Platform: "test", Text: c.text})
			if r.Kind != c.kind {
				t.Fatalf("kind = %d, want %d (reply %+v)", r.Kind, c.kind, r)
			}
			if !strings.Contains(r.Text, c.contains) {
				t.Errorf("text = %q, want it to contain %q", r.Text, c.contains)
			}
			switch {
			case c.asked == "" && len(lib.asked) > 0:
				t.Errorf("asked %q, want no question", lib.asked[0].Raw)
			case c.asked != "" && (len(lib.asked) != 1 || lib.asked[0].Raw != c.asked):
				t.Errorf("asked %v, want %q", lib.asked, c.asked)
			}
			if r.Kind == KindHelp && len(r.Help) == 0 {
				t.Error("help lists no commands")
			}
		})
	}
}

func TestHelpListsEveryCommandWithExamples(t *testing.T) {
	lib := newLibrary(1)
	b := New(Config{Asker: lib, Library: lib})
	b.Register(Command{Name: "digest", Usage: "digest [topic]", Summary: "What is new.", Examples: []string{"digest shells"}})
	r := b.Handle(context.Background(), Request{Text: "help"})
	var names []string
	for _, c := range r.Help {
		names = append(names, c.Name)
		if c.Usage == "" || c.Summary == "" || len(c.Examples) == 0 {
			t.Errorf("command %q lacks usage, summary or examples: %+v", c.Name, c)
		}
	}
	if got := strings.Join(names, ","); got != "ask,help,sources,digest" {
		t.Errorf("help lists %s, want ask,help,sources,digest in registration order", got)
	}
	if !r.Ephemeral {
		t.Error("help is not ephemeral")
	}
}

func TestAnswerSharing(t *testing.T) {
	lib := newLibrary(2)
	for _, inChannel := range []bool{false, true} {
		b := New(Config{Asker: lib, Library: lib, InChannel: inChannel})
		r := b.Handle(context.Background(), Request{Text: "shells Russia"})
		if r.Ephemeral == inChannel {
			t.Errorf("InChannel=%v: Ephemeral=%v", inChannel, r.Ephemeral)
		}
		if r.Shareable != !inChannel {
			t.Errorf("InChannel=%v: Shareable=%v", inChannel, r.Shareable)
		}
		if !inChannel {
			// Clicking the button re-runs ShareText and must get the same answer.
			again := b.Handle(context.Background(), Request{Text: r.ShareText})
			if again.Kind != KindAnswer || len(again.Answer.Citations) != len(r.Answer.Citations) {
				t.Errorf("ShareText %q gives %+v", r.ShareText, again)
			}
		}
	}
	// No answer: nothing worth sharing.
	b := New(Config{Asker: lib, Library: lib})
	if r := b.Handle(context.Background(), Request{Text: "zebra"}); r.Shareable {
		t.Error("an empty answer is shareable")
	}
}

func TestSourcesNewestFirstWithCounts(t *testing.T) {
	lib := newLibrary(25)
	b := New(Config{Asker: lib, Library: lib})
	r := b.Handle(context.Background(), Request{Text: "sources"})
	if r.Kind != KindSources || r.Total != 25 || len(r.Documents) != SourcesLimit {
		t.Fatalf("got kind %d total %d docs %d", r.Kind, r.Total, len(r.Documents))
	}
	if want := "25 documents in the corpus; the newest 20:"; r.Text != want {
		t.Errorf("text %q, want %q", r.Text, want)
	}
	for i := 1; i < len(r.Documents); i++ {
		if r.Documents[i].FirstSeen.After(r.Documents[i-1].FirstSeen) {
			t.Fatalf("document %d is newer than %d", i, i-1)
		}
	}
	empty := &library{}
	b = New(Config{Asker: empty, Library: empty})
	if r := b.Handle(context.Background(), Request{Text: "sources"}); !strings.Contains(r.Text, "empty") {
		t.Errorf("empty corpus says %q", r.Text)
	}
}

func TestHandleNeverFails(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	cases := []struct {
		name string
		lib  *library
		want string
	}{
		{"index error", &library{err: errors.New("disk on fire")}, SomethingWentWrong},
		{"query error", &library{err: &corpus.QueryError{Msg: "bad filter"}}, "bad filter"},
		{"panic", &library{panicky: true}, SomethingWentWrong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logs.Reset()
			b := New(Config{Asker: c.lib, Library: c.lib, Logger: log})
			r := b.Handle(context.Background(), Request{Platform: "test", ID: "req-42", Text: "shells"})
			if r.Kind != KindError || r.Text != c.want || !r.Ephemeral {
				t.Fatalf("reply %+v, want ephemeral error %q", r, c.want)
			}
			if c.want == SomethingWentWrong && !strings.Contains(logs.String(), "req-42") {
				t.Errorf("log lacks the request id: %s", logs.String())
			}
		})
	}
	// A registered command that panics is recovered too.
	b := New(Config{Asker: &library{}, Library: &library{}, Logger: log})
	b.Register(Command{Name: "boom", Run: func(context.Context, Request, string) (Reply, error) { panic("kaboom") }})
	if r := b.Handle(context.Background(), Request{Text: "boom"}); r.Text != SomethingWentWrong {
		t.Errorf("panicking command: %+v", r)
	}
	// Invalid UTF-8 and control characters are asked, cleaned.
	lib := newLibrary(1)
	b = New(Config{Asker: lib, Library: lib})
	r := b.Handle(context.Background(), Request{Text: "shells \xff\xfe Russia\x00"})
	if r.Kind != KindAnswer || len(r.Answer.Citations) != 1 {
		t.Errorf("invalid UTF-8 question: %+v", r)
	}
}

func TestMetricsCountCommands(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	lib := newLibrary(2)
	b := New(Config{Asker: lib, Library: lib, Metrics: m})
	for _, text := range []string{"shells", "zebra stripes", "help", "", "sources"} {
		b.Handle(context.Background(), Request{Platform: "slack", Text: text})
	}
	for _, c := range []struct {
		command, outcome string
		want             float64
	}{
		{"ask", "answered", 1}, {"ask", "no_answer", 1}, {"help", "help", 2}, {"sources", "ok", 1},
	} {
		if got := metricValue(t, reg, "briefbot_commands_total", "slack", c.command, c.outcome); got != c.want {
			t.Errorf("commands{%s,%s} = %v, want %v", c.command, c.outcome, got, c.want)
		}
	}
	if got := metricValue(t, reg, "briefbot_answer_seconds", "slack", "ask"); got != 2 {
		t.Errorf("ask latency observations = %v, want 2", got)
	}
	var nilMetrics *Metrics
	nilMetrics.Command("x", "y", "z", time.Second) // must not panic
	nilMetrics.Delivery("x", "y", "z")
}

// metricValue reads a counter's value, or a histogram's sample count, for
// the series whose label values are labels (in order).
func metricValue(t *testing.T, g prometheus.Gatherer, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			if len(m.GetLabel()) != len(labels) {
				continue
			}
			// Labels come sorted by name; compare as a set of values.
			have := map[string]bool{}
			for _, l := range m.GetLabel() {
				have[l.GetValue()] = true
			}
			for _, v := range labels {
				if !have[v] {
					continue next
				}
			}
			return value(m)
		}
	}
	return 0
}

func value(m *dto.Metric) float64 {
	if c := m.GetCounter(); c != nil {
		return c.GetValue()
	}
	if h := m.GetHistogram(); h != nil {
		return float64(h.GetSampleCount())
	}
	return m.GetGauge().GetValue()
}

// TestRegisterWhileServing: the digest layer registers commands after the
// adapters have started serving.
func TestRegisterWhileServing(t *testing.T) {
	lib := newLibrary(2)
	b := New(Config{Asker: lib, Library: &library{docs: lib.docs}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 100; i++ {
			b.Register(Command{Name: fmt.Sprintf("cmd%d", i), Run: func(context.Context, Request, string) (Reply, error) { return Reply{Kind: KindMessage}, nil }})
		}
	}()
	for i := 0; i < 100; i++ {
		b.Handle(context.Background(), Request{Text: "help"})
		b.Handle(context.Background(), Request{Text: "sources"})
	}
	<-done
	if r := b.Handle(context.Background(), Request{Text: "cmd99"}); r.Kind != KindMessage {
		t.Errorf("cmd99: %+v", r)
	}
}
