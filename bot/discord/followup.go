package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
)

// "Follow up" under an answer opens a modal with one text field; the
// question typed there is answered in the answer's thread, with the
// thread's earlier questions as context (bot/thread), as a Slack thread
// reply or a Discord mention in reply to an answer is. The button and the
// modal carry the key of the answer as shown (share.go).
//
// A public answer's follow-up is posted in the channel as a reply to the
// answer (the modal is acknowledged quietly, type 6, and the reply posted
// over REST, which names the asker without pinging them). An ephemeral
// answer cannot be replied to, and what was asked privately stays
// private: its follow-up answers the modal itself, ephemerally (type 5,
// then an edit of that response). Either way the answer is linked to the
// thread, so its own "Follow up" continues it.
//
// An answer that began no conversation (a /brief reply) begins one: its
// question and cited documents, as shown and when, are the thread's first
// turn. An answer briefbot no longer holds (evicted, or shown before a
// restart) and that is no conversation's gives no context: the follow-up
// is answered alone.
const (
	followPrefix      = "brief:follow#"   // the button's custom_id, then the key
	followModalPrefix = "brief:followup#" // the modal's
	followInputID     = "question"
	// Discord's limits: a modal's title and a text input's label at most
	// 45 characters, a placeholder 100, a value 4,000.
	followTitle       = "Follow up"
	followLabel       = "Your follow-up question"
	maxFollowUp       = 1000
	maxPlaceholder    = 100
	followUnavailable = "Follow-ups are not available here; ask with /brief instead."
)

// openFollowUp answers a click on "Follow up" with the modal (type 9). It
// reports false for other buttons.
func (h *Adapter) openFollowUp(i *discordgo.Interaction, customID string, respond respondFunc) bool {
	key, ok := strings.CutPrefix(customID, followPrefix)
	if !ok {
		return false
	}
	if h.cfg.Threads == nil {
		h.send(i, "inline", respond, ephemeral(followUnavailable))
		return true
	}
	placeholder := "What about missiles?"
	if shown, ok := h.shares.get(key); ok && shown.reply.Answer != nil && strings.TrimSpace(shown.reply.Answer.Question) != "" {
		placeholder = truncate("After: "+oneLine(shown.reply.Answer.Question), maxPlaceholder)
	}
	h.send(i, "inline", respond, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: followModalPrefix + key,
			Title:    followTitle,
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: followInputID, Label: followLabel, Style: discordgo.TextInputParagraph,
					Placeholder: placeholder, Required: true, MinLength: 1, MaxLength: maxFollowUp},
			}}},
		},
	})
	return true
}

// submitFollowUp acknowledges a submitted follow-up at once, within
// Discord's 3 seconds however long the answer takes, and answers it in
// the background.
func (h *Adapter) submitFollowUp(i *discordgo.Interaction, data discordgo.ModalSubmitInteractionData, respond respondFunc) {
	key, ok := strings.CutPrefix(data.CustomID, followModalPrefix)
	if !ok {
		h.send(i, "inline", respond, ephemeral("That form is not briefbot's, or is from an older version; ask again."))
		return
	}
	text := strings.TrimSpace(modalValue(data.Components, followInputID))
	switch {
	case text == "":
		h.send(i, "inline", respond, ephemeral("Type a question to follow up with."))
		return
	case len(text) > MaxMentionText: // Discord cuts it at maxFollowUp
		h.send(i, "inline", respond, ephemeral("That question is too long; ask a shorter one."))
		return
	}
	answerID, private := "", true
	if i.Message != nil {
		answerID, private = i.Message.ID, i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	}
	asReply := answerID != "" && !private && h.cfg.Token != ""
	ack := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	if !asReply {
		ack = &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: message{Ephemeral: private}.flags()}}
	}
	if !h.send(i, "deferred", respond, ack) {
		return
	}
	req := request(i, text)
	h.cfg.Go(func() { h.answerFollowUp(i, key, answerID, req, asReply) })
}

