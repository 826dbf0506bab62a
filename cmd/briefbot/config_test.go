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
	return struct {
		Path      string
		Feeds     []feedView
		Digests   []DigestConfig
		Admins    []string
		Inbox     string
		PostEmpty bool
	}{c.Path, feeds, c.Digests, c.Admins, c.Inbox, c.PostEmpty}
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
	if cfg.Feeds[0].Interval != 30*time.Minute || cfg.PostEmpty || cfg.Inbox != "" {
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
		{"token value", "admins: [xoxb-1234-5678-abcdef]\n", []string{"c.yaml:1: this value looks like a token"}},
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

// FuzzParseConfig: any input gives a config or a ConfigError, never a
// panic, and a config it accepts is valid.
func FuzzParseConfig(f *testing.F) {
	valid, _ := os.ReadFile("testdata/config/valid.yaml")
	f.Add(string(valid))
	f.Add("feeds:\n  - url: https://a.example/f\n    interval: 1m\n")
	f.Add("admins: [a, b]\npost_empty: false\n")
	f.Add("x: &a [1]\ny: *a\n")
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
