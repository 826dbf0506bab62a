package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus/fetch"
	"github.com/briefbot/briefbot/internal/sinktest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)} }
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func statusOf(t *testing.T, p *Poller, url string) Status {
	t.Helper()
	for _, s := range p.Status() {
		if s.URL == url {
			return s
		}
	}
	t.Fatalf("no status for %s", url)
	return Status{}
}

func TestPollerFormats(t *testing.T) {
	s := newSite(t)
	sink := sinktest.New()
	clk := newClock()
	p, err := NewPoller(PollerConfig{
		Fetcher: testFetcher(fetch.Options{}), Sink: sink, Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/rss"}, {URL: s.URL + "/atom", Name: "Valley"}, {URL: s.URL + "/json", Interval: 5 * time.Minute}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p.PollOnce(context.Background())
	docs := sink.ByID()
	if len(docs) != 4 {
		t.Fatalf("%d docs: %v", len(docs), docs)
	}
	glacier := docs["tag:valley.example,2024:glacier"]
	if glacier.Source != "Valley" || glacier.URL != s.URL+"/science/glacier" || !strings.Contains(glacier.Text, "forty metres") ||
		!glacier.Published.Equal(time.Date(2024, 3, 6, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("atom item %+v", glacier)
	}
	frost := docs[s.URL+"/orchard/frost"]
	if frost.Source != "Orchard Weekly" || frost.Title != "Late frost threatens apple blossom" || strings.Join(frost.Authors, ",") != "Cid Pippin" {
		t.Errorf("json item %+v", frost)
	}
	for _, st := range p.Status() {
		if st.LastError != "" || !st.LastOK.Equal(clk.Now()) {
			t.Errorf("status %+v", st)
		}
	}
	if st := statusOf(t, p, s.URL+"/json"); !st.NextPoll.Equal(clk.Now().Add(5*time.Minute)) || st.Title != "Orchard Weekly" || st.Items != 1 {
		t.Errorf("json status %+v", st)
	}
	if st := statusOf(t, p, s.URL+"/rss"); !st.NextPoll.Equal(clk.Now().Add(DefaultInterval)) || st.Items != 2 {
		t.Errorf("rss status %+v", st)
	}
}

func TestPollerSchedule(t *testing.T) {
	s := newSite(t)
	clk := newClock()
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sinktest.New(), Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/json", Interval: 10 * time.Minute}}})
	ctx := context.Background()
	p.PollOnce(ctx)
	clk.Add(9 * time.Minute)
	p.PollOnce(ctx)
	if n := s.count("/json"); n != 1 {
		t.Fatalf("polled %d times before the interval was up", n)
	}
	clk.Add(time.Minute)
	p.PollOnce(ctx)
	if n := s.count("/json"); n != 2 {
		t.Fatalf("polled %d times, want 2 once due", n)
	}
}

func TestPollerConditionalGet(t *testing.T) {
	s := newSite(t)
	var conditional int
	var mu sync.Mutex
	body := `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"https://x.example/1","content_text":"` + strings.Repeat("word ", 120) + `"}]}`
	s.mux.HandleFunc("/etag", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"abc"` {
			mu.Lock()
			conditional++
			mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"abc"`)
		w.Header().Set("Last-Modified", "Sun, 01 Mar 2026 07:00:00 GMT")
		io.WriteString(w, body)
	})
	sink := sinktest.New()
	clk := newClock()
	vals := &MemValidators{}
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sink, Validators: vals, Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/etag", Interval: time.Minute}}})
	ctx := context.Background()
	p.PollOnce(ctx)
	if len(sink.Docs()) != 1 {
		t.Fatalf("first poll: %d docs", len(sink.Docs()))
	}
	if etag, lm := vals.Get(t.Context(), s.URL+"/etag"); etag != `"abc"` || lm != "Sun, 01 Mar 2026 07:00:00 GMT" {
		t.Fatalf("validators not stored: %q %q", etag, lm)
	}
	clk.Add(time.Minute)
	p.PollOnce(ctx)
	if conditional != 1 || len(sink.Docs()) != 1 {
		t.Errorf("repeat poll: %d conditional requests, %d docs", conditional, len(sink.Docs()))
	}
	if st := statusOf(t, p, s.URL+"/etag"); st.LastError != "" || !st.LastOK.Equal(clk.Now()) {
		t.Errorf("status after 304: %+v", st)
	}

	// A restarted poller with the stored validators asks conditionally too.
	p2, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sink, Validators: vals, Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/etag"}}})
	p2.PollOnce(ctx)
	if conditional != 2 || len(sink.Docs()) != 1 {
		t.Errorf("after restart: %d conditional requests, %d docs", conditional, len(sink.Docs()))
	}
}

func TestPollerSeenItems(t *testing.T) {
	// A server without validators: unchanged items are not handed over
	// twice, an edited one is.
	s := newSite(t)
	var mu sync.Mutex
	updated := "2024-03-01T00:00:00Z"
	s.mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		u := updated
		mu.Unlock()
		text := strings.Repeat("text ", 120)
		io.WriteString(w, `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[`+
			`{"id":"https://x.example/1","content_text":"one `+text+`"},`+
			`{"id":"https://x.example/2","content_text":"two `+text+`","date_modified":"`+u+`"}]}`)
	})
	sink := sinktest.New()
	clk := newClock()
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sink, Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/plain", Interval: time.Minute}}})
	ctx := context.Background()
	p.PollOnce(ctx)
	clk.Add(time.Minute)
	p.PollOnce(ctx)
	if len(sink.Docs()) != 2 {
		t.Fatalf("%d docs after two polls of an unchanged feed, want 2", len(sink.Docs()))
	}
	mu.Lock()
	updated = "2024-03-02T00:00:00Z"
	mu.Unlock()
	clk.Add(time.Minute)
	p.PollOnce(ctx)
	if len(sink.Docs()) != 3 || sink.Docs()[2].ID != "https://x.example/2" {
		t.Errorf("edited item: %d docs", len(sink.Docs()))
	}
}

