package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
)

// Posting retries: Slack's 429 says how long to wait; we wait that long a
// few times, but never longer than MaxRetryWait at once.
const (
	MaxPostRetries = 3
	MaxRetryWait   = 2 * time.Minute
)

// Poster posts replies (digests) with chat.postMessage. It is a bot.Poster.
type Poster struct {
	app *App
	// Sleep waits between retries; tests record instead of sleeping.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Poster returns the app's poster; it needs a bot token.
func (a *App) Poster() *Poster { return &Poster{app: a, Sleep: sleep} }

var _ bot.Poster = (*Poster)(nil)

// Post posts r to the channel. It returns nil only when Slack accepted the
// message.
func (p *Poster) Post(ctx context.Context, channelID string, r bot.Reply) error {
	r.Ephemeral, r.Shareable = false, false
	err := p.app.postMessage(ctx, channelID, Message(r), p.Sleep)
	p.app.cfg.Metrics.Delivery("slack", "post", outcomeOf(err))
	return err
}

// DigestEventType is the message metadata event type of digest posts; the
// payload's "key" names the subscription's run.
const DigestEventType = "briefbot_digest"

// How FindDigest searches a channel: from findSkew before the post began
// (clocks differ) to findAhead after it, longer than a post can be in
// flight (a 10 s HTTP timeout per attempt and up to MaxPostRetries waits of
// at most MaxRetryWait), findPage messages a call and at most findPages
// calls.
const (
	findSkew  = 5 * time.Minute
	findAhead = 15 * time.Minute
	findPage  = 50
	findPages = 10
)

// PostDigest posts r as Post does, with message metadata carrying key, so
// that FindDigest can tell later whether it reached the channel. It makes
// the Poster a schedule.DigestPoster.
func (p *Poster) PostDigest(ctx context.Context, channelID string, r bot.Reply, key string) error {
	r.Ephemeral, r.Shareable = false, false
	meta := slack.MsgOptionMetadata(slack.SlackMetadata{EventType: DigestEventType, EventPayload: map[string]any{"key": key}})
	err := p.app.postMessageWith(ctx, channelID, Message(r), p.Sleep, meta)
	p.app.cfg.Metrics.Delivery("slack", "post", outcomeOf(err))
	return err
}

// FindDigest reports whether a digest posted with key is in the channel,
// reading conversations.history (with every message's metadata) around
// began, when its post began. Reading history needs the channels:history
// scope (groups:history for private channels). An error means it could not
// tell, never that the post is absent.
func (p *Poster) FindDigest(ctx context.Context, channelID, key string, began time.Time) (bool, error) {
	params := &slack.GetConversationHistoryParameters{
		ChannelID: channelID, Limit: findPage, IncludeAllMetadata: true, Inclusive: true,
		Oldest: slackTS(began.Add(-findSkew)), Latest: slackTS(began.Add(findAhead)),
	}
	for range findPages {
		var resp *slack.GetConversationHistoryResponse
		err := p.app.retryRateLimited(ctx, channelID, p.Sleep, func() error {
			var err error
			resp, err = p.app.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			var rl *RateLimited
			if errors.As(err, &rl) {
				return false, err
			}
			hint := ""
			var se slack.SlackErrorResponse
			if errors.As(err, &se) && (se.Err == "missing_scope" || se.Err == "not_in_channel") {
				hint = " (the bot needs the channels:history scope, groups:history for private channels, and to be in the channel)"
			}
			return false, fmt.Errorf("slack: read %s's history%s: %w", channelID, hint, err)
		}
		for _, m := range resp.Messages {
			if m.Metadata.EventType == DigestEventType && fmt.Sprint(m.Metadata.EventPayload["key"]) == key {
				return true, nil
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			return false, nil
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	return false, fmt.Errorf("slack: %s has more than %d messages around %s; cannot tell whether the digest was posted",
		channelID, findPage*findPages, began.UTC().Format(time.RFC3339))
}

// slackTS is t as a Slack timestamp, seconds.microseconds.
func slackTS(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}

func outcomeOf(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}

// postMessage sends msg with chat.postMessage, waiting out rate limits
// (with wait[0] when given, else a real sleep).
func (a *App) postMessage(ctx context.Context, channelID string, msg *slack.WebhookMessage, wait ...func(context.Context, time.Duration) error) error {
	var w func(context.Context, time.Duration) error
	if len(wait) > 0 {
		w = wait[0]
	}
	return a.postMessageWith(ctx, channelID, msg, w)
}

// postMessageWith is postMessage with a wait (a real sleep when nil) and
// extra options, such as metadata.
func (a *App) postMessageWith(ctx context.Context, channelID string, msg *slack.WebhookMessage, wait func(context.Context, time.Duration) error, extra ...slack.MsgOption) error {
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if msg.Blocks != nil && len(msg.Blocks.BlockSet) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks.BlockSet...))
	}
	opts = append(opts, extra...)
	err := a.retryRateLimited(ctx, channelID, wait, func() error {
		_, _, err := a.api.PostMessageContext(ctx, channelID, opts...)
		return err
	})
	var rl *RateLimited
	if err != nil && !errors.As(err, &rl) {
		return fmt.Errorf("slack: post %s: %w", channelID, err)
	}
	return err
}

// retryRateLimited runs call, waiting out Slack's 429s up to MaxPostRetries
// times, each no longer than MaxRetryWait; past that it returns a
// *RateLimited saying when Slack will take the call, so the digest
// scheduler retries then.
func (a *App) retryRateLimited(ctx context.Context, channelID string, wait func(context.Context, time.Duration) error, call func() error) error {
	if wait == nil {
		wait = sleep
	}
	for attempt := 0; ; attempt++ {
		err := call()
		if err == nil {
			return nil
		}
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			return err
		}
		if attempt >= MaxPostRetries || rl.RetryAfter > MaxRetryWait {
			return &RateLimited{Channel: channelID, After: rl.RetryAfter, Err: err}
		}
		a.log.WarnContext(ctx, "slack rate limited; waiting", "channel", channelID, "retry_after", rl.RetryAfter, "attempt", attempt+1)
		if err := wait(ctx, rl.RetryAfter); err != nil {
			return err
		}
	}
}

// RateLimited is a post Slack refused for now; RetryAfter says for how
// long.
type RateLimited struct {
	Channel string
	After   time.Duration
	Err     error
}

func (e *RateLimited) Error() string {
	return fmt.Sprintf("slack: post %s: rate limited for %s: %v", e.Channel, e.After, e.Err)
}

func (e *RateLimited) Unwrap() error { return e.Err }

// RetryAfter is when Slack will accept the post again.
func (e *RateLimited) RetryAfter() time.Duration { return e.After }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
