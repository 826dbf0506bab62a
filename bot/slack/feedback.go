package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
)

// vote records a click on "Helpful" or "Not helpful" with the answer as it
// was shown, and thanks the one who clicked, only them, through
// response_url. The click was acknowledged already; the same user voting
// again on the same answer replaces their vote (state.Store.Vote).
func (a *App) vote(id string, cb slack.InteractionCallback, act *slack.BlockAction) {
	v := state.VoteUp
	if act.ActionID == NotHelpfulActionID {
		v = state.VoteDown
	}
	shown, ok := a.shares.lookup(act.Value)
	if !a.spawn(func() {
		a.send(id, "feedback", func(ctx context.Context) error {
			text := a.record(ctx, id, cb, act.Value, v, shown, ok)
			msg := Message(bot.Reply{Kind: bot.KindMessage, Text: text, Ephemeral: true})
			msg.ReplaceOriginal = false
			return a.respond(ctx, cb.ResponseURL, msg)
		})
	}) {
		a.log.Warn("slack vote dropped: shutting down", "request_id", id)
	}
}

// record stores the vote and says what to tell the user.
func (a *App) record(ctx context.Context, id string, cb slack.InteractionCallback, value, v string, shown bot.Reply, ok bool) string {
	if !ok || !shown.Cited() || a.cfg.Feedback == nil || cb.User.ID == "" {
		why := "stored answer gone"
		if a.cfg.Feedback == nil {
			why = "no feedback store"
		}
		a.log.Info("slack vote not recorded", "why", why, "request_id", id, "user", cb.User.ID, "vote", v)
		return bot.VoteGone
	}
	f := state.AnswerFeedback(shown.Answer)
	f.At, f.Platform, f.Vote = a.cfg.Now(), "slack", v
	f.Team, f.Channel, f.User = cb.Team.ID, cb.Channel.ID, cb.User.ID
	f.AnswerID = strings.TrimPrefix(value, shareKeyPrefix)
	text, err := bot.RecordVote(ctx, a.cfg.Feedback, a.cfg.Metrics, f)
	if err != nil {
		a.log.Error("slack vote not recorded", "request_id", id, "user", cb.User.ID, "err", err)
		return text
	}
	a.log.Info("slack vote recorded", "request_id", id, "user", cb.User.ID, "vote", v, "answer", f.AnswerID)
	return text
}
