package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/redact"
)

// Main is the whole program, wired so tests can run it in-process with a
// temp data dir, their own streams and an injected clock.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads configuration; tests replace it.
	Getenv func(string) string
	// Now is the clock; schedules are tested by moving it.
	Now func() time.Time
	// After waits on that clock (time.After when nil); tests that move Now
	// fire it too.
	After func(time.Duration) <-chan time.Time
	// DataDir holds the index and all state (--data, BRIEFBOT_DATA).
	DataDir string
	// Recency is how strongly questions about the present prefer recent
	// reporting (--recency, BRIEFBOT_RECENCY): 0 none, 1 the default.
	Recency *float64
	// ConfigPath is the YAML configuration (--config, else BRIEFBOT_CONFIG).
	ConfigPath string
	Logger     *slog.Logger

	// Listening, when set, receives serve's bound address once it accepts
	// connections (tests listen on ":0").
	Listening func(addr string)

	// cfg is the configuration file once read (see config).
	cfg       Config
	cfgLoaded bool

	closers []func() error
	command string // the command being run, recorded in the data dir lock
}

// NewMain returns a Main reading the process environment.
func NewMain(stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{
		Stdin: stdin, Stdout: stdout, Stderr: stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
	}
}

// usageError is bad command-line input: the message is printed with the
// usage and the exit status is 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// questionError is a question briefbot cannot read (an impossible date, a
// filter that rules everything out): the message alone is printed, since
// the command line was right, and the exit status is 2.
type questionError struct{ msg string }

func (e questionError) Error() string { return e.msg }

type command struct {
	name, args, summary string
	run                 func(m *Main, ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"ask", "[--json] [-n N] QUESTION... | --json -", "answer a question with cited passages", (*Main).runAsk},
		{"ingest", "PATH|URL...", "add documents: files, folders, .jsonl(.gz), web pages, feeds", (*Main).runIngest},
		{"eval", "[--json] [--misses F] FILE", "score retrieval on a QA set (JSONL or SQuAD JSON)", (*Main).runEval},
		{"serve", "", "serve Slack and Discord, digests, /healthz and /metrics", (*Main).runServe},
		{"digest", "[--since 24h|DATE] [--topic WORDS] [--json]", "print what is new", (*Main).runDigest},
		{"remove", "ID|URL|PATH... | --source NAME | --default", "take documents out of the index and the document store", (*Main).runRemove},
		{"sources", "[--json | --opml]", "list the sources with their document counts and newest dates", (*Main).runSources},
		{"timeline", "[--json] [--since T] [--until T] [-n N] TOPIC", "the dated events about a topic, oldest first", (*Main).runTimeline},
		{"feedback", "[--since T] [--json]", "list the votes on answers; --json, an eval set of the helpful ones", (*Main).runFeedback},
		{"discord", "invite [--app-id ID]", "print the Discord invite URL with the permissions briefbot needs", (*Main).runDiscord},
		{"reindex", "", "rebuild the search index from the document store", (*Main).runReindex},
		{"help", "[COMMAND]", "how to use briefbot, or one command", (*Main).runHelp},
		{"version", "", "print the version", (*Main).runVersion},
	}
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: briefbot [--data DIR] [--config FILE] COMMAND [ARGS]\n\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-7s %-45s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, "\n--data DIR (env BRIEFBOT_DATA, default ./briefbot-data) holds the index and all state.\n")
	fmt.Fprintf(w, "--recency N (env BRIEFBOT_RECENCY, default 1): how strongly questions about the present prefer recent reporting; 0 for an archive of reference texts.\n")
	fmt.Fprintf(w, "--config FILE (env BRIEFBOT_CONFIG) declares feeds, digests and admins (YAML); secrets come from the environment.\n")
	fmt.Fprintf(w, "\nbriefbot help COMMAND (or COMMAND --help) shows a command's flags.\n")
}

