package feed

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/fetch"
)

// site serves the testdata feeds and pages, with {{BASE}} replaced by the
// server's URL, plus whatever extra handlers a test adds.
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	hits sync.Map // path -> *atomic.Int32
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{mux: http.NewServeMux()}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := s.hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	s.file(t, "/rss", "rss.xml", "application/rss+xml")
	s.file(t, "/atom", "atom.xml", "application/atom+xml")
	s.file(t, "/json", "feed.json", "application/feed+json")
	s.file(t, "/articles/berth", "berth.html", "text/html; charset=utf-8")
	return s
}

func (s *site) file(t *testing.T, path, name, ctype string) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		io.WriteString(w, strings.ReplaceAll(string(b), "{{BASE}}", s.URL))
	})
}

func (s *site) count(path string) int {
	n, ok := s.hits.Load(path)
	if !ok {
		return 0
	}
	return int(n.(*atomic.Int32).Load())
}

func testFetcher(opts fetch.Options) *Fetcher {
	opts.AllowPrivate = true
	return &Fetcher{Client: fetch.New(opts)}
}

func TestDetect(t *testing.T) {
	rss, _ := os.ReadFile("testdata/rss.xml")
	atom, _ := os.ReadFile("testdata/atom.xml")
	jsonFeed, _ := os.ReadFile("testdata/feed.json")
	page, _ := os.ReadFile("testdata/berth.html")
	for _, c := range []struct {
		name, ctype, body string
		want              Format
	}{
		{"rss", "application/rss+xml", string(rss), FormatRSS},
		{"rss served as html", "text/html", string(rss), FormatRSS},
		{"rdf", "", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`, FormatRSS},
		{"atom", "text/xml", string(atom), FormatAtom},
		{"atom with bom", "", "\ufeff" + string(atom), FormatAtom},
		{"json feed", "application/json", string(jsonFeed), FormatJSON},
		{"other json", "application/json", `{"version": "1.0", "items": []}`, FormatUnknown},
		{"html page", "text/html; charset=utf-8", string(page), FormatHTML},
		{"html page, no type", "", string(page), FormatHTML},
		{"html, wrong type", "application/octet-stream", "<!doctype html><html><body>x</body></html>", FormatHTML},
		{"sitemap", "application/xml", `<?xml version="1.0"?><urlset><url><loc>http://x/</loc></url></urlset>`, FormatUnknown},
		{"plain text", "text/plain", "just words", FormatUnknown},
		{"pdf", "application/pdf", "%PDF-1.4 ...", FormatUnknown},
		{"empty", "", "", FormatUnknown},
	} {
		if got := Detect(c.ctype, []byte(c.body)); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// FuzzDetect: Detect never panics, and whenever it calls bytes an XML feed
// gofeed's parser detects the same type, so fetch / detect / parse agree.
func FuzzDetect(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json", "berth.html"} {
		b, _ := os.ReadFile("testdata/" + name)
		f.Add("", b)
	}
	f.Add("text/html", []byte("<rss"))
	f.Add("application/json", []byte(`{"version":"https://jsonfeed.org/version/1"}`))
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		got := Detect(ctype, body)
		head := body
		if len(head) > sniffLen {
			head = head[:sniffLen]
		}
		if got.IsFeed() {
			Parse(body) // must not panic; errors are fine
		}
		gt := gofeed.DetectFeedType(strings.NewReader(string(head)))
		switch got {
		case FormatRSS:
			if gt != gofeed.FeedTypeRSS {
				t.Errorf("Detect says RSS, gofeed says %v", gt)
			}
		case FormatAtom:
			if gt != gofeed.FeedTypeAtom {
				t.Errorf("Detect says Atom, gofeed says %v", gt)
			}
		case FormatJSON:
			if gt != gofeed.FeedTypeJSON {
				t.Errorf("Detect says JSON Feed, gofeed says %v", gt)
			}
		}
	})
}

