package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Poster posts replies (digests) into channels as the bot user; it is a
// bot.Poster. A 429 is waited out and retried a bounded number of times.
type Poster struct {
	session *discordgo.Session
	subs    []Subcommand // for help replies' syntax
}

// Post sends r to channelID; nil means Discord accepted the message.
func (p *Poster) Post(ctx context.Context, channelID string, r bot.Reply) error {
	// A posted message is public and has nobody to click a share button.
	r.Ephemeral, r.Shareable = false, false
	m := render(r, "", p.subs)
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := p.session.ChannelMessageSendComplex(channelID, m.send(), opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: post to channel %s: %w", channelID, err)
	}
	return nil
}
