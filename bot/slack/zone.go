package slack

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
)

// A user's time zone, from users.info (scope users:read), is looked up
// for /brief subscribe only, and cached.
const (
	zoneTTL     = 12 * time.Hour
	zoneEntries = 4096
	zoneTimeout = 2 * time.Second
)

type zoneEntry struct {
	zone string
	at   time.Time
}

type zoneCache struct {
	mu      sync.Mutex
	entries map[string]zoneEntry
}

// withUserZone adds the asking user's zone to ctx for a subscribe command;
// a failed lookup leaves ctx as it is (the schedule is then in UTC).
func (a *App) withUserZone(ctx context.Context, req bot.Request) context.Context {
	f := strings.Fields(req.Text)
	if len(f) == 0 || !strings.EqualFold(f[0], "subscribe") || req.UserID == "" || a.cfg.BotToken == "" {
		return ctx
	}
	return schedule.WithUserZone(ctx, a.userZone(ctx, req.UserID))
}

// userZone is the user's IANA zone, "" when unknown.
func (a *App) userZone(ctx context.Context, user string) string {
	now := a.cfg.Now()
	c := &a.zones
	c.mu.Lock()
	if e, ok := c.entries[user]; ok && now.Sub(e.at) < zoneTTL {
		c.mu.Unlock()
		return e.zone
	}
	c.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, zoneTimeout)
	defer cancel()
	u, err := a.api.GetUserInfoContext(ctx, user)
	if err != nil {
		a.log.Warn("slack users.info failed; subscribing in UTC", "user", user, "err", err)
		return ""
	}
	zone := u.TZ
	if _, err := time.LoadLocation(zone); err != nil || strings.EqualFold(zone, "local") {
		zone = ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= zoneEntries {
		c.entries = map[string]zoneEntry{}
	}
	c.entries[user] = zoneEntry{zone: zone, at: now}
	return zone
}
