package discord

import (
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Discord's message limits, in characters.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbeds      = 10
	maxEmbedsTotal = 6000 // all embeds of one message together
)

// fit enforces Discord's limits on a message's embeds whatever built them:
// per-part lengths, field and embed counts, then the 6,000-character total,
// dropping trailing fields and embeds rather than failing the message.
func fit(embeds []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if len(embeds) > maxEmbeds {
		embeds = embeds[:maxEmbeds]
	}
	for _, e := range embeds {
		e.Title = truncate(e.Title, maxTitle)
		e.Description = truncate(e.Description, maxDescription)
		if e.Footer != nil {
			e.Footer.Text = truncate(e.Footer.Text, maxFooter)
		}
		if len(e.Fields) > maxFields {
			e.Fields = e.Fields[:maxFields]
		}
		for _, f := range e.Fields {
			f.Name = truncate(f.Name, maxFieldName)
			f.Value = truncate(f.Value, maxFieldValue)
			// Discord rejects empty field names and values.
			if strings.TrimSpace(f.Name) == "" {
				f.Name = "\u200b"
			}
			if strings.TrimSpace(f.Value) == "" {
				f.Value = "\u200b"
			}
		}
	}
	for embedsLength(embeds) > maxEmbedsTotal {
		last := embeds[len(embeds)-1]
		switch {
		case len(last.Fields) > 0:
			last.Fields = last.Fields[:len(last.Fields)-1]
		case len(embeds) > 1:
			embeds = embeds[:len(embeds)-1]
		default:
			over := embedsLength(embeds) - maxEmbedsTotal
			last.Description = truncate(last.Description, max(runes(last.Description)-over, 1))
			if embedsLength(embeds) > maxEmbedsTotal {
				last.Title = truncate(last.Title, max(runes(last.Title)-(embedsLength(embeds)-maxEmbedsTotal), 1))
			}
		}
	}
	return embeds
}

// embedsLength counts the characters Discord counts towards the total.
func embedsLength(embeds []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range embeds {
		n += runes(e.Title) + runes(e.Description)
		if e.Footer != nil {
			n += runes(e.Footer.Text)
		}
		if e.Author != nil {
			n += runes(e.Author.Name)
		}
		for _, f := range e.Fields {
			n += runes(f.Name) + runes(f.Value)
		}
	}
	return n
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// truncate shortens s to limit characters at a word boundary with an
// ellipsis, never leaving a dangling escape backslash before it.
func truncate(s string, limit int) string {
	if runes(s) <= limit {
		return s
	}
	t := bot.Truncate(s, limit)
	body := strings.TrimSuffix(t, bot.Ellipsis)
	trail := len(body) - len(strings.TrimRight(body, `\`))
	if trail%2 == 1 {
		body = body[:len(body)-1]
	}
	return body + bot.Ellipsis
}
