package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus/feed"
)

const ingestURLArticle = `<!DOCTYPE html><html><head><title>Tram line extended | City Desk</title></head><body>
<nav><a href="/">Home</a></nav>
<article><h1>Tram line extended</h1>
<p>The city council approved the extension of tram line 4 to the new hospital on Thursday, adding three stops and two kilometres of track to the network.</p>
<p>Construction will begin next spring and is expected to take eighteen months. The council said the extension will be financed from the regional transport fund.</p>
<p>Residents along the route will be consulted on the exact location of the stops at public meetings in February.</p>
</article><footer>Subscribe</footer></body></html>`

func ingestSite(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, ingestURLArticle)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>City Desk</title>
<item><title>Tram line extended</title><link>`+srv.URL+`/page</link><guid>tram-4</guid>
<pubDate>Thu, 07 Mar 2024 10:00:00 GMT</pubDate><description>The council approved the extension.</description></item>
</channel></rss>`)
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func urlTestMain(env map[string]string) *Main {
	var out bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &out)
	m.Getenv = func(k string) string { return env[k] }
	m.Now = func() time.Time { return time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC) }
	return m
}

func TestIngestURL(t *testing.T) {
	srv := ingestSite(t)
	m := urlTestMain(map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": "1"})
	ctx := context.Background()

	docs, err := m.ingestURL(ctx, srv.URL+"/page")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].URL != srv.URL+"/page" || docs[0].Source != "127.0.0.1" || !strings.Contains(docs[0].Text, "eighteen months") {
		t.Errorf("page: %+v", docs)
	}

	// A feed whose item is only a summary: the item's page is fetched.
	docs, err = m.ingestURL(ctx, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].ID != srv.URL+"/page" || docs[0].Source != "City Desk" || !strings.Contains(docs[0].Text, "eighteen months") ||
		!docs[0].Published.Equal(time.Date(2024, 3, 7, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("feed: %+v", docs)
	}

	for path, want := range map[string]string{"/image": "not a web page or feed (image/png)", "/nothing": "HTTP 404"} {
		_, err := m.ingestURL(ctx, srv.URL+path)
		if err == nil || feed.Reason(err) != want {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	if _, err := m.ingestURL(ctx, "ftp://example.com/x"); err == nil || feed.Reason(err) != "not http(s)" {
		t.Errorf("ftp: %v", err)
	}
}

func TestIngestURLPrivateRefused(t *testing.T) {
	srv := ingestSite(t)
	for _, v := range []string{"", "0", "true"} {
		m := urlTestMain(map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": v})
		_, err := m.ingestURL(context.Background(), srv.URL+"/page")
		if err == nil || !strings.HasPrefix(feed.Reason(err), "private address refused") {
			t.Errorf("BRIEFBOT_ALLOW_PRIVATE_URLS=%q: %v", v, err)
		}
	}
}

func TestLooksLikeURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://a.example/x": true, "http://a": true, "ftp://a/b": true, "HTTPS://A": true,
		"docs/a.txt": false, "./http:/x": false, "C:\\x": false, "news.jsonl.gz": false,
	} {
		if got := looksLikeURL(s); got != want {
			t.Errorf("looksLikeURL(%q) = %v", s, got)
		}
	}
}
