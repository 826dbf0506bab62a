package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/timeline"
)

// Asker answers a question with cited passages.
type Asker interface {
	Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error)
}

// Library lists what the corpus holds, newest first, and how many documents
// there are in all.
type Library interface {
	Documents(ctx context.Context, limit int) (docs []corpus.DocumentInfo, total int, err error)
}

// Poster posts a reply into a channel; digests go out through it. Each
// platform adapter provides one. A nil error means the platform accepted the
// message.
type Poster interface {
	Post(ctx context.Context, channelID string, r Reply) error
}

// Request is one /brief invocation, whatever platform it came from.
type Request struct {
	Platform  string // "slack", "discord", "cli"
	TeamID    string // Slack team or Discord guild
	ChannelID string
	UserID    string
	UserName  string
	// ID identifies the request in logs; adapters set it.
	ID string
	// Text is everything after "/brief": "ask how many shells", "help", or
	// a bare question. Discord adapters join subcommand and options into it.
	Text string
}

// Kind says what a Reply carries, so renderers know how to lay it out.
type Kind int

const (
	KindMessage  Kind = iota // Text only
	KindAnswer               // Answer
	KindSources              // Documents
	KindHelp                 // Help
	KindDigest               // Digest
	KindError                // Text is a user-facing error message
	KindTimeline             // Timeline; Text is its plain-text fallback
)

// Reply is what a command produces; adapters render it for their platform.
type Reply struct {
	Kind Kind
	// Text is the message for KindMessage and KindError, and a heading or
	// plain-text fallback for the others.
	Text      string
	Answer    *corpus.Answer
	Documents []corpus.DocumentInfo
	Total     int // documents in the corpus, for KindSources
	Help      []Command
	Digest    *corpus.Digest
	Timeline  *timeline.Timeline
	// Ephemeral replies are shown to the asker only.
	Ephemeral bool
	// Shareable replies carry a "Post to channel" button; ShareText is the
	// request text that reproduces the reply when clicked.
	Shareable bool
	ShareText string
}

// Cited reports whether r is an answer with citations: one users can
// rate and follow up, on every platform.
func (r Reply) Cited() bool {
	return r.Kind == KindAnswer && r.Answer != nil && len(r.Answer.Citations) > 0
}

// Command is one /brief subcommand.
type Command struct {
	Name     string // "ask"
	Usage    string // "ask <question>"
	Summary  string // one line
	Examples []string
	// Run handles the request; args is the text after the subcommand name.
	Run func(ctx context.Context, req Request, args string) (Reply, error)
}

// Config wires a Bot.
type Config struct {
	Asker   Asker
	Library Library
	// InChannel makes answers public rather than ephemeral
	// (BRIEFBOT_REPLY=in_channel).
	InChannel bool
	Logger    *slog.Logger
	// Metrics, when set, counts commands and their latency.
	Metrics *Metrics
}

// Bot routes /brief requests to commands.
type Bot struct {
	cfg Config
	// mu guards the command table: adapters may already serve while the
	// digest layer registers its commands.
	mu       sync.RWMutex
	commands map[string]Command
	order    []string
}

// New returns a Bot with the core commands registered: ask, help, sources.
func New(cfg Config) *Bot {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	b := &Bot{cfg: cfg, commands: map[string]Command{}}
	b.Register(b.askCommand())
	b.Register(Command{Name: "help", Usage: "help [command]", Summary: "List the commands with examples.",
		Examples: []string{"help", "help ask"},
		Run:      func(_ context.Context, _ Request, args string) (Reply, error) { return b.helpFor(args), nil }})
	b.Register(b.sourcesCommand())
	// An Asker that can also list passages by topic (the index) gives
	// timelines.
	if src, ok := cfg.Asker.(timeline.Source); ok {
		b.Register(b.timelineCommand(src))
	}
	return b
}