// answerFollowUp answers req, a follow-up on the answer message answerID
// kept under key, in its thread, posts the reply (see the top of the
// file), and records it in the thread.
func (h *Adapter) answerFollowUp(i *discordgo.Interaction, key, answerID string, req bot.Request, asReply bool) {
	log := h.cfg.Logger
	ctx, cancel := context.WithTimeout(h.cfg.Context, handleTimeout)
	defer cancel()
	k := h.followUpThread(ctx, i.ChannelID, answerID, key)
	reply := h.cfg.Threads.Answer(ctx, k, req)
	m := h.render(reply, false)
	// Deliver even while serve shuts down, briefly.
	dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), followupTimeout)
	defer dcancel()
	var posted *discordgo.Message
	var err error
	switch {
	case asReply && reply.Kind == bot.KindError:
		// A mistake in the question is for the asker only.
		m.Ephemeral = true
		posted, err = h.followupMessage(dctx, i, m)
	case asReply:
		posted, err = h.postReply(dctx, i, answerID, req, m)
	default:
		err = withRetry(dctx, func(opts ...discordgo.RequestOption) error {
			var err error
			posted, err = h.session.InteractionResponseEdit(i, m.webhookEdit(), opts...)
			return err
		})
	}
	h.cfg.Metrics.Delivery("discord", "follow_up", outcomeOf(err))
	if err != nil {
		log.Error("discord: follow-up answer not delivered", "interaction", i.ID, "channel", i.ChannelID, "err", hideToken(err, i.Token))
		return
	}
	if reply.Kind == bot.KindError || posted == nil {
		return
	}
	if err := h.cfg.Threads.Record(dctx, k, req, reply, posted.ID); err != nil {
		log.Error("discord: follow-up not recorded; a follow-up on it starts afresh", "interaction", i.ID, "err", err)
	}
}

// followUpThread is the thread a follow-up on answer message answerID,
// kept under key, continues: the answer's own when it has one (a
// mention's reply, an earlier follow-up's answer), else one begun from the
// answer as shown, else (the answer forgotten) a new one.
func (h *Adapter) followUpThread(ctx context.Context, channel, answerID, key string) state.ThreadKey {
	log, t := h.cfg.Logger, h.cfg.Threads
	if answerID != "" {
		switch k, ok, err := t.Resolve(ctx, "discord", channel, answerID); {
		case err != nil:
			log.Warn("discord: thread of an answer unknown; answering the follow-up without context", "message", answerID, "err", err)
		case ok:
			return k
		}
	}
	anchor := answerID
	if anchor == "" {
		anchor = "answer:" + key
	}
	k := state.ThreadKey{Platform: "discord", Channel: channel, Thread: anchor}
	shown, ok := h.shares.get(key)
	if !ok || !shown.reply.Cited() {
		log.Info("discord: answer followed up no longer kept; answering alone", "message", answerID)
		return k
	}
	if known, err := t.Known(ctx, k); err == nil && known {
		return k
	}
	var links []string
	if answerID != "" {
		links = append(links, answerID)
	}
	if err := t.Begin(ctx, k, shown.reply.Answer, shown.at, links...); err != nil {
		log.Warn("discord: answer followed up not recorded; answering without context", "message", answerID, "err", err)
	}
	return k
}

// postReply posts m in the channel as a reply to the answer, naming the
// asker without pinging anyone. Without Send Messages there it goes
// through the interaction, which needs no permission.
func (h *Adapter) postReply(ctx context.Context, i *discordgo.Interaction, answerID string, req bot.Request, m message) (*discordgo.Message, error) {
	out := m.send()
	if out.Content == "" && req.UserID != "" {
		out.Content = "Follow-up from <@" + req.UserID + ">"
	}
	no := false
	out.Reference = &discordgo.MessageReference{MessageID: answerID, ChannelID: i.ChannelID, GuildID: i.GuildID, FailIfNotExists: &no}
	out.AllowedMentions = noMentions()
	var posted *discordgo.Message
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		posted, err = h.session.ChannelMessageSendComplex(i.ChannelID, out, opts...)
		return err
	})
	if err == nil {
		return posted, nil
	}
	h.cfg.Logger.Warn("discord: follow-up reply not posted; answering through the interaction", "channel", i.ChannelID, "err", err)
	posted, ferr := h.followupMessage(ctx, i, m)
	if ferr != nil {
		return nil, errors.Join(err, ferr)
	}
	return posted, nil
}

// followupMessage sends m as a follow-up message of the interaction.
func (h *Adapter) followupMessage(ctx context.Context, i *discordgo.Interaction, m message) (*discordgo.Message, error) {
	var posted *discordgo.Message
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		posted, err = h.session.FollowupMessageCreate(i, true, m.webhookParams(), opts...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("discord: follow-up message: %w", err)
	}
	return posted, nil
}

// modalValue is the value of the text input id among a submitted modal's
// components (action rows of inputs).
func modalValue(cs []discordgo.MessageComponent, id string) string {
	for _, c := range cs {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			if v := modalValue(c.Components, id); v != "" {
				return v
			}
		case *discordgo.TextInput:
			if c.CustomID == id {
				return c.Value
			}
		}
	}
	return ""
}
