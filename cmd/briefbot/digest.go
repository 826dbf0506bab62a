package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/corpus"
)

// defaultSince is how far back `briefbot digest` looks without --since.
const defaultSince = 24 * time.Hour

const sinceExamples = "write e.g. --since 24h, --since 7d, --since 2024-03-01 or --since 2024-03-01T08:00:00Z"

// runDigest prints what was first ingested since a time: the same digest
// a channel would get, as text or JSON.
func (m *Main) runDigest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	since := fs.String("since", "", "duration back from now, or a date or time")
	topic := fs.String("topic", "", "only stories on this topic")
	asJSON := fs.Bool("json", false, "write JSON")
	n := fs.Int("n", digest.DefaultMax, "stories to show (0: all)")
	rest, err := parseLeading(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		return usageError{"digest: " + err.Error()}
	}
	// Words after the flags are topic words too: `digest --topic north korea`.
	words := strings.TrimSpace(strings.Join(append([]string{*topic}, rest...), " "))
	if *n < 0 {
		return usageError{"digest: -n must be 0 (all) or more"}
	}
	now := m.Now()
	from := now.Add(-defaultSince)
	if *since != "" {
		t, err := parseSince(*since, now)
		if err != nil {
			return usageError{"digest: " + err.Error()}
		}
		from = t
	}
	ix, err := m.openLibrary(ctx)
	if err != nil {
		return err
	}
	max := *n
	if max == 0 {
		max = -1
	}
	cfg, err := m.config()
	if err != nil {
		return err
	}
	d, err := digest.Builder{Source: ix, MaxAge: cfg.DigestMaxAge}.Build(ctx, digest.Request{Since: from, Until: now, Topic: words, Max: max})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	return digest.Format(m.Stdout, d)
}

// parseSince reads --since: a duration back from now (24h, 90m, 7d) or a
// date or time (2024-03-01, 2024-03-01T08:00:00Z).
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, ok := parseDays(s); ok {
		return now.Add(-d), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("--since %s must be a positive duration; %s", s, sinceExamples)
		}
		return now.Add(-d), nil
	}
	t, err := corpus.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--since %q is not a duration, date or time; %s", s, sinceExamples)
	}
	if t.After(now) {
		return time.Time{}, fmt.Errorf("--since %s is in the future; %s", s, sinceExamples)
	}
	return t, nil
}

// parseDays reads "7d", which time.ParseDuration does not.
func parseDays(s string) (time.Duration, bool) {
	n, ok := strings.CutSuffix(s, "d")
	if !ok {
		return 0, false
	}
	days, err := strconv.Atoi(n)
	if err != nil || days <= 0 || days > 3660 {
		return 0, false
	}
	return time.Duration(days) * 24 * time.Hour, true
}