// Register adds or replaces a subcommand. Digest subcommands are added this
// way by the digest layer.
func (b *Bot) Register(c Command) {
	name := strings.ToLower(c.Name)
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.commands[name]; !ok {
		b.order = append(b.order, name)
	}
	b.commands[name] = c
}

// Commands lists the registered commands in registration order.
func (b *Bot) Commands() []Command {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Command, 0, len(b.order))
	for _, n := range b.order {
		out = append(out, b.commands[n])
	}
	return out
}

// Handle runs one request. It never fails and never panics: errors become a
// user-facing message, and the chain is logged with the request id.
func (b *Bot) Handle(ctx context.Context, req Request) (reply Reply) {
	began := time.Now()
	name := "help"
	defer func() {
		if p := recover(); p != nil {
			b.cfg.Logger.ErrorContext(ctx, "command panicked", "platform", req.Platform, "command", name,
				"request_id", req.ID, "panic", p, "stack", string(debug.Stack()))
			reply = Reply{Kind: KindError, Text: SomethingWentWrong, Ephemeral: true}
		}
		b.cfg.Metrics.Command(req.Platform, name, outcome(reply), time.Since(began))
	}()
	cmd, args, note := b.route(req.Text)
	if cmd == nil {
		return b.help(note)
	}
	name = cmd.Name
	reply, err := cmd.Run(ctx, req, args)
	if err == nil && note != "" && reply.Kind == KindAnswer && (reply.Answer == nil || len(reply.Answer.Citations) == 0) {
		name = "help"
		return b.help(note)
	}
	if err != nil {
		var qe *corpus.QueryError
		if errors.As(err, &qe) {
			return Reply{Kind: KindError, Text: qe.Msg, Ephemeral: true}
		}
		if ctx.Err() != nil {
			b.cfg.Logger.WarnContext(ctx, "command cancelled", "platform", req.Platform, "command", name, "request_id", req.ID, "err", err)
			return Reply{Kind: KindError, Text: "That took too long; please try again.", Ephemeral: true}
		}
		b.cfg.Logger.ErrorContext(ctx, "command failed", "platform", req.Platform, "command", name, "request_id", req.ID, "err", err)
		return Reply{Kind: KindError, Text: SomethingWentWrong, Ephemeral: true}
	}
	return reply
}

// SomethingWentWrong is what a user sees when a command fails for a reason
// that is not theirs to fix; the details are in the log.
const SomethingWentWrong = "Something went wrong; it was logged."

// route finds the command for text. A nil command means help, with a note
// saying why when the text named an unknown command; a note with a command
// means "help instead, if this finds nothing".
func (b *Bot) route(text string) (cmd *Command, args, note string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, "", ""
	}
	first, rest := splitFirst(text)
	b.mu.RLock()
	defer b.mu.RUnlock()
	if c, ok := b.commands[strings.ToLower(first)]; ok {
		return &c, rest, ""
	}
	lower := strings.ToLower(first)
	// A near miss of a command name ("subscibe") is a typo, not a question;
	// but "source of the shells" is a question, not "sources".
	if near := b.nearest(lower); near != "" && (rest == "" || !(strings.HasPrefix(near, lower) || strings.HasPrefix(lower, near))) {
		return nil, "", fmt.Sprintf("Unknown command %q; did you mean %q?", first, near)
	}
	// Anything else is a question ("ask" is optional). A lone lowercase
	// word may be a subcommand attempt; if nothing answers it, Handle shows
	// help with this note.
	if rest == "" && isSubcommandLike(first) {
		note = fmt.Sprintf("Unknown command %q, and nothing in the sources answers it.", first)
	}
	c := b.commands["ask"]
	return &c, text, note
}

// nearest is the registered command within one edit of word, if any.
func (b *Bot) nearest(word string) string {
	if len(word) < 4 || !isSubcommandLike(word) {
		return ""
	}
	for _, n := range b.order {
		if n != word && len(n) >= 4 && corpus.WithinEdits(word, n, 1) {
			return n
		}
	}
	return ""
}

