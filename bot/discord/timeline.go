package discord

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/timeline"
)

// Timeline layout: the events take the description, up to
// timelineDescriptionMax characters; the sources share what is left of the
// 6,000 characters in fields.
const timelineDescriptionMax = 3600

// TimelineSubcommand is /brief timeline for Discord: append it to the
// subcommands registered (Config.Subcommands).
func TimelineSubcommand() Subcommand {
	return Subcommand{Name: "timeline", Description: "The dated events about a topic, oldest first, with their sources.", Options: []Option{
		{Name: "topic", Description: "What the events are about; filters: \"phrase\", -word, source:NAME, after:/before:YYYY-MM-DD", Required: true, MaxLength: 500},
	}}
}

// timelineEmbeds lays out a timeline as one embed: the topic as title;
// one line per event, oldest first (its date in bold, the sentence that
// reports it, its citation numbers linked to the quotes); the sources in
// fields; a footer saying how many events did not fit. render hands
// bot.KindTimeline here.
func timelineEmbeds(r bot.Reply) (string, []*discordgo.MessageEmbed) {
	t := r.Timeline
	if t == nil || len(t.Events) == 0 {
		msg := r.Text
		if t != nil && msg == "" {
			msg = t.Empty()
		}
		return escape(msg), nil
	}
	e := &discordgo.MessageEmbed{Color: EmbedColor, Title: truncate(escape(oneLine("Timeline: "+t.Topic)), maxTitle)}
	more := t.More
	shown := 0
	var desc strings.Builder
	for i, ev := range t.Events {
		line := eventMarkdown(ev)
		if desc.Len() > 0 {
			line = "\n" + line
		}
		if runes(desc.String())+runes(line) > timelineDescriptionMax {
			more += len(t.Events) - i
			break
		}
		desc.WriteString(line)
		shown++
	}
	e.Description = desc.String()
	footer := ""
	if more > 0 {
		footer = bot.TimelineMore(*t, more)
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(footer, maxFooter)}
	}
	// The sources of the events shown, as many as the rest of the 6,000
	// characters holds.
	room := maxEmbedsTotal - runes(e.Title) - runes(e.Description) - runes(footer)
	var field strings.Builder
	left := 0
	flush := func() {
		if field.Len() > 0 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Sources", Value: field.String()})
			room -= runes("Sources") + runes(field.String())
			field.Reset()
		}
	}
	for _, ev := range t.Events[:shown] {
		for _, c := range ev.Citations {
			line := sourceMarkdown(c.N, c.Title, c.URL, c.Source, bot.Date(c.Published))
			if field.Len() > 0 && runes(field.String())+1+runes(line) > maxFieldValue {
				flush()
			}
			// Room for this line, the field's name and a last "…and N more".
			if room-runes(field.String())-runes(line)-1-len("Sources")-40 < 0 || len(e.Fields) == maxFields {
				left++
				continue
			}
			if field.Len() > 0 {
				field.WriteByte('\n')
			}
			field.WriteString(line)
		}
	}
	if left > 0 {
		if field.Len() > 0 {
			field.WriteByte('\n')
		}
		fmt.Fprintf(&field, "…and %d more sources", left)
	}
	flush()
	return "", []*discordgo.MessageEmbed{e}
}

// maxEventLine bounds an event's line: the links of its citation numbers
// stop there, so that a much reported event leaves room for others.
const maxEventLine = 900

// eventMarkdown is "**2024-10-13** sentence [1] [2]", each number linked
// to its quote while the line stays under maxEventLine characters.
func eventMarkdown(ev timeline.Event) string {
	var b strings.Builder
	b.WriteString("**" + ev.Date.String() + "** ")
	b.WriteString(escape(bot.Truncate(oneLine(ev.Text), bot.TimelineSentence)))
	left := maxEventLine - runes(b.String())
	for _, c := range ev.Citations {
		left -= len(` \[` + strconv.Itoa(c.N) + `\]`)
	}
	for _, c := range ev.Citations {
		link := c.Link
		if len(safeURL(link)) > maxLinkURL {
			link = c.URL
		}
		if len(safeURL(link)) > maxLinkURL {
			link = ""
		}
		num := escape("[" + strconv.Itoa(c.N) + "]")
		if l := markdownLink("["+strconv.Itoa(c.N)+"]", link); runes(l)-runes(num) <= left {
			left -= runes(l) - runes(num)
			num = l
		}
		b.WriteString(" " + num)
	}
	return b.String()
}

// sourceMarkdown is "[1] [title](<url>) — source, date".
func sourceMarkdown(n int, title, url, source, date string) string {
	if len(safeURL(url)) > maxLinkURL {
		url = ""
	}
	s := fmt.Sprintf("\\[%d\\] %s", n, markdownLink(truncate(oneLine(title), 120), url))
	if meta := bot.Byline(escape(truncate(oneLine(source), 100)), date); meta != "" {
		s += " — " + meta
	}
	return s
}
