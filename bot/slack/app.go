package slack

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/thread"
	"github.com/briefbot/briefbot/internal/redact"
	"github.com/briefbot/briefbot/internal/replay"
)

// Responder answers a /brief request; *bot.Bot is one.
type Responder interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Config wires an App.
type Config struct {
	Bot Responder
	// SigningSecret verifies HTTP requests (SLACK_SIGNING_SECRET).
	SigningSecret string
	// BotToken lets the app post (SLACK_BOT_TOKEN); AppToken (xapp-)
	// opens Socket Mode (SLACK_APP_TOKEN).
	BotToken string
	AppToken string
	// APIURL overrides the Web API base, ending in "/" (SLACK_API_URL).
	APIURL string
	// HTTPClient posts to response_url and the Web API; default has a
	// 10-second timeout.
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
	Metrics    *bot.Metrics
	// InlineBudget is how long a command may take to be answered in the
	// acknowledgement itself; slower answers are acknowledged at once and
	// sent to response_url. Slack allows 3 seconds; default 2.
	InlineBudget time.Duration
	// CommandTimeout bounds a deferred command; default 30 seconds.
	CommandTimeout time.Duration
	// Threads, when set, answers mentions and thread follow-ups from
	// POST /slack/events and Socket Mode (events.go); posting them needs
	// BotToken.
	Threads *thread.Threads
	// Feedback, when set, keeps the votes of the "Helpful" and "Not
	// helpful" buttons answers then carry (feedback.go).
	Feedback bot.Votes
}

// MaxBody is the largest request accepted; Slack's are a few kilobytes.
const MaxBody = 1 << 20

// App serves Slack: HTTP endpoints, Socket Mode, and posting.
type App struct {
	cfg     Config
	verify  Verifier
	replays *replay.Cache[[sha256.Size]byte]
	shares  *shareStore
	zones   zoneCache
	api     *slack.Client
	log     *slog.Logger

	// ctx ends deferred work when the app closes.
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex // guards closed and wg.Add against Close
	closed bool
	wg     sync.WaitGroup
}

// New returns an App; Close it to stop deferred work.
func New(cfg Config) *App {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.InlineBudget <= 0 {
		cfg.InlineBudget = 2 * time.Second
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = 30 * time.Second
	}
	opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTPClient)}
	if cfg.APIURL != "" {
		if !strings.HasSuffix(cfg.APIURL, "/") {
			cfg.APIURL += "/"
		}
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &App{
		cfg:     cfg,
		verify:  Verifier{Secret: cfg.SigningSecret, Now: cfg.Now},
		replays: &replay.Cache[[sha256.Size]byte]{},
		shares:  newShareStore(cfg.Now),
		api:     slack.New(cfg.BotToken, opts...),
		log:     cfg.Logger,
		ctx:     ctx,
		cancel:  cancel,
	}
}

// Close cancels deferred work and waits for it to end.
// Close refuses new work, lets answers and deliveries under way finish for
// up to DrainTimeout, then cancels what is left and waits for it.
func (a *App) Close() error {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() {
		a.wg.Wait()
		close(done)
	}()
	t := time.NewTimer(DrainTimeout)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		a.log.Warn("slack: cancelling work still running at shutdown", "after", DrainTimeout)
	}
	a.cancel()
	<-done
	return nil
}

// DrainTimeout bounds how long Close waits for work under way.
const DrainTimeout = 10 * time.Second

// spawn runs f in a goroutine Close waits for; after Close it runs nothing
// and reports false.
func (a *App) spawn(f func()) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		// A bug in rendering or delivery is logged, not a crash of serve.
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("slack: background work panicked", "panic", p, "stack", string(debug.Stack()))
			}
		}()
		f()
	}()
	return true
}

// shuttingDown is the reply to requests that arrive as the app closes.
var shuttingDown = bot.Reply{Kind: bot.KindError, Text: "briefbot is restarting; please try again in a moment.", Ephemeral: true}

// Register adds POST /slack/commands and POST /slack/interactions to mux,
// and POST /slack/events with Threads.
func (a *App) Register(mux *http.ServeMux) {
	mux.Handle("/slack/commands", endpoint(a, parseCommand, a.serveCommand))
	mux.Handle("/slack/interactions", endpoint(a, parseInteraction, a.serveInteraction))
	if a.cfg.Threads != nil {
		mux.HandleFunc("/slack/events", a.serveEvents)
	}
}

// formType is the only body Slack sends to commands and interactions.
const formType = "application/x-www-form-urlencoded"