// outcome labels a reply for the commands metric.
func outcome(r Reply) string {
	switch r.Kind {
	case KindError:
		if r.Text == SomethingWentWrong {
			return "error"
		}
		return "user_error"
	case KindHelp:
		return "help"
	case KindAnswer:
		if r.Answer == nil || len(r.Answer.Citations) == 0 {
			return "no_answer"
		}
		return "answered"
	}
	return "ok"
}

func (b *Bot) help(note string) Reply {
	text := "briefbot answers questions about its sources with cited passages."
	if note != "" {
		text = note + " " + text
	}
	return Reply{Kind: KindHelp, Text: text, Help: b.Commands(), Ephemeral: true}
}

// helpFor is help for one command, or all of them when topic is empty or
// unknown.
func (b *Bot) helpFor(topic string) Reply {
	topic = strings.ToLower(strings.TrimSpace(topic))
	b.mu.RLock()
	c, ok := b.commands[topic]
	b.mu.RUnlock()
	if ok {
		return Reply{Kind: KindHelp, Text: c.Summary, Help: []Command{c}, Ephemeral: true}
	}
	if topic != "" && isSubcommandLike(topic) {
		return b.help(fmt.Sprintf("There is no command %q.", topic))
	}
	return b.help("")
}

func (b *Bot) askCommand() Command {
	return Command{
		Name: "ask", Usage: "ask <question>", Summary: "Answer a question with cited passages (\"ask\" is optional).",
		Examples: []string{
			"How many artillery shells has North Korea sent to Russia?",
			`ask "Kursk Oblast" troops after:2024-10-01`,
			"containers munitions -Biden source:briefbot",
		},
		Run: func(ctx context.Context, req Request, args string) (Reply, error) {
			if strings.TrimSpace(args) == "" {
				return b.help("Ask a question after /brief ask."), nil
			}
			q, err := corpus.ParseQuery(args)
			if err != nil {
				return Reply{}, err
			}
			if q.Empty() {
				return Reply{Kind: KindError, Text: "That question has no words to search for. Try: /brief How many artillery shells has North Korea sent to Russia?", Ephemeral: true}, nil
			}
			a, err := b.cfg.Asker.Ask(ctx, q)
			if err != nil {
				return Reply{}, err
			}
			r := Reply{Kind: KindAnswer, Answer: &a, Ephemeral: !b.cfg.InChannel}
			if a.Declined() {
				r.Text = corpus.NotAnswered
				if a.Notice != "" {
					r.Text += " " + a.Notice
				}
			} else if r.Ephemeral {
				r.Shareable, r.ShareText = true, "ask "+args
			}
			return r, nil
		},
	}
}

// SourcesLimit is how many documents /brief sources lists.
const SourcesLimit = 20

func (b *Bot) sourcesCommand() Command {
	return Command{
		Name: "sources", Usage: "sources", Summary: "List what the corpus holds, newest first.",
		Examples: []string{"sources"},
		Run: func(ctx context.Context, req Request, args string) (Reply, error) {
			docs, total, err := b.cfg.Library.Documents(ctx, SourcesLimit)
			if err != nil {
				return Reply{}, err
			}
			text := fmt.Sprintf("%d documents in the corpus.", total)
			switch {
			case total == 0:
				text = "The corpus is empty; add documents with briefbot ingest."
			case total == 1:
				text = "1 document in the corpus."
			case len(docs) < total:
				text = fmt.Sprintf("%d documents in the corpus; the newest %d:", total, len(docs))
			}
			return Reply{Kind: KindSources, Documents: docs, Total: total, Ephemeral: true, Text: text}, nil
		},
	}
}

func splitFirst(s string) (first, rest string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// isSubcommandLike is true for a lowercase ASCII word such as "subscribe".
func isSubcommandLike(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
