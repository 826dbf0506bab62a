package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/state"
)

// statePath is the state file: subscriptions, watermarks, delivery log
// and feed validators.
func (m *Main) statePath() string { return filepath.Join(m.DataDir, "state.db") }

// startDigests starts what serve does over time: live ingestion (feeds and
// the inbox, with feed validators kept in the state file) and the digest
// scheduler, and registers the digest commands. A damaged state file stops
// serve, naming the file, rather than forgetting every subscription.
func (m *Main) startDigests(ctx context.Context, env *serveEnv) error {
	var cfg Config
	if path := m.configPath(""); path != "" {
		var err error
		if cfg, err = LoadConfig(path); err != nil {
			return err
		}
	}
	st, err := state.Open(m.statePath())
	if err != nil {
		return err
	}
	m.onClose(st.Close)

	if _, err := m.startFeeds(ctx, env, cfg, st); err != nil {
		return err
	}

	svc := &schedule.Service{
		Store:     st,
		Digests:   digest.Builder{Source: env.Index},
		Posters:   env.Posters,
		Now:       m.Now,
		After:     m.After,
		PostEmpty: cfg.PostEmpty,
		Admins:    cfg.Admins,
		Logger:    env.Logger.With("part", "digests"),
		Metrics:   env.Metrics,
	}
	decl := make([]schedule.Declared, 0, len(cfg.Digests))
	for _, d := range cfg.Digests {
		decl = append(decl, schedule.Declared{Platform: d.Platform, Channel: d.Channel, Schedule: d.Schedule, Topic: d.Topic})
	}
	if err := svc.Sync(decl); err != nil {
		return fmt.Errorf("config %s: %w", cfg.Path, err)
	}
	svc.Register(env.Bot)
	env.Go(func() { svc.Run(ctx) })
	subs, _ := st.Subscriptions()
	env.Logger.Info("digests started", "state", st.Path(), "subscriptions", len(subs), "declared", len(decl))
	return nil
}
