package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

// Answer layout: the best sentence is kept short enough to leave room for
// the cited passages within maxEmbedsTotal; a passage is quoted only if at
// least minQuote characters of it fit; link URLs longer than maxLinkURL are
// not worth their room; footerReserve is room kept for the footer.
const (
	answerDescriptionMax = 1000
	differenceMax        = 600
	minQuote             = 120
	maxLinkURL           = 512
	footerReserve        = 80
)

// EmbedColor is briefbot's accent on embeds.
const EmbedColor = 0x3b6ea5

// render lays a reply out as a Discord message. shareID, when not empty, is
// the custom_id of a "Post to channel" button added to shareable replies;
// subs supplies the Discord syntax shown in help.
func render(r bot.Reply, shareID string, subs []Subcommand) message {
	return renderButtons(r, buttons{share: shareID}, subs)
}

// renderButtons is render with b's buttons.
func renderButtons(r bot.Reply, b buttons, subs []Subcommand) message {
	m := message{Ephemeral: r.Ephemeral}
	switch {
	case r.Kind == bot.KindAnswer && r.Answer != nil:
		m.Embeds = []*discordgo.MessageEmbed{answerEmbed(r)}
	case r.Kind == bot.KindSources:
		m.Embeds = []*discordgo.MessageEmbed{sourcesEmbed(r)}
	case r.Kind == bot.KindHelp:
		m.Embeds = []*discordgo.MessageEmbed{helpEmbed(r, subs)}
	case r.Kind == bot.KindDigest && r.Digest != nil:
		m.Content, m.Embeds = digestEmbeds(r) // escaped there
	case r.Kind == bot.KindTimeline && r.Timeline != nil:
		m.Content, m.Embeds = timelineEmbeds(r)
	default:
		text := r.Text
		if strings.TrimSpace(text) == "" {
			text = bot.SomethingWentWrong
		}
		m.Content = escapeSpans(text)
	}
	m.Content = truncate(m.Content, maxContent)
	m.Embeds = fit(m.Embeds)
	m.Components = actionRow(r, b)
	return m
}

func answerEmbed(r bot.Reply) *discordgo.MessageEmbed {
	a := r.Answer
	e := &discordgo.MessageEmbed{Color: EmbedColor, Title: truncate(escape(oneLine(a.Question)), maxTitle)}
	if e.Title == "" {
		e.Title = "Answer"
	}
	switch {
	case len(a.Citations) == 0:
		text := r.Text
		if text == "" {
			text = corpus.NotAnswered
		}
		e.Description = truncate(escape(text), maxDescription)
		if len(a.Related) > 0 {
			// Related passages stand under their own heading, never as
			// the answer.
			e.Description = truncate(e.Description+"\n\n**"+escape(corpus.RelatedHeading)+"**", maxDescription)
		}
	case len(a.Sentences) > 0:
		e.Description = answerMarkdown(a, answerDescriptionMax)
	case strings.TrimSpace(a.Answer) != "":
		e.Description = truncate(escape(a.Answer), answerDescriptionMax)
	}
	// Figures the sources give differently, right under the answer they
	// qualify.
	if len(a.Citations) > 0 && e.Description != "" {
		for _, d := range bot.DifferenceLines(a) {
			e.Description += "\n\n" + differenceMarkdown(a, d, differenceMax)
		}
	}
	cites := a.Citations
	if len(cites) == 0 {
		cites = a.Related
	}
	if len(cites) > maxFields {
		cites = cites[:maxFields]
	}
	// Share what is left of the 6,000 characters among the passages,
	// quoting fewer of them rather than too little of each.
	used := runes(e.Title) + runes(e.Description) + footerReserve
	type parts struct{ name, cite string }
	var heads []parts
	for i, c := range cites {
		n := c.N
		if n == 0 {
			n = i + 1
		}
		name := truncate(fmt.Sprintf("[%d] %s", n, escape(bot.Byline(truncate(c.Source, 100), bot.Date(c.Published)))), maxFieldName)
		title := c.Title
		if strings.TrimSpace(title) == "" {
			title = c.DocID
		}
		link := c.Link
		if len(safeURL(link)) > maxLinkURL {
			link = c.URL // without the text fragment
		}
		if len(safeURL(link)) > maxLinkURL {
			link = ""
		}
		cite := "— " + markdownLink(truncate(oneLine(title), 120), link)
		cost := runes(name) + runes(cite) + 1
		if used+cost+minQuote*(len(heads)+1) > maxEmbedsTotal {
			break
		}
		used += cost
		heads = append(heads, parts{name, cite})
	}
	cites = cites[:len(heads)]
	switch {
	case a.Matched == 1:
		e.Footer = &discordgo.MessageEmbedFooter{Text: "1 passage matched"}
	case a.Matched > 1 && int(a.Matched) <= len(cites):
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d passages matched", a.Matched)}
	case a.Matched > 1 && len(cites) == 1:
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d passages matched; the best is quoted", a.Matched)}
	case a.Matched > 1:
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d passages matched; the best %d are quoted", a.Matched, len(cites))}
	}
	room := maxEmbedsTotal - used
	for i, c := range cites {
		budget := min(maxFieldValue-runes(heads[i].cite)-1, room/(len(cites)-i))
		quote := quoteExcerpt(c, budget)
		value := heads[i].cite
		if quote != "" {
			value = quote + "\n" + heads[i].cite
		}
		room -= runes(quote)
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: heads[i].name, Value: value})
	}
	return e
}

