package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/briefbot/briefbot/corpus"

	"github.com/briefbot/briefbot/corpus/feed"
	"github.com/briefbot/briefbot/corpus/fetch"
)

// Config is the YAML configuration file (--config, env BRIEFBOT_CONFIG).
// Secrets are never in it; they come only from the environment.
type Config struct {
	// Path is the file the configuration was read from; "" when none.
	Path string
	// Feeds are the feeds: list, then the feeds of the feeds_opml file
	// that are not in it.
	Feeds []FeedConfig
	// FeedsOPML is the OPML feed list (feeds_opml), "" when none. A
	// relative path in the file is taken relative to the file's folder.
	FeedsOPML string
	Digests   []DigestConfig
	// Admins are the platform user ids allowed to manage subscriptions
	// and sources; empty means anyone may subscribe and nobody may manage
	// sources from chat.
	Admins []string
	// Inbox is the watched folder; "" means <data>/inbox. A relative path
	// in the file is taken relative to the file's folder.
	Inbox string
	// PostEmpty posts "nothing new" when a digest has no items.
	PostEmpty bool
	// Limits bound what one input file may cost (limits:); zero fields
	// take corpus.DefaultLimits.
	Limits corpus.Limits
	// DoneRetention is how long ingested files stay in the inbox's done/
	// folder (inbox_done_retention): 0 means the default of 7 days, a
	// negative value forever.
	DoneRetention time.Duration
	// DigestMaxAge is how long before a digest's window a report may have
	// been published and still be new (digest_max_age): 0 means the
	// default of 2 days, a negative value any age.
	DigestMaxAge time.Duration
	// SubscriptionsPerChannel caps digest subscriptions in one channel
	// (limits.subscriptions_per_channel); 0 means the default of 20.
	SubscriptionsPerChannel int
	// MappedIndex is how many bytes of mapped files a process keeps
	// resident before it lets the index's go (limits.mapped_index): 0
	// means the default of 384 MB, a negative value no limit ("off").
	MappedIndex int64
	// DatabaseURL is the PostgreSQL database replicas share
	// (database_url; BRIEFBOT_DATABASE_URL overrides it), "" for the state
	// file. It never holds a password: see checkDatabaseURL.
	DatabaseURL string
}

// FeedConfig is one polled feed.
type FeedConfig struct {
	URL      string
	Interval time.Duration // defaulted to feed.DefaultInterval
	Source   string        // source name for its documents; "" uses the feed's title
	// Title and HTMLURL are what the feeds_opml file says of the feed
	// (title or text, htmlUrl), for sources --opml; they do not name its
	// documents, so that a feed followed reads as the same feed ingested.
	Title, HTMLURL string
}

// DigestConfig is one declared digest.
type DigestConfig struct {
	Platform string // "slack" or "discord"
	Channel  string
	Schedule string // checked by the digest scheduler
	Topic    string
}

// maxConfigBytes bounds the file; a config is a few kilobytes.
const maxConfigBytes = 1 << 20

// configPath is flagValue when given, else the global --config flag, else
// BRIEFBOT_CONFIG; "" when there is no configuration file.
func (m *Main) configPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if m.ConfigPath != "" {
		return m.ConfigPath
	}
	return m.Getenv("BRIEFBOT_CONFIG")
}

// LoadConfig reads and checks a configuration file. Every problem is
// reported with the file and line, all at once.
func LoadConfig(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return Config{}, fmt.Errorf("config: %s: %w", path, err)
	}
	if len(data) > maxConfigBytes {
		return Config{}, fmt.Errorf("config: %s: larger than %s; is this the right file?", path, fetch.FormatBytes(maxConfigBytes))
	}
	cfg, err := ParseConfig(data, path)
	if err != nil {
		return Config{}, err
	}
	cfg.Path = path
	if cfg.Inbox != "" && !filepath.IsAbs(cfg.Inbox) {
		cfg.Inbox = filepath.Join(filepath.Dir(path), cfg.Inbox)
	}
	return cfg, nil
}

// ConfigError is a list of problems found in a configuration file.
type ConfigError struct {
	Path     string
	Problems []ConfigProblem
}

// ConfigProblem is one problem, at a line (0 when the whole file is meant).
type ConfigProblem struct {
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.Path, p.Line, p.Msg)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.Path, p.Msg)
		}
	}
	return b.String()
}

