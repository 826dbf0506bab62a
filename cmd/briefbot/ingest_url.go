package main

import (
	"context"
	"fmt"
	"regexp"

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
