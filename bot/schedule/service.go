package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
)

// Builder builds a digest; digest.Builder is one.
type Builder interface {
	Build(ctx context.Context, r digest.Request) (corpus.Digest, error)
}

// Store keeps the subscriptions and their deliveries: a state.Store (one
// process, a bbolt file) or a pgstate.Store (replicas sharing PostgreSQL).
type Store interface {
	Add(ctx context.Context, sub state.Subscription) (state.Subscription, bool, error)
	AddLimited(ctx context.Context, sub state.Subscription, limit int) (state.Subscription, bool, error)
	Subscription(ctx context.Context, id string) (state.Subscription, error)
	Subscriptions(ctx context.Context) ([]state.Subscription, error)
	Remove(ctx context.Context, id string) error
	Update(ctx context.Context, id string, fn func(*state.Subscription)) (state.Subscription, error)
	Intend(ctx context.Context, id string, p state.Pending) (state.Subscription, error)
	Delivered(ctx context.Context, d state.Delivery, ran time.Time) (state.Subscription, error)
	Deliveries(ctx context.Context, subID string) ([]state.Delivery, error)
}

// Service runs the digest subscriptions kept in a Store.
type Service struct {
	Store   Store
	Digests Builder
	// Posters post to each platform ("slack", "discord"). A subscription
	// whose platform has none fails like a failed post and is retried.
	Posters map[string]bot.Poster
	// Now is the clock and After waits on it (time.Now and time.After
	// when nil); tests move a fake clock instead of sleeping.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	// PostEmpty posts "nothing new" rather than nothing.
	PostEmpty bool
	// Admins, when set, are the only users who may subscribe and
	// unsubscribe.
	Admins []string
	// MaxPerChannel caps the subscriptions one channel may have
	// (DefaultMaxPerChannel when 0). Declared digests count towards it
	// but are never refused: the config file is the admin's.
	MaxPerChannel int
	Logger        *slog.Logger

	wakeOnce sync.Once
	wake     chan struct{}
}

// Backoff bounds for failed posts: the first retry after MinBackoff,
// doubling up to MaxBackoff.
const (
	MinBackoff = time.Minute
	MaxBackoff = time.Hour
	// maxWait caps one sleep of the run loop, so a clock that jumps (a
	// suspended host) is noticed within a minute.
	maxWait = time.Minute
)

// DefaultMaxPerChannel is how many digests one channel may have unless
// MaxPerChannel says otherwise.
const DefaultMaxPerChannel = 20

// DigestPoster is a Poster whose digest posts can be found again. PostDigest
// tags the post with key (unique to the subscription's run); FindDigest
// reports whether a post so tagged reached the channel, searching around
// began, when its post began. With one, a digest whose post was not
// confirmed (the process was killed mid-post, or the post failed after the
// platform took it) is looked for before it is posted again, so it is
// posted once. The Slack and Discord posters are DigestPosters.
type DigestPoster interface {
	bot.Poster
	PostDigest(ctx context.Context, channelID string, r bot.Reply, key string) error
	FindDigest(ctx context.Context, channelID, key string, began time.Time) (bool, error)
}