// endpoint wraps a handler with the checks every Slack request passes, in
// order: method (405), size (413), signature (401), content type (415), a
// well-formed form that parse accepts (400), and not a replay (401); and
// recovers panics. The signature comes first so that only Slack learns
// more than 401. A request is remembered only once it is about to run, so
// a signed request refused for its content type or form can be refused
// the same way again.
func endpoint[T any](a *App, parse func(url.Values) (T, error), next func(w http.ResponseWriter, r *http.Request, id string, req T)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := requestID()
		rw := &trackingWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				a.log.ErrorContext(r.Context(), "slack handler panicked", "request_id", id, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if !rw.wrote {
					writeJSON(rw, Message(bot.Reply{Kind: bot.KindError, Text: bot.SomethingWentWrong, Ephemeral: true}))
				}
			}
		}()
		if r.Method != http.MethodPost {
			rw.Header().Set("Allow", http.MethodPost)
			http.Error(rw, "use POST", http.StatusMethodNotAllowed)
			return
		}
		if r.ContentLength > MaxBody {
			a.reject(rw, r, id, http.StatusRequestEntityTooLarge, "request body too large", nil)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.reject(rw, r, id, http.StatusRequestEntityTooLarge, "request body too large", err)
				return
			}
			a.reject(rw, r, id, http.StatusBadRequest, "could not read request", err)
			return
		}
		if err := a.verify.Verify(r.Header, body); err != nil {
			a.reject(rw, r, id, http.StatusUnauthorized, "invalid request signature", err)
			return
		}
		ct := r.Header.Get("Content-Type")
		if mt, _, _ := mime.ParseMediaType(ct); mt != formType {
			a.reject(rw, r, id, http.StatusUnsupportedMediaType, "Content-Type must be "+formType,
				fmt.Errorf("slack: content type %q", ct))
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			a.reject(rw, r, id, http.StatusBadRequest, "malformed form body: "+err.Error(), err)
			return
		}
		req, err := parse(form)
		if err != nil {
			a.reject(rw, r, id, http.StatusBadRequest, err.Error(), err)
			return
		}
		switch err := a.accept(r.Header, body); {
		case errors.Is(err, replay.ErrFull):
			a.reject(rw, r, id, http.StatusTooManyRequests, "too many requests; try again in a moment", err)
			return
		case errors.Is(err, replay.ErrReplayed):
			a.reject(rw, r, id, http.StatusUnauthorized, "request already received", err)
			return
		case err != nil:
			a.reject(rw, r, id, http.StatusUnauthorized, "invalid request signature", err)
			return
		}
		next(rw, r, id, req)
	})
}

