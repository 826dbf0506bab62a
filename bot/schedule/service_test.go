package schedule

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/digest"
	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/clocktest"
)

type post struct {
	channel string
	reply   bot.Reply
}

// recPoster is a Poster that records accepted posts and fails while it
// has errors queued.
type recPoster struct {
	mu       sync.Mutex
	posts    []post
	attempts int
	fail     []error
	posted   chan post
}

func (p *recPoster) Post(ctx context.Context, channel string, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.attempts++
	if len(p.fail) > 0 {
		err := p.fail[0]
		p.fail = p.fail[1:]
		return err
	}
	p.posts = append(p.posts, post{channel, r})
	if p.posted != nil {
		p.posted <- post{channel, r}
	}
	return nil
}

func (p *recPoster) Posts() []post {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]post(nil), p.posts...)
}

type retryAfterErr struct{ d time.Duration }

func (e retryAfterErr) Error() string             { return fmt.Sprintf("slack: rate limited, retry after %s", e.d) }
func (e retryAfterErr) RetryAfter() time.Duration { return e.d }

// harness is a service over a real index and a real state file.
type harness struct {
	t      *testing.T
	clock  *clocktest.Clock
	ix     *index.Index
	path   string
	store  *state.Store
	poster *recPoster
	svc    *Service
}

var day1 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

func at(day, h, m int) time.Time {
	return day1.Add(time.Duration(day-1)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: clocktest.New(at(1, 7, 0)), poster: &recPoster{}}
	var err error
	h.ix, err = index.Open(context.Background(), t.TempDir(), index.Options{Now: h.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.ix.Close() })
	h.path = filepath.Join(t.TempDir(), "state.db")
	h.open()
	t.Cleanup(func() { h.store.Close() })
	return h
}

// open opens the state file and a fresh service over it, as a restarted
// process would.
func (h *harness) open() {
	h.t.Helper()
	st, err := state.Open(h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	h.store = st
	h.svc = &Service{Store: st, Digests: digest.Builder{Source: h.ix}, Posters: map[string]bot.Poster{"slack": h.poster},
		Now: h.clock.Now, After: h.clock.After}
}

func (h *harness) restart() {
	h.t.Helper()
	if err := h.store.Close(); err != nil {
		h.t.Fatal(err)
	}
	h.open()
}

func (h *harness) ingest(when time.Time, ids ...string) {
	h.t.Helper()
	h.clock.Set(when)
	var docs []corpus.Document
	for _, id := range ids {
		docs = append(docs, corpus.Document{ID: id, Title: "Report " + id + " on harbour cranes", URL: "https://news.example/" + id,
			// Words of its own, or a later report would only repeat an
			// earlier digest's story and be folded into a count.
			Text: fmt.Sprintf("The port authority said on Monday that crane number %s at the northern harbour will be replaced after a storm damaged it badly. Contractor %[1]sworks, engineer %[1]sson and supplier %[1]steel bid for it.", id)})
	}
	if _, err := h.ix.Add(context.Background(), docs); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) runAt(when time.Time) {
	h.t.Helper()
	h.clock.Set(when)
	if _, err := h.svc.RunDue(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) subscribe(text string) state.Subscription {
	h.t.Helper()
	b := bot.New(bot.Config{})
	h.svc.Register(b)
	r := b.Handle(context.Background(), bot.Request{Platform: "slack", ChannelID: "C1", UserID: "U1", Text: "subscribe " + text})
	if r.Kind != bot.KindMessage || !strings.HasPrefix(r.Text, "Subscribed") {
		h.t.Fatalf("subscribe %s: %+v", text, r)
	}
	subs, _ := h.store.Subscriptions(h.t.Context())
	return subs[len(subs)-1]
}

// docIDs lists the documents a posted digest covers.
func docIDs(r bot.Reply) []string {
	var out []string
	if r.Digest == nil {
		return nil
	}
	for _, it := range r.Digest.Items {
		out = append(out, it.DocID)
		for _, o := range it.AlsoReportedBy {
			out = append(out, o.ID)
		}
	}
	return out
}

func TestTickPostsExactlyOnce(t *testing.T) {
	h := newHarness(t)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 7, 59))
	if n := len(h.poster.Posts()); n != 0 {
		t.Fatalf("%d posts before the tick", n)
	}
	h.runAt(at(1, 8, 0))
	h.runAt(at(1, 8, 0))
	h.runAt(at(1, 8, 30))
	posts := h.poster.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts after the tick, want 1", len(posts))
	}
	p := posts[0]
	if p.channel != "C1" || p.reply.Kind != bot.KindDigest || p.reply.Ephemeral || strings.Join(docIDs(p.reply), ",") != "a" {
		t.Errorf("post = %s %+v, docs %v", p.channel, p.reply, docIDs(p.reply))
	}
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if !got.Watermark.Equal(at(1, 8, 0)) || !p.reply.Digest.Until.Equal(at(1, 8, 0)) {
		t.Errorf("watermark %v, digest until %v; want the tick", got.Watermark, p.reply.Digest.Until)
	}
	if ds, _ := h.store.Deliveries(t.Context(), sub.ID); len(ds) != 1 || ds[0].Items != 1 {
		t.Errorf("delivery log = %+v", ds)
	}
	if due, _ := Due(got); !due.Equal(at(2, 8, 0)) {
		t.Errorf("next due %v, want day 2 08:00", due)
	}
}

