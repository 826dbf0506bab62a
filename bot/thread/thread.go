// Package thread answers questions put to the bot in a conversation — a
// Slack @mention or thread reply, a Discord message that mentions the bot
// — whatever the platform. A follow-up is answered with its thread's
// earlier questions as context: their terms and cited documents, the
// latest counting most, none older than a day. What a thread asked is kept
// in the state store (bot/state), so it outlives a restart; so are the
// events already handled, which adapters claim before answering.
package thread

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
)

// How a thread's questions count for a follow-up: the latest LatestWeight
// times as much as the follow-up's own words, each older one Decay times
// the next, at most MaxEarlier of them, and none asked more than
// ContextAge ago. A follow-up refers mostly to the exchange just before
// it: on the default corpus an older question weighing .15 or more of
// the follow-up still outweighed the latest (index's
// TestAskInContextLatestCountsMost).
const (
	LatestWeight = 0.5
	Decay        = 0.25
	MaxEarlier   = 3
	ContextAge   = 24 * time.Hour
)

// Context is what a thread asked before a follow-up, latest first.
type Context struct {
	Earlier []Earlier
}

// Earlier is one earlier question with the documents cited in its answer
// and how much it counts (1: as much as the follow-up's own words).
type Earlier struct {
	Question string
	Docs     []string
	Weight   float64
}

// Asker answers a question in its thread's context; an empty Context asks
// it alone. The index is one, through serve's adapter.
type Asker interface {
	AskInContext(ctx context.Context, q corpus.Query, c Context) (corpus.Answer, error)
}

