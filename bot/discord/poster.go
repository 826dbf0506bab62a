package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Poster posts replies (digests) into channels as the bot user; it is a
// bot.Poster and a schedule.DigestPoster. A 429 is waited out and retried a
// bounded number of times.
type Poster struct {
	session *discordgo.Session
	subs    []Subcommand // for help replies' syntax

	// self is the bot user's id, read once (GET /users/@me) to know its
	// own messages when searching a channel.
	mu   sync.Mutex
	self string
}

// Post sends r to channelID; nil means Discord accepted the message.
func (p *Poster) Post(ctx context.Context, channelID string, r bot.Reply) error {
	// A posted message is public and has nobody to click a share button.
	r.Ephemeral, r.Shareable = false, false
	m := render(r, "", p.subs)
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := p.session.ChannelMessageSendComplex(channelID, m.send(), opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: post to channel %s: %w", channelID, err)
	}
	return nil
}

// How FindDigest searches a channel: from findSkew before the post began
// (clocks differ) to findAhead after it, longer than a post can be in
// flight (maxAttempts tries of discordgo's 20 s client timeout and waits of
// at most maxRetryAfter), findPage messages a read and at most findPages
// reads.
const (
	findSkew  = 5 * time.Minute
	findAhead = 15 * time.Minute
	findPage  = 50
	findPages = 10
)

// digestMarker is the line a digest post carries, in Discord's small grey
// subtext, so that it can be found after Discord has forgotten its nonce
// (messages read back never carry one). It also tells readers which
// subscription posted it.
func digestMarker(key string) string { return "-# briefbot digest " + key }

// keyedSend is a message with the nonce fields discordgo's MessageSend
// lacks.
type keyedSend struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// PostDigest posts r as Post does, with key as the message's nonce and
// enforce_nonce set (Discord returns the message a repeat of the nonce
// created within the last few minutes instead of creating another) and a
// marker line naming key, for FindDigest once Discord has forgotten the
// nonce. key is at most 25 characters, as nonces are.
func (p *Poster) PostDigest(ctx context.Context, channelID string, r bot.Reply, key string) error {
	r.Ephemeral, r.Shareable = false, false
	m := render(r, "", p.subs)
	mark := digestMarker(key)
	if m.Content == "" {
		m.Content = mark
	} else {
		m.Content = truncate(m.Content, maxContent-runes(mark)-1) + "\n" + mark
	}
	send := m.send()
	for _, e := range send.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich // as ChannelMessageSendComplex does
		}
	}
	body := keyedSend{MessageSend: send, Nonce: key, EnforceNonce: true}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := p.session.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: post to channel %s: %w", channelID, err)
	}
	return nil
}

// postedMessage is what FindDigest reads of a message.
type postedMessage struct {
	ID      string          `json:"id"`
	Content string          `json:"content"`
	Nonce   json.RawMessage `json:"nonce"`
	Author  struct {
		ID string `json:"id"`
	} `json:"author"`
}

// FindDigest reports whether a digest posted with key is in the channel:
// a message of the bot's own, from around began (when its post began),
// carrying key as its nonce or its marker. Reading messages needs the
// View Channel and Read Message History permissions. An error means it
// could not tell, never that the post is absent.
func (p *Poster) FindDigest(ctx context.Context, channelID, key string, began time.Time) (bool, error) {
	self, err := p.selfID(ctx)
	if err != nil {
		return false, fmt.Errorf("discord: search channel %s: %w", channelID, err)
	}
	mark := digestMarker(key)
	after := snowflakeAt(began.Add(-findSkew))
	end := began.Add(findAhead)
	endpoint := discordgo.EndpointChannelMessages(channelID)
	for range findPages {
		var page []postedMessage
		err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
			q := url.Values{"limit": {strconv.Itoa(findPage)}, "after": {strconv.FormatUint(after, 10)}}
			raw, err := p.session.RequestWithBucketID(http.MethodGet, endpoint+"?"+q.Encode(), nil, endpoint, opts...)
			if err != nil {
				return err
			}
			return json.Unmarshal(raw, &page)
		})
		if err != nil {
			return false, fmt.Errorf("discord: read channel %s's messages (the bot needs Read Message History there): %w", channelID, err)
		}
		// Discord answers the findPage messages right after `after`; the
		// next page starts after the newest of them.
		past := false
		for _, m := range page {
			if m.Author.ID == self && (nonceIs(m.Nonce, key) || hasLine(m.Content, mark)) {
				return true, nil
			}
			id, _ := strconv.ParseUint(m.ID, 10, 64)
			after = max(after, id)
			if snowflakeTime(id).After(end) {
				past = true
			}
		}
		if len(page) < findPage || past {
			return false, nil
		}
	}
	return false, fmt.Errorf("discord: channel %s has more than %d messages around %s; cannot tell whether the digest was posted",
		channelID, findPage*findPages, began.UTC().Format(time.RFC3339))
}

// selfID is the bot user's id, read once.
func (p *Poster) selfID(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.self != "" {
		return p.self, nil
	}
	var u *discordgo.User
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		u, err = p.session.User("@me", opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("read the bot's own user: %w", err)
	}
	if u == nil || u.ID == "" {
		return "", fmt.Errorf("read the bot's own user: no id")
	}
	p.self = u.ID
	return p.self, nil
}

// hasLine reports whether content has line as one of its lines.
func hasLine(content, line string) bool {
	for l := range strings.SplitSeq(content, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

// nonceIs reports whether a message's nonce (a string or an integer in
// JSON) is key.
func nonceIs(raw json.RawMessage, key string) bool {
	if len(raw) == 0 {
		return false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s == key
	}
	return string(raw) == key
}

// discordEpoch is 2015-01-01T00:00:00Z in Unix milliseconds, where
// snowflakes count from.
const discordEpoch = 1420070400000

// snowflakeAt is the smallest snowflake of time t.
func snowflakeAt(t time.Time) uint64 {
	return uint64(max(t.UnixMilli()-discordEpoch, 0)) << 22
}

func snowflakeTime(id uint64) time.Time {
	return time.UnixMilli(int64(id>>22) + discordEpoch)
}
