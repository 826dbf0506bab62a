package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot/state"
)

// Votes keeps users' votes on answers; *state.Store is one.
type Votes interface {
	Vote(ctx context.Context, f state.Feedback) error
}

// The custom_ids of "Helpful" and "Not helpful": a prefix and the key of
// the answer shown (share.go).
const (
	voteUpPrefix   = "brief:vote:up#"
	voteDownPrefix = "brief:vote:down#"
)

// What the one who clicked is told, privately. A vote on an answer the
// store no longer holds (evicted, or shown before a restart) is
// acknowledged and not recorded: what was rated is no longer known.
const (
	voteThanks = "Thanks for the feedback."
	voteGone   = "Thanks. That answer is no longer kept, so the vote was not recorded; rate a newer one."
	voteFailed = "Thanks. The vote could not be recorded just now; please try again."
)

// vote handles a click on "Helpful" or "Not helpful": the vote is stored
// with the answer as it was shown, then the click is answered with an
// ephemeral thanks (type 4, flags 64); the store's synced write takes
// milliseconds of Discord's 3 seconds. The same user voting again on the
// same answer replaces their vote. It reports false for other buttons.
func (h *Adapter) vote(i *discordgo.Interaction, customID string, respond respondFunc) bool {
	v, key := state.VoteUp, ""
	if k, ok := strings.CutPrefix(customID, voteUpPrefix); ok {
		key = k
	} else if k, ok := strings.CutPrefix(customID, voteDownPrefix); ok {
		v, key = state.VoteDown, k
	} else {
		return false
	}
	log := h.cfg.Logger
	req := request(i, "")
	text := voteThanks
	shown, ok := h.shares.get(key)
	switch {
	case !ok || !answered(shown.reply) || h.cfg.Feedback == nil || req.UserID == "":
		why := "stored answer gone"
		if h.cfg.Feedback == nil {
			why = "no feedback store"
		}
		log.Info("discord vote not recorded", "why", why, "interaction", i.ID, "user", req.UserID, "vote", v)
		text = voteGone
	default:
		f := state.AnswerFeedback(shown.reply.Answer)
		f.At, f.Platform, f.Vote, f.AnswerID = h.cfg.Now(), "discord", v, key
		f.Team, f.Channel, f.User = req.TeamID, req.ChannelID, req.UserID
		if err := h.cfg.Feedback.Vote(h.cfg.Context, f); err != nil {
			log.Error("discord vote not recorded", "interaction", i.ID, "user", req.UserID, "err", err)
			text = voteFailed
			break
		}
		h.cfg.Metrics.Vote("discord", v)
		log.Info("discord vote recorded", "interaction", i.ID, "user", req.UserID, "vote", v, "answer", key)
	}
	h.send(i, "feedback", respond, ephemeral(text))
	return true
}
