package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
)

// indexSink hands fetched or dropped documents to the index, logging what
// each batch did.
type indexSink struct {
	ix   *index.Index
	log  *slog.Logger
	from string
	// maxDoc cuts documents longer than this (limits.max_document_size):
	// feed pages reach megabytes, and the loaders' cut does not see them.
	maxDoc int
}

func (s indexSink) Add(ctx context.Context, docs []corpus.Document) error {
	for i := range docs {
		if msg := corpus.CutDocument(&docs[i], s.maxDoc); msg != "" {
			s.log.Warn("document cut", "from", s.from, "id", docs[i].ID, "warning", msg)
		}
	}
	st, err := s.ix.Add(ctx, docs)
	if err != nil {
		return err
	}
	s.log.Info("ingested", "from", s.from, "docs", len(docs), "added", st.Added, "updated", st.Updated, "unchanged", st.Unchanged)
	return nil
}

// inboxDir is the watched folder: the config's inbox, else <data>/inbox.
// `briefbot ingest` hands documents to a running serve there.
func (m *Main) inboxDir(cfg Config) string {
	if cfg.Inbox != "" {
		return cfg.Inbox
	}
	return filepath.Join(m.DataDir, "inbox")
}

// feedChanges keeps admins' changes to the followed feeds (/brief sources
// add|remove) across restarts; state.Store implements it.
type feedChanges interface {
	SetFeed(ctx context.Context, c state.FeedChange) error
	FeedChanges(ctx context.Context) ([]state.FeedChange, error)
}

// startFeeds starts live ingestion for serve: the feed poller over the
// configured feeds, as admins changed them, and the inbox watcher.
// validators persists each feed's ETag / Last-Modified (nil keeps them in
// memory); changes persists admins' changes (nil: they last until restart). Both run under env.Go
// and stop when ctx ends. The poller is returned for /brief sources (Status, Add,
// Remove, Poll).
func (m *Main) startFeeds(ctx context.Context, env *serveEnv, cfg Config, validators feed.Validators, changes feedChanges) (*feed.Poller, error) {
	log := env.Logger
	if log == nil {
		log = m.Logger
	}
	sources, err := followedFeeds(ctx, cfg, changes)
	if err != nil {
		return nil, err
	}
	poller, err := feed.NewPoller(feed.PollerConfig{
		Fetcher:    &feed.Fetcher{Client: m.fetchClient(), Logger: log},
		Sink:       indexSink{ix: env.Index, log: log, from: "feed", maxDoc: cfg.Limits.OrDefaults().MaxDocument},
		Validators: validators,
		Feeds:      sources,
		Now:        m.Now,
		After:      m.After,
		Logger:     log,
	})
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	w := &inbox.Watcher{
		Dir:           m.inboxDir(cfg),
		Sink:          indexSink{ix: env.Index, log: log, from: "inbox", maxDoc: cfg.Limits.OrDefaults().MaxDocument},
		Logger:        log,
		Limits:        cfg.Limits,
		DoneRetention: cfg.DoneRetention,
	}

	if env.Bot != nil {
		registerFeedSources(env.Bot, poller, cfg, m.Now, changes, env.Index)
	}
	// Both stop when ctx (serve's run context) ends; serve waits for them
	// before it closes the index.
	env.lead(ctx, "feeds", pgstate.WorkFeeds, func(ctx context.Context) { poller.Run(ctx) })
	env.Go(func() {
		if err := w.Run(ctx); err != nil {
			log.Error("inbox watcher stopped", "err", err)
		}
	})
	log.Info("live ingestion started", "feeds", len(sources), "inbox", w.Dir)
	return poller, nil
}

