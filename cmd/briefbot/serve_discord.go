package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/thread"
)

// discordRegisterTimeout bounds command registration at start-up.
const discordRegisterTimeout = 15 * time.Second

// discordSubcommands are the /brief subcommands registered with Discord
// and routed to env.Bot; each must name a command registered in bot.Bot.
// Further commands (the digest ones) are appended here.
func discordSubcommands() []discord.Subcommand {
	return append(append(discord.DefaultSubcommands(), digestDiscordSubcommands()...), discord.TimelineSubcommand())
}

// startDiscord serves Discord as far as the environment allows:
// DISCORD_PUBLIC_KEY (hex) enables POST /discord/interactions;
// DISCORD_BOT_TOKEN with DISCORD_APP_ID registers /brief (to
// DISCORD_GUILD_ID only, when set), connects the gateway (interactions,
// and messages that @mention the bot) and adds the "discord" poster. DISCORD_API_URL points the REST API elsewhere (tests,
// proxies). Background work stops when ctx ends.
func (m *Main) startDiscord(ctx context.Context, env *serveEnv) error {
	pub := strings.TrimSpace(m.Getenv("DISCORD_PUBLIC_KEY"))
	token := strings.TrimSpace(m.Getenv("DISCORD_BOT_TOKEN"))
	appID := strings.TrimSpace(m.Getenv("DISCORD_APP_ID"))
	log := env.Logger.With("platform", "discord")
	if pub == "" && token == "" && appID == "" {
		log.Info("discord off", "why", "DISCORD_PUBLIC_KEY, DISCORD_BOT_TOKEN and DISCORD_APP_ID are unset")
		return nil
	}
	if api := strings.TrimSpace(m.Getenv("DISCORD_API_URL")); api != "" {
		// Before any session exists: discordgo reads its endpoints from
		// package variables.
		if err := discord.SetAPIBase(api); err != nil {
			return fmt.Errorf("serve: DISCORD_API_URL: %w", err)
		}
	}
	var key ed25519.PublicKey
	if pub != "" {
		b, err := hex.DecodeString(pub)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return fmt.Errorf("serve: DISCORD_PUBLIC_KEY must be the application's public key, %d hex characters", 2*ed25519.PublicKeySize)
		}
		key = b
	}
	subs := discordSubcommands()
	// Mentions and the "Follow up" button of answers are answered in
	// threads, posting as the bot.
	var threads *thread.Threads
	if token != "" && appID != "" {
		var err error
		if threads, err = m.openThreads(env, "discord"); err != nil {
			return err
		}
	}
	claims, err := env.interactionClaims()
	if err != nil {
		return fmt.Errorf("serve: discord interactions: %w", err)
	}
	a, err := discord.New(discord.Config{
		Bot:         env.Bot,
		PublicKey:   key,
		Token:       token,
		AppID:       appID,
		GuildID:     strings.TrimSpace(m.Getenv("DISCORD_GUILD_ID")),
		InChannel:   m.Getenv("BRIEFBOT_REPLY") == "in_channel",
		Subcommands: subs,
		Now:         m.Now,
		Logger:      log,
		Metrics:     env.Metrics,
		Context:     env.Requests,
		Go:          env.Go,
		Threads:     threads,
		Feedback:    env.feedback(),
		Claims:      claims,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}

	if key != nil {
		env.Mux.Handle("POST /discord/interactions", a)
		log.Info("discord interactions endpoint on", "path", "/discord/interactions")
	} else {
		log.Info("discord interactions endpoint off", "why", "DISCORD_PUBLIC_KEY is unset")
	}
	if !a.CanConnect() {
		missing := "DISCORD_APP_ID"
		if token == "" {
			missing = "DISCORD_BOT_TOKEN"
		}
		log.Info("discord gateway, command registration and posting off", "why", missing+" is unset")
		return nil
	}

	rctx, cancel := context.WithTimeout(ctx, discordRegisterTimeout)
	err = a.Register(rctx)
	cancel()
	if err != nil {
		// The endpoint and posting may still work; say so loudly.
		log.Error("discord commands not registered", "err", err)
	} else {
		log.Info("discord commands registered", "command", "/"+discord.CommandName)
	}
	env.Posters["discord"] = a.Poster()
	mentions := a.Mentions(threads)
	env.Go(func() { mentions.RunGateway(ctx) })
	log.Info("discord mentions on", "intents", "GUILD_MESSAGES")
	return nil
}
