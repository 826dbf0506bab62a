package slack

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/timeline"
)

func timelineReply() bot.Reply {
	quill := "On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army <again> & *soon*."
	t := timeline.Timeline{Topic: "North Korean troops in Russia", Events: []timeline.Event{
		{Date: timeline.InYear(2022), Text: "In 2022 North Korea began shipping artillery shells to Russia.",
			Citations: []corpus.Citation{{N: 1, DocID: "q2", Title: "Shells_by rail", Source: "Quill Daily", URL: "https://quill.example/shells?a=1&b=2",
				Link: "https://quill.example/shells?a=1&b=2#:~:text=In%202022", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)}}},
		{Date: timeline.OnDay(2024, 10, 13), Text: quill,
			Citations: []corpus.Citation{
				{N: 2, DocID: "q1", Title: "Kyiv: troops <sent>", Source: "Quill Daily", URL: "https://quill.example/troops", Link: "https://quill.example/troops#:~:text=On%2013%20October", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)},
				{N: 3, DocID: "l1", Title: "Zelensky speaks", Source: "Lantern Post", Published: time.Date(2024, 10, 14, 0, 0, 0, 0, time.UTC)},
			}},
	}, More: 2}
	return bot.Reply{Kind: bot.KindTimeline, Timeline: &t, Text: bot.TimelineText(t), Ephemeral: true, Shareable: true, ShareText: "timeline " + t.Topic}
}

func TestTimelineGolden(t *testing.T) {
	golden(t, "timeline.json", Message(timelineReply()))
}

func TestTimelineBlocks(t *testing.T) {
	m := Message(timelineReply())
	blocks := blocksJSON(t, m)
	var types []string
	for _, b := range blocks {
		types = append(types, b["type"].(string))
	}
	if got := strings.Join(types, " "); got != "header section context section context context actions" {
		t.Errorf("blocks: %s", got)
	}
	all := strings.Join(texts(blocks), "\n")
	for _, want := range []string{
		"*2024-10-13*  On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army &lt;again&gt; &amp; ∗soon∗.",
		"<https://quill.example/troops#:~:text=On%2013%20October|[2]>", "[3] Zelensky speaks · Lantern Post · 2024-10-14",
		"…and 2 more; narrow the topic",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("lacks %q:\n%s", want, all)
		}
	}
	if m.ResponseType != Ephemeral || !strings.HasPrefix(m.Text, "Timeline: North Korean troops in Russia\n2022 — In 2022") {
		t.Errorf("response type %q, fallback %q", m.ResponseType, m.Text)
	}
}

// A timeline larger than a message: Slack's limits hold and the note
// counts what was left out.
func TestTimelineLimits(t *testing.T) {
	var tl timeline.Timeline
	tl.Topic = strings.Repeat("floods ", 40)
	n := 0
	for d := 0; d < 40; d++ {
		e := timeline.Event{Date: timeline.DayOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)),
			Text: strings.Repeat("The river <rose> & the town_flooded again. ", 100)}
		for c := 0; c < 12; c++ {
			n++
			e.Citations = append(e.Citations, corpus.Citation{N: n, Title: strings.Repeat("T", 400), Source: strings.Repeat("S", 300), URL: "https://x.example/" + strings.Repeat("p", 900)})
		}
		tl.Events = append(tl.Events, e)
	}
	r := bot.Reply{Kind: bot.KindTimeline, Timeline: &tl, Text: bot.TimelineText(tl), Shareable: true, ShareText: "timeline floods"}
	m := Message(r)
	blocks := blocksJSON(t, m)
	if len(blocks) > MaxBlocks {
		t.Fatalf("%d blocks", len(blocks))
	}
	for _, s := range texts(blocks) {
		if utf8.RuneCountInString(s) > MaxSectionText {
			t.Errorf("text of %d characters", utf8.RuneCountInString(s))
		}
	}
	for _, b := range blocks {
		if els, ok := b["elements"].([]any); ok && len(els) > MaxContextElems {
			t.Errorf("%d context elements", len(els))
		}
	}
	shown := (len(blocks) - 3) / 2 // less header, note and button
	all := strings.Join(texts(blocks), "\n")
	if !strings.Contains(all, fmt.Sprintf("…and %d more;", 40-shown)) || !strings.Contains(all, "and 3 more") || blocks[len(blocks)-1]["type"] != "actions" {
		t.Errorf("%d events shown; note or button missing:\n%s", shown, all[max(0, len(all)-3000):])
	}
	if utf8.RuneCountInString(m.Text) > maxFallbackText {
		t.Errorf("fallback of %d characters", utf8.RuneCountInString(m.Text))
	}
}

func TestTimelineEmpty(t *testing.T) {
	tl := timeline.Timeline{Topic: "flamingo"}
	m := Message(bot.Reply{Kind: bot.KindTimeline, Timeline: &tl, Text: tl.Empty(), Ephemeral: true})
	if all := texts(blocksJSON(t, m)); len(all) != 1 || all[0] != "No dated events about “flamingo” in the sources." {
		t.Errorf("%q", all)
	}
}

// Through Message, the path every reply takes, a timeline shows its
// events (laid out by timelineBlocks once Message hands it the kind, as
// plain text until then).
func TestTimelineThroughMessage(t *testing.T) {
	all := strings.Join(texts(blocksJSON(t, Message(timelineReply()))), "\n")
	for _, want := range []string{"In 2022 North Korea began shipping artillery shells to Russia.", "2024-10-13", "…and 2 more"} {
		if !strings.Contains(all, want) {
			t.Errorf("lacks %q:\n%s", want, all)
		}
	}
}
