package schedule_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/slack"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/chattest"
	"github.com/briefbot/briefbot/internal/clocktest"
)

// discordAPI is this binary's Discord stand-in: discordgo's endpoints are
// process globals, set once (discord.SetAPIBase). Tests use channels of
// their own on it.
var discordAPI *chattest.Discord

func TestMain(m *testing.M) {
	discordAPI = chattest.StartDiscord(nil)
	if err := discord.SetAPIBase(discordAPI.URL()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	discordAPI.Close()
	os.Exit(code)
}

var tick = time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)

// process is what serve runs for digests: the state file, the index and
// the real Slack and Discord posters talking to the stand-ins, with one
// declared digest.
type process struct {
	t        *testing.T
	clock    *clocktest.Clock
	ix       *index.Index
	path     string
	platform string
	channel  string
	slack    *chattest.Slack
	store    *state.Store
	app      *slack.App
	svc      *schedule.Service
}

// newProcess starts a process with a daily 08:00 digest on platform's
// channel and a report ingested at 07:30.
func newProcess(t *testing.T, platform, channel string) *process {
	t.Helper()
	p := &process{t: t, clock: clocktest.New(tick.Add(-time.Hour)), path: filepath.Join(t.TempDir(), "state.db"), platform: platform, channel: channel}
	discordAPI.SetNow(p.clock.Now)
	p.slack = chattest.NewSlack(t, p.clock.Now)
	var err error
	p.ix, err = index.Open(context.Background(), t.TempDir(), index.Options{Now: p.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.ix.Close() })
	p.start()
	t.Cleanup(p.stop)
	if err := p.svc.Sync(t.Context(), []schedule.Declared{{Platform: platform, Channel: channel, Schedule: "daily 08:00"}}); err != nil {
		t.Fatal(err)
	}
	p.clock.Set(tick.Add(-30 * time.Minute))
	if _, err := p.ix.Add(context.Background(), []corpus.Document{{ID: "crane", Title: "Harbour cranes to be replaced after storm", URL: "https://news.example/crane",
		Text: "The port authority said on Monday that two harbour cranes damaged by the storm will be replaced by the summer."}}); err != nil {
		t.Fatal(err)
	}
	return p
}

// start opens the state file and starts the posters and the service, as
// serve does at start-up.
func (p *process) start() {
	p.t.Helper()
	st, err := state.Open(p.path)
	if err != nil {
		p.t.Fatal(err)
	}
	p.store = st
	p.app = slack.New(slack.Config{BotToken: "xoxb-test", APIURL: p.slack.URL()})
	da, err := discord.New(discord.Config{Token: "bot-token", AppID: "app-1"})
	if err != nil {
		p.t.Fatal(err)
	}
	p.svc = &schedule.Service{Store: st, Digests: digest.Builder{Source: p.ix},
		Posters: map[string]bot.Poster{"slack": p.app.Poster(), "discord": da.Poster()},
		Now:     p.clock.Now, After: p.clock.After}
}

// stop closes what start opened; it writes nothing to the state file.
func (p *process) stop() {
	if p.store == nil {
		return
	}
	p.app.Close()
	p.store.Close()
	p.store = nil
}

// killDuringPost runs the digest due at the tick until its post is in
// flight (held or dropped by the stand-in), then kills the process: its
// context ends and it stops without confirming anything.
func (p *process) killDuringPost() {
	p.t.Helper()
	p.clock.Set(tick)
	held := p.slack.Held()
	if p.platform == "discord" {
		held = discordAPI.Held()
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.svc.Run(ctx)
	}()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		p.t.Fatal("no post in flight")
	}
	cancel()
	<-done
	if sub := p.sub(); sub.Pending == nil || sub.Failures != 0 {
		p.t.Fatalf("killed mid-post: %+v; want the intent recorded and no failure", sub)
	}
	p.stop()
}

// restartAndRun starts the process again on the same state file at when
// and runs the due digests to the end.
func (p *process) restartAndRun(when time.Time) {
	p.t.Helper()
	p.clock.Set(when)
	p.start()
	if _, err := p.svc.RunDue(context.Background()); err != nil {
		p.t.Fatal(err)
	}
}

func (p *process) sub() state.Subscription {
	p.t.Helper()
	subs, err := p.store.Subscriptions(p.t.Context())
	if err != nil || len(subs) != 1 {
		p.t.Fatalf("subscriptions %+v, %v", subs, err)
	}
	return subs[0]
}

