package corpus

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// LoadHTML extracts the article of an HTML page with readability, dropping
// navigation, ads and other boilerplate. Text has one paragraph per block
// element, separated by blank lines. The page's URL — pageURL, else the
// page's canonical link or og:url — is the URL, the ID and (its host) the
// Source. The page's charset is detected.
// It fails when the page holds no article text.
//
// Bylines, datelines, photo credits and wire credits in the article's text
// are taken out (see articleMeta); the authors and date they name are used
// when the page's metadata has none. A page without a title is named by its
// first sentence.
func LoadHTML(r io.Reader, pageURL *url.URL) (Document, error) {
	doc, _, err := loadHTML(r, pageURL)
	return doc, err
}

// loadHTML is LoadHTML, with warnings about metadata it dropped.
func loadHTML(r io.Reader, pageURL *url.URL) (doc Document, warns []string, err error) {
	defer func() {
		// Pages are untrusted input: a parser bug must not take the
		// process down.
		if p := recover(); p != nil {
			doc, warns, err = Document{}, nil, fmt.Errorf("html: parser failed: %v", p)
		}
	}()
	root, err := dom.Parse(r) // detects the charset, as readability does
	if err != nil {
		return Document{}, nil, fmt.Errorf("html: %w", err)
	}
	if pageURL == nil {
		// A saved page usually says where it came from.
		pageURL = canonicalURL(root)
	}
	parser := readability.NewParser()
	a, err := parser.ParseAndMutate(root, pageURL)
	if err != nil {
		return Document{}, nil, fmt.Errorf("html: %w", err)
	}
	if a.Node == nil {
		return Document{}, nil, errors.New("html: no article text found")
	}
	paras, inText := articleMeta(htmlParas(a.Node))
	doc.Text = normalizeText(strings.Join(paras, "\n\n"))
	if doc.Text == "" {
		return Document{}, nil, errors.New("html: no article text found")
	}
	doc.Title = oneLine(a.Title())
	if !hasWord(doc.Title) {
		doc.Title = sentenceTitle(doc.Text)
	}
	switch t, err := a.PublishedTime(); {
	case errors.Is(err, readability.ErrTimestampMissing):
	case err != nil:
		warns = append(warns, "the page's publication date cannot be read ("+err.Error()+"); dropped")
	case t.Year() < minDocYear || t.Year() > maxDocYear:
		warns = append(warns, fmt.Sprintf("the page's publication date %s is out of range (years %d to %d); dropped", t.Format(time.DateOnly), minDocYear, maxDocYear))
	default:
		doc.Published = t.UTC()
	}
	doc.Authors = metaByline(a.Byline(), &doc)
	// The metadata beats what the text says.
	if len(doc.Authors) == 0 {
		doc.Authors = inText.Authors
	}
	if doc.Published.IsZero() {
		doc.Published = inText.Published
	}
	if pageURL != nil {
		doc.URL = pageURL.String()
		doc.ID = doc.URL
		doc.Source = strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www.")
	}
	return doc, warns, nil
}

// metaByline reads the byline readability found (in <meta> tags, or the
// byline element it took out of the text): its authors, and its date when
// doc has none.
func metaByline(by string, doc *Document) []string {
	by = oneLine(by)
	if by == "" {
		return nil
	}
	if authors, date, kind := byline(by); kind != notByline {
		if doc.Published.IsZero() {
			doc.Published = date
		}
		return authors
	}
	if len(by) > 3 && strings.EqualFold(by[:3], "by ") {
		by = strings.TrimSpace(by[3:])
	}
	if by == "" {
		return nil
	}
	return []string{by}
}

// canonicalURL finds the http(s) URL a page names as its own, or nil.
func canonicalURL(root *html.Node) *url.URL {
	var canonical, og string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "link":
				if canonical == "" && strings.EqualFold(attr(n, "rel"), "canonical") {
					canonical = attr(n, "href")
				}
			case "meta":
				if og == "" && attr(n, "property") == "og:url" {
					og = attr(n, "content")
				}
			case "body":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, raw := range []string{canonical, og} {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlText renders the text of an HTML tree: block elements become
// paragraphs separated by blank lines, <br> a line break, runs of white
// space one space; <pre> keeps its white space.
func htmlText(n *html.Node) string { return strings.Join(htmlParas(n), "\n\n") }

// htmlParas is htmlText's paragraphs.
func htmlParas(n *html.Node) []string {
	var t textBuilder
	t.render(n, false)
	t.flush()
	return t.paras
}

type textBuilder struct {
	paras []string
	cur   strings.Builder
	space bool // a space is owed before the next word
}

// flush ends the current paragraph.
func (t *textBuilder) flush() {
	if s := strings.TrimSpace(t.cur.String()); s != "" {
		t.paras = append(t.paras, s)
	}
	t.cur.Reset()
	t.space = false
}

func (t *textBuilder) newline() {
	s := t.cur.String()
	if s == "" || strings.HasSuffix(s, "\n\n") {
		return
	}
	t.cur.WriteByte('\n')
	t.space = false
}

func (t *textBuilder) words(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			if c := t.cur.Len(); c > 0 && !strings.HasSuffix(t.cur.String(), "\n") {
				t.space = true
			}
			continue
		}
		if t.space {
			t.cur.WriteByte(' ')
			t.space = false
		}
		t.cur.WriteRune(r)
	}
}

func (t *textBuilder) render(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if pre {
			t.cur.WriteString(n.Data)
		} else {
			t.words(n.Data)
		}
		return
	case html.CommentNode, html.DoctypeNode:
		return
	case html.ElementNode:
		switch n.Data {
		case "head", "script", "style", "noscript", "template", "iframe", "svg", "canvas",
			"audio", "video", "object", "embed", "map", "button", "select", "textarea", "math":
			return
		case "br":
			t.newline()
			return
		case "td", "th":
			t.space = t.cur.Len() > 0 && !strings.HasSuffix(t.cur.String(), "\n")
		}
		if blockElements[n.Data] {
			t.flush()
			defer t.flush()
		}
		if n.Data == "pre" {
			pre = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.render(c, pre)
	}
}

var blockElements = map[string]bool{
	"p": true, "div": true, "li": true, "ul": true, "ol": true, "dl": true, "dt": true, "dd": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "hr": true, "table": true, "tr": true, "caption": true,
	"section": true, "article": true, "header": true, "footer": true, "main": true, "aside": true, "nav": true,
	"figure": true, "figcaption": true, "address": true, "details": true, "summary": true,
	"form": true, "fieldset": true, "body": true, "html": true,
}
