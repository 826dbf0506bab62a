package schedule

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
)

// channelPoster is a DigestPoster over an in-memory channel. Its posts can
// land and still fail (a timeout after the platform took the message), or
// land and hold until the caller's context ends (a kill mid-post).
type channelPoster struct {
	mu       sync.Mutex
	messages []post
	keys     []string
	attempts int
	// outcomes of the next posts, in turn: "" lands and confirms, "lost"
	// fails without landing, "landed" lands and fails, "hold" lands and
	// waits for the context.
	outcomes []string
	// findErrs fail the next searches, in turn.
	findErrs []error
	searches []string
	held     chan struct{}
}

func (p *channelPoster) Post(ctx context.Context, channel string, r bot.Reply) error {
	return p.PostDigest(ctx, channel, r, "")
}

func (p *channelPoster) PostDigest(ctx context.Context, channel string, r bot.Reply, key string) error {
	p.mu.Lock()
	p.attempts++
	outcome := ""
	if len(p.outcomes) > 0 {
		outcome, p.outcomes = p.outcomes[0], p.outcomes[1:]
	}
	if outcome != "lost" {
		p.messages = append(p.messages, post{channel, r})
		p.keys = append(p.keys, key)
	}
	p.mu.Unlock()
	switch outcome {
	case "lost":
		return errors.New("connection reset")
	case "landed":
		return errors.New("timeout awaiting response headers")
	case "hold":
		if p.held != nil {
			close(p.held)
		}
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (p *channelPoster) FindDigest(ctx context.Context, channel, key string, began time.Time) (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.searches = append(p.searches, key)
	if len(p.findErrs) > 0 {
		err := p.findErrs[0]
		p.findErrs = p.findErrs[1:]
		return false, err
	}
	for i, k := range p.keys {
		if k == key && p.messages[i].channel == channel {
			return true, nil
		}
	}
	return false, nil
}

func (p *channelPoster) state() (messages []post, keys []string, searches []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]post(nil), p.messages...), append([]string(nil), p.keys...), append([]string(nil), p.searches...)
}

func onceHarness(t *testing.T, p *channelPoster) *harness {
	h := newHarness(t)
	h.svc.Posters = map[string]bot.Poster{"slack": p}
	return h
}

// TestPostTakenButUnconfirmedNotPostedAgain: a post the platform took
// although the call failed is found by the retry, recorded as delivered
// with the window it covered, and not posted again.
func TestPostTakenButUnconfirmedNotPostedAgain(t *testing.T) {
	p := &channelPoster{outcomes: []string{"landed"}}
	h := onceHarness(t, p)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0))
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if got.Pending == nil || got.Failures != 1 || !got.Watermark.Equal(sub.Watermark) {
		t.Fatalf("after a failed post: %+v", got)
	}
	key := sub.ID + "-20240304T080000Z"
	if got.Pending.Key != key || !got.Pending.Until.Equal(at(1, 8, 0)) {
		t.Fatalf("pending %+v, want key %s until 08:00", got.Pending, key)
	}
	h.ingest(at(1, 8, 0).Add(30*time.Second), "b")
	h.runAt(at(1, 8, 1)) // the retry
	msgs, keys, searches := p.state()
	if len(msgs) != 1 || strings.Join(searches, ",") != key || keys[0] != key {
		t.Fatalf("%d messages (keys %v), searches %v; want 1 message, one search for %s", len(msgs), keys, searches, key)
	}
	got, _ = h.store.Subscription(t.Context(), sub.ID)
	if got.Pending != nil || got.Failures != 0 || !got.Watermark.Equal(at(1, 8, 0)) || !got.LastRun.Equal(at(1, 8, 0)) {
		t.Errorf("after finding the post: %+v; want the watermark at 08:00, what the post covered", got)
	}
	ds, _ := h.store.Deliveries(t.Context(), sub.ID)
	if len(ds) != 1 || !ds[0].Found || ds[0].Key != key || ds[0].Items != 1 {
		t.Errorf("deliveries %+v", ds)
	}
	// b, which the found post did not cover, goes out with the next run.
	h.runAt(at(2, 8, 0))
	msgs, keys, _ = p.state()
	if len(msgs) != 2 || strings.Join(docIDs(msgs[1].reply), ",") != "b" || keys[1] != sub.ID+"-20240305T080000Z" {
		t.Errorf("next day: %d messages, the last covering %v with key %v", len(msgs), docIDs(msgs[len(msgs)-1].reply), keys)
	}
}

// TestLostPostPostedOnceOnRetry: a post that never reached the platform is
// searched for, not found, and posted once, with the run's same key and
// what arrived meanwhile.
func TestLostPostPostedOnceOnRetry(t *testing.T) {
	p := &channelPoster{outcomes: []string{"lost"}}
	h := onceHarness(t, p)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0))
	h.ingest(at(1, 8, 0).Add(30*time.Second), "b")
	h.runAt(at(1, 8, 1))
	msgs, keys, searches := p.state()
	key := sub.ID + "-20240304T080000Z"
	if len(msgs) != 1 || keys[0] != key || len(searches) != 1 {
		t.Fatalf("%d messages, keys %v, searches %v", len(msgs), keys, searches)
	}
	if ids := strings.Join(sortedIDs(docIDs(msgs[0].reply)), ","); ids != "a,b" {
		t.Errorf("posted %q, want a,b", ids)
	}
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if got.Pending != nil || !got.Watermark.Equal(at(1, 8, 1)) {
		t.Errorf("after the retry: %+v", got)
	}
	h.runAt(at(1, 12, 0))
	if msgs, _, searches := p.state(); len(msgs) != 1 || len(searches) != 1 {
		t.Errorf("later: %d messages, %d searches", len(msgs), len(searches))
	}
}

