package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/corpus/fetch"
	"github.com/briefbot/briefbot/corpus/inbox"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/sinktest"
)

// waitForDoc polls the index until id is there, for at most 10s.
func waitForDoc(t *testing.T, ix *index.Index, id string) corpus.Document {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, ok, err := ix.Document(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("document %s not indexed within 10s", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStartFeedsIngestsFeedsAndInbox(t *testing.T) {
	srv := ingestSite(t)
	dir := t.TempDir()
	m := urlTestMain(map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": "1"})
	m.DataDir = dir
	m.Logger = slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ix, err := index.Open(ctx, filepath.Join(dir, "index"), index.Options{Now: m.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	env := &serveEnv{Index: ix, Logger: m.Logger}
	cfg := Config{Feeds: []FeedConfig{{URL: srv.URL + "/feed", Interval: 30 * time.Minute, Source: "Desk"}}}
	poller, err := m.startFeeds(ctx, env, cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}

	d := waitForDoc(t, ix, srv.URL+"/page")
	if d.Source != "Desk" || !strings.Contains(d.Text, "eighteen months") {
		t.Errorf("feed item indexed as %+v", d)
	}
	// The poller records its status after the document is indexed.
	st := poller.Status()
	for end := time.Now().Add(10 * time.Second); (len(st) != 1 || st[0].Items != 1) && time.Now().Before(end); st = poller.Status() {
		time.Sleep(20 * time.Millisecond)
	}
	if len(st) != 1 || st[0].LastError != "" || st[0].Items != 1 {
		t.Errorf("status %+v", st)
	}

	// `briefbot ingest` while serve runs hands documents over through the
	// inbox.
	path, err := inbox.Handoff(m.inboxDir(cfg), []corpus.Document{{ID: "handed-over", Title: "Handed over", Text: "A document handed to the running server through its inbox folder."}})
	if err != nil {
		t.Fatal(err)
	}
	waitForDoc(t, ix, "handed-over")
	deadline := time.Now().Add(10 * time.Second)
	for !feedsTestFileExists(filepath.Join(dir, "inbox", "done", filepath.Base(path))) {
		if time.Now().After(deadline) {
			t.Fatal("handoff file not moved to done/")
		}
		time.Sleep(20 * time.Millisecond)
	}

	cancel()
	stopped := make(chan struct{})
	go func() { env.wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("poller and inbox watcher did not stop")
	}
}

func TestStartFeedsBadSource(t *testing.T) {
	m := urlTestMain(nil)
	m.DataDir = t.TempDir()
	env := &serveEnv{Logger: slog.New(slog.DiscardHandler)}
	_, err := m.startFeeds(context.Background(), env, Config{Feeds: []FeedConfig{{URL: "https://a.example/f", Interval: time.Second}}}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "shorter than the minimum") {
		t.Errorf("err %v", err)
	}
}

func feedsTestFileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// feedsTestLibrary is a Library with nothing in it.
type feedsTestLibrary struct{}

func (feedsTestLibrary) Documents(ctx context.Context, limit int) ([]corpus.DocumentInfo, int, error) {
	return nil, 0, nil
}

func TestFeedSourcesCommand(t *testing.T) {
	srv := ingestSite(t)
	b := bot.New(bot.Config{Library: feedsTestLibrary{}, Logger: slog.New(slog.DiscardHandler)})
	sink := sinktest.New()
	now := func() time.Time { return time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC) }
	p, err := feed.NewPoller(feed.PollerConfig{Fetcher: &feed.Fetcher{Client: fetch.New(fetch.Options{AllowPrivate: true})}, Sink: sink, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	registerFeedSources(b, p, Config{Admins: []string{"U1"}}, now, nil, nil)
	ctx := context.Background()
	ask := func(user, text string) bot.Reply {
		t.Helper()
		return b.Handle(ctx, bot.Request{Platform: "cli", UserID: user, Text: text})
	}

	for _, c := range []struct {
		user, text string
		kind       bot.Kind
		want       string
	}{
		{"U2", "sources add " + srv.URL + "/feed", bot.KindError, "Only admins may add or remove feeds."},
		{"U1", "sources add", bot.KindError, "Give the feed's URL"},
		{"U1", "sources add <" + srv.URL + "/page>", bot.KindError, "Not added: " + srv.URL + "/page: is an HTML page, not a feed"},
		{"U1", "sources add ftp://x.example/f", bot.KindError, "Not added: feed ftp://x.example/f: not http(s)"},
		{"U1", "sources feeds", bot.KindMessage, "No feeds are followed."},
		{"U1", "sources add <" + srv.URL + "/feed|feed>", bot.KindMessage, "Now following " + srv.URL + "/feed (City Desk): 1 new item, checked every 30m0s. Add it to the config file"},
		{"U1", "sources add " + srv.URL + "/feed", bot.KindError, srv.URL + "/feed is already followed: ok, checked just now"},
		{"U2", "sources feeds", bot.KindMessage, "Following 1 feed:\n• City Desk — " + srv.URL + "/feed: ok, checked just now, 1 new item since start, next check in 30m"},
		{"U2", "sources", bot.KindSources, "The corpus is empty; add documents with briefbot ingest. Following 1 feed (/brief sources feeds)."},
		{"U2", "sources remove " + srv.URL + "/feed", bot.KindError, "Only admins"},
		{"U1", "sources remove " + srv.URL + "/feed", bot.KindMessage, "Stopped following " + srv.URL + "/feed."},
		{"U1", "sources remove " + srv.URL + "/feed", bot.KindError, "No feed " + srv.URL + "/feed is followed"},
		{"U1", "sources purge", bot.KindError, `Unknown sources option "purge"`},
	} {
		r := ask(c.user, c.text)
		if r.Kind != c.kind || !strings.HasPrefix(r.Text, c.want) || !r.Ephemeral {
			t.Errorf("%s %q:\n got %v %q\nwant %v %q", c.user, c.text, r.Kind, r.Text, c.kind, c.want)
		}
	}
	if len(sink.Docs()) != 1 {
		t.Errorf("the added feed's items: %d docs", len(sink.Docs()))
	}
	// Without admins nobody manages feeds, and the reply says how to set them.
	b2 := bot.New(bot.Config{Library: feedsTestLibrary{}})
	registerFeedSources(b2, p, Config{}, now, nil, nil)
	if r := b2.Handle(ctx, bot.Request{UserID: "U1", Text: "sources add " + srv.URL + "/feed"}); !strings.Contains(r.Text, "No admins are set") {
		t.Errorf("no admins: %q", r.Text)
	}
}

func TestFeedChangesSurviveRestart(t *testing.T) {
	srv := ingestSite(t)
	dir := t.TempDir()
	st, err := state.Open(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(context.Background(), filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	configured, added := srv.URL+"/feed?from=config", srv.URL+"/feed?from=chat"
	cfg := Config{Admins: []string{"U1"}, Feeds: []FeedConfig{{URL: configured, Interval: 30 * time.Minute}}}
	// start runs the feeds as serve does; stop ends them as serve does.
	start := func() (handle func(text string) string, followed func() []string, stop func()) {
		m := urlTestMain(map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": "1"})
		m.DataDir = dir
		m.Logger = slog.New(slog.DiscardHandler)
		ctx, cancel := context.WithCancel(context.Background())
		b := bot.New(bot.Config{Library: feedsTestLibrary{}, Logger: m.Logger})
		env := &serveEnv{Index: ix, Bot: b, Logger: m.Logger}
		p, err := m.startFeeds(ctx, env, cfg, st, st)
		if err != nil {
			t.Fatal(err)
		}
		handle = func(text string) string {
			return b.Handle(ctx, bot.Request{Platform: "cli", UserID: "U1", Text: text}).Text
		}
		followed = func() []string {
			var urls []string
			for _, s := range p.Status() {
				urls = append(urls, s.URL)
			}
			slices.Sort(urls)
			return urls
		}
		return handle, followed, func() { cancel(); env.wait() }
	}

	handle, followed, stop := start()
	if got := followed(); !slices.Equal(got, []string{configured}) {
		t.Fatalf("at first start: %v", got)
	}
	for _, c := range []struct{ text, want string }{
		{"sources add " + added, "Now following " + added},
		{"sources remove " + configured, "Stopped following " + configured + "."},
	} {
		if got := handle(c.text); !strings.HasPrefix(got, c.want) || strings.Contains(got, "restart") {
			t.Errorf("%q: %q", c.text, got)
		}
	}
	stop()

	handle, followed, stop = start()
	if got := followed(); !slices.Equal(got, []string{added}) {
		t.Fatalf("after restart: %v, want only the feed added in chat", got)
	}
	if got := handle("sources add " + configured); !strings.HasPrefix(got, "Now following") {
		t.Errorf("re-add: %q", got)
	}
	stop()

	_, followed, stop = start()
	defer stop()
	if got := followed(); !slices.Equal(got, []string{added, configured}) { // sorted: chat < config
		t.Errorf("after second restart: %v", got)
	}
}

// An admin's "sources remove URL" that names no feed removes the documents
// at that URL.
func TestSourcesRemoveDocumentURL(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(ctx, t.TempDir(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Add(ctx, []corpus.Document{{ID: "d1", Title: "Flood", URL: "https://news.example/flood", Text: "The river flooded the town on Monday."}}); err != nil {
		t.Fatal(err)
	}
	b := bot.New(bot.Config{Library: ix, Logger: slog.New(slog.DiscardHandler)})
	p, err := feed.NewPoller(feed.PollerConfig{Fetcher: &feed.Fetcher{Client: fetch.New(fetch.Options{})}, Sink: sinktest.New()})
	if err != nil {
		t.Fatal(err)
	}
	registerFeedSources(b, p, Config{Admins: []string{"U1"}}, time.Now, nil, ix)
	for _, c := range []struct {
		user, text string
		kind       bot.Kind
		want       string
	}{
		{"U2", "sources remove https://news.example/flood", bot.KindError, "Only admins"},
		{"U1", "sources remove <https://news.example/flood/>", bot.KindMessage, "Removed 1 document at https://news.example/flood/ from the index."},
		{"U1", "sources remove https://news.example/flood", bot.KindError, "No feed https://news.example/flood is followed, and no document has that URL"},
	} {
		r := b.Handle(ctx, bot.Request{Platform: "cli", UserID: c.user, Text: c.text})
		if r.Kind != c.kind || !strings.HasPrefix(r.Text, c.want) {
			t.Errorf("%s %q:\n got %v %q\nwant %v %q", c.user, c.text, r.Kind, r.Text, c.kind, c.want)
		}
	}
	if n, _, _ := ix.Stats(ctx); n != 0 {
		t.Errorf("%d documents left", n)
	}
}