// answerMarkdown is the composed answer, each sentence followed by its
// citation number linked to the quote, within limit characters.
func answerMarkdown(a *corpus.Answer, limit int) string {
	for budget := limit; ; budget = budget * 3 / 4 {
		var b strings.Builder
		for i, p := range bot.AnswerParts(a, budget) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(escape(p.Text))
			b.WriteByte(' ')
			link := p.Link
			if len(safeURL(link)) > maxLinkURL {
				link = ""
			}
			b.WriteString(markdownLink(fmt.Sprintf("[%d]", p.N), link))
		}
		if runes(b.String()) <= limit || budget < 40 {
			return truncate(b.String(), limit)
		}
	}
}

// differenceMarkdown is one difference in figures, its lead in bold and
// each citation number linked to its quote, within limit characters.
func differenceMarkdown(a *corpus.Answer, d bot.DifferenceLine, limit int) string {
	for budget := limit; ; budget = budget * 3 / 4 {
		var b strings.Builder
		if d.Lead != "" {
			b.WriteString("**" + escape(d.Lead) + "** ")
		}
		each := budget / max(len(d.Parts), 1)
		for i, p := range d.Parts {
			if i > 0 {
				b.WriteString(escape(d.Sep))
			}
			b.WriteString(escape(bot.Truncate(p.Text, each)))
			for _, n := range p.Ns {
				link := ""
				if n >= 1 && n <= len(a.Citations) {
					if link = a.Citations[n-1].Link; link == "" || len(safeURL(link)) > maxLinkURL {
						link = a.Citations[n-1].URL
					}
				}
				if len(safeURL(link)) > maxLinkURL {
					link = ""
				}
				b.WriteString(" " + markdownLink(fmt.Sprintf("[%d]", n), link))
			}
		}
		if runes(b.String()) <= limit || budget < 40 {
			return truncate(b.String(), limit)
		}
	}
}

// quoteExcerpt is the citation's passage, trimmed around its best sentence,
// escaped, its matched words in bold, as a block quote of at most budget
// characters.
func quoteExcerpt(c corpus.Citation, budget int) string {
	if budget < 8 {
		return ""
	}
	bold := func(s string) string { return "**" + s + "**" }
	limit := budget
	for limit > 0 {
		s := blockQuote(bot.Trim(c, limit).Render(escape, bold))
		over := runes(s) - budget
		if over <= 0 {
			return s
		}
		// Escapes, bold and quote marks take room too: shrink by the excess.
		limit -= max(over, 1)
	}
	return ""
}

func blockQuote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, "> "+l)
		}
	}
	return strings.Join(out, "\n")
}

