package main

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

var updateConfigGolden = flag.Bool("update-config", false, "rewrite testdata/config/valid.golden")

// configView is Config with durations written for people, for the golden
// file.
func configView(c Config) any {
	type feedView struct{ URL, Interval, Source string }
	feeds := []feedView{}
	for _, f := range c.Feeds {
		feeds = append(feeds, feedView{f.URL, f.Interval.String(), f.Source})
	}
	type limitsView struct{ MaxDocument, MaxPassage, MaxLine, MaxDecompressed, FileTime string }
	l := c.Limits
	return struct {
		Path          string
		Feeds         []feedView
		Digests       []DigestConfig
		Admins        []string
		Inbox         string
		PostEmpty     bool
		Limits        limitsView
		DoneRetention string
		DigestMaxAge  string
		PerChannel    int
	}{c.Path, feeds, c.Digests, c.Admins, c.Inbox, c.PostEmpty,
		limitsView{corpus.FormatSize(int64(l.MaxDocument)), corpus.FormatSize(int64(l.MaxPassage)), corpus.FormatSize(int64(l.MaxLine)), corpus.FormatSize(l.MaxDecompressed), l.FileTime.String()},
		c.DoneRetention.String(), c.DigestMaxAge.String(), c.SubscriptionsPerChannel}
}

func TestLoadConfigGolden(t *testing.T) {
	cfg, err := LoadConfig("testdata/config/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(configView(cfg), "", "  ")
	got = append(got, '\n')
	if *updateConfigGolden {
		os.WriteFile("testdata/config/valid.golden", got, 0o644)
	}
	want, err := os.ReadFile("testdata/config/valid.golden")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("config differs from valid.golden:\n%s", got)
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("err %v", err)
	}
}

func TestParseConfigEmpty(t *testing.T) {
	for _, in := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		cfg, err := ParseConfig([]byte(in), "c.yaml")
		if err != nil || len(cfg.Feeds)+len(cfg.Digests)+len(cfg.Admins) != 0 {
			t.Errorf("%q: %+v %v", in, cfg, err)
		}
	}
}

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig([]byte("feeds:\n  - url: https://a.example/feed\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Feeds[0].Interval != 30*time.Minute || cfg.PostEmpty || cfg.Inbox != "" || cfg.Limits != (corpus.Limits{}) || cfg.DoneRetention != 0 {
		t.Errorf("%+v", cfg)
	}
}