// messages is what the channel holds, and how many posts it received.
func (p *process) messages() (texts []string, posts int) {
	if p.platform == "discord" {
		for _, m := range discordAPI.Messages(p.channel) {
			texts = append(texts, m.Content+fmt.Sprint(m.Embeds))
		}
		return texts, discordAPI.Posts(p.channel)
	}
	for _, m := range p.slack.Messages(p.channel) {
		texts = append(texts, m.Text+m.Blocks)
	}
	return texts, p.slack.Posts()
}

// checkOnce checks the channel has exactly one message, the digest of the
// report, after posts attempts, and the subscription was delivered once,
// with the watermark where a confirmed post puts it.
func (p *process) checkOnce(posts int, found bool, watermark time.Time) {
	p.t.Helper()
	texts, n := p.messages()
	if len(texts) != 1 || !strings.Contains(texts[0], "Harbour cranes") || n != posts {
		p.t.Errorf("%s channel after the restart: %d messages from %d posts, want 1 from %d: %q", p.platform, len(texts), n, posts, texts)
	}
	sub := p.sub()
	ds, _ := p.store.Deliveries(p.t.Context(), sub.ID)
	if sub.Pending != nil || sub.Failures != 0 || !sub.Watermark.Equal(watermark) || len(ds) != 1 || ds[0].Found != found {
		p.t.Errorf("%s after the restart: %+v, deliveries %+v; want delivered once (found %v), watermark %v", p.platform, sub, ds, found, watermark)
	}
	if due, _ := schedule.Due(sub); !due.Equal(tick.Add(24 * time.Hour)) {
		p.t.Errorf("%s next due %v, want the next day's tick", p.platform, due)
	}
}

// TestSlackPostTakenThenKilled: Slack took the post and the process was
// killed before the answer; the restart finds it by its metadata and posts
// nothing.
func TestSlackPostTakenThenKilled(t *testing.T) {
	p := newProcess(t, "slack", "C1")
	p.slack.Hold(1)
	p.killDuringPost()
	p.restartAndRun(tick.Add(10 * time.Minute))
	p.checkOnce(1, true, tick)
}

// TestSlackPostLostThenKilled: the post never reached Slack; the restart
// does not find it and posts it once.
func TestSlackPostLostThenKilled(t *testing.T) {
	p := newProcess(t, "slack", "C1")
	p.slack.Drop(1)
	p.killDuringPost()
	p.restartAndRun(tick.Add(10 * time.Minute))
	p.checkOnce(2, false, tick.Add(10*time.Minute))
}

// TestSlackSearchFailsAfterKill: while the restart cannot read the
// channel's history it neither posts nor skips; once it can, it finds the
// post.
func TestSlackSearchFailsAfterKill(t *testing.T) {
	p := newProcess(t, "slack", "C1")
	p.slack.Hold(1)
	p.killDuringPost()
	p.slack.FailHistory("missing_scope")
	p.restartAndRun(tick.Add(10 * time.Minute))
	sub := p.sub()
	if _, n := p.messages(); n != 1 || sub.Failures != 1 || sub.Pending == nil || !strings.Contains(sub.LastError, "channels:history") {
		t.Fatalf("search refused: %d posts, %+v; want no new post, a failure naming the scope", n, sub)
	}
	p.slack.FailHistory("")
	p.clock.Set(sub.RetryAt)
	if _, err := p.svc.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.checkOnce(1, true, tick)
}

// TestDiscordPostTakenThenKilled: Discord created the message and the
// process was killed before the answer; the restart, past the nonce's few
// minutes, finds it by its marker among the bot's messages and posts
// nothing.
func TestDiscordPostTakenThenKilled(t *testing.T) {
	p := newProcess(t, "discord", "900000000000000101")
	discordAPI.Hold(1)
	p.killDuringPost()
	p.restartAndRun(tick.Add(10 * time.Minute))
	p.checkOnce(1, true, tick)
}

// TestDiscordPostLostThenKilled: the post never reached Discord; the
// restart does not find it and posts it once.
func TestDiscordPostLostThenKilled(t *testing.T) {
	p := newProcess(t, "discord", "900000000000000102")
	discordAPI.Drop(1)
	p.killDuringPost()
	p.restartAndRun(tick.Add(10 * time.Minute))
	p.checkOnce(2, false, tick.Add(10*time.Minute))
}