func TestRunLoopFollowsClock(t *testing.T) {
	h := newHarness(t)
	h.poster.posted = make(chan post, 10)
	h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.svc.Run(ctx) }()
	// Step the clock a minute at a time through the tick; the loop wakes
	// on its timers and posts once.
	for m := 31; m <= 60+15; m++ {
		h.clock.Set(at(1, 7, m))
		if m == 60 {
			select {
			case p := <-h.poster.posted:
				if strings.Join(docIDs(p.reply), ",") != "a" {
					t.Errorf("posted %v", docIDs(p.reply))
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no post at the tick")
			}
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v", err)
	}
	if n := len(h.poster.Posts()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

func TestRestartLosesNothingDuplicatesNothing(t *testing.T) {
	h := newHarness(t)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0))
	// Ingested, then the process restarts before the next tick.
	h.ingest(at(1, 9, 0), "b")
	h.restart()
	h.runAt(at(1, 10, 0))
	if n := len(h.poster.Posts()); n != 1 {
		t.Fatalf("restart before the tick posted: %d posts", n)
	}
	h.runAt(at(2, 8, 0))
	h.runAt(at(2, 8, 0))
	posts := h.poster.Posts()
	if len(posts) != 2 || strings.Join(docIDs(posts[1].reply), ",") != "b" {
		t.Fatalf("after the day 2 tick: %d posts, last covering %v; want 2, the last covering b", len(posts), docIDs(posts[len(posts)-1].reply))
	}
	// Down across two ticks: one digest makes up for both on restart.
	h.ingest(at(2, 12, 0), "c")
	h.restart()
	h.ingest(at(3, 12, 0), "d")
	h.restart()
	h.runAt(at(4, 10, 0))
	h.runAt(at(4, 10, 1))
	posts = h.poster.Posts()
	if len(posts) != 3 {
		t.Fatalf("after missing two ticks: %d posts, want 3", len(posts))
	}
	if got := strings.Join(sortedIDs(docIDs(posts[2].reply)), ","); got != "c,d" {
		t.Errorf("made-up digest covers %q, want c,d", got)
	}
	if d := posts[2].reply.Digest; !d.Since.Equal(at(2, 8, 0)) || !d.Until.Equal(at(4, 10, 0)) {
		t.Errorf("made-up digest covers (%v, %v]", d.Since, d.Until)
	}
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if due, _ := Due(got); !due.Equal(at(5, 8, 0)) {
		t.Errorf("next due %v, want day 5 08:00", due)
	}
}

func sortedIDs(ids []string) []string {
	out := append([]string(nil), ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestFailedPostRetriedWithBackoff(t *testing.T) {
	h := newHarness(t)
	sub := h.subscribe("daily 08:00")
	h.ingest(at(1, 7, 30), "a")
	h.poster.fail = []error{errors.New("slack: post C1: internal_error (HTTP 500)"), retryAfterErr{10 * time.Minute}}
	h.runAt(at(1, 8, 0))
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if !got.Watermark.Equal(sub.Watermark) || got.Failures != 1 || !strings.Contains(got.LastError, "HTTP 500") {
		t.Fatalf("after a failed post: %+v", got)
	}
	// The failure shows in /brief subscriptions.
	b := bot.New(bot.Config{})
	h.svc.Register(b)
	r := b.Handle(context.Background(), bot.Request{Platform: "slack", ChannelID: "C1", Text: "subscriptions"})
	if !strings.Contains(r.Text, "last post failed") || !strings.Contains(r.Text, "HTTP 500") {
		t.Errorf("subscriptions does not show the failure: %q", r.Text)
	}
	h.ingest(at(1, 8, 0).Add(20*time.Second), "b") // lands between the failure and the retry
	h.clock.Set(at(1, 8, 0).Add(30 * time.Second))
	h.svc.RunDue(context.Background())
	if h.poster.attempts != 1 {
		t.Fatalf("retried after 30s: %d attempts", h.poster.attempts)
	}
	h.runAt(at(1, 8, 1)) // backoff 1m: second attempt, rate limited for 10m
	if h.poster.attempts != 2 {
		t.Fatalf("%d attempts at 08:01, want 2", h.poster.attempts)
	}
	got, _ = h.store.Subscription(t.Context(), sub.ID)
	if got.Failures != 2 || !got.RetryAt.Equal(at(1, 8, 11)) {
		t.Fatalf("after the 429: failures %d, retry at %v; want 2, 08:11", got.Failures, got.RetryAt)
	}
	h.runAt(at(1, 8, 5))
	if h.poster.attempts != 2 {
		t.Fatalf("retried before Retry-After: %d attempts", h.poster.attempts)
	}
	h.runAt(at(1, 8, 11))
	posts := h.poster.Posts()
	if h.poster.attempts != 3 || len(posts) != 1 {
		t.Fatalf("%d attempts, %d posts; want 3, 1", h.poster.attempts, len(posts))
	}
	if ids := strings.Join(sortedIDs(docIDs(posts[0].reply)), ","); ids != "a,b" {
		t.Errorf("retried digest covers %q, want a,b", ids)
	}
	got, _ = h.store.Subscription(t.Context(), sub.ID)
	if !got.Watermark.Equal(at(1, 8, 11)) || got.Failures != 0 || got.LastError != "" {
		t.Errorf("after the retry succeeded: %+v", got)
	}
	if due, _ := Due(got); !due.Equal(at(2, 8, 0)) {
		t.Errorf("next due %v, want day 2 08:00", due)
	}
	h.runAt(at(1, 12, 0))
	if len(h.poster.Posts()) != 1 {
		t.Error("posted again after the retry")
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestNothingNew(t *testing.T) {
	h := newHarness(t)
	sub := h.subscribe("daily 08:00")
	h.runAt(at(1, 8, 0))
	if n := len(h.poster.Posts()); n != 0 {
		t.Fatalf("posted %d empty digests", n)
	}
	got, _ := h.store.Subscription(t.Context(), sub.ID)
	if due, _ := Due(got); !due.Equal(at(2, 8, 0)) {
		t.Errorf("an empty run is not done: next due %v", due)
	}
	h.svc.PostEmpty = true
	h.runAt(at(2, 8, 0))
	posts := h.poster.Posts()
	if len(posts) != 1 || posts[0].reply.Kind != bot.KindMessage || !strings.HasPrefix(posts[0].reply.Text, "Nothing new") {
		t.Fatalf("post_empty: %+v", posts)
	}
}

func TestPlatformWithoutPoster(t *testing.T) {
	h := newHarness(t)
	if err := h.svc.Sync(t.Context(), []Declared{{Platform: "discord", Channel: "99", Schedule: "daily 08:00"}}); err != nil {
		t.Fatal(err)
	}
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0))
	subs, _ := h.store.Subscriptions(t.Context())
	if len(subs) != 1 || subs[0].Failures != 1 || !strings.Contains(subs[0].LastError, "no discord connection") {
		t.Errorf("subscription without a poster: %+v", subs)
	}
}

func TestSyncDeclared(t *testing.T) {
	h := newHarness(t)
	decl := []Declared{
		{Platform: "slack", Channel: "C1", Schedule: "daily 08:00", Topic: "north korea"},
		{Platform: "slack", Channel: "C2", Schedule: "weekly mon 09:00 Europe/London"},
	}
	if err := h.svc.Sync(t.Context(), decl); err != nil {
		t.Fatal(err)
	}
	h.ingest(at(1, 7, 30), "a")
	h.runAt(at(1, 8, 0))
	first, _ := h.store.Subscriptions(t.Context())
	h.restart()
	h.clock.Set(at(1, 9, 0))
	if err := h.svc.Sync(t.Context(), decl); err != nil {
		t.Fatal(err)
	}
	again, _ := h.store.Subscriptions(t.Context())
	if len(again) != 2 || again[0].ID != first[0].ID || !again[0].Watermark.Equal(first[0].Watermark) || !again[0].Declared {
		t.Fatalf("re-sync changed subscriptions:\n%+v\n%+v", first, again)
	}
	// A chat subscription survives; a declared one no longer declared goes.
	h.subscribe("@daily")
	if err := h.svc.Sync(t.Context(), decl[1:]); err != nil {
		t.Fatal(err)
	}
	subs, _ := h.store.Subscriptions(t.Context())
	if len(subs) != 2 || subs[0].Channel != "C2" || subs[1].Declared {
		t.Errorf("after dropping a declared digest: %+v", subs)
	}
	err := h.svc.Sync(t.Context(), []Declared{{Platform: "slack", Channel: "C1", Schedule: "daily 8am"}})
	var se *Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "digests[0]") {
		t.Errorf("bad declared schedule: %v", err)
	}
}