func TestParseConfigInvalid(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // each must appear in the error
	}{
		{"unknown top key", "feeds: []\ndigest:\n  - platform: slack\n", []string{`c.yaml:2: unknown key "digest"`, `did you mean "digests"?`}},
		{"unknown feed key", "feeds:\n  - url: https://a.example/f\n    every: 5m\n", []string{`c.yaml:3: unknown key "every" in feeds[0]`, "known keys: url, interval, source"}},
		{"unknown digest key", "digests:\n  - platform: slack\n    channel: C1\n    schedule: '@daily'\n    when: now\n", []string{`c.yaml:5: unknown key "when" in digests[0]`}},
		{"token key", "slack_token: xoxb-123\n", []string{`c.yaml:1: "slack_token" looks like a secret`, "environment"}},
		{"nested secret key", "feeds:\n  - url: https://a.example/f\n    api_key: abc\n", []string{`c.yaml:3: "api_key" looks like a secret`}},
		{"token value", "admins: [xoxb-1234-5678-abcdef]\n", []string{"c.yaml:1: the value of admins[0] looks like a Slack token", "set SLACK_BOT_TOKEN"}},
		{"app token", "feeds:\n  - url: https://a.example/f\n    source: xapp-1-A0123-456-abcdef\n", []string{"c.yaml:3: the value of feeds[0].source looks like a Slack app-level token", "set SLACK_APP_TOKEN"}},
		{"discord bot token", "admins:\n  - U1\n  - " + fakeDiscordToken + "\n", []string{"c.yaml:3: the value of admins[1] looks like a Discord bot token", "set DISCORD_BOT_TOKEN"}},
		{"slack webhook", "feeds:\n  - url: " + fakeSlackHook + "\n", []string{"c.yaml:2: the value of feeds[0].url looks like a Slack webhook URL", "SLACK_BOT_TOKEN"}},
		{"discord webhook", "inbox: https://discord.com/api/webhooks/123456789012345678/" + strings.Repeat("a", 60) + "\n", []string{"c.yaml:1: the value of inbox looks like a Discord webhook URL", "DISCORD_BOT_TOKEN"}},
		{"token in a digest topic", "digests:\n  - {platform: slack, channel: C1, schedule: '@daily', topic: 'Bot " + fakeDiscordToken + "'}\n", []string{"c.yaml:2: the value of digests[0].topic looks like"}},
		{"bad size", "limits:\n  max_document_size: huge\n", []string{`c.yaml:2: limits.max_document_size "huge" is not a size; write e.g. 2MB`}},
		{"size below minimum", "limits:\n  max_document_size: 100\n", []string{"c.yaml:2: limits.max_document_size 100 is below the minimum of 4 KB"}},
		{"size above maximum", "limits:\n  max_document_size: 1GB\n", []string{"c.yaml:2: limits.max_document_size 1GB is above the maximum of 256 MB"}},
		{"passage below minimum", "limits:\n  max_passage_size: 50\n", []string{"limits.max_passage_size 50 is below the minimum of 200 bytes"}},
		{"passage over document", "limits:\n  max_document_size: 8KB\n  max_passage_size: 10KB\n", []string{"c.yaml:2: limits: max_passage_size (10 KB) is larger than max_document_size (8 KB)"}},
		{"line under document", "limits:\n  max_document_size: 64MB\n", []string{"limits: max_line_size (32 MB) is smaller than max_document_size (64 MB)"}},
		{"decompressed too small", "limits:\n  max_decompressed_size: 10KB\n", []string{"limits.max_decompressed_size 10KB is below the minimum of 1 MB"}},
		{"bad file time", "limits:\n  file_time_limit: soon\n", []string{`c.yaml:2: limits.file_time_limit "soon" is not a duration`}},
		{"file time too short", "limits:\n  file_time_limit: 10ms\n", []string{"limits.file_time_limit 10ms is shorter than the minimum of 1s"}},
		{"unknown limit", "limits:\n  max_doc_size: 1MB\n", []string{`c.yaml:2: unknown key "max_doc_size" in limits`}},
		{"limits not a mapping", "limits: 2MB\n", []string{"c.yaml:1: limits must be a mapping"}},
		{"bad retention", "inbox_done_retention: a week\n", []string{`c.yaml:1: inbox_done_retention "a week": give how long`}},
		{"bad digest age", "digest_max_age: recent\n", []string{`c.yaml:1: digest_max_age "recent": give how long`}},
		{"bad mapped index", "limits:\n  mapped_index: lots\n", []string{`c.yaml:2: limits.mapped_index "lots" is not a size; write e.g. 256MB or 1GB, or off`}},
		{"mapped index too small", "limits:\n  mapped_index: 1MB\n", []string{"c.yaml:2: limits.mapped_index 1MB is below the minimum of 16 MB; write off for no limit"}},
		{"bad per channel", "limits:\n  subscriptions_per_channel: 0\n", []string{`c.yaml:2: limits.subscriptions_per_channel must be a whole number from 1 to 1000`}},
		{"retention too short", "inbox_done_retention: 10s\n", []string{`inbox_done_retention "10s"`}},
		{"signing secret", "signing_secret: abc\n", []string{`"signing_secret" looks like a secret`}},
		{"not yaml", "feeds: [\n", []string{"c.yaml: not valid YAML"}},
		{"top is a list", "- a\n- b\n", []string{"c.yaml:1: the configuration must be a mapping"}},
		{"two documents", "admins: [a]\n---\nadmins: [b]\n", []string{"c.yaml:2: a second YAML document"}},
		{"feeds not a list", "feeds: https://a.example/f\n", []string{`c.yaml:1: feeds must be a list`}},
		{"feed as string", "feeds:\n  - https://a.example/f\n", []string{`c.yaml:2: feeds[0]: write a feed as a mapping, e.g. "- url: https://a.example/f"`}},
		{"feed without url", "feeds:\n  - interval: 5m\n", []string{"c.yaml:2: feeds[0] has no url"}},
		{"feed ftp", "feeds:\n  - url: ftp://a.example/f\n", []string{`c.yaml:2: feeds[0].url "ftp://a.example/f": not http(s)`}},
		{"feed relative url", "feeds:\n  - url: /feed.xml\n", []string{`feeds[0].url "/feed.xml": not http(s)`}},
		{"bad interval", "feeds:\n  - url: https://a.example/f\n    interval: often\n", []string{`c.yaml:3: feeds[0].interval "often" is not a duration`}},
		{"interval without unit", "feeds:\n  - url: https://a.example/f\n    interval: 30\n", []string{`feeds[0].interval "30" is not a duration`}},
		{"interval too short", "feeds:\n  - url: https://a.example/f\n    interval: 30s\n", []string{"c.yaml:3: feeds[0].interval 30s is shorter than the minimum of 1m"}},
		{"duplicate feed", "feeds:\n  - url: https://a.example/f\n  - url: https://a.example/f\n", []string{"c.yaml:3: feeds[1]: https://a.example/f is already listed at line 2"}},
		{"source a list", "feeds:\n  - url: https://a.example/f\n    source: [a]\n", []string{"c.yaml:3: feeds[0].source must be a single value, not a list"}},
		{"bad platform", "digests:\n  - platform: teams\n    channel: C1\n    schedule: '@daily'\n", []string{`c.yaml:2: digests[0].platform "teams": must be slack or discord`}},
		{"digest missing fields", "digests:\n  - platform: slack\n", []string{"c.yaml:2: digests[0] has no channel", "c.yaml:2: digests[0] has no schedule"}},
		{"digest empty channel", "digests:\n  - platform: slack\n    channel: ''\n    schedule: '@daily'\n", []string{"c.yaml:3: digests[0].channel is empty"}},
		{"duplicate digest", "digests:\n  - {platform: slack, channel: C1, schedule: '@daily'}\n  - {platform: slack, channel: C1, schedule: '@daily'}\n", []string{"c.yaml:3: digests[1]: the same digest is already declared at line 2"}},
		{"admins a string", "admins: U1\n", []string{"c.yaml:1: admins must be a list"}},
		{"admin empty", "admins: ['']\n", []string{"c.yaml:1: admins[0] is empty"}},
		{"post_empty not bool", "post_empty: sometimes\n", []string{`c.yaml:1: post_empty must be true or false, not "sometimes"`}},
		{"inbox list", "inbox: [a]\n", []string{"c.yaml:1: inbox must be a single value, not a list"}},
		{"duplicate key", "admins: [a]\nadmins: [b]\n", []string{`c.yaml:2: "admins" is given twice`}},
		{"alias", "x: &a [1]\nadmins: *a\n", []string{`unknown key "x"`}},
		{"several problems at once", "feeds:\n  - url: ftp://x\n  - url: https://b.example\n    interval: 1s\n", []string{"c.yaml:2:", "c.yaml:4:"}},
	} {
		_, err := ParseConfig([]byte(c.in), "c.yaml")
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.name, err, w)
			}
		}
	}
}