// Commands runs the /brief commands a message may name instead of asking
// ("@briefbot help"); *bot.Bot is one.
type Commands interface {
	Commands() []bot.Command
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Store remembers conversations: a state.Conversations (the state file)
// or a pgstate.Conversations (replicas sharing PostgreSQL).
type Store interface {
	Claim(ctx context.Context, now time.Time, keep time.Duration, keys ...string) (bool, error)
	Thread(ctx context.Context, k state.ThreadKey, now time.Time) (state.Thread, bool, error)
	AddTurn(ctx context.Context, k state.ThreadKey, t state.Turn, messages ...string) error
	Resolve(ctx context.Context, platform, channel, message string, now time.Time) (state.ThreadKey, bool, error)
}

// Config wires Threads.
type Config struct {
	Bot   Commands
	Asker Asker
	Store Store
	Now   func() time.Time
	// Logger and Metrics may be nil.
	Logger  *slog.Logger
	Metrics *bot.Metrics
}

// Threads answers messages in conversations and remembers them.
type Threads struct {
	cfg Config
}

// New returns Threads for cfg.
func New(cfg Config) *Threads {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Threads{cfg: cfg}
}

// Claim records keys (an event id, a message) as handled for keep; false
// means another delivery claimed one first and nothing is to be done.
func (t *Threads) Claim(ctx context.Context, keep time.Duration, keys ...string) (bool, error) {
	return t.cfg.Store.Claim(ctx, t.cfg.Now(), keep, keys...)
}

// Known reports whether the bot has answered in thread k: replies there
// are follow-ups; in other threads they are not the bot's business.
func (t *Threads) Known(ctx context.Context, k state.ThreadKey) (bool, error) {
	_, ok, err := t.cfg.Store.Thread(ctx, k, t.cfg.Now())
	return ok, err
}

// Resolve returns the thread of a message the bot posted (a Discord reply
// to the bot's answer continues its thread).
func (t *Threads) Resolve(ctx context.Context, platform, channel, message string) (state.ThreadKey, bool, error) {
	return t.cfg.Store.Resolve(ctx, platform, channel, message, t.cfg.Now())
}

// Answer replies to req, a message in thread k with the mention taken out
// of its text: a /brief command when its first word names one other than
// "ask" ("help", "sources"), else a question answered in the thread's
// context. Replies are public, for the thread. It never fails: errors
// become a message and a log line.
func (t *Threads) Answer(ctx context.Context, k state.ThreadKey, req bot.Request) bot.Reply {
	text := strings.TrimSpace(req.Text)
	if text == "" || t.isCommand(text) {
		req.Text = text
		r := t.cfg.Bot.Handle(ctx, req)
		r.Ephemeral, r.Shareable = false, false
		return r
	}
	if first, rest, _ := strings.Cut(text, " "); strings.EqualFold(first, "ask") && strings.TrimSpace(rest) != "" {
		text = strings.TrimSpace(rest)
	}
	began := t.cfg.Now()
	c := t.context(ctx, k, req)
	command := "question"
	if len(c.Earlier) > 0 {
		command = "follow_up"
	}
	reply, outcome := t.ask(ctx, text, c, req)
	t.cfg.Metrics.Command(req.Platform, command, outcome, t.cfg.Now().Sub(began))
	return reply
}

// isCommand reports whether text starts with the name of a command other
// than ask.
func (t *Threads) isCommand(text string) bool {
	first, _, _ := strings.Cut(text, " ")
	first = strings.ToLower(first)
	if first == "ask" {
		return false
	}
	return slices.ContainsFunc(t.cfg.Bot.Commands(), func(c bot.Command) bool { return strings.ToLower(c.Name) == first })
}

// context is what thread k asked within ContextAge, latest first.
func (t *Threads) context(ctx context.Context, k state.ThreadKey, req bot.Request) Context {
	th, ok, err := t.cfg.Store.Thread(ctx, k, t.cfg.Now())
	if err != nil {
		// Answering without context beats not answering.
		t.cfg.Logger.Warn("thread context unreadable; answering without it", "request_id", req.ID, "platform", k.Platform, "channel", k.Channel, "thread", k.Thread, "err", err)
		return Context{}
	}
	if !ok {
		return Context{}
	}
	var c Context
	w := LatestWeight
	for i := len(th.Turns) - 1; i >= 0 && len(c.Earlier) < MaxEarlier; i-- {
		turn := th.Turns[i]
		if t.cfg.Now().Sub(turn.At) > ContextAge {
			break
		}
		if turn.Question == "" { // a command's reply: no question to follow
			continue
		}
		c.Earlier = append(c.Earlier, Earlier{Question: turn.Question, Docs: turn.Docs, Weight: w})
		w *= Decay
	}
	return c
}

// ask answers text in context c; the outcome labels the commands metric
// as bot.Bot does.
func (t *Threads) ask(ctx context.Context, text string, c Context, req bot.Request) (bot.Reply, string) {
	q, err := corpus.ParseQuery(text)
	var qe *corpus.QueryError
	if errors.As(err, &qe) {
		return bot.Reply{Kind: bot.KindError, Text: qe.Msg}, "user_error"
	}
	if err != nil || q.Empty() {
		return bot.Reply{Kind: bot.KindError, Text: "That question has no words to search for. Try: How many artillery shells has North Korea sent to Russia?"}, "user_error"
	}
	a, err := t.cfg.Asker.AskInContext(ctx, q, c)
	if err != nil {
		if ctx.Err() != nil {
			t.cfg.Logger.Warn("thread question cancelled", "request_id", req.ID, "platform", req.Platform, "err", err)
			return bot.Reply{Kind: bot.KindError, Text: "That took too long; please try again."}, "error"
		}
		t.cfg.Logger.Error("thread question failed", "request_id", req.ID, "platform", req.Platform, "err", err)
		return bot.Reply{Kind: bot.KindError, Text: bot.SomethingWentWrong}, "error"
	}
	r := bot.Reply{Kind: bot.KindAnswer, Answer: &a}
	if a.Declined() {
		r.Text = corpus.NotAnswered
		if a.Notice != "" {
			r.Text += " " + a.Notice
		}
		return r, "no_answer"
	}
	return r, "answered"
}

// Record notes that the bot answered req in thread k with reply, posted as
// messages (their ids, linked to the thread): the thread is then the
// bot's, and the question context for what follows. Record a reply before
// posting it where the thread is known without the ids (Slack), so that
// an answer cannot be replied to before the bot knows the thread.
func (t *Threads) Record(ctx context.Context, k state.ThreadKey, req bot.Request, reply bot.Reply, messages ...string) error {
	turn := state.Turn{At: t.cfg.Now()}
	if reply.Kind == bot.KindAnswer && reply.Answer != nil {
		turn = turnOf(reply.Answer, strings.TrimSpace(req.Text), turn.At)
	}
	return t.cfg.Store.AddTurn(ctx, k, turn, messages...)
}

// Begin starts thread k from an answer given outside a conversation (a
// Discord /brief reply, whose "Follow up" button continues it): a, shown
// at, becomes the thread's first question, and messages are linked to the
// thread. A thread the bot already knows gets a as its latest question.
func (t *Threads) Begin(ctx context.Context, k state.ThreadKey, a *corpus.Answer, at time.Time, messages ...string) error {
	if a == nil {
		return errors.New("thread: begin a thread with no answer")
	}
	return t.cfg.Store.AddTurn(ctx, k, turnOf(a, "", at), messages...)
}

// turnOf is the turn of answer a to question asked (when a does not name
// it) at at: the question and the cited documents, each once.
func turnOf(a *corpus.Answer, asked string, at time.Time) state.Turn {
	turn := state.Turn{At: at, Question: a.Question}
	if turn.Question == "" {
		turn.Question = asked
	}
	for _, c := range a.Citations {
		if !slices.Contains(turn.Docs, c.DocID) {
			turn.Docs = append(turn.Docs, c.DocID)
		}
	}
	return turn
}
