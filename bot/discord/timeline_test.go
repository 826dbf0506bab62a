package discord

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/timeline"
)

func timelineReply() bot.Reply {
	t := timeline.Timeline{Topic: "North Korean troops in Russia", Events: []timeline.Event{
		{Date: timeline.InYear(2022), Text: "In 2022 North Korea began shipping artillery shells to Russia.",
			Citations: []corpus.Citation{{N: 1, DocID: "q2", Title: "Shells (by rail)", Source: "Quill Daily", URL: "https://quill.example/shells?a=1&b=2",
				Link: "https://quill.example/shells?a=1&b=2#:~:text=In%202022", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)}}},
		{Date: timeline.OnDay(2024, 10, 13), Text: "On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army *again* [sic].",
			Citations: []corpus.Citation{
				{N: 2, DocID: "q1", Title: "Kyiv: troops sent", Source: "Quill Daily", URL: "https://quill.example/troops", Link: "https://quill.example/troops#:~:text=On%2013%20October", Published: time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)},
				{N: 3, DocID: "l1", Title: "Zelensky speaks", Source: "Lantern Post", Published: time.Date(2024, 10, 14, 0, 0, 0, 0, time.UTC)},
			}},
	}, More: 2}
	return bot.Reply{Kind: bot.KindTimeline, Timeline: &t, Text: bot.TimelineText(t), Ephemeral: true, Shareable: true, ShareText: "timeline " + t.Topic}
}

func timelineMessage(r bot.Reply) message {
	m := message{Ephemeral: r.Ephemeral}
	m.Content, m.Embeds = timelineEmbeds(r)
	return m
}

func TestTimelineGolden(t *testing.T) {
	m := timelineMessage(timelineReply())
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m.responseData()); err != nil {
		t.Fatal(err)
	}
	golden(t, "timeline.json", []byte(b.String()))
	checkLimits(t, m)
	e := m.Embeds[0]
	for _, want := range []string{
		"**2024-10-13** On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army \\*again\\* \\[sic\\]. [\\[2\\]](<https://quill.example/troops#:~:text=On%2013%20October>) \\[3\\]",
	} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, e.Description)
		}
	}
	if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Value, "\\[3\\] Zelensky speaks — Lantern Post · 2024-10-14") || e.Footer == nil || !strings.HasPrefix(e.Footer.Text, "…and 2 more;") {
		t.Errorf("fields %+v footer %+v", e.Fields, e.Footer)
	}
}

// A timeline larger than a message: Discord's limits hold and the footer
// counts what was left out.
func TestTimelineLimits(t *testing.T) {
	var tl timeline.Timeline
	tl.Topic = strings.Repeat("floods ", 60)
	n := 0
	for d := 0; d < 40; d++ {
		e := timeline.Event{Date: timeline.DayOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d)),
			Text: strings.Repeat("The river [rose] & the *town* flooded again. ", 40)}
		for c := 0; c < 12; c++ {
			n++
			e.Citations = append(e.Citations, corpus.Citation{N: n, Title: strings.Repeat("T", 400), Source: strings.Repeat("S", 300), URL: "https://x.example/" + strings.Repeat("p", 480)})
		}
		tl.Events = append(tl.Events, e)
	}
	m := timelineMessage(bot.Reply{Kind: bot.KindTimeline, Timeline: &tl})
	checkLimits(t, m)
	e := m.Embeds[0]
	shown := strings.Count(e.Description, "\n") + 1
	if shown < 3 || e.Footer == nil || !strings.HasPrefix(e.Footer.Text, fmt.Sprintf("…and %d more;", 40-shown)) {
		t.Errorf("%d shown, footer %+v", shown, e.Footer)
	}
	last := e.Fields[len(e.Fields)-1].Value
	if !strings.Contains(last, "more sources") {
		t.Errorf("sources not counted: %q", last)
	}
}

func TestTimelineEmptyAndSubcommand(t *testing.T) {
	tl := timeline.Timeline{Topic: "flamingo *migration*"}
	m := timelineMessage(bot.Reply{Kind: bot.KindTimeline, Timeline: &tl, Text: tl.Empty()})
	if m.Content != "No dated events about “flamingo \\*migration\\*” in the sources." || len(m.Embeds) != 0 {
		t.Errorf("%+v", m)
	}
	if _, err := Command(append(DefaultSubcommands(), TimelineSubcommand())); err != nil {
		t.Error(err)
	}
	data := discordgo.ApplicationCommandInteractionData{Name: CommandName, Options: []*discordgo.ApplicationCommandInteractionDataOption{{
		Name: "timeline", Type: discordgo.ApplicationCommandOptionSubCommand,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "topic", Type: discordgo.ApplicationCommandOptionString, Value: "North Korean troops"}},
	}}}
	text, _ := requestText(data, append(DefaultSubcommands(), TimelineSubcommand()))
	if text != "timeline North Korean troops" {
		t.Errorf("request text %q", text)
	}
}

// Through render, the path every reply takes, a timeline shows its events
// within Discord's limits (laid out by timelineEmbeds once render hands it
// the kind, as plain text until then).
func TestTimelineThroughRender(t *testing.T) {
	m := render(timelineReply(), "", DefaultSubcommands())
	checkLimits(t, m)
	all := m.Content
	for _, e := range m.Embeds {
		all += e.Description
		for _, f := range e.Fields {
			all += f.Name + f.Value
		}
		if e.Footer != nil {
			all += e.Footer.Text
		}
	}
	for _, want := range []string{"In 2022 North Korea began shipping artillery shells to Russia.", "2024-10-13", "…and 2 more"} {
		if !strings.Contains(all, want) {
			t.Errorf("lacks %q:\n%s", want, all)
		}
	}
}