// followedFeeds is the config file's feeds, less those an admin stopped
// following, plus those an admin added.
func followedFeeds(ctx context.Context, cfg Config, changes feedChanges) ([]feed.Source, error) {
	follow := map[string]bool{}
	var added []string
	if changes != nil {
		cs, err := changes.FeedChanges(ctx)
		if err != nil {
			return nil, fmt.Errorf("feeds: %w", err)
		}
		for _, c := range cs {
			follow[c.URL] = c.Follow
			if c.Follow {
				added = append(added, c.URL)
			}
		}
	}
	var sources []feed.Source
	configured := map[string]bool{}
	for _, f := range cfg.Feeds {
		configured[f.URL] = true
		if on, ok := follow[f.URL]; ok && !on {
			continue
		}
		sources = append(sources, feed.Source{URL: f.URL, Interval: f.Interval, Name: f.Source})
	}
	for _, u := range added {
		if !configured[u] {
			sources = append(sources, feed.Source{URL: u})
		}
	}
	return sources, nil
}

// registerFeedSources extends /brief sources with the feeds: "sources"
// lists documents as before and counts the feeds; "sources feeds" shows
// each feed's status and the reason it fails; "sources add URL" and
// "sources remove URL" (admins only) change the polled feeds, for good
// when changes keeps them.
func registerFeedSources(b *bot.Bot, p *feed.Poller, cfg Config, now func() time.Time, changes feedChanges, docs documentRemover) {
	var base bot.Command
	for _, c := range b.Commands() {
		if c.Name == "sources" {
			base = c
		}
	}
	if base.Run == nil {
		return
	}
	configured := map[string]bool{}
	for _, f := range cfg.Feeds {
		configured[f.URL] = true
	}
	isAdmin := func(id string) bool { return slices.Contains(cfg.Admins, id) }
	// keep records a change; its note says how long the change lasts.
	keep := func(ctx context.Context, url string, follow bool, by string) string {
		if changes == nil {
			if follow && !configured[url] {
				return " Add it to the config file to keep it after a restart."
			}
			if !follow && configured[url] {
				return " It is in the config file, so it comes back at restart unless removed there."
			}
			return ""
		}
		if err := changes.SetFeed(ctx, state.FeedChange{URL: url, Follow: follow, By: by, At: now()}); err != nil {
			return " The change could not be saved (" + err.Error() + "), so it lasts until restart."
		}
		return ""
	}
	cmd := base
	cmd.Usage = "sources [feeds | add URL | remove URL]"
	cmd.Summary = "List what the corpus holds and the feeds it follows; admins add or remove feeds."
	cmd.Examples = []string{"sources", "sources feeds", "sources add https://example.com/feed.xml"}
	cmd.Run = func(ctx context.Context, req bot.Request, args string) (bot.Reply, error) {
		verb, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
		rest = cleanChatURL(rest)
		switch strings.ToLower(verb) {
		case "":
			r, err := base.Run(ctx, req, args)
			if err == nil && r.Kind == bot.KindSources {
				if n, failing := feedCounts(p.Status()); n > 0 {
					r.Text += fmt.Sprintf(" Following %d %s", n, plural(n, "feed", "feeds"))
					if failing > 0 {
						r.Text += fmt.Sprintf(", %d failing", failing)
					}
					r.Text += " (/brief sources feeds)."
				}
			}
			return r, err
		case "feeds":
			return bot.Reply{Kind: bot.KindMessage, Text: feedList(p.Status(), now()), Ephemeral: true}, nil
		case "add", "remove":
			if !isAdmin(req.UserID) {
				msg := "Only admins may add or remove feeds."
				if len(cfg.Admins) == 0 {
					msg += " No admins are set; list their user ids under admins: in the config file."
				}
				return bot.Reply{Kind: bot.KindError, Text: msg, Ephemeral: true}, nil
			}
			if rest == "" {
				return bot.Reply{Kind: bot.KindError, Text: "Give the feed's URL, e.g. /brief sources " + strings.ToLower(verb) + " https://example.com/feed.xml", Ephemeral: true}, nil
			}
			if strings.EqualFold(verb, "remove") {
				if !p.Remove(rest) {
					if msg, ok := removeDocument(ctx, docs, rest); ok {
						return bot.Reply{Kind: bot.KindMessage, Text: msg, Ephemeral: true}, nil
					}
					return bot.Reply{Kind: bot.KindError, Text: "No feed " + rest + " is followed, and no document has that URL; /brief sources feeds lists the feeds.", Ephemeral: true}, nil
				}
				msg := "Stopped following " + rest + "." + keep(ctx, rest, false, req.UserID)
				return bot.Reply{Kind: bot.KindMessage, Text: msg, Ephemeral: true}, nil
			}
			for _, st := range p.Status() {
				if st.URL == rest {
					return bot.Reply{Kind: bot.KindError, Text: rest + " is already followed: " + st.Summary(now()), Ephemeral: true}, nil
				}
			}
			if err := p.Add(feed.Source{URL: rest}); err != nil {
				return bot.Reply{Kind: bot.KindError, Text: "Not added: " + err.Error(), Ephemeral: true}, nil
			}
			// Check it now, so a page, a 404 or a private address is
			// refused with its reason instead of failing quietly later.
			if err := p.Poll(ctx, rest); err != nil {
				p.Remove(rest)
				return bot.Reply{Kind: bot.KindError, Text: "Not added: " + rest + ": " + feed.Reason(err), Ephemeral: true}, nil
			}
			msg := "Now following " + rest
			for _, st := range p.Status() {
				if st.URL == rest {
					if st.Title != "" {
						msg += " (" + st.Title + ")"
					}
					msg += fmt.Sprintf(": %d new %s, checked every %s.", st.Items, plural(st.Items, "item", "items"), st.Interval)
				}
			}
			msg += keep(ctx, rest, true, req.UserID)
			return bot.Reply{Kind: bot.KindMessage, Text: msg, Ephemeral: true}, nil
		}
		return bot.Reply{Kind: bot.KindError, Text: fmt.Sprintf("Unknown sources option %q; try /brief sources, /brief sources feeds, or /brief sources add URL.", verb), Ephemeral: true}, nil
	}
	b.Register(cmd)
}

