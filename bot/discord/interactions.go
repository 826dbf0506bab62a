package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/internal/replay"
)

// Handler answers a /brief request; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Protocol bounds.
const (
	// MaxBody is the largest interaction body accepted (413 beyond).
	MaxBody = 1 << 20
	// MaxSkew is how far a request's signed timestamp may be from now;
	// older requests are replays.
	MaxSkew = 5 * time.Minute
	// DefaultBudget is how long a command may take before the reply is
	// deferred: Discord wants the first response within 3 seconds.
	DefaultBudget = 2 * time.Second
	// handleTimeout bounds a command that was deferred; Discord keeps the
	// interaction token for 15 minutes.
	handleTimeout = time.Minute
	// followupTimeout bounds the REST calls that deliver a reply.
	followupTimeout = 30 * time.Second
)

// Config wires an Adapter.
type Config struct {
	Bot Handler
	// PublicKey verifies requests to the HTTP endpoint.
	PublicKey ed25519.PublicKey
	// Token (DISCORD_BOT_TOKEN) and AppID (DISCORD_APP_ID) enable command
	// registration, the gateway and posting. Without them the HTTP
	// endpoint still works: interaction webhooks need no token.
	Token, AppID string
	// GuildID registers /brief to one guild (at once) instead of globally.
	GuildID string
	// InChannel is BRIEFBOT_REPLY=in_channel: deferred answers are public.
	InChannel bool
	// Subcommands are those registered (DefaultSubcommands when nil); they
	// order options into request text and give help its syntax.
	Subcommands []Subcommand
	Now         func() time.Time
	// Budget is how long to wait for a reply before deferring.
	Budget  time.Duration
	Logger  *slog.Logger
	Metrics *bot.Metrics
	// Context ends background work (deferred replies); serve's context.
	Context context.Context
	// Go runs background work so its owner can wait for it; plain go
	// statements when nil.
	Go func(func())
	// Threads, when set, answers the "Follow up" button answers then
	// carry (followup.go); posting a follow-up as a reply needs Token.
	Threads *thread.Threads
	// Feedback, when set, keeps the votes of the "Helpful" and "Not
	// helpful" buttons answers then carry (feedback.go).
	Feedback bot.Votes
	// Claims, when set, is where interactions arriving over the gateway
	// are claimed before they are acted on, so that of replicas sharing it
	// one answers each (gateway.go). Nil, every one is answered here.
	Claims Claimer
}

// Adapter is briefbot on Discord. It answers /brief interactions from the
// HTTP endpoint (ServeHTTP) and from the gateway (RunGateway) alike,
// registers the command, and posts.
type Adapter struct {
	cfg     Config
	session *discordgo.Session // REST and gateway
	shares  *shareStore
	replays *replay.Cache[string] // ids of interactions accepted over HTTP
}

