package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/corpus"
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
	// Text is everything after "/brief": "ask how many shells", "help", or
	// a bare question. Discord adapters join subcommand and options into it.
	Text string
}

// Kind says what a Reply carries, so renderers know how to lay it out.
type Kind int

const (
	KindMessage Kind = iota // Text only
	KindAnswer              // Answer
	KindSources             // Documents
	KindHelp                // Help
	KindDigest              // Digest
	KindError               // Text is a user-facing error message
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
	// Ephemeral replies are shown to the asker only.
	Ephemeral bool
	// Shareable replies carry a "Post to channel" button; ShareText is the
	// request text that reproduces the reply when clicked.
	Shareable bool
	ShareText string
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
}

// Bot routes /brief requests to commands.
type Bot struct {
	cfg      Config
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
	b.Register(Command{Name: "help", Usage: "help", Summary: "List the commands with examples.",
		Run: func(context.Context, Request, string) (Reply, error) { return b.help(""), nil }})
	b.Register(b.sourcesCommand())
	return b
}

// Register adds or replaces a subcommand. Digest subcommands are added this
// way by the digest layer.
func (b *Bot) Register(c Command) {
	name := strings.ToLower(c.Name)
	if _, ok := b.commands[name]; !ok {
		b.order = append(b.order, name)
	}
	b.commands[name] = c
}

// Commands lists the registered commands in registration order.
func (b *Bot) Commands() []Command {
	out := make([]Command, 0, len(b.order))
	for _, n := range b.order {
		out = append(out, b.commands[n])
	}
	return out
}

// Handle runs one request. It never fails: errors become a user-facing
// message, and the chain is logged.
func (b *Bot) Handle(ctx context.Context, req Request) Reply {
	text := strings.TrimSpace(req.Text)
	if text == "" {
		return b.help("")
	}
	name, args := splitFirst(text)
	cmd, ok := b.commands[strings.ToLower(name)]
	if !ok {
		// A bare question is an ask; a lone unknown word that looks like a
		// subcommand gets help.
		if args == "" && len(strings.Fields(text)) == 1 && isSubcommandLike(name) && !strings.HasSuffix(name, "?") {
			return b.help(fmt.Sprintf("Unknown command %q.", name))
		}
		cmd, args = b.commands["ask"], text
	}
	reply, err := cmd.Run(ctx, req, args)
	if err != nil {
		var qe *corpus.QueryError
		if errors.As(err, &qe) {
			return Reply{Kind: KindError, Text: qe.Msg, Ephemeral: true}
		}
		b.cfg.Logger.ErrorContext(ctx, "command failed", "platform", req.Platform, "command", cmd.Name, "err", err)
		return Reply{Kind: KindError, Text: "Something went wrong; it was logged.", Ephemeral: true}
	}
	return reply
}

func (b *Bot) help(prefix string) Reply {
	text := "briefbot answers questions about its sources with cited passages."
	if prefix != "" {
		text = prefix + " " + text
	}
	return Reply{Kind: KindHelp, Text: text, Help: b.Commands(), Ephemeral: true}
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
			if len(a.Citations) == 0 {
				r.Text = "Nothing in the sources answers that."
			} else if r.Ephemeral {
				r.Shareable, r.ShareText = true, "ask "+args
			}
			return r, nil
		},
	}
}

func (b *Bot) sourcesCommand() Command {
	return Command{
		Name: "sources", Usage: "sources", Summary: "List what the corpus holds, newest first.",
		Run: func(ctx context.Context, req Request, args string) (Reply, error) {
			docs, total, err := b.cfg.Library.Documents(ctx, 20)
			if err != nil {
				return Reply{}, err
			}
			return Reply{Kind: KindSources, Documents: docs, Total: total, Ephemeral: true,
				Text: fmt.Sprintf("%d documents in the corpus.", total)}, nil
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

// sortDocs orders documents newest first by first-seen time, then title.
func sortDocs(d []corpus.DocumentInfo) {
	sort.SliceStable(d, func(i, j int) bool {
		if !d[i].FirstSeen.Equal(d[j].FirstSeen) {
			return d[i].FirstSeen.After(d[j].FirstSeen)
		}
		return d[i].Title < d[j].Title
	})
}
