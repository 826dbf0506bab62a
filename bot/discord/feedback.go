package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
)

// The custom_ids of "Helpful" and "Not helpful": a prefix and the key of
// the answer shown (share.go).
const (
	voteUpPrefix   = "brief:vote:up#"
	voteDownPrefix = "brief:vote:down#"
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
	var text string
	shown, ok := h.shares.get(key)
	switch {
	case !ok || !shown.reply.Cited() || h.cfg.Feedback == nil || req.UserID == "":
		why := "stored answer gone"
		if h.cfg.Feedback == nil {
			why = "no feedback store"
		}
		log.Info("discord vote not recorded", "why", why, "interaction", i.ID, "user", req.UserID, "vote", v)
		text = bot.VoteGone
	default:
		f := state.AnswerFeedback(shown.reply.Answer)
		f.At, f.Platform, f.Vote, f.AnswerID = h.cfg.Now(), "discord", v, key
		f.Team, f.Channel, f.User = req.TeamID, req.ChannelID, req.UserID
		var err error
		if text, err = bot.RecordVote(h.cfg.Context, h.cfg.Feedback, h.cfg.Metrics, f); err != nil {
			log.Error("discord vote not recorded", "interaction", i.ID, "user", req.UserID, "err", err)
			break
		}
		log.Info("discord vote recorded", "interaction", i.ID, "user", req.UserID, "vote", v, "answer", key)
	}
	h.send(i, "feedback", respond, ephemeral(text))
	return true
}
