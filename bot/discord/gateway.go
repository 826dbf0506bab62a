package discord

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

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
	a.runGateway(ctx, discordgo.IntentsNone)
}

// runGateway is RunGateway asking for intents, with more event handlers
// (Mentions.OnMessageCreate).
func (a *Adapter) runGateway(ctx context.Context, intents discordgo.Intent, handlers ...any) {
	// Set before Open: discordgo sends it in IDENTIFY.
	a.session.Identify.Intents = intents
	remove := a.session.AddHandler(a.OnInteractionCreate)
	defer remove()
	for _, h := range handlers {
		defer a.session.AddHandler(h)()
	}
	log := a.cfg.Logger
	backoff := time.Second
	for {
		// Open takes no context and can wait long for a stalled gateway;
		// serve's shutdown must not wait with it. The dialer closes a
		// connection still opening when ctx ends, so Open then returns.
		dial := newGatewayDial(ctx)
		a.session.Dialer = dial.dialer()
		opened := make(chan error, 1)
		go func() { opened <- a.session.Open() }()
		var err error
		select {
		case err = <-opened:
			dial.connected()
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

// Claimer records keys as handled, for keep from now, and reports false
// when one of them already is; pgstate.Conversations is one.
type Claimer interface {
	Claim(ctx context.Context, now time.Time, keep time.Duration, keys ...string) (bool, error)
}

const (
	// interactionKeep is how long a claimed interaction is remembered:
	// longer than its token's 15 minutes, after which nothing can answer it.
	interactionKeep = time.Hour
	// claimTimeout bounds the claim, which must leave most of Discord's 3
	// seconds for the answer.
	claimTimeout = time.Second
)

// claim reports whether this process is to act on i, an interaction that
// came over the gateway. Discord dispatches each interaction to every
// gateway connection of the bot, one per replica, when the application has
// no Interactions Endpoint URL; without a claim each replica would run the
// command (a digest built twice, a vote counted twice), Discord taking the
// first response and refusing the others. Claiming the interaction id in
// the database the replicas share (INSERT … ON CONFLICT, with the sweep of
// expired claims that every write makes) lets exactly one act. This beats
// keeping the gateway on the leader alone: no failover gap, and mentions
// need every replica's connection anyway. A claim that fails (the database
// is away) answers here: slash commands keep working from the local index,
// and Discord still shows one response.
func (h *Adapter) claim(i *discordgo.Interaction) bool {
	if h.cfg.Claims == nil || i.ID == "" {
		return true
	}
	ctx, cancel := context.WithTimeout(h.cfg.Context, claimTimeout)
	defer cancel()
	ok, err := h.cfg.Claims.Claim(ctx, h.cfg.Now(), interactionKeep, "discord:interaction:"+i.ID)
	switch {
	case err != nil:
		h.cfg.Logger.Warn("discord: interaction not claimed; answering it here", "interaction", i.ID, "err", err)
		return true
	case !ok:
		h.cfg.Logger.Info("discord interaction ignored", "interaction", i.ID, "why", "claimed by another replica")
		return false
	}
	return true
}

// gatewayDial dials the gateway's websocket so that, until connected, ctx
// ending closes the connection: a handshake or a first read stalled inside
// discordgo's Open then fails at once.
type gatewayDial struct {
	ctx   context.Context
	mu    sync.Mutex
	stops []func() bool
}

func newGatewayDial(ctx context.Context) *gatewayDial { return &gatewayDial{ctx: ctx} }

func (g *gatewayDial) dialer() *websocket.Dialer {
	d := *websocket.DefaultDialer
	var nd net.Dialer
	d.NetDialContext = func(_ context.Context, network, addr string) (net.Conn, error) {
		c, err := nd.DialContext(g.ctx, network, addr)
		if err != nil {
			return nil, err
		}
		g.mu.Lock()
		g.stops = append(g.stops, context.AfterFunc(g.ctx, func() { c.Close() }))
		g.mu.Unlock()
		return c, nil
	}
	return &d
}

// connected hands the connection over to discordgo, which closes it on
// Session.Close.
func (g *gatewayDial) connected() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, stop := range g.stops {
		stop()
	}
	g.stops = nil
}
