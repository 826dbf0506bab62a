package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/fetch"
)

// DefaultMinText is how much text (after stripping HTML) an item must
// carry to be taken as the article; shorter items are summaries and their
// page is fetched.
const DefaultMinText = 500

// accept asks for feeds first but takes pages.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"

// Fetcher turns URLs into documents.
type Fetcher struct {
	Client *fetch.Client
	// MinText: see DefaultMinText; 0 means the default.
	MinText int
	Logger  *slog.Logger
}

// Error is a URL that gave no documents, with a reason for users.
type Error struct {
	URL    string
	Reason string
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return "feed " + e.URL + ": " + e.Reason + ": " + e.Err.Error()
	}
	return "feed " + e.URL + ": " + e.Reason
}
func (e *Error) Unwrap() error { return e.Err }

// Reason is the short, user-facing reason of err ("HTTP 404", "malformed
// feed: ...", "is an HTML page, not a feed").
func Reason(err error) string {
	var fe *Error
	if errors.As(err, &fe) {
		if fe.Err != nil && fe.Reason == "malformed feed" {
			return fe.Reason + ": " + firstLine(fe.Err.Error())
		}
		return fe.Reason
	}
	return fetch.Reason(err)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func (f *Fetcher) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (f *Fetcher) minText() int {
	if f.MinText > 0 {
		return f.MinText
	}
	return DefaultMinText
}

// URL fetches rawURL and returns its documents: a web page's article, or a
// feed's items (with their pages fetched when the feed has only summaries).
func (f *Fetcher) URL(ctx context.Context, rawURL string) ([]corpus.Document, error) {
	resp, err := f.Client.Get(ctx, fetch.Request{URL: rawURL, Accept: accept})
	if err != nil {
		return nil, err
	}
	switch format := Detect(resp.ContentType, resp.Body); {
	case format == FormatHTML:
		doc, err := pageDoc(resp)
		if err != nil {
			return nil, &Error{URL: rawURL, Reason: "no article found in the page", Err: err}
		}
		return []corpus.Document{doc}, nil
	case format.IsFeed():
		parsed, err := Parse(resp.Body)
		if err != nil {
			return nil, &Error{URL: rawURL, Reason: "malformed feed", Err: err}
		}
		docs, _ := f.Items(ctx, resp.URL, parsed, "", nil)
		return docs, nil
	default:
		return nil, &Error{URL: rawURL, Reason: notFeedOrPage(resp)}
	}
}

func notFeedOrPage(resp *fetch.Response) string {
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	if mt == "" {
		mt = "no Content-Type"
	}
	return "not a web page or feed (" + mt + ")"
}

// Page fetches one web page and extracts its article.
func (f *Fetcher) Page(ctx context.Context, rawURL string) (corpus.Document, error) {
	resp, err := f.Client.Get(ctx, fetch.Request{URL: rawURL, Accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"})
	if err != nil {
		return corpus.Document{}, err
	}
	if Detect(resp.ContentType, resp.Body) != FormatHTML {
		return corpus.Document{}, &Error{URL: rawURL, Reason: "not a web page (" + orNone(resp.ContentType) + ")"}
	}
	doc, err := pageDoc(resp)
	if err != nil {
		return corpus.Document{}, &Error{URL: rawURL, Reason: "no article found in the page", Err: err}
	}
	return doc, nil
}

func orNone(s string) string {
	if s == "" {
		return "no Content-Type"
	}
	return s
}

// pageDoc extracts the article of a fetched HTML page.
func pageDoc(resp *fetch.Response) (corpus.Document, error) {
	doc, err := corpus.LoadHTML(bytes.NewReader(resp.Body), resp.URL)
	if err != nil {
		return corpus.Document{}, err
	}
	if strings.TrimSpace(doc.Text) == "" {
		return corpus.Document{}, errors.New("empty article")
	}
	u := resp.URL.String()
	doc.URL = u
	if doc.ID == "" {
		doc.ID = u
	}
	doc.Source = HostSource(resp.URL)
	if doc.Title == "" {
		doc.Title = u
	}
	return doc, nil
}

// HostSource is the source name a URL gives: its host without "www.".
func HostSource(u *url.URL) string {
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// Parse parses an RSS, Atom or JSON feed. Feeds are untrusted input: a
// panic in the parser is turned into an error rather than taking serve
// down.
func Parse(body []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(body))
}

// ItemKey identifies one version of an item, so an item edited upstream is
// taken again while an unchanged one is not.
func ItemKey(feedURL *url.URL, it *gofeed.Item) string {
	stamp := it.Updated
	if it.UpdatedParsed != nil {
		stamp = it.UpdatedParsed.UTC().Format(time.RFC3339)
	}
	return ItemID(feedURL, it) + "\x00" + stamp
}

// ItemID is an item's document ID: its GUID when that is a URI (globally
// unique by construction), else its link, else the GUID scoped by the
// feed's URL (a bare "1234" would collide across feeds), else the feed URL
// and title.
func ItemID(feedURL *url.URL, it *gofeed.Item) string {
	guid := strings.TrimSpace(it.GUID)
	link := itemLink(feedURL, it)
	switch {
	case guid != "" && isURI(guid):
		return guid
	case link != "":
		return link
	case guid != "":
		return feedURL.String() + "#" + guid
	}
	return feedURL.String() + "#" + strings.TrimSpace(it.Title)
}

func isURI(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "tag", "urn":
		return u.Opaque != ""
	}
	return false
}

// itemLink is the item's link resolved against the feed URL; "" when the
// item has none or it is not http(s).
func itemLink(feedURL *url.URL, it *gofeed.Item) string {
	l := strings.TrimSpace(it.Link)
	if l == "" && len(it.Links) > 0 {
		l = strings.TrimSpace(it.Links[0])
	}
	if l == "" {
		return ""
	}
	u, err := feedURL.Parse(l)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}

// ItemDoc converts a feed item as the feed carries it, without fetching
// anything. source is the configured source name; "" falls back to the
// feed's title, then the feed's host.
func ItemDoc(feedURL *url.URL, parsed *gofeed.Feed, it *gofeed.Item, source string) corpus.Document {
	doc := corpus.Document{
		ID:    ItemID(feedURL, it),
		Title: tidy(htmlText(it.Title)),
		URL:   itemLink(feedURL, it),
	}
	doc.Source = source
	if doc.Source == "" {
		doc.Source = strings.TrimSpace(parsed.Title)
	}
	if doc.Source == "" {
		doc.Source = HostSource(feedURL)
	}
	switch {
	case it.PublishedParsed != nil:
		doc.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		doc.Published = it.UpdatedParsed.UTC()
	}
	for _, a := range it.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			doc.Authors = append(doc.Authors, strings.TrimSpace(a.Name))
		}
	}
	content, summary := htmlText(it.Content), htmlText(it.Description)
	doc.Text = content
	if utf8.RuneCountInString(summary) > utf8.RuneCountInString(content) {
		doc.Text = summary
	}
	return doc
}

