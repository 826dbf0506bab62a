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
		{"sources", "[--json]", "list the sources with their document counts and newest dates", (*Main).runSources},
		{"reindex", "", "rebuild the search index from the document store", (*Main).runReindex},
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
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		m.usage(m.Stdout)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "briefbot: %s\n\n", ue.msg)
		m.usage(m.Stderr)
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
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err.Error()}
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
	if name == "help" || name == "-h" || name == "--help" {
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name == name {
			m.command = name
			return c.run(m, ctx, args[1:])
		}
	}
	names := make([]string, 0, len(commands()))
	for _, c := range commands() {
		names = append(names, c.name)
	}
	sort.Strings(names)
	return usageError{fmt.Sprintf("unknown command %q (commands: %s)", name, strings.Join(names, ", "))}
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
