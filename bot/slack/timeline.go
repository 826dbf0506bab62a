package slack

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/timeline"
)

// maxSourcesPerEvent leaves a context block's tenth element for the count
// of the sources not named.
const maxSourcesPerEvent = MaxContextElems - 1

// timelineBlocks lays out a timeline: a header; for each event, oldest
// first, a section with its date in bold, the sentence that reports it and
// its citation numbers linked to the quotes, and a context line naming the
// sources that report it; a note when events did not fit in Slack's 50
// blocks; the "Post to channel" button.
func timelineBlocks(r bot.Reply) ([]slack.Block, string) {
	t := r.Timeline
	if t == nil || len(t.Events) == 0 {
		msg := r.Text
		if t != nil && msg == "" {
			msg = t.Empty()
		}
		return []slack.Block{section(escape(msg))}, msg
	}
	fallback := r.Text
	if fallback == "" {
		fallback = bot.TimelineText(*t)
	}
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, bot.Truncate("Timeline: "+t.Topic, 150), false, false))}
	// Room for the note and the button.
	room := MaxBlocks - 2
	more := t.More
	for i, e := range t.Events {
		if len(blocks)+2 > room {
			more += len(t.Events) - i
			break
		}
		blocks = append(blocks, section(fit(func(n int) string { return eventMrkdwn(e, n) }, bot.TimelineSentence)), eventSources(e))
	}
	if more > 0 {
		blocks = append(blocks, contextBlock(escape(bot.TimelineMore(*t, more))))
	}
	if r.Shareable && r.ShareText != "" && len(r.ShareText) <= maxButtonValue {
		btn := slack.NewButtonBlockElement(ShareActionID, r.ShareText, slack.NewTextBlockObject(slack.PlainTextType, "Post to channel", false, false))
		blocks = append(blocks, slack.NewActionBlock("brief_actions", btn))
	}
	return blocks, fallback
}

// eventMrkdwn is "*2024-10-13*  sentence [1] [2]", the sentence cut to n
// characters, each number linked to its quote while the links fit in a
// section; the rest are plain numbers.
func eventMrkdwn(e timeline.Event, n int) string {
	var b strings.Builder
	b.WriteString("*" + e.Date.String() + "*  ")
	b.WriteString(escape(bot.Truncate(strings.Join(strings.Fields(e.Text), " "), n)))
	left := MaxSectionText - utf8.RuneCountInString(b.String())
	for _, c := range e.Citations {
		left -= len(" [" + strconv.Itoa(c.N) + "]")
	}
	for _, c := range e.Citations {
		num := "[" + strconv.Itoa(c.N) + "]"
		l := link(num, citeLink(c))
		if extra := utf8.RuneCountInString(l) - len(num); extra <= left {
			left -= extra
			num = l
		}
		b.WriteString(" " + num)
	}
	return b.String()
}

// eventSources names the sources of an event, one context element each:
// "[1] <link|title> · source · date".
func eventSources(e timeline.Event) *slack.ContextBlock {
	var elems []slack.MixedElement
	for i, c := range e.Citations {
		if i == maxSourcesPerEvent && len(e.Citations) > MaxContextElems {
			elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, fmt.Sprintf("and %d more", len(e.Citations)-i), false, false))
			break
		}
		text := fmt.Sprintf("[%d] ", c.N) + byline(bot.Truncate(c.Title, 150), citeLink(c), c.Source, bot.Date(c.Published))
		elems = append(elems, slack.NewTextBlockObject(slack.MarkdownType, truncateMrkdwn(text), false, false))
	}
	return slack.NewContextBlock("", elems...)
}