func sourcesEmbed(r bot.Reply) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Color: EmbedColor, Title: truncate(escape(r.Text), maxTitle)}
	var b strings.Builder
	for i, d := range r.Documents {
		title := d.Title
		if strings.TrimSpace(title) == "" {
			title = d.ID
		}
		line := "• " + bot.Byline(markdownLink(truncate(oneLine(title), 200), d.URL), escape(d.Source), bot.Date(d.Published))
		if b.Len() > 0 {
			line = "\n" + line
		}
		if runes(b.String())+runes(line) > maxDescription-40 {
			fmt.Fprintf(&b, "\n…and %d more", len(r.Documents)-i)
			break
		}
		b.WriteString(line)
	}
	e.Description = b.String()
	if r.Total > len(r.Documents) && len(r.Documents) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Showing %d of %d documents", len(r.Documents), r.Total)}
	}
	return e
}

func helpEmbed(r bot.Reply, subs []Subcommand) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Color: EmbedColor, Title: "/" + CommandName, Description: truncate(escape(r.Text), maxDescription)}
	specs := map[string]Subcommand{}
	for _, s := range subs {
		specs[s.Name] = s
	}
	for _, c := range r.Help {
		s, ok := specs[strings.ToLower(c.Name)]
		if !ok {
			continue // not reachable from Discord
		}
		var b strings.Builder
		b.WriteString(escape(c.Summary))
		for _, ex := range c.Examples {
			b.WriteString("\n`" + strings.ReplaceAll(example(s, ex), "`", "'") + "`")
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  truncate(usage(s), maxFieldName),
			Value: truncate(b.String(), maxFieldValue),
		})
	}
	return e
}

// usage is a subcommand in Discord's syntax: "/brief ask question:<question>".
func usage(s Subcommand) string {
	parts := []string{"/" + CommandName, s.Name}
	for _, o := range s.Options {
		if o.Required {
			parts = append(parts, o.Name+":<"+o.Name+">")
		} else {
			parts = append(parts, "["+o.Name+":<"+o.Name+">]")
		}
	}
	return strings.Join(parts, " ")
}

// example rewrites a bot example ("help ask", or a bare question meant for
// ask) in Discord's syntax: "/brief help command: ask".
func example(s Subcommand, ex string) string {
	ex = strings.TrimSpace(ex)
	first, rest, _ := strings.Cut(ex, " ")
	if strings.EqualFold(first, s.Name) {
		ex = strings.TrimSpace(rest)
	}
	out := "/" + CommandName + " " + s.Name
	if ex != "" && len(s.Options) > 0 {
		out += " " + s.Options[0].Name + ": " + ex
	}
	return out
}

func digestEmbeds(r bot.Reply) (string, []*discordgo.MessageEmbed) {
	d := r.Digest
	heading := r.Text
	if heading == "" {
		heading = "What's new"
		if d.Topic != "" {
			heading += " on " + d.Topic
		}
	}
	// The digest's content is markdown of ours: escape the words, not the
	// hint below.
	heading = escape(heading)
	if len(d.Items) == 0 {
		return heading + "\nNothing new.", nil
	}
	items := d.Items
	more := d.More
	if len(items) > maxEmbeds {
		more += len(items) - maxEmbeds
		items = items[:maxEmbeds]
	}
	if more > 0 {
		heading += fmt.Sprintf("\n…and %d more (`/brief digest` for all).", more)
	}
	if note := d.RereportNote(); note != "" {
		heading += "\n" + escape(note)
	}
	per := maxEmbedsTotal / len(items)
	var out []*discordgo.MessageEmbed
	for _, it := range items {
		e := &discordgo.MessageEmbed{Color: EmbedColor, Title: truncate(escape(oneLine(it.Title)), min(maxTitle, per/4))}
		if u := safeURL(it.URL); u != "" {
			e.URL = u
		}
		footer := bot.Byline(it.UpdateNote(), it.Source, bot.Date(it.Date()))
		if len(it.AlsoReportedBy) > 0 {
			footer = bot.Byline(footer, "also reported by "+strings.Join(it.AlsoReportedNames(), ", "))
		}
		footer = bot.Byline(footer, it.RereportNote())
		// Reports that disagree are never left to read as confirmation.
		footer = bot.Byline(it.DifferNote(), footer)
		if footer != "" {
			e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(footer, min(maxFooter, per/4))}
		}
		room := per - runes(e.Title)
		if e.Footer != nil {
			room -= runes(e.Footer.Text)
		}
		e.Description = truncate(escape(strings.Join(it.Sentences, " ")), max(min(maxDescription, room), 1))
		out = append(out, e)
	}
	return heading, out
}