// accept remembers a verified request until it leaves the window; a
// repeat is a replay. The key is the signed content, not the signature
// header, which has other spellings (upper-case hex) that verify alike.
func (a *App) accept(h http.Header, body []byte) error {
	ts := h.Get("X-Slack-Request-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64) // Verify has checked it
	if err != nil {
		return fmt.Errorf("%w: timestamp %q", ErrForged, ts)
	}
	k := sha256.New()
	k.Write([]byte("v0:" + ts + ":"))
	k.Write(body)
	var key [sha256.Size]byte
	k.Sum(key[:0])
	return a.replays.Accept(key, time.Unix(sec, 0).Add(MaxSkew), a.cfg.Now())
}

// parseCommand reads a slash command's form; Slack always names the
// command, except in the certificate checks it sends now and then
// (ssl_check=1), which come back with no Command.
func parseCommand(form url.Values) (slack.SlashCommand, error) {
	// slack-go reads the fields off a request whose form is parsed.
	cmd, err := slack.SlashCommandParse(&http.Request{Form: form, PostForm: form})
	if err != nil {
		return cmd, fmt.Errorf("malformed form body: %w", err)
	}
	if form.Get("ssl_check") == "1" {
		return slack.SlashCommand{}, nil
	}
	if cmd.Command == "" {
		return cmd, errors.New("malformed command: the form has no command field")
	}
	return cmd, nil
}

// parseInteraction reads the JSON payload of an interaction's form.
func parseInteraction(form url.Values) (slack.InteractionCallback, error) {
	var cb slack.InteractionCallback
	p := form.Get("payload")
	if p == "" {
		return cb, errors.New("malformed interaction: the form has no payload field")
	}
	if err := json.Unmarshal([]byte(p), &cb); err != nil {
		return cb, fmt.Errorf("malformed interaction: payload is not JSON of an interaction: %w", err)
	}
	if cb.Type == "" {
		return cb, errors.New("malformed interaction: payload has no type")
	}
	return cb, nil
}

func (a *App) reject(w http.ResponseWriter, r *http.Request, id string, code int, msg string, err error) {
	a.log.WarnContext(r.Context(), "slack request rejected", "request_id", id, "path", r.URL.Path, "status", code, "err", err)
	a.cfg.Metrics.Delivery("slack", "request", "rejected")
	http.Error(w, msg, code)
}

// serveCommand answers a slash command: in the response when the answer is
// ready within the budget, else through response_url.
func (a *App) serveCommand(w http.ResponseWriter, r *http.Request, id string, cmd slack.SlashCommand) {
	if cmd.Command == "" { // an ssl_check: Slack wants a 200 and nothing else
		w.WriteHeader(http.StatusOK)
		return
	}
	a.answer(r.Context(), id, cmd,
		func(msg *slack.WebhookMessage) error { return writeJSON(w, msg) },
		func() error { w.WriteHeader(http.StatusOK); return nil })
}

// answer runs cmd and sends its reply inline if it is ready within the
// budget; otherwise it acks empty at once and posts the reply to
// response_url when ready.
func (a *App) answer(ctx context.Context, id string, cmd slack.SlashCommand, inline func(*slack.WebhookMessage) error, ack func() error) {
	req := bot.Request{
		Platform: "slack", ID: id,
		TeamID: cmd.TeamID, ChannelID: cmd.ChannelID, UserID: cmd.UserID, UserName: cmd.UserName,
		Text: cmd.Text,
	}
	a.log.DebugContext(ctx, "slack command", "request_id", id, "user", cmd.UserID, "channel", cmd.ChannelID, "trigger_id", cmd.TriggerID)
	result := a.run(req)
	timer := time.NewTimer(a.cfg.InlineBudget)
	defer timer.Stop()
	select {
	case reply := <-result:
		msg := reply.message()
		if fitsInline(msg) {
			if err := inline(msg); err != nil {
				a.log.WarnContext(ctx, "slack inline reply failed", "request_id", id, "err", err)
				a.cfg.Metrics.Delivery("slack", "inline", "error")
				return
			}
			a.cfg.Metrics.Delivery("slack", "inline", "ok")
			return
		}
		// Too large for an acknowledgement: fall through to response_url.
		ack()
		a.goDeliver(id, cmd.ResponseURL, func() kept { return reply })
	case <-timer.C:
		ack()
		a.goDeliver(id, cmd.ResponseURL, func() kept { return <-result })
	}
}

// kept is a reply with the value of its feedback buttons: the button
// value of its stored copy, "" when it has none (see shareStore).
type kept struct {
	reply bot.Reply
	rate  string
}

// keep stores a reply that has buttons bringing it back.
func (a *App) keep(r bot.Reply) kept {
	rate := a.cfg.Feedback != nil
	r, v := a.shares.keepFor(r, rate)
	if !rate || !r.Cited() {
		v = ""
	}
	return kept{r, v}
}

// message renders a kept reply with its buttons.
func (k kept) message() *slack.WebhookMessage { return render(k.reply, k.rate) }

// run starts the command; its reply arrives on the channel.
func (a *App) run(req bot.Request) <-chan kept {
	out := make(chan kept, 1)
	ok := a.spawn(func() {
		ctx, cancel := context.WithTimeout(a.ctx, a.cfg.CommandTimeout)
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("slack command panicked", "request_id", req.ID, "panic", p, "stack", string(debug.Stack()))
				out <- kept{reply: bot.Reply{Kind: bot.KindError, Text: bot.SomethingWentWrong, Ephemeral: true}}
			}
		}()
		// A reply with buttons is kept, so that they act on what was
		// shown.
		out <- a.keep(a.cfg.Bot.Handle(a.withUserZone(ctx, req), req))
	})
	if !ok {
		out <- kept{reply: shuttingDown}
	}
	return out
}

// goDeliver posts a reply to response_url in the background.
func (a *App) goDeliver(id, responseURL string, reply func() kept) {
	ok := a.spawn(func() {
		msg := reply().message()
		a.send(id, "deferred", func(ctx context.Context) error { return a.respond(ctx, responseURL, msg) })
	})
	if !ok {
		a.log.Warn("slack deferred reply dropped: shutting down", "request_id", id)
	}
}

// send runs one delivery (way: "deferred", "share") within the command
// timeout, and logs and counts how it went.
func (a *App) send(id, way string, deliver func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(a.ctx, a.cfg.CommandTimeout)
	defer cancel()
	if err := deliver(ctx); err != nil {
		a.log.Error("slack "+way+" delivery failed", "request_id", id, "err", redact.Error(err))
		a.cfg.Metrics.Delivery("slack", way, "error")
		return
	}
	a.cfg.Metrics.Delivery("slack", way, "ok")
}