// documentRemover removes documents by URL; *index.Index is one.
type documentRemover interface {
	Resolve(ctx context.Context, ref string) ([]string, error)
	Remove(ctx context.Context, ids []string) ([]string, error)
}

// removeDocument removes the documents at a URL (an admin's "sources remove
// URL" that names no feed), and says what it did; false when there were
// none.
func removeDocument(ctx context.Context, docs documentRemover, ref string) (string, bool) {
	if docs == nil || !strings.Contains(ref, "://") {
		return "", false
	}
	ids, err := docs.Resolve(ctx, ref)
	if err != nil || len(ids) == 0 {
		return "", false
	}
	removed, err := docs.Remove(ctx, ids)
	if err != nil {
		return "Could not remove " + ref + ": " + err.Error(), true
	}
	return fmt.Sprintf("Removed %d %s at %s from the index.", len(removed), plural(len(removed), "document", "documents"), ref), true
}

// cleanChatURL undoes the way chat clients wrap links: Slack's <url|label>
// and Discord's <url>.
func cleanChatURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = s[1 : len(s)-1]
		if i := strings.IndexByte(s, '|'); i >= 0 {
			s = s[:i]
		}
	}
	return s
}

func feedCounts(sts []feed.Status) (n, failing int) {
	for _, st := range sts {
		n++
		if st.LastError != "" {
			failing++
		}
	}
	return n, failing
}

// feedList is each feed with its status, for /brief sources feeds.
func feedList(sts []feed.Status, now time.Time) string {
	if len(sts) == 0 {
		return "No feeds are followed. Admins add one with /brief sources add URL, or list feeds: in the config file."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Following %d %s:", len(sts), plural(len(sts), "feed", "feeds"))
	for _, st := range sts {
		name := st.Name
		if name == "" {
			name = st.Title
		}
		b.WriteString("\n• ")
		if name != "" {
			b.WriteString(name + " — ")
		}
		b.WriteString(st.URL + ": " + st.Summary(now))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