// Shaped like credentials, built from parts so no scanner takes them for
// real ones.
var (
	fakeDiscordToken = strings.Repeat("M", 24) + "." + strings.Repeat("G", 6) + "." + strings.Repeat("x", 38)
	fakeSlackHook    = "https://hooks.slack.com/services/" + "T0000000/B0000000/" + strings.Repeat("X", 24)
)

func TestParseConfigLimits(t *testing.T) {
	cfg, err := ParseConfig([]byte("limits:\n  max_document_size: 1.5MB\n  max_passage_size: 3000\n  max_line_size: 64MiB\n  max_decompressed_size: 1GB\n  file_time_limit: 90s\ninbox_done_retention: 2d\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := corpus.Limits{MaxDocument: 1536 << 10, MaxPassage: 3000, MaxLine: 64 << 20, MaxDecompressed: 1 << 30, FileTime: 90 * time.Second}
	if cfg.Limits != want || cfg.DoneRetention != 48*time.Hour {
		t.Errorf("limits %+v, retention %s", cfg.Limits, cfg.DoneRetention)
	}
	cfg, err = ParseConfig([]byte("inbox_done_retention: forever\nlimits:\n  file_time_limit: 1h\n"), "c.yaml")
	if err != nil || cfg.DoneRetention >= 0 || cfg.Limits != (corpus.Limits{FileTime: time.Hour}) {
		t.Errorf("forever: %+v, %v", cfg, err)
	}
	for in, want := range map[string]int64{"": 0, "mapped_index: 512MB": 512 << 20, "mapped_index: OFF": -1, "mapped_index: 16MB": 16 << 20} {
		cfg, err := ParseConfig([]byte("limits:\n  max_passage_size: 3000\n  "+in+"\n"), "c.yaml")
		if err != nil || cfg.MappedIndex != want {
			t.Errorf("%q: mapped index %d, want %d (%v)", in, cfg.MappedIndex, want, err)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"2000": 2000, "2MB": 2 << 20, "2 mb": 2 << 20, "1.5GB": 1536 << 20, "512KiB": 512 << 10, "4g": 4 << 30, "10 bytes": 10, "1TB": 1 << 40} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "2 MBs", "1e9", "two", "99999999999TB"} {
		if got, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", in, got)
		}
	}
}

// TestTokenValuesNotEchoed: a refused credential is named by its key, never
// repeated in the message.
func TestTokenValuesNotEchoed(t *testing.T) {
	for _, v := range []string{"xoxb-1234-5678-abcdef", fakeDiscordToken, fakeSlackHook} {
		_, err := ParseConfig([]byte("admins: ['"+v+"']\n"), "c.yaml")
		if err == nil || strings.Contains(err.Error(), v) {
			t.Errorf("%s: %v", v, err)
		}
	}
	// Ordinary values are not taken for tokens.
	if _, err := ParseConfig([]byte("feeds:\n  - url: https://news.example.com/2024/06/some-long-article-slug.rss\nadmins: [U024BE7LH, '112233445566778899']\n"), "c.yaml"); err != nil {
		t.Error(err)
	}
}

// FuzzParseConfig: any input gives a config or a ConfigError, never a
// panic, and a config it accepts is valid.
func FuzzParseConfig(f *testing.F) {
	valid, _ := os.ReadFile("testdata/config/valid.yaml")
	f.Add(string(valid))
	f.Add("feeds:\n  - url: https://a.example/f\n    interval: 1m\n")
	f.Add("admins: [a, b]\npost_empty: false\n")
	f.Add("x: &a [1]\ny: *a\n")
	f.Add("feeds:\n  - url: https://valley.example/atom\nfeeds_opml: testdata/config/feeds.opml\n")
	f.Fuzz(func(t *testing.T, in string) {
		cfg, err := ParseConfig([]byte(in), "f.yaml")
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, fc := range cfg.Feeds {
			if fc.Interval < time.Minute || !strings.HasPrefix(fc.URL, "http") {
				t.Errorf("accepted feed %+v", fc)
			}
		}
		for _, d := range cfg.Digests {
			if (d.Platform != "slack" && d.Platform != "discord") || d.Channel == "" || d.Schedule == "" {
				t.Errorf("accepted digest %+v", d)
			}
		}
		if l := cfg.Limits.OrDefaults(); l.MaxPassage > l.MaxDocument || l.MaxLine < l.MaxDocument || l.MaxDocument > maxDocumentSize || l.FileTime < time.Second {
			t.Errorf("accepted limits %+v", cfg.Limits)
		}
	})
}

func TestConfigPathFlag(t *testing.T) {
	m := urlTestMain(map[string]string{"BRIEFBOT_CONFIG": "/env.yaml"})
	if got := m.configPath(""); got != "/env.yaml" {
		t.Errorf("from env: %q", got)
	}
	if _, err := m.ParseFlags([]string{"--config", "/flag.yaml", "serve"}); err != nil {
		t.Fatal(err)
	}
	if got := m.configPath(""); got != "/flag.yaml" {
		t.Errorf("--config: %q", got)
	}
}

var updateOPMLConfigGolden = flag.Bool("update-opml-config", false, "rewrite testdata/config/opml.golden")

// feeds_opml: the list's feeds follow the feeds: list; a feed in both
// keeps its feeds: settings and takes the list's title and site.
func TestLoadConfigFeedsOPML(t *testing.T) {
	cfg, err := LoadConfig("testdata/config/opml.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type feedView struct{ URL, Interval, Source, Title, HTMLURL string }
	view := struct {
		FeedsOPML string
		Feeds     []feedView
	}{FeedsOPML: cfg.FeedsOPML}
	for _, f := range cfg.Feeds {
		view.Feeds = append(view.Feeds, feedView{f.URL, f.Interval.String(), f.Source, f.Title, f.HTMLURL})
	}
	got, _ := json.MarshalIndent(view, "", "  ")
	got = append(got, '\n')
	if *updateOPMLConfigGolden {
		os.WriteFile("testdata/config/opml.golden", got, 0o644)
	}
	want, err := os.ReadFile("testdata/config/opml.golden")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("config differs from opml.golden:\n%s", got)
	}
}

func TestConfigFeedsOPMLAbsolute(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.opml")
	os.WriteFile(list, []byte(`<opml version="1.0"><body><outline text="A" xmlUrl="https://a.example/feed"/></body></opml>`), 0o644)
	// The config is elsewhere; an absolute path is read as it is.
	cfgPath := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(cfgPath, []byte("feeds_opml: "+list+"\n"), 0o644)
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.FeedsOPML != list || len(cfg.Feeds) != 1 || cfg.Feeds[0] != (FeedConfig{URL: "https://a.example/feed", Interval: 30 * time.Minute, Title: "A"}) {
		t.Errorf("%+v", cfg)
	}
}

// A feed list that is missing, not OPML, or lists a feed by a URL that
// cannot be fetched is a config error at feeds_opml's line, naming the
// OPML file and its line.
func TestConfigFeedsOPMLInvalid(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("rss.opml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>\n")
	write("cut.opml", "<opml version=\"2.0\">\n<body>\n<outline text=\"News\">\n")
	write("schemes.opml", "<opml version=\"2.0\"><body>\n<outline text=\"A\" xmlUrl=\"ftp://a.example/feed\"/>\n<outline text=\"B\" xmlUrl=\"/relative/feed\"/>\n<outline text=\"C\" xmlUrl=\"https://c.example/feed\"/>\n</body></opml>\n")
	os.Mkdir(filepath.Join(dir, "folder.opml"), 0o755)
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"missing", "admins: [U1]\nfeeds_opml: nope.opml\n", []string{"briefbot.yaml:2: feeds_opml: " + filepath.Join(dir, "nope.opml") + " does not exist"}},
		{"a feed, not a list", "feeds_opml: rss.opml\n", []string{"briefbot.yaml:1: feeds_opml: " + filepath.Join(dir, "rss.opml") + ":2: not an OPML file: the document is <rss>, a feed"}},
		{"cut short", "feeds_opml: cut.opml\n", []string{"briefbot.yaml:1: feeds_opml: " + filepath.Join(dir, "cut.opml") + ":4: the file ends inside <outline> (opened at line 3)"}},
		{"bad schemes", "feeds_opml: schemes.opml\n", []string{
			"briefbot.yaml:1: feeds_opml: " + filepath.Join(dir, "schemes.opml") + `:2: xmlUrl "ftp://a.example/feed": not http(s); give an http:// or https:// URL`,
			"briefbot.yaml:1: feeds_opml: " + filepath.Join(dir, "schemes.opml") + `:3: xmlUrl "/relative/feed": not http(s)`}},
		{"a folder", "feeds_opml: folder.opml\n", []string{"briefbot.yaml:1: feeds_opml: " + filepath.Join(dir, "folder.opml") + ": is a folder; give the OPML file"}},
		{"a URL", "feeds_opml: https://example.com/feeds.opml\n", []string{`briefbot.yaml:1: feeds_opml "https://example.com/feeds.opml": give the path of an OPML file on this machine, not a URL`}},
		{"empty", "feeds_opml:\n", []string{"briefbot.yaml:1: feeds_opml is empty"}},
		{"a list", "feeds_opml: [a.opml, b.opml]\n", []string{"briefbot.yaml:1: feeds_opml must be a single value, not a list"}},
		{"misspelt", "feed_opml: feeds.opml\n", []string{`unknown key "feed_opml"`, `did you mean "feeds_opml"?`}},
	} {
		cfgPath := filepath.Join(dir, "briefbot.yaml")
		write("briefbot.yaml", c.in)
		_, err := LoadConfig(cfgPath)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := strings.ReplaceAll(err.Error(), cfgPath, "briefbot.yaml")
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not contain %q", c.name, msg, w)
			}
		}
	}
}