func TestHTMLText(t *testing.T) {
	for in, want := range map[string]string{
		"plain   words\n\n\n\nnext":                       "plain words\n\nnext",
		"<p>One &amp; two.</p><p>Three</p>":               "One & two.\n\nThree",
		"a<br>b":                                          "a\nb",
		"<script>alert(1)</script><style>p{}</style>kept": "kept",
		"<ul><li>x</li><li>y</li></ul>":                   "x\n\ny",
		"<p>unclosed <b>bold":                             "unclosed bold",
		"Fish &amp; chips &lt;3":                          "Fish & chips <3",
		"<div><p>  spaced\t\tout  </p></div>":             "spaced out",
	} {
		if got := htmlText(in); got != want {
			t.Errorf("htmlText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestItemDoc(t *testing.T) {
	feedURL, _ := url.Parse("https://www.news.example/feed.xml")
	pub := time.Date(2024, 3, 4, 9, 30, 0, 0, time.UTC)
	upd := pub.Add(time.Hour)
	parsed := &gofeed.Feed{Title: "News Example"}
	for _, c := range []struct {
		name   string
		it     gofeed.Item
		source string
		want   corpus.Document
	}{
		{"guid url", gofeed.Item{GUID: "https://news.example/p/1", Link: "https://news.example/a?utm=x", Title: "A", Description: "<p>Text</p>", PublishedParsed: &pub},
			"", corpus.Document{ID: "https://news.example/p/1", Title: "A", URL: "https://news.example/a?utm=x", Source: "News Example", Published: pub, Text: "Text"}},
		{"bare guid falls back to link", gofeed.Item{GUID: "1001", Link: "/a/1001", Title: "B", Content: "Body", UpdatedParsed: &upd},
			"Configured", corpus.Document{ID: "https://www.news.example/a/1001", Title: "B", URL: "https://www.news.example/a/1001", Source: "Configured", Published: upd, Text: "Body"}},
		{"bare guid, no link", gofeed.Item{GUID: "1002", Title: "C", Content: "Body"},
			"", corpus.Document{ID: "https://www.news.example/feed.xml#1002", Title: "C", Source: "News Example", Text: "Body"}},
		{"tag guid", gofeed.Item{GUID: "tag:news.example,2024:3", Title: "D &amp; E", Content: "<b>Body</b>", Authors: []*gofeed.Person{{Name: " Ada "}, {Name: ""}}},
			"", corpus.Document{ID: "tag:news.example,2024:3", Title: "D & E", Source: "News Example", Authors: []string{"Ada"}, Text: "Body"}},
		{"javascript link dropped", gofeed.Item{GUID: "x", Link: "javascript:alert(1)", Title: "F", Content: "Body"},
			"", corpus.Document{ID: "https://www.news.example/feed.xml#x", Title: "F", Source: "News Example", Text: "Body"}},
		{"longer summary wins", gofeed.Item{Link: "https://news.example/g", Title: "G", Content: "Short", Description: "A longer summary"},
			"", corpus.Document{ID: "https://news.example/g", Title: "G", URL: "https://news.example/g", Source: "News Example", Text: "A longer summary"}},
	} {
		got := ItemDoc(feedURL, parsed, &c.it, c.source)
		if !equalDoc(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
	// Without a title the feed's host names the source.
	got := ItemDoc(feedURL, &gofeed.Feed{}, &gofeed.Item{Link: "https://news.example/h", Content: "x"}, "")
	if got.Source != "news.example" {
		t.Errorf("source %q, want news.example", got.Source)
	}
}

func equalDoc(a, b corpus.Document) bool {
	return a.ID == b.ID && a.Title == b.Title && a.URL == b.URL && a.Source == b.Source &&
		a.Published.Equal(b.Published) && a.Text == b.Text && strings.Join(a.Authors, "|") == strings.Join(b.Authors, "|")
}

func TestURLPage(t *testing.T) {
	s := newSite(t)
	docs, err := testFetcher(fetch.Options{}).URL(context.Background(), s.URL+"/articles/berth")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("%d docs", len(docs))
	}
	d := docs[0]
	u, _ := url.Parse(s.URL)
	if d.URL != s.URL+"/articles/berth" || d.ID != d.URL || d.Source != u.Hostname() {
		t.Errorf("doc %+v", d)
	}
	if !strings.Contains(d.Text, "rail link") || strings.Contains(d.Text, "Contact us") {
		t.Errorf("article text not extracted: %q", d.Text)
	}
}

func TestURLFeed(t *testing.T) {
	s := newSite(t)
	f := testFetcher(fetch.Options{})
	docs, err := f.URL(context.Background(), s.URL+"/rss")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]corpus.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	berth := byID[s.URL+"/articles/berth"] // bare GUID: the link is the ID
	if !strings.Contains(berth.Text, "rail link") {
		t.Errorf("summary-only item's page not fetched: %q", berth.Text)
	}
	if berth.Source != "Harbour Gazette" || berth.Title != "Port authority approves new & larger container berth" || strings.Join(berth.Authors, ",") != "Ada Quay" {
		t.Errorf("berth %+v", berth)
	}
	ferry := byID[s.URL+"/articles/ferry"]
	if !strings.HasPrefix(ferry.Text, "The island ferry") || !ferry.Published.Equal(time.Date(2024, 3, 5, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("ferry %+v", ferry)
	}
	if s.count("/articles/ferry") != 0 {
		t.Error("fetched the page of an item that carries its full text")
	}
	if len(docs) != 2 {
		t.Errorf("%d docs", len(docs))
	}
}

func TestURLRefused(t *testing.T) {
	s := newSite(t)
	s.mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.4")
	})
	s.mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>unterminated`)
	})
	f := testFetcher(fetch.Options{})
	for path, want := range map[string]string{
		"/pdf":     "not a web page or feed (application/pdf)",
		"/missing": "HTTP 404",
		"/broken":  "malformed feed",
	} {
		_, err := f.URL(context.Background(), s.URL+path)
		if err == nil || !strings.HasPrefix(Reason(err), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
}

func TestDiscover(t *testing.T) {
	base, _ := url.Parse("https://news.example/section/")
	page := `<html><head><title>x</title>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="atom">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate" type="text/html" hreflang="de" href="/de/">
<link rel="alternate" type="application/rss+xml" href="javascript:x">
</head><body><link rel="alternate" type="application/rss+xml" href="/late.xml"></body></html>`
	got := strings.Join(Discover([]byte(page), base), " ")
	if want := "https://news.example/feed.xml https://news.example/section/atom"; got != want {
		t.Errorf("Discover = %q, want %q", got, want)
	}
	if got := Discover([]byte("<p>no head"), base); len(got) != 0 {
		t.Errorf("Discover on a page without feeds: %v", got)
	}
}
