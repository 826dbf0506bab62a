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

// Service runs the digest subscriptions kept in a state.Store.
type Service struct {
	Store   *state.Store
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
	Logger *slog.Logger

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
func (s *Service) Sync(decl []Declared) error {
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
		sub, added, err := s.Store.Add(state.Subscription{
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
	subs, err := s.Store.Subscriptions()
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if sub.Declared && !keep[sub.ID] {
			if err := s.Store.Remove(sub.ID); err != nil && !errors.Is(err, state.ErrNotFound) {
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
	subs, err := s.Store.Subscriptions()
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
			if sub, err = s.Store.Subscription(sub.ID); err != nil {
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
func (s *Service) runOne(ctx context.Context, sub state.Subscription, now time.Time) {
	log := s.log().With("id", sub.ID, "platform", sub.Platform, "channel", sub.Channel)
	d, err := s.Digests.Build(ctx, digest.Request{Since: sub.Watermark, Until: now, Topic: sub.Topic, Max: digest.DefaultMax})
	if err != nil {
		s.failed(sub, now, fmt.Errorf("build digest: %w", err), log)
		return
	}
	if d.Empty() && !s.PostEmpty {
		// Nothing to say: the run is done, the watermark stays with the
		// last delivered digest.
		if _, err := s.Store.Update(sub.ID, func(x *state.Subscription) {
			x.LastRun = now
			x.Failures, x.RetryAt = 0, time.Time{}
		}); err != nil && !errors.Is(err, state.ErrNotFound) {
			log.Error("digest: record run", "err", err)
		}
		log.Info("digest skipped: nothing new", "since", sub.Watermark)
		return
	}
	poster := s.Posters[sub.Platform]
	if poster == nil {
		s.failed(sub, now, fmt.Errorf("no %s connection is configured", sub.Platform), log)
		return
	}
	r := bot.Reply{Kind: bot.KindDigest, Digest: &d, Text: d.Heading()}
	if d.Empty() {
		r = bot.Reply{Kind: bot.KindMessage, Text: d.Heading()}
	}
	// The platform's poster counts deliveries in the metrics.
	if err := poster.Post(ctx, sub.Channel, r); err != nil {
		if ctx.Err() != nil {
			// Shutting down: the run is still due and goes out after the
			// restart; it did not fail.
			log.Info("digest post interrupted by shutdown", "err", err)
			return
		}
		s.failed(sub, now, err, log)
		return
	}
	if _, err := s.Store.Delivered(state.Delivery{SubID: sub.ID, Since: d.Since, Until: d.Until, Items: len(d.Items), More: d.More, PostedAt: s.now()}, now); err != nil {
		// Posted but not recorded: the next run may repeat it. Say so.
		log.Error("digest posted but its delivery could not be recorded", "err", err)
		return
	}
	log.Info("digest posted", "items", len(d.Items), "more", d.More, "since", d.Since, "until", d.Until)
}

// failed records a failed run and schedules the retry with backoff (or
// the platform's Retry-After, when longer).
func (s *Service) failed(sub state.Subscription, now time.Time, err error, log *slog.Logger) {
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
	if _, uerr := s.Store.Update(sub.ID, func(x *state.Subscription) {
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