// ParseConfig parses configuration text; name labels its messages, and
// its folder is where a relative feeds_opml is read from.
func ParseConfig(data []byte, name string) (Config, error) {
	p := &configParser{err: &ConfigError{Path: name}, dir: filepath.Dir(name)}
	cfg := p.parse(data)
	if len(p.err.Problems) > 0 {
		return Config{}, p.err
	}
	return cfg, nil
}

type configParser struct {
	err *ConfigError
	dir string // the config file's folder
}

func (p *configParser) addf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.err.Problems = append(p.err.Problems, ConfigProblem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

var (
	topKeys    = []string{"feeds", "feeds_opml", "digests", "admins", "inbox", "post_empty", "limits", "inbox_done_retention", "digest_max_age", "database_url"}
	limitKeys  = []string{"max_document_size", "max_passage_size", "max_line_size", "max_decompressed_size", "file_time_limit", "subscriptions_per_channel", "mapped_index"}
	feedKeys   = []string{"url", "interval", "source"}
	digestKeys = []string{"platform", "channel", "schedule", "topic"}
	// secretKey matches key names that would hold credentials.
	secretKey = regexp.MustCompile(`(?i)token|secret|passw|credential|api[_-]?key|private[_-]?key|public[_-]?key|signing|webhook|bearer|(^|[_-])auth([_-]|$)`)
	// secretValue matches values shaped like Slack tokens and bearer
	// credentials, wherever they are put.
	secretValue = regexp.MustCompile(`^(xox[abposr]-|xapp-|Bot [A-Za-z0-9_.-]{20,}|Bearer )`)
)

func (p *configParser) parse(data []byte) Config {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg // an empty file configures nothing
		}
		p.addf(nil, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return cfg
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.addf(&extra, "a second YAML document; put everything in one")
		return cfg
	} else if !errors.Is(err, io.EOF) {
		p.addf(nil, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return cfg
	}
	if len(doc.Content) == 0 {
		return cfg
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return cfg
	}
	p.checkSecrets(root, "")
	if len(p.err.Problems) > 0 {
		return cfg
	}
	fields := p.mapping(root, "the configuration", topKeys)
	if fields == nil {
		return cfg
	}
	if n := fields["feeds"]; n != nil {
		seen := map[string]int{}
		for i, item := range p.sequence(n, "feeds") {
			fc, ok := p.feed(item, i)
			if !ok {
				continue
			}
			if prev, dup := seen[fc.URL]; dup {
				p.addf(item, "feeds[%d]: %s is already listed at line %d", i, fc.URL, prev)
				continue
			}
			seen[fc.URL] = item.Line
			cfg.Feeds = append(cfg.Feeds, fc)
		}
	}
	if n := fields["feeds_opml"]; n != nil {
		if s, ok := p.str(n, "feeds_opml"); ok {
			p.feedsOPML(n, s, &cfg)
		}
	}
	if n := fields["digests"]; n != nil {
		seen := map[DigestConfig]int{}
		for i, item := range p.sequence(n, "digests") {
			dc, ok := p.digest(item, i)
			if !ok {
				continue
			}
			if prev, dup := seen[dc]; dup {
				p.addf(item, "digests[%d]: the same digest is already declared at line %d", i, prev)
				continue
			}
			seen[dc] = item.Line
			cfg.Digests = append(cfg.Digests, dc)
		}
	}
	if n := fields["admins"]; n != nil {
		for i, item := range p.sequence(n, "admins") {
			if id, ok := p.str(item, fmt.Sprintf("admins[%d]", i)); ok {
				if id == "" {
					p.addf(item, "admins[%d] is empty; give a user id", i)
					continue
				}
				cfg.Admins = append(cfg.Admins, id)
			}
		}
	}
	if n := fields["inbox"]; n != nil {
		if s, ok := p.str(n, "inbox"); ok {
			if s == "" {
				p.addf(n, "inbox is empty; leave it out to use <data>/inbox")
			}
			cfg.Inbox = s
		}
	}
	if n := fields["post_empty"]; n != nil {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			p.addf(n, "post_empty must be true or false, not %s", describeNode(n))
		} else {
			_ = n.Decode(&cfg.PostEmpty)
		}
	}
	if n := fields["digest_max_age"]; n != nil {
		if s, ok := p.str(n, "digest_max_age"); ok {
			if strings.EqualFold(s, "any") {
				cfg.DigestMaxAge = -1
			} else if d, err := parseConfigDuration(s); err != nil || d < 0 {
				p.addf(n, "digest_max_age %q: give how long before a digest's window a report may have been published and still count as new, e.g. 2d or 36h, or any", s)
			} else if d == 0 {
				cfg.DigestMaxAge = time.Nanosecond // "0": only reports published in the window
			} else {
				cfg.DigestMaxAge = d
			}
		}
	}
	if n := fields["limits"]; n != nil {
		cfg.Limits = p.limits(n)
		if v := mappingValue(n, "subscriptions_per_channel"); v != nil {
			var k int
			if v.Kind != yaml.ScalarNode || v.Decode(&k) != nil || k < 1 || k > 1000 {
				p.addf(v, "limits.subscriptions_per_channel must be a whole number from 1 to 1000, not %s", describeNode(v))
			} else {
				cfg.SubscriptionsPerChannel = k
			}
		}
		if v := mappingValue(n, "mapped_index"); v != nil {
			cfg.MappedIndex = p.mappedIndex(v)
		}
	}
	if n := fields["database_url"]; n != nil {
		if s, ok := p.str(n, "database_url"); ok {
			if msg := checkDatabaseURL(s); msg != "" {
				p.addf(n, "database_url %s", msg)
			} else {
				cfg.DatabaseURL = s
			}
		}
	}
	if n := fields["inbox_done_retention"]; n != nil {
		if s, ok := p.str(n, "inbox_done_retention"); ok {
			if strings.EqualFold(s, "forever") {
				cfg.DoneRetention = -1
			} else if d, err := parseConfigDuration(s); err != nil || d < time.Minute {
				p.addf(n, "inbox_done_retention %q: give how long ingested files stay in inbox/done, e.g. 7d, 36h or 30m (at least 1m), or forever", s)
			} else {
				cfg.DoneRetention = d
			}
		}
	}
	return cfg
}

