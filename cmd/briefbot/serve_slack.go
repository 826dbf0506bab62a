package main

import (
	"context"
	"fmt"
	"strings"

	slackbot "github.com/briefbot/briefbot/bot/slack"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
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
	// Mentions and thread follow-ups come as events, over HTTP or the
	// socket, and are answered by posting.
	var threads *thread.Threads
	switch {
	case botToken == "":
		log.Info("slack mentions off", "why", "SLACK_BOT_TOKEN is not set")
	case secret == "" && appToken == "":
		log.Info("slack mentions off", "why", "neither SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN is set")
	default:
		var err error
		if threads, err = m.openThreads(env, "slack"); err != nil {
			return err
		}
		log.Info("slack mentions on", "events", "app_mention, message.channels, message.groups")
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
		Threads:       threads,
		Feedback:      env.feedback(),
	})
	env.Go(func() {
		<-ctx.Done()
		app.Close()
	})

	if secret != "" {
		app.Register(env.Mux)
		endpoints := "POST /slack/commands, POST /slack/interactions"
		if threads != nil {
			endpoints += ", POST /slack/events"
		}
		log.Info("slack http on", "endpoints", endpoints)
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

// openThreads answers a platform's conversations (events handled,
// threads' questions) with the index, keeping them in serve's state file.
func (m *Main) openThreads(env *serveEnv, platform string) (*thread.Threads, error) {
	store, err := env.conversations()
	if err != nil {
		return nil, fmt.Errorf("serve: %s conversations: %w", platform, err)
	}
	return thread.New(thread.Config{
		Bot: env.Bot, Asker: threadAsker{env.Index}, Store: store, Now: m.Now,
		Logger: env.Logger.With("platform", platform), Metrics: env.Metrics,
	}), nil
}

// threadAsker asks the index in a thread's context.
type threadAsker struct{ ix *index.Index }

func (t threadAsker) AskInContext(ctx context.Context, q corpus.Query, c thread.Context) (corpus.Answer, error) {
	var f index.FollowUp
	for _, e := range c.Earlier {
		f.Earlier = append(f.Earlier, index.Earlier{Question: e.Question, Docs: e.Docs, Weight: e.Weight})
	}
	return t.ix.AskInContext(ctx, q, f)
}
