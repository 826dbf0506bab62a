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

func outcomeOf(err error) string {
	if err != nil {
		return "error"
	}
	return "ok"
}

// postMessage sends msg with chat.postMessage, waiting out rate limits.
func (a *App) postMessage(ctx context.Context, channelID string, msg *slack.WebhookMessage, wait ...func(context.Context, time.Duration) error) error {
	sleepFn := sleep
	if len(wait) > 0 && wait[0] != nil {
		sleepFn = wait[0]
	}
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if msg.Blocks != nil && len(msg.Blocks.BlockSet) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks.BlockSet...))
	}
	for attempt := 0; ; attempt++ {
		_, _, err := a.api.PostMessageContext(ctx, channelID, opts...)
		if err == nil {
			return nil
		}
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			return fmt.Errorf("slack: post %s: %w", channelID, err)
		}
		if attempt >= MaxPostRetries || rl.RetryAfter > MaxRetryWait {
			// The caller (the digest scheduler) retries later; tell it
			// when Slack will take the message.
			return &RateLimited{Channel: channelID, After: rl.RetryAfter, Err: err}
		}
		a.log.WarnContext(ctx, "slack rate limited; waiting", "channel", channelID, "retry_after", rl.RetryAfter, "attempt", attempt+1)
		if err := sleepFn(ctx, rl.RetryAfter); err != nil {
			return fmt.Errorf("slack: post %s: %w", channelID, err)
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
