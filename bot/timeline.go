package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/timeline"
)

// TimelineEvents is how many events /brief timeline gathers, the best
// supported ones; platforms show as many of them as their limits allow.
const TimelineEvents = 12

// TimelineSentence bounds an event's sentence in chat, in characters.
const TimelineSentence = 280

// maxTimelineText bounds the plain-text form of a timeline: under
// Discord's 2,000-character message, the shortest limit it meets.
const maxTimelineText = 1900

func (b *Bot) timelineCommand(src timeline.Source) Command {
	return Command{
		Name: "timeline", Usage: "timeline <topic>",
		Summary:  "The dated events about a topic, oldest first, each with the sources that report it.",
		Examples: []string{"timeline North Korean troops in Russia", "timeline sanctions on Russia after:2024-06-01"},
		Run: func(ctx context.Context, req Request, args string) (Reply, error) {
			topic := strings.Join(strings.Fields(args), " ")
			if topic == "" {
				return Reply{Kind: KindError, Text: "Give a topic: /brief timeline North Korean troops in Russia", Ephemeral: true}, nil
			}
			t, err := timeline.Make(ctx, src, timeline.Query{Topic: topic, Limit: TimelineEvents})
			if err != nil {
				return Reply{}, err
			}
			r := Reply{Kind: KindTimeline, Timeline: &t, Text: TimelineText(t), Ephemeral: !b.cfg.InChannel}
			if len(t.Events) > 0 && r.Ephemeral {
				r.Shareable, r.ShareText = true, "timeline "+topic
			}
			return r, nil
		},
	}
}

// TimelineMore is the note under a timeline that shows only some of its
// events: where the rest are.
func TimelineMore(t timeline.Timeline, more int) string {
	return fmt.Sprintf("…and %d more; narrow the topic (after:YYYY-MM-DD, source:NAME) or run briefbot timeline -n 0 %s", more, t.Topic)
}

// TimelineLine is one event as plain text: "2024-10-13 — sentence [1][2]",
// the sentence cut to TimelineSentence characters.
func TimelineLine(e timeline.Event) string {
	var b strings.Builder
	b.WriteString(e.Date.String())
	b.WriteString(" — ")
	b.WriteString(Truncate(strings.Join(strings.Fields(e.Text), " "), TimelineSentence))
	b.WriteByte(' ')
	for _, c := range e.Citations {
		b.WriteString("[" + strconv.Itoa(c.N) + "]")
	}
	return b.String()
}

// TimelineText is a timeline as plain text within maxTimelineText
// characters: a heading, one line per event while they fit, and how many
// did not. Platforms show it where they cannot show more (notifications,
// fallbacks).
func TimelineText(t timeline.Timeline) string {
	if len(t.Events) == 0 {
		return t.Empty()
	}
	head := "Timeline: " + t.Topic
	lines := []string{head}
	used := utf8.RuneCountInString(head)
	for i, e := range t.Events {
		l := TimelineLine(e)
		more := t.More + len(t.Events) - i
		if used+utf8.RuneCountInString(l)+1+utf8.RuneCountInString(TimelineMore(t, more))+1 > maxTimelineText {
			lines = append(lines, TimelineMore(t, more))
			return strings.Join(lines, "\n")
		}
		lines = append(lines, l)
		used += utf8.RuneCountInString(l) + 1
	}
	if t.More > 0 {
		lines = append(lines, TimelineMore(t, t.More))
	}
	return strings.Join(lines, "\n")
}