// New returns an adapter for cfg, filling in defaults. It makes no
// requests.
func New(cfg Config) (*Adapter, error) {
	if cfg.Subcommands == nil {
		cfg.Subcommands = DefaultSubcommands()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Budget <= 0 {
		cfg.Budget = DefaultBudget
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	if cfg.Go == nil {
		cfg.Go = func(f func()) { go f() }
	}
	token := ""
	if cfg.Token != "" {
		token = "Bot " + strings.TrimPrefix(cfg.Token, "Bot ")
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: session: %w", err)
	}
	// Interactions need no gateway intents.
	s.Identify.Intents = discordgo.IntentsNone
	// A bounded handshake, so RunGateway notices its context ending.
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 10 * time.Second}
	return &Adapter{cfg: cfg, session: s, shares: newShareStore(), replays: &replay.Cache[string]{}}, nil
}

// respondFunc sends the first response to an interaction: in the HTTP
// response, or over REST for the gateway.
type respondFunc func(*discordgo.InteractionResponse) error

// ServeHTTP is POST /discord/interactions: it verifies the signature and
// the timestamp, refuses replays, then answers the interaction. Bad
// requests get 400, 401 or 413 with a short reason (429 if too many to
// remember for replays); nothing gets a 500.
func (h *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	responded := false
	defer func() {
		if p := recover(); p != nil {
			h.cfg.Logger.ErrorContext(r.Context(), "discord: interaction panicked", "panic", p, "stack", string(debug.Stack()))
			if !responded {
				writeJSON(w, ephemeral(bot.SomethingWentWrong))
			}
		}
	}()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.reject(w, http.StatusRequestEntityTooLarge, "interaction body over 1 MB")
			return
		}
		h.reject(w, http.StatusBadRequest, "could not read the body")
		return
	}
	signedAt, why := h.verify(r, body)
	if why != "" {
		h.cfg.Logger.WarnContext(r.Context(), "discord: rejected interaction", "why", why, "remote", r.RemoteAddr)
		h.reject(w, http.StatusUnauthorized, "invalid request signature")
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		h.reject(w, http.StatusBadRequest, "body is not an interaction: "+jsonReason(err))
		return
	}
	if !h.supported(i.Type) {
		h.reject(w, http.StatusBadRequest, fmt.Sprintf("unsupported interaction type %d", i.Type))
		return
	}
	if i.ID == "" {
		h.reject(w, http.StatusBadRequest, "body is not an interaction: it has no id")
		return
	}
	// Remembered once it is about to run, PINGs included: a repeat of an
	// accepted interaction is a replay. The id is remembered until the
	// signed timestamp leaves the window.
	if err := h.replays.Accept(i.ID, signedAt.Add(MaxSkew), h.cfg.Now()); err != nil {
		h.cfg.Logger.WarnContext(r.Context(), "discord: rejected interaction", "why", err, "interaction", i.ID, "remote", r.RemoteAddr)
		if errors.Is(err, replay.ErrFull) {
			h.reject(w, http.StatusTooManyRequests, "too many interactions; try again in a moment")
		} else {
			h.reject(w, http.StatusUnauthorized, "interaction already received")
		}
		return
	}
	flush := http.NewResponseController(w)
	h.process(&i, func(resp *discordgo.InteractionResponse) error {
		responded = true
		if err := writeJSON(w, resp); err != nil {
			return err
		}
		// The response must reach Discord before a deferred reply edits it.
		_ = flush.Flush()
		return nil
	}, func(status int, msg string) { responded = true; h.reject(w, status, msg) })
}

// verify returns when the request was signed, or why it is not from
// Discord.
func (h *Adapter) verify(r *http.Request, body []byte) (signedAt time.Time, why string) {
	if len(h.cfg.PublicKey) != ed25519.PublicKeySize {
		return signedAt, "no public key configured" // ed25519.Verify would panic
	}
	ts := r.Header.Get("X-Signature-Timestamp")
	if r.Header.Get("X-Signature-Ed25519") == "" || ts == "" {
		return signedAt, "missing signature headers"
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return signedAt, "timestamp is not a number"
	}
	signedAt = time.Unix(secs, 0)
	if skew := h.cfg.Now().Sub(signedAt); skew > MaxSkew || skew < -MaxSkew {
		return signedAt, fmt.Sprintf("timestamp off by %s", skew.Round(time.Second))
	}
	// VerifyInteraction reads the body; hand it a copy.
	vr := r.Clone(r.Context())
	vr.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(vr, h.cfg.PublicKey) {
		return signedAt, "bad signature"
	}
	return signedAt, ""
}

// supported reports whether process answers interactions of type t. A
// modal is submitted only where briefbot opens one: with follow-ups.
func (h *Adapter) supported(t discordgo.InteractionType) bool {
	switch t {
	case discordgo.InteractionPing, discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent:
		return true
	case discordgo.InteractionModalSubmit:
		return h.cfg.Threads != nil
	}
	return false
}

func (h *Adapter) reject(w http.ResponseWriter, status int, msg string) {
	h.cfg.Metrics.Delivery("discord", "inline", "rejected")
	http.Error(w, msg, status)
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	}
	return err.Error()
}

func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

