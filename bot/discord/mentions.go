package discord

import (
	"context"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/thread"
)

// Mentions answers messages that @mention the bot, as replies. They reach
// the bot over the gateway with the GUILD_MESSAGES intent; Discord gives
// a bot the content of messages that mention it without the privileged
// MESSAGE_CONTENT intent, which briefbot does not ask for. A mention in
// reply to one of the bot's answers (Discord's reply, its ping left on)
// continues that answer's thread: it is a follow-up, asked with the
// thread's earlier questions as context.
type Mentions struct {
	a       *Adapter
	threads *thread.Threads
}

// MentionIntents are the gateway intents mentions need.
const MentionIntents = discordgo.IntentsGuildMessages

const (
	// mentionKeep is how long a handled message is remembered: against a
	// gateway that resumes and dispatches it again.
	mentionKeep = 24 * time.Hour
	// MaxMentionText bounds the text answered; Discord's own limit is
	// 4,000 characters.
	MaxMentionText = 16000
)

// Mentions returns the mention answerer of the adapter; run it with
// Mentions.RunGateway in place of Adapter.RunGateway.
func (a *Adapter) Mentions(t *thread.Threads) *Mentions {
	return &Mentions{a: a, threads: t}
}

// RunGateway is Adapter.RunGateway that also answers mentions.
func (m *Mentions) RunGateway(ctx context.Context) {
	m.a.runGateway(ctx, MentionIntents, m.OnMessageCreate)
}

// OnMessageCreate answers a message that mentions the bot; add it with
// Session.AddHandler.
func (m *Mentions) OnMessageCreate(s *discordgo.Session, mc *discordgo.MessageCreate) {
	log := m.a.cfg.Logger
	defer func() {
		if p := recover(); p != nil {
			log.Error("discord: mention handler panicked", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if mc == nil || mc.Message == nil {
		return
	}
	self := ""
	if s != nil && s.State != nil && s.State.User != nil {
		self = s.State.User.ID
	}
	msg := mc.Message
	if why := m.unanswered(msg, self); why != "" {
		if why != notMentioned {
			log.Info("discord message ignored", "message", msg.ID, "channel", msg.ChannelID, "why", why)
			m.a.cfg.Metrics.Delivery("discord", "mention", "ignored")
		}
		return
	}
	m.a.cfg.Go(func() { m.answer(msg, self) })
}

// unanswered says why msg is not a mention to answer, or "". Messages
// that do not mention the bot are every message of its guilds: they are
// left without a word (notMentioned).
func (m *Mentions) unanswered(msg *discordgo.Message, self string) string {
	switch {
	case self == "" || !mentions(msg, self):
		return notMentioned
	case msg.Author == nil:
		return "no author"
	case msg.Author.ID == self || msg.Author.Bot:
		return "written by a bot"
	case msg.ID == "" || msg.ChannelID == "":
		return "missing id or channel"
	case len(msg.Content) > MaxMentionText:
		return fmt.Sprintf("text of %d bytes, over %d", len(msg.Content), MaxMentionText)
	}
	return ""
}

const notMentioned = "no mention of the bot"

func mentions(msg *discordgo.Message, self string) bool {
	for _, u := range msg.Mentions {
		if u != nil && u.ID == self {
			return true
		}
	}
	return false
}

// answer claims msg, answers it in its thread and posts the reply.
func (m *Mentions) answer(msg *discordgo.Message, self string) {
	log := m.a.cfg.Logger
	ctx, cancel := context.WithTimeout(m.a.cfg.Context, handleTimeout)
	defer cancel()
	claimed, err := m.threads.Claim(ctx, mentionKeep, "discord:message:"+msg.ChannelID+":"+msg.ID)
	if err != nil {
		log.Error("discord: could not record a mention as handled; not answering it", "message", msg.ID, "err", err)
		return
	}
	if !claimed {
		log.Info("discord message ignored", "message", msg.ID, "why", "already handled")
		return
	}
	key := state.ThreadKey{Platform: "discord", Channel: msg.ChannelID, Thread: msg.ID}
	if ref := msg.MessageReference; ref != nil && ref.MessageID != "" {
		switch k, ok, err := m.threads.Resolve(ctx, "discord", msg.ChannelID, ref.MessageID); {
		case err != nil:
			log.Warn("discord: thread of a reply unknown; answering without context", "message", msg.ID, "err", err)
		case ok:
			key = k
		}
	}
	req := bot.Request{Platform: "discord", ID: msg.ID, TeamID: msg.GuildID, ChannelID: msg.ChannelID,
		UserID: msg.Author.ID, UserName: msg.Author.Username, Text: stripMention(msg.Content, self)}
	reply := m.threads.Answer(ctx, key, req)
	// With its buttons: rating, and a follow-up in this thread.
	out := m.a.render(reply, false).send()
	// A reply to the question, notifying its asker and no one else.
	no := false
	out.Reference = &discordgo.MessageReference{MessageID: msg.ID, ChannelID: msg.ChannelID, GuildID: msg.GuildID, FailIfNotExists: &no}
	out.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: true}
	// Deliver even while serve shuts down, briefly.
	dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), followupTimeout)
	defer dcancel()
	var posted *discordgo.Message
	err = withRetry(dctx, func(opts ...discordgo.RequestOption) error {
		var err error
		posted, err = m.a.session.ChannelMessageSendComplex(msg.ChannelID, out, opts...)
		return err
	})
	m.a.cfg.Metrics.Delivery("discord", "mention", outcomeOf(err))
	if err != nil {
		log.Error("discord: mention reply failed", "message", msg.ID, "channel", msg.ChannelID, "err", err)
		return
	}
	if err := m.threads.Record(dctx, key, req, reply, posted.ID); err != nil {
		log.Error("discord: mention reply not recorded; a reply to it starts afresh", "message", msg.ID, "err", err)
	}
}

func outcomeOf(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}

var userMentionRE = regexp.MustCompile(`<@!?([0-9]+)>`)

// stripMention removes the bot's mentions from content.
func stripMention(content, self string) string {
	content = userMentionRE.ReplaceAllStringFunc(content, func(s string) string {
		if userMentionRE.FindStringSubmatch(s)[1] == self {
			return ""
		}
		return s
	})
	return strings.Join(strings.Fields(content), " ")
}
