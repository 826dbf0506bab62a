package bot

import (
	"context"

	"github.com/briefbot/briefbot/bot/state"
)

// Votes keeps users' votes on answers; *state.Store is one.
type Votes interface {
	Vote(ctx context.Context, f state.Feedback) error
}

// What the one who clicked "Helpful" or "Not helpful" is told, privately,
// on every platform. A vote on an answer the store no longer holds
// (evicted, expired, or shown before a restart) is acknowledged and not
// recorded: what was rated is no longer known.
const (
	VoteThanks = "Thanks for the feedback."
	VoteGone   = "Thanks. That answer is no longer kept, so the vote was not recorded; rate a newer one."
	VoteFailed = "Thanks. The vote could not be recorded just now; please try again."
)

// RecordVote stores a vote and counts it, and returns what to tell the
// one who voted; the error, when the store refused it, is for the log.
// The same user voting again on the same answer replaces their vote.
func RecordVote(ctx context.Context, votes Votes, m *Metrics, f state.Feedback) (string, error) {
	if err := votes.Vote(ctx, f); err != nil {
		return VoteFailed, err
	}
	m.Vote(f.Platform, f.Vote)
	return VoteThanks, nil
}
