package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/schedule"
	slackbot "github.com/briefbot/briefbot/bot/slack"
	"github.com/briefbot/briefbot/bot/state/pgstate"
)

// Both platforms' posters must stay DigestPosters: a poster that is not
// one posts a digest interrupted mid-post again instead of looking for it.
var (
	_ schedule.DigestPoster = (*slackbot.Poster)(nil)
	_ schedule.DigestPoster = (*discord.Poster)(nil)
)

// statePath is the state file: subscriptions, watermarks, delivery log
// and feed validators.
func (m *Main) statePath() string { return filepath.Join(m.DataDir, "state.db") }

// startDigests starts what serve does over time: live ingestion (feeds and
// the inbox, with feed validators kept in the state file) and the digest
// scheduler, and registers the digest commands. A damaged state file stops
// serve, naming the file, rather than forgetting every subscription.
func (m *Main) startDigests(ctx context.Context, env *serveEnv) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	st := env.Shared

	if _, err := m.startFeeds(ctx, env, cfg, st, st); err != nil {
		return err
	}

	svc := &schedule.Service{
		Store:         st,
		Digests:       digest.Builder{Source: env.Index, MaxAge: cfg.DigestMaxAge},
		Posters:       env.Posters,
		Now:           m.Now,
		After:         m.After,
		PostEmpty:     cfg.PostEmpty,
		Admins:        cfg.Admins,
		MaxPerChannel: cfg.SubscriptionsPerChannel,
		Logger:        env.Logger.With("part", "digests"),
	}
	decl := make([]schedule.Declared, 0, len(cfg.Digests))
	for _, d := range cfg.Digests {
		decl = append(decl, schedule.Declared{Platform: d.Platform, Channel: d.Channel, Schedule: d.Schedule, Topic: d.Topic})
	}
	if err := svc.Sync(ctx, decl); err != nil {
		return fmt.Errorf("config %s: %w", cfg.Path, err)
	}
	svc.Register(env.Bot)
	// Every replica answers the commands; one at a time posts.
	env.lead(ctx, "digests", pgstate.WorkDigests, func(ctx context.Context) { svc.Run(ctx) })
	subs, _ := st.Subscriptions(ctx)
	env.Logger.Info("digests started", "state", st.Path(), "subscriptions", len(subs), "declared", len(decl))
	return nil
}

// digestDiscordSubcommands are the digest commands as Discord /brief
// subcommands; their option values are joined in order after the name, so
// "schedule: daily 08:00, topic: north korea" reaches the bot as "subscribe
// daily 08:00 north korea".
func digestDiscordSubcommands() []discord.Subcommand {
	return []discord.Subcommand{
		{Name: "subscribe", Description: "Post a digest of what is new to this channel on a schedule.", Options: []discord.Option{
			{Name: "schedule", Description: "daily 08:00 | weekly mon 09:00 Europe/London | 0 8 * * 1-5 | @every 6h", Required: true, MaxLength: 100},
			{Name: "topic", Description: "Only stories on this topic, e.g. north korea", MaxLength: 200},
		}},
		{Name: "unsubscribe", Description: "Stop one of this channel's digests.", Options: []discord.Option{
			{Name: "id", Description: "The digest's id from /brief subscriptions; optional when there is one", MaxLength: 20},
		}},
		{Name: "subscriptions", Description: "List this channel's digests, when they run next and any failure."},
		{Name: "digest", Description: "Show you what is new since this channel's last digest.", Options: []discord.Option{
			{Name: "topic", Description: "Only stories on this topic", MaxLength: 200},
		}},
	}
}
