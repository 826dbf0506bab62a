package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/index"
)

var updateOPMLGolden = flag.Bool("update-opml", false, "rewrite testdata/opml/*.golden.xml")

// opmlSite stands in for the web sites of a feed list: a feed of
// summaries (whose item's page is fetched), a feed of full text, a feed
// that is gone and an image. It counts requests by path.
type opmlSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newOPMLSite(t *testing.T) *opmlSite {
	t.Helper()
	s := &opmlSite{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, ingestURLArticle)
	})
	mux.HandleFunc("/city.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>City Desk</title>
<item><title>Tram line extended</title><link>`+s.URL+`/page</link><guid>tram-4</guid>
<pubDate>Thu, 07 Mar 2024 10:00:00 GMT</pubDate><description>The council approved the extension.</description></item>
</channel></rss>`)
	})
	mux.HandleFunc("/harbour.atom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Gazette</title>
<id>urn:harbour</id><updated>2024-03-08T09:00:00Z</updated>
<entry><title>Ferry timetable changes</title><id>urn:harbour:ferry</id><link href="`+s.URL+`/ferry"/><updated>2024-03-08T09:00:00Z</updated>
<content type="html">`+strings.Repeat("The harbour authority announced that the evening ferry to the islands will leave half an hour later from April, to meet the last train from the city. ", 5)+`</content></entry>
</feed>`)
	})
	mux.HandleFunc("/logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *opmlSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// writeOPMLFile writes text to dir/name, {{BASE}} replaced by base, and
// returns the path.
func writeOPMLFile(t *testing.T, dir, name, base, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(text, "{{BASE}}", base)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// warnings are the warning lines of stderr, the test server's and the
// temp dir's names replaced.
func warnings(stderr string, repl ...string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if strings.HasPrefix(l, "warning: ") {
			b.WriteString(l)
		}
	}
	return strings.NewReplacer(repl...).Replace(b.String())
}

const opmlList = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Newsroom</title></head>
  <body>
    <outline text="Local">
      <outline type="rss" text="City Desk" xmlUrl="{{BASE}}/city.rss"/>
      <outline type="rss" text="Harbour Gazette" xmlUrl="{{BASE}}/harbour.atom" htmlUrl="{{BASE}}/"/>
      <outline text="Gone">
        <outline type="rss" text="Old Times" xmlUrl="{{BASE}}/gone"/>
      </outline>
    </outline>
    <outline text="Odd">
      <outline type="rss" text="A logo" xmlUrl="{{BASE}}/logo.png"/>
      <outline type="rss" text="Files" xmlUrl="ftp://files.example/feed"/>
      <outline type="rss" text="City Desk again" xmlUrl="{{BASE}}/city.rss"/>
    </outline>
  </body>
</opml>
`

// `ingest feeds.opml` ingests each feed the list names as `ingest URL`
// does; the ones that fail are warnings at the list's line, and each
// feed is fetched once however often it is named.
func TestIngestOPML(t *testing.T) {
	site := newOPMLSite(t)
	dir := t.TempDir()
	list := writeOPMLFile(t, dir, "feeds.opml", site.URL, opmlList)
	data := t.TempDir()
	env := map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": "1"}

	got := localRun(t, data, localNow, env, "", "ingest", "-q", list, site.URL+"/city.rss")
	if got.code != 0 || !strings.HasPrefix(got.stdout, "ingested: 2 added, 0 updated, 0 unchanged, 3 skipped; ") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", got.code, got.stdout, got.stderr)
	}
	want := `warning: feeds.opml:9: BASE/gone: HTTP 404 (skipped)
warning: feeds.opml:13: BASE/logo.png: not a web page or feed (image/png) (skipped)
warning: feeds.opml:14: ftp://files.example/feed: not http(s) (skipped)
`
	if w := warnings(got.stderr, site.URL, "BASE", dir+string(filepath.Separator), ""); w != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", w, want)
	}
	if n := site.count("/city.rss"); n != 1 {
		t.Errorf("city.rss fetched %d times, want once", n)
	}

	// The documents are those of the feeds, under the feeds' own names.
	srcs := localRun(t, data, localNow, nil, "", "sources", "--json")
	var infos []index.SourceInfo
	if err := json.Unmarshal([]byte(srcs.stdout), &infos); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, srcs.stdout)
	}
	var names []string
	for _, s := range infos {
		names = append(names, s.Name)
	}
	for _, want := range []string{"City Desk", "Harbour Gazette"} {
		if !slices.Contains(names, want) {
			t.Errorf("sources %v lack %q", names, want)
		}
	}

	// Again: the same documents, unchanged.
	got = localRun(t, data, localNow, env, "", "ingest", "-q", list)
	if got.code != 0 || !strings.HasPrefix(got.stdout, "ingested: 0 added, 0 updated, 2 unchanged, 3 skipped; ") {
		t.Errorf("again: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

// A feed list that cannot be read, or lists nothing that can be
// ingested, is a warning; ingest fails only when nothing was ingested.
func TestIngestOPMLBad(t *testing.T) {
	site := newOPMLSite(t)
	dir := t.TempDir()
	env := map[string]string{"BRIEFBOT_ALLOW_PRIVATE_URLS": "1"}
	good := writeOPMLFile(t, dir, "good.OPML", site.URL, `<opml version="1.0"><body><outline text="City" xmlUrl="{{BASE}}/city.rss"/></body></opml>`)
	cut := writeOPMLFile(t, dir, "cut.opml", site.URL, "<opml version=\"2.0\">\n<body>\n<outline text=\"City\" xmlUrl=\"{{BASE}}/city.rss\">\n")
	rss := writeOPMLFile(t, dir, "feed.opml", site.URL, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>x</title></channel></rss>\n")
	empty := writeOPMLFile(t, dir, "empty.opml", site.URL, `<opml version="2.0"><head><title>Nothing yet</title></head><body><outline text="Folder"/></body></opml>`)
	dead := writeOPMLFile(t, dir, "dead.opml", site.URL, `<opml version="2.0"><body><outline text="Gone" xmlUrl="{{BASE}}/gone"/></body></opml>`)
	strip := []string{dir + string(filepath.Separator), "", site.URL, "BASE"}

	for _, c := range []struct {
		name     string
		args     []string
		code     int
		warnings string
		stderr   string // in stderr when code != 0
	}{
		{"a good list beside bad ones", []string{cut, rss, empty, good}, 0,
			"warning: cut.opml:4: the file ends inside <outline> (opened at line 3); it is cut short (skipped)\n" +
				"warning: feed.opml:2: not an OPML file: the document is <rss>, a feed; ingest or follow its URL instead (skipped)\n" +
				"warning: empty.opml: lists no feeds: no outline has an xmlUrl (skipped)\n", ""},
		{"only a bad list", []string{cut}, 1,
			"warning: cut.opml:4: the file ends inside <outline> (opened at line 3); it is cut short (skipped)\n",
			"ingest: nothing was ingested: 1 input was skipped"},
		{"only dead feeds", []string{dead}, 1,
			"warning: dead.opml:1: BASE/gone: HTTP 404 (skipped)\n",
			"ingest: nothing was ingested: 1 input was skipped"},
		{"a missing list", []string{filepath.Join(dir, "nope.opml")}, 1, "", "ingest: nope.opml: no such file or folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := localRun(t, t.TempDir(), localNow, env, "", append([]string{"ingest", "-q"}, c.args...)...)
			if got.code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", got.code, c.code, got.stdout, got.stderr)
			}
			if w := warnings(got.stderr, strip...); w != c.warnings {
				t.Errorf("warnings:\n%s\nwant:\n%s", w, c.warnings)
			}
			if c.code != 0 && !strings.Contains(strings.NewReplacer(strip...).Replace(got.stderr), c.stderr) {
				t.Errorf("stderr lacks %q:\n%s", c.stderr, got.stderr)
			}
		})
	}
}

// serve follows feeds: and the feeds of feeds_opml, each once; a feed in
// both is polled as feeds: says.
func TestFollowedFeedsOPML(t *testing.T) {
	cfg, err := LoadConfig("testdata/config/opml.yaml")
	if err != nil {
		t.Fatal(err)
	}
	changes := &memFeedChanges{}
	changes.SetFeed(t.Context(), state.FeedChange{URL: "http://orchard.example/feed.json", Follow: false})
	changes.SetFeed(t.Context(), state.FeedChange{URL: "https://glacier.example/rss", Follow: true}) // in the list already
	changes.SetFeed(t.Context(), state.FeedChange{URL: "https://chat.example/added", Follow: true})
	got, err := followedFeeds(t.Context(), cfg, changes)
	if err != nil {
		t.Fatal(err)
	}
	want := []feed.Source{
		{URL: "https://harbour.example/feed.xml", Interval: 15 * time.Minute, Name: "Harbour Gazette"},
		{URL: "https://valley.example/atom", Interval: 30 * time.Minute},
		{URL: "https://glacier.example/rss", Interval: 30 * time.Minute},
		{URL: "https://chat.example/added"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("followed:\n%+v\nwant:\n%+v", got, want)
	}
}

// memFeedChanges keeps feed changes in memory, as the state file does.
type memFeedChanges struct{ cs []state.FeedChange }

func (m *memFeedChanges) SetFeed(_ context.Context, c state.FeedChange) error {
	m.cs = slices.DeleteFunc(m.cs, func(x state.FeedChange) bool { return x.URL == c.URL })
	m.cs = append(m.cs, c)
	return nil
}

func (m *memFeedChanges) FeedChanges(context.Context) ([]state.FeedChange, error) { return m.cs, nil }

// `sources --opml` writes the feeds serve follows: the config's and its
// feed list's, as admins changed them in chat (kept in the state file).
func TestSourcesOPML(t *testing.T) {
	dir := t.TempDir()
	writeOPMLFile(t, dir, "feeds.opml", "", `<?xml version="1.0"?>
<opml version="2.0"><body>
  <outline text="Valley Times" xmlUrl="https://valley.example/atom" htmlUrl="https://valley.example/"/>
  <outline text="Science"><outline text="Glacier Watch" xmlUrl="https://glacier.example/rss" htmlUrl="https://glacier.example/"/></outline>
  <outline text="Orchard &amp; Field" xmlUrl="https://orchard.example/feed.json"/>
</body></opml>
`)
	cfg := writeOPMLFile(t, dir, "briefbot.yaml", "", `feeds:
  - url: https://harbour.example/feed.xml
    source: Harbour Gazette
  - url: https://valley.example/atom
  - url: https://river.example/rss
feeds_opml: feeds.opml
`)
	data := t.TempDir()

	// Before serve ever ran: the config's feeds, and no state file made.
	plain := localRun(t, data, localNow, nil, "", "--config", cfg, "sources", "--opml")
	if plain.code != 0 {
		t.Fatalf("exit %d: %s", plain.code, plain.stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "state.db")); !os.IsNotExist(err) {
		t.Errorf("sources --opml made a state file: %v", err)
	}
	if urls := opmlURLs(t, plain.stdout); !slices.Equal(urls, []string{"https://harbour.example/feed.xml", "https://valley.example/atom", "https://river.example/rss", "https://glacier.example/rss", "https://orchard.example/feed.json"}) {
		t.Errorf("without chat changes: %v", urls)
	}

	// An admin added a feed and stopped following two, one of each file.
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []state.FeedChange{
		{URL: "https://chat.example/feed", Follow: true, By: "U1", At: localNow},
		{URL: "https://river.example/rss", Follow: false, By: "U1", At: localNow},
		{URL: "https://glacier.example/rss", Follow: false, By: "U1", At: localNow},
		{URL: "https://glacier.example/rss", Follow: true, By: "U2", At: localNow}, // and back
		{URL: "https://orchard.example/feed.json", Follow: false, By: "U1", At: localNow},
	} {
		if err := st.SetFeed(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	got := localRun(t, data, localNow, nil, "", "--config", cfg, "sources", "--opml")
	if got.code != 0 || got.stderr != "" {
		t.Fatalf("exit %d: %s", got.code, got.stderr)
	}
	golden := filepath.Join("testdata", "opml", "sources.golden.xml")
	if *updateOPMLGolden {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		os.WriteFile(golden, []byte(got.stdout), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got.stdout != string(want) {
		t.Errorf("sources --opml differs from %s:\n%s", golden, got.stdout)
	}
	// What it writes is a feed list briefbot reads back.
	if urls := opmlURLs(t, got.stdout); !slices.Equal(urls, []string{"https://harbour.example/feed.xml", "https://valley.example/atom", "https://glacier.example/rss", "https://chat.example/feed"}) {
		t.Errorf("read back: %v", urls)
	}

	// Another command holding the data dir does not hold the state file.
	ingest := NewMain(strings.NewReader(""), io.Discard, io.Discard)
	ingest.DataDir, ingest.command = data, "ingest"
	if err := ingest.lockDataDir(); err != nil {
		t.Fatal(err)
	}
	if again := localRun(t, data, localNow, nil, "", "--config", cfg, "sources", "--opml"); again != got {
		t.Errorf("beside an ingest: %+v", again)
	}
	ingest.Close()

	if got := localRun(t, data, localNow, nil, "", "sources", "--opml", "--json"); got.code != 2 || !strings.Contains(got.stderr, "give --json or --opml, not both") {
		t.Errorf("--opml --json: exit %d %s", got.code, got.stderr)
	}
}

func opmlURLs(t *testing.T, s string) []string {
	t.Helper()
	doc, err := feed.ParseOPML(strings.NewReader(s), "stdout")
	if err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	var urls []string
	for _, f := range doc.Feeds {
		urls = append(urls, f.URL)
	}
	return urls
}

// serve holds the state file while it runs; sources --opml then reads the
// chat's feed changes through serve, and exports what it would alone.
func TestSourcesOPMLBesideServe(t *testing.T) {
	data := t.TempDir()
	st, err := state.Open(filepath.Join(data, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetFeed(t.Context(), state.FeedChange{URL: "https://chat.example/feed.xml", Follow: true, By: "U1", At: localNow}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	s := startLocalServe(t, data, nil)
	beside := localRun(t, data, localNow, nil, "", "sources", "--opml")
	if beside.code != 0 || !strings.Contains(beside.stdout, "https://chat.example/feed.xml") {
		t.Errorf("beside serve: exit %d\nstdout %s\nstderr %s", beside.code, beside.stdout, beside.stderr)
	}
	if code := s.stop(); code != 0 {
		t.Errorf("serve exit %d\n%s", code, s.logs.String())
	}
	if alone := localRun(t, data, localNow, nil, "", "sources", "--opml"); alone != beside {
		t.Errorf("alone:\n%+v\nbeside serve:\n%+v", alone, beside)
	}
}
