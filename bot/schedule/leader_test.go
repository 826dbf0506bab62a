package schedule

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/bot/state"
)

// notLeading is the state file as a shared store sees it from a replica
// that has just lost the digests' leadership: it refuses every claim.
type notLeading struct{ *state.Store }

type notLeaderErr struct{}

func (notLeaderErr) Error() string   { return "this replica no longer leads the digests" }
func (notLeaderErr) NotLeader() bool { return true }

func (notLeading) Intend(context.Context, string, state.Pending) (state.Subscription, error) {
	return state.Subscription{}, notLeaderErr{}
}

// A run whose claim is refused because another replica now leads is left
// to that replica: nothing is posted, and no failure is recorded against
// the subscription.
func TestRunClaimedByAnotherLeader(t *testing.T) {
	h := newHarness(t)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a1")
	h.svc.Store = notLeading{h.store}
	h.runAt(at(1, 8, 0))
	if n := len(h.poster.Posts()); n != 0 {
		t.Errorf("%d digests posted by a replica that does not lead", n)
	}
	got, err := h.store.Subscription(t.Context(), sub.ID)
	if err != nil || got.Failures != 0 || got.LastError != "" || got.Pending != nil {
		t.Errorf("subscription after the refused claim: %+v, %v", got, err)
	}
}
