package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/timeline"
)

// passages is a library that also lists passages by topic, as the index
// does: what gives a bot its timeline command.
type passages struct {
	*library
	ps    []timeline.Passage
	topic string
}

func (p *passages) Passages(_ context.Context, q timeline.PassageQuery) ([]timeline.Passage, error) {
	p.topic = q.Topic
	return p.ps, nil
}

func (p *passages) Document(context.Context, string) (corpus.Document, bool, error) {
	return corpus.Document{}, false, nil
}

// dated is a passage whose one sentence reports an event on 13 October
// 2024 ("on Sunday", published Monday the 14th).
func dated(doc, source, text string) timeline.Passage {
	return timeline.Passage{
		Citation:  corpus.Citation{DocID: doc, Title: "About " + doc, Source: source, URL: "https://news.example/" + doc, Published: time.Date(2024, 10, 14, 8, 0, 0, 0, time.UTC), Passage: text},
		Sentences: []timeline.Sentence{{Span: [2]int{0, len(text)}, Cover: 1, Exact: 1}},
	}
}

func TestTimelineCommandRegistered(t *testing.T) {
	if _, ok := New(Config{Asker: newLibrary(1), Library: newLibrary(1)}).commands["timeline"]; ok {
		t.Error("a bot whose Asker cannot list passages has a timeline command")
	}
	src := &passages{library: newLibrary(1)}
	if _, ok := New(Config{Asker: src, Library: src}).commands["timeline"]; !ok {
		t.Error("no timeline command")
	}
}

func TestTimelineReply(t *testing.T) {
	src := &passages{library: newLibrary(1), ps: []timeline.Passage{
		dated("a", "Lantern Post", "Zelensky said on Sunday that North Korea was sending troops to Russia."),
		dated("b", "Quill Daily", "On 13 October 2024, Zelensky said North Korean troops were being sent to Russia."),
	}}
	b := New(Config{Asker: src, Library: src})
	r := b.Handle(context.Background(), Request{Platform: "slack", Text: "timeline  North Korean troops "})
	if r.Kind != KindTimeline || r.Timeline == nil || src.topic != "North Korean troops" {
		t.Fatalf("reply %+v, topic asked %q", r, src.topic)
	}
	if len(r.Timeline.Events) != 1 || len(r.Timeline.Events[0].Citations) != 2 {
		t.Errorf("events: %+v", r.Timeline.Events)
	}
	want := "Timeline: North Korean troops\n2024-10-13 — Zelensky said on Sunday that North Korea was sending troops to Russia. [1][2]"
	if r.Text != want || !r.Ephemeral || !r.Shareable || r.ShareText != "timeline North Korean troops" {
		t.Errorf("reply text %q (want %q), ephemeral %v, share %v %q", r.Text, want, r.Ephemeral, r.Shareable, r.ShareText)
	}

	src.ps = nil
	r = b.Handle(context.Background(), Request{Platform: "discord", Text: "timeline flamingo summit"})
	if r.Kind != KindTimeline || r.Text != "No dated events about “flamingo summit” in the sources." || r.Shareable {
		t.Errorf("no events: %+v", r)
	}
	r = b.Handle(context.Background(), Request{Platform: "discord", Text: "timeline   "})
	if r.Kind != KindError || !strings.Contains(r.Text, "/brief timeline North Korean troops in Russia") {
		t.Errorf("no topic: %+v", r)
	}
	r = b.Handle(context.Background(), Request{Platform: "discord", Text: "timeline troops after:2024-13-01"})
	if r.Kind != KindError || !strings.Contains(r.Text, "after:2024-13-01") {
		t.Errorf("bad filter: %+v", r)
	}
}

func TestTimelineText(t *testing.T) {
	tl := timeline.Timeline{Topic: "floods"}
	for d := 1; d <= 30; d++ {
		tl.Events = append(tl.Events, timeline.Event{Date: timeline.OnDay(2024, 3, d),
			Text:      fmt.Sprintf("On %d March 2024 the river rose again %s.", d, strings.Repeat("and the town was flooded once more ", 10)),
			Citations: []corpus.Citation{{N: d}}})
	}
	tl.More = 4
	text := TimelineText(tl)
	lines := strings.Split(text, "\n")
	if n := utf8.RuneCountInString(text); n > maxTimelineText {
		t.Errorf("%d characters", n)
	}
	shown := len(lines) - 2
	if lines[0] != "Timeline: floods" || !strings.HasPrefix(lines[1], "2024-03-01 — On 1 March 2024") ||
		lines[len(lines)-1] != TimelineMore(tl, 30-shown+4) {
		t.Errorf("text:\n%s", text)
	}
	for _, l := range lines[1 : len(lines)-1] {
		if utf8.RuneCountInString(l) > len("2024-03-01 — ")+TimelineSentence+len(" [30]") {
			t.Errorf("line not cut: %q", l)
		}
	}
}
