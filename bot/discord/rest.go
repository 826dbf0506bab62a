package discord

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"
)

// REST retry bounds. discordgo retries a 429 by itself, but forever and
// with a sleep no context can cut short; withRetry turns that off and waits
// the reported retry_after here instead, a bounded number of times.
const (
	maxAttempts   = 4
	maxRetryAfter = 60 * time.Second
)

// withRetry runs call, passing the options every REST call here needs (the
// context, no built-in rate-limit retry), and retries it after a 429 once
// the server's retry_after has passed.
func withRetry(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = call(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		var rl *discordgo.RateLimitError
		if err == nil || !errors.As(err, &rl) || attempt == maxAttempts {
			return err
		}
		wait := rl.RetryAfter
		if wait > maxRetryAfter {
			return err
		}
		t := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
	}
}
