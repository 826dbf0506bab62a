package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// message is a rendered reply, before it becomes whichever discordgo type
// the way it is sent needs.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Ephemeral  bool
}

// noMentions keeps quoted text (and users' questions) from pinging anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (m message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (m message) responseData() *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Flags: m.flags(),
	}
}

func (m message) webhookEdit() *discordgo.WebhookEdit {
	content, embeds, components := m.Content, m.Embeds, m.Components
	// Non-nil empty slices so an edit clears what the deferred message had.
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions()}
}

func (m message) webhookParams() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Flags: m.flags()}
}

func (m message) send() *discordgo.MessageSend {
	return &discordgo.MessageSend{Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()}
}

// buttons are the custom_ids of the buttons under a reply; an empty one
// is left out. All of them fit one action row (at most 5).
type buttons struct {
	share string // "Post to channel", on shareable replies only
	// up and down are "Helpful" and "Not helpful" (feedback.go), follow
	// is "Follow up" (followup.go): on answers with citations only.
	up, down, follow string
}

// actionRow is the row of r's buttons, nil when it has none.
func actionRow(r bot.Reply, b buttons) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if r.Shareable && b.share != "" {
		row = append(row, discordgo.Button{Label: "Post to channel", Style: discordgo.PrimaryButton, CustomID: b.share})
	}
	if r.Cited() {
		for _, btn := range []discordgo.Button{
			{Label: "Helpful", Style: discordgo.SecondaryButton, CustomID: b.up},
			{Label: "Not helpful", Style: discordgo.SecondaryButton, CustomID: b.down},
			{Label: "Follow up", Style: discordgo.SecondaryButton, CustomID: b.follow},
		} {
			if btn.CustomID != "" {
				row = append(row, btn)
			}
		}
	}
	if len(row) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}
