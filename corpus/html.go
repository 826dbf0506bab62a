package corpus

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
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
func LoadHTML(r io.Reader, pageURL *url.URL) (doc Document, err error) {
	defer func() {
		// Pages are untrusted input: a parser bug must not take the
		// process down.
		if p := recover(); p != nil {
			doc, err = Document{}, fmt.Errorf("html: parser failed: %v", p)
		}
	}()
	root, err := dom.Parse(r) // detects the charset, as readability does
	if err != nil {
		return Document{}, fmt.Errorf("html: %w", err)
	}
	if pageURL == nil {
		// A saved page usually says where it came from.
		pageURL = canonicalURL(root)
	}
	parser := readability.NewParser()
	a, err := parser.ParseAndMutate(root, pageURL)
	if err != nil {
		return Document{}, fmt.Errorf("html: %w", err)
	}
	if a.Node == nil {
		return Document{}, errors.New("html: no article text found")
	}
	doc.Text = normalizeText(htmlText(a.Node))
	if doc.Text == "" {
		return Document{}, errors.New("html: no article text found")
	}
	doc.Title = strings.Join(strings.Fields(a.Title()), " ")
	if t, err := a.PublishedTime(); err == nil && !t.IsZero() {
		doc.Published = t.UTC()
	}
	if by := strings.Join(strings.Fields(a.Byline()), " "); by != "" {
		if len(by) > 3 && strings.EqualFold(by[:3], "by ") {
			by = strings.TrimSpace(by[3:])
		}
		if by != "" {
			doc.Authors = []string{by}
		}
	}
	if pageURL != nil {
		doc.URL = pageURL.String()
		doc.ID = doc.URL
		doc.Source = strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www.")
	}
	return doc, nil
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
func htmlText(n *html.Node) string {
	var t textBuilder
	t.render(n, false)
	t.flush()
	return strings.Join(t.paras, "\n\n")
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