// commandUsage prints one command's usage: its line from the table, then
// what commandHelp says about it.
func (m *Main) commandUsage(w io.Writer, c command) {
	fmt.Fprintf(w, "usage: briefbot [--data DIR] [--config FILE] %s\n", strings.TrimSpace(c.name+" "+c.args))
	fmt.Fprintf(w, "\n%s.\n", strings.ToUpper(c.summary[:1])+c.summary[1:])
	if h := commandHelp()[c.name]; h != "" {
		fmt.Fprintf(w, "\n%s", h)
	}
}

// commandHelp is what each command's help says beyond its table line:
// how it behaves and its flags.
func commandHelp() map[string]string {
	return map[string]string{
		"ask": fmt.Sprintf(`The answer is one to three sentences, each quoted from the citation whose
number follows it; then each cited document once (title, source, date,
link) with its passages, matched words marked. When the sources do not
answer: "%s" and, apart from it, related passages.

flags:
  --json   write JSON; with "-" for the question, read one question a line
           and write one JSON object a line
  -n N     citations to give, 1 to 20 (default %d)

filters inside the question:
  "exact phrase"   must appear
  -word            must not appear
  source:NAME      the source's name starts with NAME (any case)
  after:DATE       published on or after DATE (YYYY-MM-DD)
  before:DATE      published on or before DATE

environment:
  COLUMNS    width to wrap to when not writing to a terminal (default %d)
  NO_COLOR   when set, no colour or other escapes, even on a terminal
`, corpus.NotAnswered, corpus.DefaultLimit, defaultWidth),
		"ingest": `Files and folders (recursive) of .txt, .md, .html/.htm, .jsonl, .jsonl.gz,
SQuAD .json; web pages and feeds by URL. Re-ingesting a document is a
no-op; a changed one replaces its passages. While serve runs, documents
are handed to it.

flags:
  -q   no progress bar
`,
		"eval": `Scores retrieval over a QA set (JSONL {"question","answers","stale"?} or
SQuAD JSON) through the same path as ask: R@1, R@3, R@5, MRR, answers
holding an expected answer, declined answers, latency.

flags:
  --json            write the result as JSON
  --misses FILE     write questions missed at rank 1 to FILE (JSONL)
  --unanswerable    the file's questions have no answer in the sources:
                    report how many were declined
`,
		"serve": `Slack and Discord endpoints, scheduled digests, /healthz and /metrics on
BRIEFBOT_ADDR (default :8080). Platforms are switched on by their
environment variables; see the README.
`,
		"digest": fmt.Sprintf(`Stories first seen since a time, grouped, as a channel would get them.

flags:
  --since 24h|7d|DATE   how far back (default %s)
  --topic WORDS         only stories on this topic (words after the flags
                        count too)
  --json                write JSON
  -n N                  stories to show, 0 for all (default %d)
`, strings.TrimSuffix(defaultSince.String(), "0m0s"), digest.DefaultMax),
		"timeline": timelineHelp,
		"feedback": feedbackHelp,
		"discord": `invite prints the URL that adds briefbot to a Discord server with the
scopes (bot, applications.commands) and channel permissions it uses: View
Channel, Send Messages, Send Messages in Threads, Embed Links, Read
Message History. Open it in a browser and pick the server.

flags:
  --app-id ID   the application's id (default env DISCORD_APP_ID)
`,
		"reindex": `Rebuilds the search index from the document store: the way back from an
index that cannot be read.
`,
		"help": `With a command's name, that command's usage; "COMMAND --help" is the same.
`,
		"version": `The version, the commit it was built from and the Go version.
Also: briefbot --version.
`,
	}
}

