// Package schedule runs digests on their schedules: it parses the schedules
// users type ("daily 08:00 Europe/London", "0 8 * * 1-5", "@every 6h"),
// decides when each subscription is due with an injected clock, posts the
// digest through the platform's bot.Poster and advances the subscription's
// watermark only once the post was accepted. Each post is recorded as an
// intent before it is sent; an intent left unconfirmed (a kill mid-post, a
// post failed after the platform took it) has the channel searched for the
// post before the digest is posted again (DigestPoster), so digests are
// posted once. It also provides the chat commands subscribe, unsubscribe,
// subscriptions and digest, with at most MaxPerChannel digests a channel.
package schedule
