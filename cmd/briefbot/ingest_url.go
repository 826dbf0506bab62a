package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/corpus/fetch"
)

// allowPrivateURLs is BRIEFBOT_ALLOW_PRIVATE_URLS=1: fetching from
// private, loopback and link-local addresses (tests, intranets).
func (m *Main) allowPrivateURLs() bool { return m.Getenv("BRIEFBOT_ALLOW_PRIVATE_URLS") == "1" }

// fetchClient is the one safe HTTP client a command uses.
func (m *Main) fetchClient() *fetch.Client {
	return fetch.New(fetch.Options{AllowPrivate: m.allowPrivateURLs(), Now: m.Now})
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// looksLikeURL tells ingest arguments that are URLs from paths. Any
// scheme counts, so ftp://... is refused as "not http(s)" rather than
// reported as a missing file.
func looksLikeURL(arg string) bool { return schemeRE.MatchString(arg) }

// ingestURL fetches a web page or a feed and returns its documents: the
// page's article, or the feed's items (with each item's page fetched when
// the feed carries only a summary).
func (m *Main) ingestURL(ctx context.Context, rawURL string) ([]corpus.Document, error) {
	f := &feed.Fetcher{Client: m.fetchClient(), Logger: m.Logger}
	docs, err := f.URL(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: the feed has no items with text", rawURL)
	}
	return docs, nil
}

// ingestTarget is a URL to ingest, or an OPML feed list whose feeds are
// to be ingested.
type ingestTarget struct {
	URL  string
	OPML string // the feed list's path, when URL is still to be read from it
	// From and Line say where a feed list gave URL, for its warnings.
	From string
	Line int
}

// warning is a failure to ingest the target's URL: at the feed list's
// line when it came from one.
func (t ingestTarget) warning(reason string) corpus.Warning {
	if t.From != "" {
		return corpus.Warning{Path: t.From, Line: t.Line, Msg: t.URL + ": " + reason}
	}
	return corpus.Warning{Path: t.URL, Msg: reason}
}

// isOPML tells a feed list (.opml, any case) among ingest's arguments.
func isOPML(arg string) bool { return strings.EqualFold(filepath.Ext(arg), ".opml") }

// expandOPML replaces each feed list among targets with the feeds it
// lists, in order, and drops URLs already given: a feed filed in two
// lists, or given too as an argument, is fetched once. A list that cannot
// be read or lists no feed is a warning, and ingest goes on without it.
func expandOPML(targets []ingestTarget, warn func(corpus.Warning)) []ingestTarget {
	var out []ingestTarget
	seen := map[string]bool{}
	add := func(t ingestTarget) {
		if !seen[t.URL] {
			seen[t.URL] = true
			out = append(out, t)
		}
	}
	for _, t := range targets {
		if t.OPML == "" {
			add(t)
			continue
		}
		doc, err := feed.ReadOPMLFile(t.OPML)
		var oe *feed.OPMLError
		var pe *fs.PathError
		switch {
		case errors.As(err, &oe):
			warn(corpus.Warning{Path: oe.Name, Line: oe.Line, Msg: oe.Msg})
			continue
		case errors.As(err, &pe):
			warn(corpus.Warning{Path: t.OPML, Msg: pe.Err.Error()})
			continue
		case err != nil:
			warn(corpus.Warning{Path: t.OPML, Msg: err.Error()})
			continue
		case len(doc.Feeds) == 0:
			warn(corpus.Warning{Path: t.OPML, Msg: "lists no feeds: no outline has an xmlUrl"})
			continue
		}
		for _, f := range doc.Feeds {
			add(ingestTarget{URL: f.URL, From: t.OPML, Line: f.Line})
		}
	}
	return out
}