// TestFailedSearchNeverPostsBlind: while the channel cannot be searched,
// nothing is posted and nothing is skipped; the run is retried with
// backoff (or the platform's Retry-After) until the search works.
func TestFailedSearchNeverPostsBlind(t *testing.T) {
	p := &channelPoster{outcomes: []string{"lost"}, findErrs: []error{errors.New("missing_scope"), retryAfterErr{10 * time.Minute}}}
	h := onceHarness(t, p)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0)) // lost
	h.runAt(at(1, 8, 1)) // search fails
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if got.Failures != 2 || !got.RetryAt.Equal(at(1, 8, 3)) || got.Pending == nil || !strings.Contains(got.LastError, "missing_scope") {
		t.Fatalf("after a failed search: %+v", got)
	}
	h.runAt(at(1, 8, 3)) // search rate limited for 10 minutes
	got, _ = h.store.Subscription(t.Context(), sub.ID)
	if got.Failures != 3 || !got.RetryAt.Equal(at(1, 8, 13)) {
		t.Fatalf("after a rate-limited search: failures %d, retry %v", got.Failures, got.RetryAt)
	}
	if p.attempts != 1 {
		t.Fatalf("%d post attempts while the channel could not be searched, want 1", p.attempts)
	}
	h.runAt(at(1, 8, 13))
	msgs, _, searches := p.state()
	if len(msgs) != 1 || len(searches) != 3 {
		t.Fatalf("%d messages, %d searches; want 1, 3", len(msgs), len(searches))
	}
	got, _ = h.store.Subscription(t.Context(), sub.ID)
	if got.Pending != nil || got.Failures != 0 || !got.Watermark.Equal(at(1, 8, 13)) {
		t.Errorf("after the search worked: %+v", got)
	}
}

// TestKilledMidPostPostedOnce kills the run loop while the platform holds
// a post it has taken, then restarts on the same state file: the restart
// finds the post and does not post again.
func TestKilledMidPostPostedOnce(t *testing.T) {
	p := &channelPoster{outcomes: []string{"hold"}, held: make(chan struct{})}
	h := onceHarness(t, p)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.clock.Set(at(1, 8, 0))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.svc.Run(ctx) }()
	select {
	case <-p.held:
	case <-time.After(10 * time.Second):
		t.Fatal("no post")
	}
	cancel() // the kill: nothing confirms the post
	<-done
	h.restart()
	h.svc.Posters = map[string]bot.Poster{"slack": p}
	h.runAt(at(1, 9, 0))
	msgs, _, searches := p.state()
	if len(msgs) != 1 || len(searches) != 1 {
		t.Fatalf("%d messages after the restart, %d searches; want 1, 1", len(msgs), len(searches))
	}
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if got.Pending != nil || !got.Watermark.Equal(at(1, 8, 0)) {
		t.Errorf("after the restart: %+v", got)
	}
	if due, _ := Due(got); !due.Equal(at(2, 8, 0)) {
		t.Errorf("next due %v, want day 2 08:00", due)
	}
}

// TestNothingNewAfterLostPostClearsIntent: a lost post whose retry has
// nothing to say (post_empty off) ends the run and drops the intent.
func TestNothingNewAfterLostPostClearsIntent(t *testing.T) {
	p := &channelPoster{outcomes: []string{"lost"}}
	h := onceHarness(t, p)
	sub := h.subscribe("daily 08:00")
	h.runAt(at(1, 8, 0)) // nothing new: no post, no intent
	if got, _ := h.store.Subscription(t.Context(), sub.ID); got.Pending != nil || p.attempts != 0 {
		t.Fatalf("empty run: %+v, %d attempts", got, p.attempts)
	}
	h.svc.PostEmpty = true
	h.runAt(at(2, 8, 0)) // "Nothing new" is lost
	h.svc.PostEmpty = false
	h.runAt(at(2, 8, 1))
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if got.Pending != nil || got.Failures != 0 || !got.LastRun.Equal(at(2, 8, 1)) {
		t.Errorf("after the empty retry: %+v", got)
	}
}

func TestRunKey(t *testing.T) {
	sub := state.Subscription{ID: "k3m9xq", Schedule: "daily 08:00 Europe/London", LastRun: at(1, 8, 30)}
	k, err := RunKey(sub)
	if err != nil || k != "k3m9xq-20240305T080000Z" || len(k) > 25 {
		t.Errorf("RunKey = %q, %v; want the next scheduled run, in UTC, at most 25 characters", k, err)
	}
	// A retry (failures, a retry time) keeps the run's key.
	sub.Failures, sub.RetryAt = 3, at(2, 9, 0)
	if k2, _ := RunKey(sub); k2 != k {
		t.Errorf("retry key %q, want %q", k2, k)
	}
	sub.LastRun = at(2, 8, 0)
	if k3, _ := RunKey(sub); k3 == k {
		t.Errorf("the next run has the same key %q", k3)
	}
}