func TestPollerFailuresIsolated(t *testing.T) {
	s := newSite(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	s.mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	s.mux.HandleFunc("/malformed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>cut off`)
	})
	s.mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>`)
		io.Copy(w, io.LimitReader(letters{}, 50<<20))
	})
	s.mux.HandleFunc("/loop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	s.mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop1", http.StatusFound) })
	s.mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello")
	})

	want := map[string]string{
		"/slow":           "timed out after 2s",
		"/malformed":      "malformed feed",
		"/articles/berth": "is an HTML page, not a feed",
		"/huge":           "too large (over 10 MB)",
		"/loop1":          "redirect loop",
		"/missing":        "HTTP 404",
		"/text":           "not a feed (text/plain)",
	}
	feeds := []Source{{URL: s.URL + "/atom"}, {URL: s.URL + "/json"}}
	for path := range want {
		feeds = append(feeds, Source{URL: s.URL + path})
	}
	sink := sinktest.New()
	clk := newClock()
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{Timeout: 2 * time.Second}), Sink: sink, Now: clk.Now, Feeds: feeds, Workers: 10})
	p.PollOnce(context.Background())
	for path, reason := range want {
		st := statusOf(t, p, s.URL+path)
		if !strings.HasPrefix(st.LastError, reason) || !st.LastErrorAt.Equal(clk.Now()) || !st.LastOK.IsZero() {
			t.Errorf("%s: status %+v, want error %q", path, st, reason)
		}
	}
	if n := len(sink.ByID()); n != 2 {
		t.Errorf("the good feeds gave %d docs, want 2", n)
	}
	for _, path := range []string{"/atom", "/json"} {
		if st := statusOf(t, p, s.URL+path); st.LastError != "" {
			t.Errorf("%s: %+v", path, st)
		}
	}
}

// letters is an endless reader of 'a'.
type letters struct{}

func (letters) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func TestPollerPrivateAddressRefused(t *testing.T) {
	s := newSite(t)
	sink := sinktest.New()
	p, _ := NewPoller(PollerConfig{Fetcher: &Fetcher{Client: fetch.New(fetch.Options{})}, Sink: sink,
		Feeds: []Source{{URL: s.URL + "/rss"}}})
	p.PollOnce(context.Background())
	st := p.Status()[0]
	if !strings.HasPrefix(st.LastError, "private address refused") {
		t.Errorf("status %+v", st)
	}
	if s.count("/rss") != 0 || len(sink.Docs()) != 0 {
		t.Error("a private address was fetched")
	}
}

func TestPollerRetryAfter(t *testing.T) {
	s := newSite(t)
	for _, code := range []int{429, 503} {
		path := "/busy" + strconv.Itoa(code)
		s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(code)
		})
	}
	clk := newClock()
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{Now: clk.Now}), Sink: sinktest.New(), Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/busy429", Interval: 30 * time.Minute}, {URL: s.URL + "/busy503", Interval: 30 * time.Minute}}})
	ctx := context.Background()
	p.PollOnce(ctx)
	st := statusOf(t, p, s.URL+"/busy429")
	if !st.NextPoll.Equal(clk.Now().Add(time.Hour)) || !strings.HasPrefix(st.LastError, "HTTP 429") {
		t.Errorf("status %+v", st)
	}
	clk.Add(31 * time.Minute) // past the interval, not past Retry-After
	p.PollOnce(ctx)
	if s.count("/busy429") != 1 || s.count("/busy503") != 1 {
		t.Fatalf("polled before Retry-After: %d, %d", s.count("/busy429"), s.count("/busy503"))
	}
	clk.Add(30 * time.Minute)
	p.PollOnce(ctx)
	if s.count("/busy429") != 2 || s.count("/busy503") != 2 {
		t.Errorf("not polled after Retry-After: %d, %d", s.count("/busy429"), s.count("/busy503"))
	}
}

func TestPollerSinkFailureRetried(t *testing.T) {
	s := newSite(t)
	sink := sinktest.New()
	sink.Fail(errors.New("index is closed"))
	clk := newClock()
	vals := &MemValidators{}
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sink, Validators: vals, Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/json", Interval: time.Minute}}})
	ctx := context.Background()
	p.PollOnce(ctx)
	if st := p.Status()[0]; st.LastError != "could not store new items" {
		t.Errorf("status %+v", st)
	}
	sink.Fail(nil)
	clk.Add(time.Minute)
	p.PollOnce(ctx)
	if len(sink.Docs()) != 1 {
		t.Errorf("items not retried after a failed store: %d docs", len(sink.Docs()))
	}
}

func TestPollerPollAndRemove(t *testing.T) {
	s := newSite(t)
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sinktest.New(), Feeds: []Source{{URL: s.URL + "/atom"}}})
	ctx := context.Background()
	if err := p.Add(Source{URL: s.URL + "/articles/berth"}); err != nil {
		t.Fatal(err)
	}
	if err := p.Poll(ctx, s.URL+"/articles/berth"); err == nil || Reason(err) != "is an HTML page, not a feed" {
		t.Errorf("Poll of a page: %v", err)
	}
	s.mux.HandleFunc("/home", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>Home</body></html>`)
	})
	p.Add(Source{URL: s.URL + "/home"})
	if err := p.Poll(ctx, s.URL+"/home"); err == nil || Reason(err) != "is an HTML page, not a feed; the page links to the feed "+s.URL+"/rss" {
		t.Errorf("Poll of a home page: %v", err)
	}
	if err := p.Poll(ctx, s.URL+"/atom"); err != nil {
		t.Errorf("Poll: %v", err)
	}
	if err := p.Add(Source{URL: "ftp://x.example/feed"}); err == nil || !strings.Contains(err.Error(), "not http(s)") {
		t.Errorf("Add ftp: %v", err)
	}
	if err := p.Add(Source{URL: s.URL + "/x", Interval: 30 * time.Second}); err == nil || !strings.Contains(err.Error(), "shorter than the minimum 1m0s") {
		t.Errorf("Add short interval: %v", err)
	}
	if !p.Remove(s.URL+"/atom") || p.Remove(s.URL+"/atom") || len(p.Status()) != 2 {
		t.Errorf("Remove: %+v", p.Status())
	}
}