// OnInteractionCreate answers interactions that arrive over the gateway,
// over REST; add it with Session.AddHandler.
func (h *Adapter) OnInteractionCreate(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			h.cfg.Logger.Error("discord: gateway interaction panicked", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	i := ic.Interaction
	if !h.claim(i) {
		return
	}
	respond := func(resp *discordgo.InteractionResponse) error {
		ctx, cancel := context.WithTimeout(h.cfg.Context, 3*time.Second)
		defer cancel()
		return withRetry(ctx, func(opts ...discordgo.RequestOption) error {
			return h.session.InteractionRespond(i, resp, opts...)
		})
	}
	h.process(i, respond, func(_ int, msg string) {
		if err := respond(ephemeral(msg)); err != nil {
			h.cfg.Logger.Warn("discord: respond", "interaction", i.ID, "err", hideToken(err, i.Token))
		}
	})
}

// process answers one verified interaction. fail reports an interaction
// that cannot be answered at all (an unsupported type).
func (h *Adapter) process(i *discordgo.Interaction, respond respondFunc, fail func(status int, msg string)) {
	switch i.Type {
	case discordgo.InteractionPing:
		h.send(i, "inline", respond, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case discordgo.InteractionApplicationCommand:
		data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		if data.Name != CommandName {
			h.send(i, "inline", respond, ephemeral(fmt.Sprintf("Unknown command /%s; briefbot answers /%s.", data.Name, CommandName)))
			return
		}
		text, sub := requestText(data, h.cfg.Subcommands)
		if sub != "" && text == "" {
			h.send(i, "inline", respond, ephemeral(fmt.Sprintf("Unknown command /%s %s; try /%s help.", CommandName, sub, CommandName)))
			return
		}
		h.run(i, text, false, respond)
	case discordgo.InteractionMessageComponent:
		data, _ := i.Data.(discordgo.MessageComponentInteractionData)
		if h.vote(i, data.CustomID, respond) || h.openFollowUp(i, data.CustomID, respond) {
			return
		}
		shown, isShare, ok := h.shares.lookup(data.CustomID)
		switch {
		case !isShare:
			h.send(i, "inline", respond, ephemeral("That button is not briefbot's, or is from an older version; ask again."))
		case !ok:
			h.send(i, "inline", respond, ephemeral("That answer is no longer available to post; ask again."))
		default:
			// The answer as it was shown, not a fresh run.
			m := h.render(shown, true)
			h.send(i, "share", respond, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource, Data: m.responseData()})
		}
	case discordgo.InteractionModalSubmit:
		if !h.supported(i.Type) {
			fail(http.StatusBadRequest, fmt.Sprintf("unsupported interaction type %d", i.Type))
			return
		}
		data, _ := i.Data.(discordgo.ModalSubmitInteractionData)
		h.submitFollowUp(i, data, respond)
	default:
		fail(http.StatusBadRequest, fmt.Sprintf("unsupported interaction type %d", i.Type))
	}
}

func ephemeral(text string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: message{Content: truncate(escape(text), maxContent), Ephemeral: true}.responseData(),
	}
}

// send delivers a first response and counts it.
func (h *Adapter) send(i *discordgo.Interaction, way string, respond respondFunc, resp *discordgo.InteractionResponse) bool {
	return h.deliver(i, way, func() error { return respond(resp) })
}

// deliver runs one delivery (way: "inline", "share", "deferred"), and logs
// and counts how it went.
func (h *Adapter) deliver(i *discordgo.Interaction, way string, f func() error) bool {
	if err := f(); err != nil {
		h.cfg.Metrics.Delivery("discord", way, "error")
		h.cfg.Logger.Warn("discord: deliver", "interaction", i.ID, "way", way, "err", hideToken(err, i.Token))
		return false
	}
	h.cfg.Metrics.Delivery("discord", way, "ok")
	return true
}

