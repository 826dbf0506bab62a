package main

import (
	"context"
	"strings"

	slackbot "github.com/briefbot/briefbot/bot/slack"
)

// startSlack serves Slack when its variables are set: SLACK_SIGNING_SECRET
// turns on the HTTP endpoints, SLACK_BOT_TOKEN posting, SLACK_APP_TOKEN
// Socket Mode; SLACK_API_URL points the Web API elsewhere.
func (m *Main) startSlack(ctx context.Context, env *serveEnv) error {
	log := env.Logger.With("platform", "slack")
	secret := m.Getenv("SLACK_SIGNING_SECRET")
	botToken := m.Getenv("SLACK_BOT_TOKEN")
	appToken := m.Getenv("SLACK_APP_TOKEN")
	if secret == "" && botToken == "" && appToken == "" {
		log.Info("slack off", "why", "SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_APP_TOKEN are not set")
		return nil
	}
	app := slackbot.New(slackbot.Config{
		Bot:           env.Bot,
		SigningSecret: secret,
		BotToken:      botToken,
		AppToken:      appToken,
		APIURL:        m.Getenv("SLACK_API_URL"),
		Now:           m.Now,
		Logger:        log,
		Metrics:       env.Metrics,
	})
	env.Go(func() {
		<-ctx.Done()
		app.Close()
	})

	if secret != "" {
		app.Register(env.Mux)
		log.Info("slack http on", "endpoints", "POST /slack/commands, POST /slack/interactions")
	} else {
		log.Info("slack http off", "why", "SLACK_SIGNING_SECRET is not set")
	}
	if botToken != "" {
		env.Posters["slack"] = app.Poster()
		log.Info("slack posting on")
	} else {
		log.Info("slack posting off", "why", "SLACK_BOT_TOKEN is not set; digests cannot go to Slack")
	}
	switch {
	case appToken == "":
		log.Info("slack socket mode off", "why", "SLACK_APP_TOKEN is not set")
	case !strings.HasPrefix(appToken, "xapp-"):
		log.Warn("slack socket mode off", "why", "SLACK_APP_TOKEN is not an app-level token (xapp-...)")
	default:
		env.Go(func() {
			if err := app.RunSocketMode(ctx); err != nil {
				log.Error("slack socket mode stopped", "err", err)
			}
		})
		log.Info("slack socket mode on")
	}
	return nil
}