func TestPollerRun(t *testing.T) {
	s := newSite(t)
	sink := sinktest.New()
	p, _ := NewPoller(PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sink, Tick: 10 * time.Millisecond,
		Feeds: []Source{{URL: s.URL + "/json"}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	select {
	case <-sink.Got():
	case <-time.After(10 * time.Second):
		t.Fatal("Run never handed over the feed's items")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// seenVals keeps validators and seen items, as the state file does.
type seenVals struct {
	MemValidators
	mu   sync.Mutex
	seen map[string][]string
}

// A SeenStore: the poller finds it by a type assertion, which a changed
// signature would fail without a word.
var _ SeenStore = (*seenVals)(nil)

func (v *seenVals) Seen(_ context.Context, url string) []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.seen[url]
}

func (v *seenVals) PutSeen(_ context.Context, url string, keys []string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.seen == nil {
		v.seen = map[string][]string{}
	}
	v.seen[url] = keys
	return nil
}

// TestPollerSeenSurvivesRestart: a restarted poller, on a server without
// validators, neither hands over nor fetches the pages of items it handled
// before the restart.
func TestPollerSeenSurvivesRestart(t *testing.T) {
	s := newSite(t)
	var pages int
	var mu sync.Mutex
	s.mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pages++
		mu.Unlock()
		io.WriteString(w, `<html><head><title>Page</title></head><body><article><p>`+strings.Repeat("Full article text. ", 80)+`</p></article></body></html>`)
	})
	s.mux.HandleFunc("/summaries", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"%s/page","url":"%s/page","summary":"short"}]}`, s.URL, s.URL)
	})
	sink := sinktest.New()
	vals := &seenVals{}
	clk := newClock()
	cfg := PollerConfig{Fetcher: testFetcher(fetch.Options{}), Sink: sink, Validators: vals, Now: clk.Now,
		Feeds: []Source{{URL: s.URL + "/summaries", Interval: time.Minute}}}
	p, _ := NewPoller(cfg)
	p.PollOnce(context.Background())
	if len(sink.Docs()) != 1 || pages != 1 {
		t.Fatalf("first poll: %d docs, %d page fetches", len(sink.Docs()), pages)
	}
	p2, _ := NewPoller(cfg)
	p2.PollOnce(context.Background())
	if len(sink.Docs()) != 1 || pages != 1 {
		t.Errorf("after restart: %d docs, %d page fetches; want nothing again", len(sink.Docs()), pages)
	}
}
