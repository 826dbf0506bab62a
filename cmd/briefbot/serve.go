package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/index"
)

// serveEnv is what serve hands each part it starts: the platform adapters
// (Slack in serve_slack.go, Discord in serve_discord.go) and the digest
// scheduler and live ingestion (serve_digest.go).
type serveEnv struct {
	Index  *index.Index
	Bot    *bot.Bot
	Mux    *http.ServeMux
	Logger *slog.Logger
	// Posters are filled in by the platform adapters that can post
	// ("slack", "discord"); the digest scheduler posts through them.
	Posters map[string]bot.Poster
}

// runServe is filled in by the Slack/Discord work (issues 3 and 4).
func (m *Main) runServe(ctx context.Context, args []string) error {
	return usageError{"serve is not built yet"}
}