// respond posts msg to a response_url.
func (a *App) respond(ctx context.Context, responseURL string, msg *slack.WebhookMessage) error {
	if responseURL == "" {
		return errors.New("slack: no response_url to reply to")
	}
	for attempt := 0; ; attempt++ {
		err := slack.PostWebhookCustomHTTPContext(ctx, responseURL, a.cfg.HTTPClient, msg)
		if err == nil {
			return nil
		}
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || attempt >= MaxPostRetries || rl.RetryAfter > MaxRetryWait {
			return fmt.Errorf("slack: post to response_url: %w", hideURL(err, responseURL))
		}
		a.log.WarnContext(ctx, "slack response_url rate limited; waiting", "retry_after", rl.RetryAfter, "attempt", attempt+1)
		if err := sleep(ctx, rl.RetryAfter); err != nil {
			return fmt.Errorf("slack: post to response_url: %w", hideURL(err, responseURL))
		}
	}
}

// maxInline keeps acknowledgements under Socket Mode's 20 KB limit (and
// HTTP ones modest); larger replies go to response_url.
const maxInline = 19 * 1024

func fitsInline(msg *slack.WebhookMessage) bool {
	b, err := json.Marshal(msg)
	return err == nil && len(b) < maxInline
}

// serveInteraction handles button clicks: it acknowledges at once and
// carries out the action in the background.
func (a *App) serveInteraction(w http.ResponseWriter, r *http.Request, id string, cb slack.InteractionCallback) {
	w.WriteHeader(http.StatusOK)
	a.interact(id, cb)
}

// interact carries out a block action. "Post to channel" posts the stored
// reply the user saw; when it is gone, the one who clicked is told so.
// "Helpful" and "Not helpful" record a vote (feedback.go).
func (a *App) interact(id string, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		a.log.Debug("slack interaction ignored", "request_id", id, "type", cb.Type)
		return
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if act != nil && (act.ActionID == HelpfulActionID || act.ActionID == NotHelpfulActionID) {
			a.vote(id, cb, act)
			return
		}
		if act == nil || act.ActionID != ShareActionID {
			continue
		}
		reply, ok := a.shares.lookup(act.Value)
		if !ok {
			a.log.Info("slack share: stored answer gone", "request_id", id, "user", cb.User.ID)
			reply = bot.Reply{Kind: bot.KindError, Text: shareGone, Ephemeral: true}
		}
		if !a.spawn(func() {
			a.send(id, "share", func(ctx context.Context) error { return a.share(ctx, cb, reply, act.Value) })
		}) {
			a.log.Warn("slack share dropped: shutting down", "request_id", id)
		}
		return
	}
}

// share posts reply for everyone in the channel, through response_url or,
// without one, chat.postMessage. value is the button value of the stored
// reply, which the post's feedback buttons carry too.
func (a *App) share(ctx context.Context, cb slack.InteractionCallback, reply bot.Reply, value string) error {
	if reply.Kind == bot.KindError {
		// Errors stay with the one who clicked.
		return a.respond(ctx, cb.ResponseURL, Message(reply))
	}
	reply.Ephemeral, reply.Shareable = false, false
	if a.cfg.Feedback == nil || !reply.Cited() {
		value = ""
	}
	msg := render(reply, value)
	if cb.User.ID != "" {
		// Above the feedback buttons, which stay last.
		blocks := msg.Blocks.BlockSet
		var buttons []slack.Block
		if n := len(blocks); n > 0 && blocks[n-1].BlockType() == slack.MBTAction {
			blocks, buttons = blocks[:n-1:n-1], []slack.Block{blocks[n-1]}
		}
		blocks = append(append(blocks, contextBlock("Shared by <@"+cb.User.ID+">")), buttons...)
		if len(blocks) > MaxBlocks {
			blocks = blocks[len(blocks)-MaxBlocks:]
		}
		msg.Blocks.BlockSet = blocks
	}
	msg.ResponseType, msg.ReplaceOriginal = InChannel, false
	if cb.ResponseURL != "" {
		return a.respond(ctx, cb.ResponseURL, msg)
	}
	if cb.Channel.ID == "" {
		return errors.New("slack: share: no response_url and no channel")
	}
	return a.postMessage(ctx, cb.Channel.ID, msg)
}

func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err = w.Write(b)
	return err
}

// trackingWriter notes whether a response was started, so a recovered
// panic does not write twice.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (t *trackingWriter) WriteHeader(code int) {
	t.wrote = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wrote = true
	return t.ResponseWriter.Write(b)
}

// requestID names a request in logs.
func requestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