// mapping checks n is a mapping with only known keys and returns its
// values by key.
func (p *configParser) mapping(n *yaml.Node, what string, known []string) map[string]*yaml.Node {
	if n.Kind == yaml.AliasNode {
		p.addf(n, "%s: YAML aliases are not supported; write the value out", what)
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.addf(n, "%s must be a mapping of %s, not %s", what, strings.Join(known, ", "), describeNode(n))
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.addf(k, "%s: keys must be plain words", what)
			continue
		}
		if !contains(known, k.Value) {
			hint := ""
			if s := closest(k.Value, known); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			p.addf(k, "unknown key %q in %s%s; known keys: %s", k.Value, what, hint, strings.Join(known, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.addf(k, "%q is given twice in %s", k.Value, what)
			continue
		}
		if v.Kind == yaml.AliasNode {
			p.addf(v, "%s: YAML aliases are not supported; write the value out", k.Value)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func (p *configParser) sequence(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.addf(n, "%s must be a list (lines starting with \"- \"), not %s", what, describeNode(n))
		return nil
	}
	return n.Content
}

// str reads a scalar as text; numbers are fine (user ids often are).
func (p *configParser) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.addf(n, "%s must be a single value, not %s", what, describeNode(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return strings.TrimSpace(n.Value), true
}

// optional reads the string field key, when present, into dst; false when
// it is not a single value.
func (p *configParser) optional(fields map[string]*yaml.Node, what, key string, dst *string) bool {
	v := fields[key]
	if v == nil {
		return true
	}
	s, ok := p.str(v, what+"."+key)
	if ok {
		*dst = s
	}
	return ok
}

func (p *configParser) feed(n *yaml.Node, i int) (FeedConfig, bool) {
	what := fmt.Sprintf("feeds[%d]", i)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		p.addf(n, "%s: write a feed as a mapping, e.g. \"- url: %s\"", what, n.Value)
		return FeedConfig{}, false
	}
	fields := p.mapping(n, what, feedKeys)
	if fields == nil {
		return FeedConfig{}, false
	}
	ok := true
	var fc FeedConfig
	if v := fields["url"]; v == nil {
		p.addf(n, "%s has no url", what)
		ok = false
	} else if s, good := p.str(v, what+".url"); !good {
		ok = false
	} else if _, err := fetch.CheckURL(s); err != nil {
		p.addf(v, "%s.url %q: %s; give an http:// or https:// URL", what, s, fetch.Reason(err))
		ok = false
	} else {
		fc.URL = s
	}
	fc.Interval = feed.DefaultInterval
	if v := fields["interval"]; v != nil {
		s, good := p.str(v, what+".interval")
		switch d, err := time.ParseDuration(s); {
		case !good:
			ok = false
		case err != nil:
			p.addf(v, "%s.interval %q is not a duration; write e.g. 30m, 2h or 1h30m", what, s)
			ok = false
		case d < feed.MinInterval:
			p.addf(v, "%s.interval %s is shorter than the minimum of 1m", what, s)
			ok = false
		default:
			fc.Interval = d
		}
	}
	ok = p.optional(fields, what, "source", &fc.Source) && ok
	return fc, ok
}

// feedsOPML reads the OPML feed list named by feeds_opml (node n, value
// s) and adds its feeds to cfg.Feeds. A feed also under feeds: keeps the
// settings given there. The file's problems are the config's, at the
// line of feeds_opml, each naming the OPML file and its line.
func (p *configParser) feedsOPML(n *yaml.Node, s string, cfg *Config) {
	switch {
	case s == "":
		p.addf(n, "feeds_opml is empty; give the path of an OPML feed list, or leave it out")
		return
	case looksLikeURL(s):
		p.addf(n, "feeds_opml %q: give the path of an OPML file on this machine, not a URL; download the file first", s)
		return
	}
	path := s
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.dir, path)
	}
	doc, err := feed.ReadOPMLFile(path)
	var oe *feed.OPMLError
	switch {
	case errors.Is(err, os.ErrNotExist):
		p.addf(n, "feeds_opml: %s does not exist", path)
		return
	case errors.As(err, &oe):
		p.addf(n, "feeds_opml: %s", oe)
		return
	case err != nil:
		p.addf(n, "feeds_opml: %s", strings.TrimPrefix(err.Error(), "opml: "))
		return
	}
	listed := map[string]int{}
	for i, f := range cfg.Feeds {
		listed[f.URL] = i
	}
	for _, f := range doc.Feeds {
		if _, err := fetch.CheckURL(f.URL); err != nil {
			p.addf(n, "feeds_opml: %s:%d: xmlUrl %q: %s; give an http:// or https:// URL", path, f.Line, f.URL, fetch.Reason(err))
			continue
		}
		if i, ok := listed[f.URL]; ok {
			// feeds: decides how the feed is followed; the list may
			// still say what it is called.
			if cfg.Feeds[i].Title == "" {
				cfg.Feeds[i].Title, cfg.Feeds[i].HTMLURL = f.Title, f.HTMLURL
			}
			continue
		}
		cfg.Feeds = append(cfg.Feeds, FeedConfig{URL: f.URL, Interval: feed.DefaultInterval, Title: f.Title, HTMLURL: f.HTMLURL})
	}
	cfg.FeedsOPML = path
}

func (p *configParser) digest(n *yaml.Node, i int) (DigestConfig, bool) {
	what := fmt.Sprintf("digests[%d]", i)
	fields := p.mapping(n, what, digestKeys)
	if fields == nil {
		return DigestConfig{}, false
	}
	ok := true
	var dc DigestConfig
	need := func(key string, dst *string) {
		v := fields[key]
		if v == nil {
			p.addf(n, "%s has no %s", what, key)
			ok = false
			return
		}
		s, good := p.str(v, what+"."+key)
		if !good {
			ok = false
			return
		}
		if s == "" {
			p.addf(v, "%s.%s is empty", what, key)
			ok = false
			return
		}
		*dst = s
	}
	need("platform", &dc.Platform)
	need("channel", &dc.Channel)
	need("schedule", &dc.Schedule)
	if dc.Platform != "" {
		dc.Platform = strings.ToLower(dc.Platform)
		if dc.Platform != "slack" && dc.Platform != "discord" {
			p.addf(fields["platform"], "%s.platform %q: must be slack or discord", what, dc.Platform)
			ok = false
		}
	}
	ok = p.optional(fields, what, "topic", &dc.Topic) && ok
	return dc, ok
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("%q", n.Value)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// closest is the known key within two edits of s, for "did you mean".
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := corpus.EditDistance(strings.ToLower(s), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// mappingValue is key's value in mapping n, nil when absent.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// config is the configuration file's content, read once per command; the
// zero Config when there is none.
func (m *Main) config() (Config, error) {
	if m.cfgLoaded {
		return m.cfg, nil
	}
	if p := m.configPath(""); p != "" {
		c, err := LoadConfig(p)
		if err != nil {
			return Config{}, err
		}
		m.cfg = c
	}
	m.cfgLoaded = true
	return m.cfg, nil
}