// Run parses the global flags, runs one command and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Logger == nil {
		// Every log line passes redaction: errors from HTTP clients carry
		// webhook URLs whose path is a bearer secret.
		m.Logger = slog.New(redact.Handler(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: logLevel(m.Getenv("BRIEFBOT_LOG"))})))
	}
	rest, err := m.ParseFlags(args)
	if err == nil && len(rest) == 0 {
		err = usageError{"no command given"}
	}
	if err == nil {
		err = m.dispatch(ctx, rest)
	}
	var ue usageError
	var qe questionError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		if c, ok := findCommand(m.command); ok {
			m.commandUsage(m.Stdout, c)
		} else {
			m.usage(m.Stdout)
		}
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "briefbot: %s\n\n", ue.msg)
		m.usage(m.Stderr)
		return 2
	case errors.As(err, &qe):
		fmt.Fprintf(m.Stderr, "briefbot: %s\n", qe.msg)
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(m.Stderr, "briefbot: interrupted")
		return 130
	default:
		m.Logger.Debug("command failed", "err", err)
		fmt.Fprintf(m.Stderr, "briefbot: %s\n", userMessage(err))
		return 1
	}
}

// ParseFlags reads the global flags and returns the command and its args.
func (m *Main) ParseFlags(args []string) ([]string, error) {
	fs := flag.NewFlagSet("briefbot", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	def := m.Getenv("BRIEFBOT_DATA")
	if def == "" {
		def = "briefbot-data"
	}
	if m.DataDir != "" {
		def = m.DataDir
	}
	fs.StringVar(&m.DataDir, "data", def, "data directory")
	fs.StringVar(&m.ConfigPath, "config", m.ConfigPath, "configuration file (env BRIEFBOT_CONFIG)")
	recency := m.Getenv("BRIEFBOT_RECENCY")
	fs.StringVar(&recency, "recency", recency, "preference for recent reporting (0 none, 1 default)")
	version := fs.Bool("version", false, "print the version")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err.Error()}
	}
	if *version {
		return []string{"version"}, nil
	}
	if recency != "" {
		v, err := strconv.ParseFloat(recency, 64)
		if err != nil || v < 0 || v > 10 || math.IsNaN(v) {
			return nil, usageError{fmt.Sprintf("--recency %q: give a number from 0 (no preference for recent reporting) to 10; the default is 1", recency)}
		}
		m.Recency = &v
	}
	abs, err := filepath.Abs(m.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data dir %s: %w", m.DataDir, err)
	}
	m.DataDir = abs
	return fs.Args(), nil
}

func (m *Main) dispatch(ctx context.Context, args []string) error {
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		return flag.ErrHelp
	}
	c, ok := findCommand(name)
	if !ok {
		return unknownCommand(name)
	}
	m.command = name
	if asksHelp(args[1:]) {
		// Answered here, the same for every command, before any command
		// opens the data dir or reads its arguments.
		return flag.ErrHelp
	}
	return c.run(m, ctx, args[1:])
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func unknownCommand(name string) error {
	names := make([]string, 0, len(commands()))
	for _, c := range commands() {
		names = append(names, c.name)
	}
	sort.Strings(names)
	return usageError{fmt.Sprintf("unknown command %q (commands: %s)", name, strings.Join(names, ", "))}
}

// asksHelp reports whether -h or --help is among the leading flags of a
// command's arguments. Scanning stops at the first word that is not a
// flag, so a question may still contain "--help".
func asksHelp(args []string) bool {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

// runHelp prints the usage of briefbot, or of the command named.
func (m *Main) runHelp(_ context.Context, args []string) error {
	switch len(args) {
	case 0:
		m.usage(m.Stdout)
		return nil
	case 1:
		c, ok := findCommand(args[0])
		if !ok {
			return unknownCommand(args[0])
		}
		m.commandUsage(m.Stdout, c)
		return nil
	}
	return usageError{"help: name one command, e.g. briefbot help ask"}
}

// Close releases everything the command opened, in reverse order.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i]())
	}
	m.closers = nil
	return errors.Join(errs...)
}

func (m *Main) onClose(f func() error) { m.closers = append(m.closers, f) }

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// userMessage is the short form of an error for the terminal; the full
// chain goes to the debug log.
func userMessage(err error) string {
	var um interface{ UserMessage() string }
	if errors.As(err, &um) {
		return um.UserMessage()
	}
	return err.Error()
}