// run handles a request: the reply goes in the first response when it is
// ready within the budget; otherwise the response is deferred and the
// reply edited in later. share marks a "Post to channel" click, whose reply
// is public.
func (h *Adapter) run(i *discordgo.Interaction, text string, share bool, respond respondFunc) {
	req := request(i, text)
	ctx, cancel := context.WithTimeout(h.cfg.Context, handleTimeout)
	done := make(chan bot.Reply, 1)
	h.cfg.Go(func() { done <- h.handle(ctx, req) })
	way := "inline"
	if share {
		way = "share"
	}
	timer := time.NewTimer(h.cfg.Budget)
	defer timer.Stop()
	select {
	case reply := <-done:
		cancel()
		m := h.render(reply, share)
		h.send(i, way, respond, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource, Data: m.responseData()})
		return
	case <-timer.C:
	}
	// Too slow: acknowledge now and edit the reply in when it is ready.
	// Whether the final message is ephemeral is fixed here, so use what an
	// answer would be.
	deferEphemeral := !share && !h.cfg.InChannel
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: message{Ephemeral: deferEphemeral}.flags()}}
	if !h.send(i, "deferred", respond, deferred) {
		cancel()
		return
	}
	h.cfg.Go(func() {
		defer cancel()
		var reply bot.Reply
		select {
		case reply = <-done:
		case <-ctx.Done():
			reply = bot.Reply{Kind: bot.KindError, Text: "That took too long; please try again.", Ephemeral: true}
		}
		// Deliver even while serve shuts down, briefly.
		dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), followupTimeout)
		defer dcancel()
		h.deliver(i, "deferred", func() error { return h.followUp(dctx, i, h.render(reply, share), deferEphemeral) })
	})
}

// followUp replaces a deferred response with m. A deferred response's
// visibility cannot change, so a reply whose visibility differs is sent as
// a follow-up message and the placeholder deleted.
func (h *Adapter) followUp(ctx context.Context, i *discordgo.Interaction, m message, deferEphemeral bool) error {
	s := h.session
	if m.Ephemeral == deferEphemeral {
		err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
			_, err := s.InteractionResponseEdit(i, m.webhookEdit(), opts...)
			return err
		})
		if err != nil {
			return fmt.Errorf("discord: edit original response: %w", err)
		}
		return nil
	}
	err := withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := s.FollowupMessageCreate(i, true, m.webhookParams(), opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: follow-up message: %w", err)
	}
	err = withRetry(ctx, func(opts ...discordgo.RequestOption) error {
		return s.InteractionResponseDelete(i, opts...)
	})
	if err != nil {
		return fmt.Errorf("discord: delete deferred placeholder: %w", err)
	}
	return nil
}

// render lays out a reply with its buttons; a share click's reply is
// public and has no "Post to channel".
func (h *Adapter) render(r bot.Reply, share bool) message {
	if share && r.Kind != bot.KindError {
		r.Ephemeral, r.Shareable = false, false
	}
	return renderButtons(r, h.buttons(r), h.cfg.Subcommands)
}

// buttons keeps r when buttons act on it and returns their custom_ids:
// "Post to channel" on a shareable reply; "Helpful" and "Not helpful"
// with a feedback store, and "Follow up" with threads, on an answer with
// citations.
func (h *Adapter) buttons(r bot.Reply) buttons {
	var b buttons
	share := r.Shareable && r.ShareText != ""
	rate := h.cfg.Feedback != nil && r.Cited()
	follow := h.cfg.Threads != nil && r.Cited()
	if !share && !rate && !follow {
		return b
	}
	key := h.shares.keep(r, h.cfg.Now())
	if share {
		b.share = shareKeyPrefix + key
	}
	if rate {
		b.up, b.down = voteUpPrefix+key, voteDownPrefix+key
	}
	if follow {
		b.follow = followPrefix + key
	}
	return b
}

// handle runs the bot, turning a panic into an apology.
func (h *Adapter) handle(ctx context.Context, req bot.Request) (reply bot.Reply) {
	defer func() {
		if p := recover(); p != nil {
			h.cfg.Logger.ErrorContext(ctx, "discord: command panicked", "request_id", req.ID, "panic", p, "stack", string(debug.Stack()))
			reply = bot.Reply{Kind: bot.KindError, Text: bot.SomethingWentWrong, Ephemeral: true}
		}
	}()
	return h.cfg.Bot.Handle(ctx, req)
}

// request is the platform-neutral form of an interaction.
func request(i *discordgo.Interaction, text string) bot.Request {
	req := bot.Request{Platform: "discord", TeamID: i.GuildID, ChannelID: i.ChannelID, ID: i.ID, Text: text}
	switch {
	case i.Member != nil && i.Member.User != nil:
		req.UserID, req.UserName = i.Member.User.ID, i.Member.User.Username
	case i.User != nil:
		req.UserID, req.UserName = i.User.ID, i.User.Username
	}
	return req
}