// Items converts a parsed feed's items, skipping those whose ItemKey skip
// reports (already taken). An item with less than MinText of text has its
// page fetched and the article used instead. It returns the documents and
// the keys of the items it dealt with; an item whose page could not be
// fetched and that has no text of its own is left out of both, so a later
// poll tries again.
func (f *Fetcher) Items(ctx context.Context, feedURL *url.URL, parsed *gofeed.Feed, source string, skip func(key string) bool) ([]corpus.Document, []string) {
	type job struct {
		doc corpus.Document
		key string
		ok  bool
	}
	var jobs []*job
	for _, it := range parsed.Items {
		if it == nil {
			continue
		}
		key := ItemKey(feedURL, it)
		if skip != nil && skip(key) {
			continue
		}
		jobs = append(jobs, &job{doc: ItemDoc(feedURL, parsed, it, source), key: key})
	}
	// Fetch summary-only items' pages a few at a time; the client also
	// limits requests per host.
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, j := range jobs {
		if utf8.RuneCountInString(j.doc.Text) >= f.minText() || j.doc.URL == "" {
			j.ok = strings.TrimSpace(j.doc.Text) != ""
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			page, err := f.Page(ctx, j.doc.URL)
			if err != nil {
				f.logger().Warn("feed item page not fetched; keeping the feed's summary", "url", j.doc.URL, "err", err)
				j.ok = strings.TrimSpace(j.doc.Text) != ""
				return
			}
			j.ok = true
			if utf8.RuneCountInString(page.Text) > utf8.RuneCountInString(j.doc.Text) {
				j.doc.Text = page.Text
			}
			if j.doc.Title == "" {
				j.doc.Title = page.Title
			}
			if len(j.doc.Authors) == 0 {
				j.doc.Authors = page.Authors
			}
			if j.doc.Published.IsZero() {
				j.doc.Published = page.Published
			}
		}()
	}
	wg.Wait()
	var docs []corpus.Document
	var keys []string
	for _, j := range jobs {
		if !j.ok {
			continue
		}
		if j.doc.Title == "" {
			j.doc.Title = firstWords(j.doc.Text, 12)
		}
		docs = append(docs, j.doc)
		keys = append(keys, j.key)
	}
	return docs, keys
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		return strings.Join(w[:n], " ") + "…"
	}
	return strings.Join(w, " ")
}