// Declared is a digest declared in the configuration file.
type Declared struct {
	Platform, Channel, Schedule, Topic string
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) after(d time.Duration) <-chan time.Time {
	if s.After != nil {
		return s.After(d)
	}
	return time.After(d)
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (s *Service) wakeCh() chan struct{} {
	s.wakeOnce.Do(func() { s.wake = make(chan struct{}, 1) })
	return s.wake
}

// nudge makes the run loop look at the subscriptions again.
func (s *Service) nudge() {
	select {
	case s.wakeCh() <- struct{}{}:
	default:
	}
}

// Sync makes the declared digests subscriptions, idempotently: each gets
// the stable id of its platform, channel, schedule and topic, keeps its
// watermark across restarts, and declared subscriptions no longer in the
// list are removed. Every bad schedule is reported.
func (s *Service) Sync(ctx context.Context, decl []Declared) error {
	now := s.now()
	keep := map[string]bool{}
	var errs []error
	for i, d := range decl {
		sch, err := Parse(d.Schedule)
		if err != nil {
			errs = append(errs, fmt.Errorf("digests[%d] (%s %s): %w", i, d.Platform, d.Channel, err))
			continue
		}
		topic := strings.Join(strings.Fields(d.Topic), " ")
		sub, added, err := s.Store.Add(ctx, state.Subscription{
			Platform: d.Platform, Channel: d.Channel, Schedule: sch.Spec, Topic: topic,
			CreatedBy: "config", CreatedAt: now, Declared: true, Watermark: now, LastRun: now,
		})
		if err != nil {
			return err
		}
		keep[sub.ID] = true
		if added {
			s.log().Info("declared digest added", "id", sub.ID, "platform", sub.Platform, "channel", sub.Channel, "schedule", sub.Schedule, "topic", sub.Topic)
		}
		if _, ok := s.Posters[d.Platform]; !ok {
			s.log().Warn("declared digest has no platform to post to", "id", sub.ID, "platform", d.Platform)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	subs, err := s.Store.Subscriptions(ctx)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if sub.Declared && !keep[sub.ID] {
			if err := s.Store.Remove(ctx, sub.ID); err != nil && !errors.Is(err, state.ErrNotFound) {
				return err
			}
			s.log().Info("declared digest removed (no longer in the config)", "id", sub.ID, "platform", sub.Platform, "channel", sub.Channel)
		}
	}
	s.nudge()
	return nil
}

// Due is when a subscription next runs: its schedule's first time after
// its last run, or its retry time after a failed post. A run missed while
// the process was down is due at once, and only once.
func Due(sub state.Subscription) (time.Time, error) {
	if sub.Failures > 0 && !sub.RetryAt.IsZero() {
		return sub.RetryAt, nil
	}
	sch, err := Parse(sub.Schedule)
	if err != nil {
		return time.Time{}, err
	}
	return sch.Next(sub.LastRun), nil
}

// RunKey names the run a subscription would make next: its id and the
// scheduled time of the run, which retries and restarts keep (LastRun only
// moves when the run is done), so every attempt at one run carries the
// same key and no two runs share one. It is at most 25 characters, the
// length of a Discord nonce.
func RunKey(sub state.Subscription) (string, error) {
	sch, err := Parse(sub.Schedule)
	if err != nil {
		return "", err
	}
	return sub.ID + "-" + sch.Next(sub.LastRun).UTC().Format("20060102T150405Z"), nil
}

// Run runs due digests until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	for {
		next, err := s.RunDue(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			s.log().Error("digests", "err", err)
		}
		wait := maxWait
		if !next.IsZero() {
			wait = min(max(next.Sub(s.now()), time.Second), maxWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.after(wait):
		case <-s.wakeCh():
		}
	}
}

// RunDue runs every subscription that is due now and returns when the
// next one is due (zero when there are none).
func (s *Service) RunDue(ctx context.Context) (time.Time, error) {
	subs, err := s.Store.Subscriptions(ctx)
	if err != nil {
		return time.Time{}, err
	}
	now := s.now()
	var next time.Time
	for _, sub := range subs {
		if ctx.Err() != nil {
			return next, ctx.Err()
		}
		due, err := Due(sub)
		if err != nil {
			s.log().Error("digest subscription has a bad schedule", "id", sub.ID, "schedule", sub.Schedule, "err", err)
			continue
		}
		if !due.After(now) {
			s.runOne(ctx, sub, now)
			if sub, err = s.Store.Subscription(ctx, sub.ID); err != nil {
				continue // removed meanwhile
			}
			if due, err = Due(sub); err != nil {
				continue
			}
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next, nil
}

// runOne builds and posts one subscription's digest covering (watermark,
// now] and advances the watermark only when the platform accepted it.
//
// Posting once: before the post, the intent (the run's key and the
// digest's window) is recorded in the state file, and it is cleared only
// with the delivery. A subscription that still has one when it runs again
// (the process was killed mid-post, the post failed or timed out, or the
// delivery could not be recorded) has its channel searched for the key
// first: found, the digest is recorded as delivered without a post; not
// found, it is posted; and when the search fails the run fails and is
// retried with backoff, never posted blind and never skipped.
func (s *Service) runOne(ctx context.Context, sub state.Subscription, now time.Time) {
	log := s.log().With("id", sub.ID, "platform", sub.Platform, "channel", sub.Channel)
	poster := s.Posters[sub.Platform]
	if sub.Pending != nil {
		found, err := s.settle(ctx, sub, poster, log)
		if err != nil {
			if ctx.Err() != nil {
				log.Info("digest search interrupted by shutdown", "key", sub.Pending.Key, "err", err)
				return
			}
			s.failed(ctx, sub, now, err, log)
			return
		}
		if found {
			return
		}
	}
	d, err := s.Digests.Build(ctx, digest.Request{Since: sub.Watermark, Until: now, Topic: sub.Topic, Max: digest.DefaultMax, Earlier: s.earlier(ctx, sub, now, log)})
	if err != nil {
		s.failed(ctx, sub, now, fmt.Errorf("build digest: %w", err), log)
		return
	}
	if d.Empty() && !s.PostEmpty {
		// Nothing to say: the run is done, the watermark stays with the
		// last delivered digest. Any pending post was searched for above
		// and is not in the channel.
		if _, err := s.Store.Update(ctx, sub.ID, func(x *state.Subscription) {
			x.LastRun = now
			x.Failures, x.RetryAt = 0, time.Time{}
			x.Pending = nil
		}); err != nil && !errors.Is(err, state.ErrNotFound) {
			log.Error("digest: record run", "err", err)
		}
		log.Info("digest skipped: nothing new", "since", sub.Watermark)
		return
	}
	if poster == nil {
		s.failed(ctx, sub, now, fmt.Errorf("no %s connection is configured", sub.Platform), log)
		return
	}
	r := bot.Reply{Kind: bot.KindDigest, Digest: &d, Text: d.Heading()}
	if d.Empty() {
		r = bot.Reply{Kind: bot.KindMessage, Text: d.Heading()}
	}
	key, err := RunKey(sub)
	if err != nil {
		s.failed(ctx, sub, now, err, log)
		return
	}
	// At is read now, not at the start of the round: earlier posts of the
	// round may have waited out rate limits for minutes.
	intent := state.Pending{Key: key, Ran: now, Since: d.Since, Until: d.Until, Items: len(d.Items), More: d.More, At: s.now(), Stories: refs(d)}
	if _, err := s.Store.Intend(ctx, sub.ID, intent); err != nil {
		if errors.Is(err, state.ErrNotFound) {
			return // unsubscribed meanwhile
		}
		// A store shared by replicas refuses the claim of one that no
		// longer leads: the run is the new leader's, not a failure.
		var nl interface{ NotLeader() bool }
		if errors.As(err, &nl) && nl.NotLeader() {
			log.Info("digest left to the replica that now leads", "key", key)
			return
		}
		// Unrecorded, a post could not be found again after a crash: do
		// not post.
		s.failed(ctx, sub, now, err, log)
		return
	}
	// The platform's poster counts deliveries in the metrics.
	if dp, ok := poster.(DigestPoster); ok {
		err = dp.PostDigest(ctx, sub.Channel, r, key)
	} else {
		err = poster.Post(ctx, sub.Channel, r)
	}
	if err != nil {
		// The intent stays: the platform may have taken the post before
		// the error, and the next attempt looks for it first.
		if ctx.Err() != nil {
			// Shutting down: the run is still due and is settled after the
			// restart; it did not fail.
			log.Info("digest post interrupted by shutdown", "key", key, "err", err)
			return
		}
		s.failed(ctx, sub, now, err, log)
		return
	}
	// The post went out: record it even if serve is stopping meanwhile.
	if _, err := s.Store.Delivered(context.WithoutCancel(ctx), state.Delivery{SubID: sub.ID, Since: d.Since, Until: d.Until, Items: len(d.Items), More: d.More, PostedAt: s.now(), Key: key, Stories: intent.Stories}, now); err != nil {
		// Posted but not recorded: the intent stays, and the next run
		// finds the post in the channel rather than posting it again.
		log.Error("digest posted but its delivery could not be recorded", "key", key, "err", err)
		return
	}
	log.Info("digest posted", "key", key, "items", len(d.Items), "more", d.More, "since", d.Since, "until", d.Until)
}

// settle decides a subscription's pending post, one whose outcome is not
// known. Found in the channel, it is recorded as delivered, exactly as a
// confirmed post would have been, and settle reports true. Not found, it
// reports false and the run posts. A failed search is an error: the run
// is retried with backoff rather than posted blind.
func (s *Service) settle(ctx context.Context, sub state.Subscription, poster bot.Poster, log *slog.Logger) (bool, error) {
	p := sub.Pending
	if poster == nil {
		return false, fmt.Errorf("no %s connection is configured", sub.Platform)
	}
	dp, ok := poster.(DigestPoster)
	if !ok {
		// Nothing to search with: at least once, as before intents.
		log.Warn("digest post unconfirmed and the platform cannot be searched; posting again", "key", p.Key)
		return false, nil
	}
	found, err := dp.FindDigest(ctx, sub.Channel, p.Key, p.At)
	if err != nil {
		return false, fmt.Errorf("look in the channel for unconfirmed digest %s before posting it again: %w", p.Key, err)
	}
	if !found {
		log.Info("unconfirmed digest is not in the channel; posting it", "key", p.Key, "began", p.At)
		return false, nil
	}
	if _, err := s.Store.Delivered(ctx, state.Delivery{SubID: sub.ID, Since: p.Since, Until: p.Until, Items: p.Items, More: p.More,
		PostedAt: p.At, Key: p.Key, Found: true, Stories: p.Stories}, p.Ran); err != nil {
		if errors.Is(err, state.ErrNotFound) {
			return true, nil // unsubscribed meanwhile
		}
		return false, err
	}
	log.Info("unconfirmed digest found in the channel; recorded as delivered, not posted again", "key", p.Key, "until", p.Until)
	return true, nil
}

// failed records a failed run and schedules the retry with backoff (or
// the platform's Retry-After, when longer).
func (s *Service) failed(ctx context.Context, sub state.Subscription, now time.Time, err error, log *slog.Logger) {
	n := sub.Failures + 1
	wait := Backoff(n)
	var ra interface{ RetryAfter() time.Duration }
	if errors.As(err, &ra) && ra.RetryAfter() > wait {
		wait = ra.RetryAfter()
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	log.Warn("digest post failed; will retry", "failures", n, "retry_in", wait, "err", err)
	if _, uerr := s.Store.Update(ctx, sub.ID, func(x *state.Subscription) {
		x.Failures = n
		x.RetryAt = now.Add(wait)
		x.LastError, x.LastErrorAt = msg, now
	}); uerr != nil && !errors.Is(uerr, state.ErrNotFound) {
		log.Error("digest: record failure", "err", uerr)
	}
}

// Backoff is the wait before retry n (1-based) of a failed post.
func Backoff(n int) time.Duration {
	d := MinBackoff
	for i := 1; i < n && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// earlierWindow is how far back a channel's digests are read for the
// stories they carried.
const earlierWindow = 30 * 24 * time.Hour

// earlier are the stories digests to sub's channel carried recently, from
// every subscription there. Unreadable, they are logged and skipped: a
// digest without updates beats no digest.
func (s *Service) earlier(ctx context.Context, sub state.Subscription, now time.Time, log *slog.Logger) []corpus.StoryRef {
	subs, err := s.Store.Subscriptions(ctx)
	if err != nil {
		log.Warn("digest: earlier stories unreadable", "err", err)
		return nil
	}
	var out []corpus.StoryRef
	for _, o := range subs {
		if o.Platform != sub.Platform || o.Channel != sub.Channel {
			continue
		}
		ds, err := s.Store.Deliveries(ctx, o.ID)
		if err != nil {
			log.Warn("digest: earlier stories unreadable", "sub", o.ID, "err", err)
			continue
		}
		for _, d := range ds {
			if now.Sub(d.PostedAt) <= earlierWindow {
				out = append(out, d.Stories...)
			}
		}
	}
	return out
}

// refs are the stories a digest carries.
func refs(d corpus.Digest) []corpus.StoryRef {
	out := make([]corpus.StoryRef, 0, len(d.Items))
	for _, it := range d.Items {
		out = append(out, it.Ref())
	}
	return out
}
