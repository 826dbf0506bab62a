package discord

import (
	"context"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// CanConnect reports whether the adapter has what the gateway, command
// registration and posting need: the bot token and the application id.
func (a *Adapter) CanConnect() bool { return a.cfg.Token != "" && a.cfg.AppID != "" }

// Poster posts digests as the bot user.
func (a *Adapter) Poster() bot.Poster {
	return &Poster{session: a.session, subs: a.cfg.Subcommands}
}

// RunGateway connects to the gateway and answers the interactions that
// arrive there until ctx ends. discordgo reconnects by itself once
// connected, so only the first connection is retried here, with backoff.
func (a *Adapter) RunGateway(ctx context.Context) {
	remove := a.session.AddHandler(a.OnInteractionCreate)
	defer remove()
	log := a.cfg.Logger
	backoff := time.Second
	for {
		// Open takes no context and can wait long for a stalled gateway;
		// serve's shutdown must not wait with it.
		opened := make(chan error, 1)
		go func() { opened <- a.session.Open() }()
		var err error
		select {
		case err = <-opened:
		case <-ctx.Done():
			go func() {
				if <-opened == nil {
					a.session.Close()
				}
			}()
			return
		}
		if err == nil {
			log.Info("discord gateway connected")
			break
		}
		log.Warn("discord gateway connect failed; retrying", "in", backoff, "err", err)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(2*backoff, time.Minute)
	}
	<-ctx.Done()
	if err := a.session.Close(); err != nil {
		log.Warn("discord gateway close", "err", err)
	}
}
