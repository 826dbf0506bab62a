package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/index"
)

func (m *Main) runSources(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "write JSON")
	asOPML := fs.Bool("opml", false, "write the followed feeds as OPML")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{"sources: " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("sources takes no arguments (got %q)", fs.Arg(0))}
	}
	if *asJSON && *asOPML {
		return usageError{"sources: give --json or --opml, not both"}
	}
	if *asOPML {
		return m.writeFollowedOPML(ctx)
	}
	lib, err := m.openLibrary(ctx)
	if err != nil {
		return err
	}
	srcs, err := lib.Sources(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if srcs == nil {
			srcs = []index.SourceInfo{}
		}
		return json.NewEncoder(m.Stdout).Encode(srcs)
	}
	return writeSources(m.Stdout, srcs)
}

// writeSources is the sources table for people: name, documents, newest
// publication date, web site.
func writeSources(w io.Writer, srcs []index.SourceInfo) error {
	if len(srcs) == 0 {
		_, err := fmt.Fprintln(w, "No documents.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tDOCUMENTS\tNEWEST\tSITE")
	total := 0
	for _, s := range srcs {
		name := s.Name
		if name == "" {
			name = "(no source)"
		}
		newest := "-"
		if !s.Newest.IsZero() {
			newest = s.Newest.Format("2006-01-02")
		}
		site := s.Host
		if site == "" || site == s.Name {
			site = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", sanitizeCell(name), s.Documents, newest, sanitizeCell(site))
		total += s.Documents
	}
	fmt.Fprintf(tw, "%d sources\t%d\t\t\n", len(srcs), total)
	return tw.Flush()
}

// sanitizeCell keeps a name from a document on one table cell, and from
// driving the terminal.
func sanitizeCell(s string) string {
	return strings.Join(strings.Fields(corpus.Printable(s)), " ")
}

// writeFollowedOPML writes the feeds serve follows as an OPML 2.0 feed
// list: the config's (feeds: and feeds_opml), less those an admin stopped
// following in chat, plus those an admin added, as serve would follow them
// at its next start.
func (m *Main) writeFollowedOPML(ctx context.Context) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	changes, err := m.openFeedChanges(ctx)
	if err != nil {
		return err
	}
	srcs, err := followedFeeds(ctx, cfg, changes)
	if err != nil {
		return err
	}
	configured := map[string]FeedConfig{}
	for _, f := range cfg.Feeds {
		configured[f.URL] = f
	}
	doc := &feed.OPML{Title: "briefbot feeds"}
	for _, s := range srcs {
		// The name the config gives the feed's documents, else the one
		// its feed list gave it; a feed added in chat is known by its URL.
		f := configured[s.URL]
		title := f.Source
		if title == "" {
			title = f.Title
		}
		doc.Feeds = append(doc.Feeds, feed.OPMLFeed{URL: s.URL, Title: title, HTMLURL: f.HTMLURL})
	}
	return feed.WriteOPML(m.Stdout, doc, m.Now())
}

// openFeedChanges opens where serve keeps the feeds admins added and
// removed in chat; nil when there is none (serve never ran on this data
// dir, and no database is configured).
func (m *Main) openFeedChanges(ctx context.Context) (feedChanges, error) {
	return fromState(ctx, m,
		func(st stateReader) (feedChanges, error) { return st, nil },
		func(c *localClient) (feedChanges, error) {
			chs, err := call[none, []state.FeedChange](ctx, c, "feedchanges", false)
			if err != nil {
				return nil, err
			}
			return recordedChanges(chs), nil
		})
}

// stateReader is what commands read of serve's state: the state file, or
// the database replicas share.
type stateReader interface {
	feedbackStore
	feedChanges
}

var (
	_ stateReader = (*state.Store)(nil)
	_ stateReader = (*pgstate.Store)(nil)
)

// fromState reads what serve keeps, with local from the database when
// one is configured (replicas keep votes and feed changes there, not in
// the state file), else from the state file, or, while serve holds the
// data dir (bbolt locks the file, for reading too), with remote through
// serve's local socket. Without a database or a state file (serve never
// ran on this data dir) it returns T's zero value. A store opened here
// stays open until the command ends.
func fromState[T any](ctx context.Context, m *Main, local func(stateReader) (T, error), remote func(*localClient) (T, error)) (T, error) {
	var zero T
	cfg, err := m.config()
	if err != nil {
		return zero, err
	}
	dbURL := m.databaseURL(cfg)
	path := m.statePath()
	// Without a state file serve is not running here: nothing to ask it,
	// and no data dir to make just to find that out.
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		var le *lockedError
		switch err := m.lockDataDir(); {
		case errors.As(err, &le) && le.byServe():
			c, derr := m.dialLocal(ctx)
			if derr != nil {
				le.noSocket = derr
				return zero, le
			}
			return remote(c)
		case errors.As(err, &le):
			// Another command holds the data dir but not the state file,
			// which only serve opens; bbolt's own lock keeps the two apart.
		case err != nil:
			return zero, err
		}
	} else if dbURL == "" {
		return zero, nil
	}
	if dbURL != "" {
		// One bounded attempt: a person at a terminal is told what is
		// wrong, where serve would wait for the database to come back.
		octx, cancel := context.WithTimeout(ctx, dbOpenTimeout)
		db, err := pgstate.Open(octx, dbURL)
		cancel()
		if err != nil {
			return zero, fmt.Errorf("%s: shared state: %w", m.command, err)
		}
		m.onClose(db.Close)
		return local(db)
	}
	st, err := state.Open(path)
	if err != nil {
		return zero, err
	}
	m.onClose(st.Close)
	return local(st)
}

// recordedChanges are feed changes read from serve, for followedFeeds.
type recordedChanges []state.FeedChange

func (r recordedChanges) FeedChanges(context.Context) ([]state.FeedChange, error) { return r, nil }

func (recordedChanges) SetFeed(context.Context, state.FeedChange) error {
	return errors.New("sources: feed changes read from serve are not written here")
}
