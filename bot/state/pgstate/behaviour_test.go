package pgstate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/internal/pgtest"
)

var pg pgtest.Shared

func TestMain(m *testing.M) { os.Exit(pg.Main(m)) }

// stateStore is the method set package state's Store and this package's
// share; the behavioural tests below run against both.
type stateStore interface {
	Add(context.Context, state.Subscription) (state.Subscription, bool, error)
	AddLimited(context.Context, state.Subscription, int) (state.Subscription, bool, error)
	Intend(context.Context, string, state.Pending) (state.Subscription, error)
	Subscription(context.Context, string) (state.Subscription, error)
	Subscriptions(context.Context) ([]state.Subscription, error)
	Remove(context.Context, string) error
	Update(context.Context, string, func(*state.Subscription)) (state.Subscription, error)
	Delivered(context.Context, state.Delivery, time.Time) (state.Subscription, error)
	Deliveries(context.Context, string) ([]state.Delivery, error)
	Get(context.Context, string) (string, string)
	Put(context.Context, string, string, string) error
	Seen(context.Context, string) []string
	PutSeen(context.Context, string, []string) error
	SetFeed(context.Context, state.FeedChange) error
	FeedChanges(context.Context) ([]state.FeedChange, error)
	Vote(context.Context, state.Feedback) error
	Feedback(context.Context, time.Time) ([]state.Feedback, error)
	Path() string
	Close() error
}

// conversations is the method set of both Conversations.
type conversations interface {
	Claim(context.Context, time.Time, time.Duration, ...string) (bool, error)
	Thread(context.Context, state.ThreadKey, time.Time) (state.Thread, bool, error)
	AddTurn(context.Context, state.ThreadKey, state.Turn, ...string) error
	Resolve(context.Context, string, string, string, time.Time) (state.ThreadKey, bool, error)
}

// Both stores satisfy the shared method sets.
var (
	_ stateStore    = (*state.Store)(nil)
	_ stateStore    = (*Store)(nil)
	_ conversations = (*state.Conversations)(nil)
	_ conversations = (*Conversations)(nil)
)

// backend opens a store, and a second handle on the same state (a reopen
// of the file; another replica on the same database) for tests of what
// outlives a process.
type backend struct {
	name string
	open func(t *testing.T) (first stateStore, again func() stateStore)
}

var backends = []backend{
	{"bbolt", func(t *testing.T) (stateStore, func() stateStore) {
		path := filepath.Join(t.TempDir(), "state.db")
		s, err := state.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, func() stateStore {
			s.Close() // bbolt has one writer: the file is handed over
			s2, err := state.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s2.Close() })
			return s2
		}
	}},
	{"postgres", func(t *testing.T) (stateStore, func() stateStore) {
		url := pg.DB(t)
		open := func() stateStore {
			s, err := Open(t.Context(), url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		return open(), open
	}},
}

func convs(t *testing.T, s stateStore) conversations {
	t.Helper()
	var c conversations
	var err error
	switch s := s.(type) {
	case *state.Store:
		c, err = s.Conversations()
	case *Store:
		c, err = s.Conversations()
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var t0 = time.Date(2024, 3, 1, 8, 0, 0, 123456789, time.UTC)

func TestSubscriptionsBehaveAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, again := b.open(t)
			sub := state.Subscription{Platform: "slack", Channel: "C1", Schedule: "daily 08:00", Topic: "North  Korea", CreatedBy: "U1", CreatedAt: t0, Watermark: t0, LastRun: t0}
			got, added, err := s.Add(t.Context(), sub)
			if err != nil || !added || got.ID != state.ID("slack", "C1", "daily 08:00", "north korea") {
				t.Fatalf("Add = %+v, %v, %v", got, added, err)
			}
			until := t0.Add(24 * time.Hour)
			d := state.Delivery{SubID: got.ID, Since: t0, Until: until, Items: 3, PostedAt: until, Key: "k1",
				Stories: []corpus.StoryRef{{Title: "Talks resume", Text: "Envoys met.", Date: t0}}}
			if _, err := s.Delivered(t.Context(), d, until); err != nil {
				t.Fatal(err)
			}
			// The same subscription again is not added twice and keeps its state.
			again1, added, err := s.Add(t.Context(), sub)
			if err != nil || added || !again1.Watermark.Equal(until) {
				t.Fatalf("second Add = %+v, %v, %v", again1, added, err)
			}
			// An older delivery never moves the watermark back.
			if sub2, err := s.Delivered(t.Context(), state.Delivery{SubID: got.ID, Since: t0, Until: t0.Add(time.Hour), PostedAt: until}, t0.Add(time.Hour)); err != nil || !sub2.Watermark.Equal(until) || !sub2.LastRun.Equal(until) {
				t.Fatalf("older delivery: %+v, %v", sub2, err)
			}
			later := state.Subscription{Platform: "slack", Channel: "C2", Schedule: "weekly mon 09:00", CreatedAt: t0.Add(-time.Hour)}
			if _, _, err := s.Add(t.Context(), later); err != nil {
				t.Fatal(err)
			}

			s2 := again()
			subs, err := s2.Subscriptions(t.Context())
			if err != nil || len(subs) != 2 || subs[0].Channel != "C2" || subs[1].ID != got.ID {
				t.Fatalf("Subscriptions (oldest first) = %+v, %v", subs, err)
			}
			if subs[1].Watermark != until || subs[1].CreatedBy != "U1" || subs[1].CreatedAt != t0 {
				t.Errorf("kept %+v; times must keep their nanoseconds", subs[1])
			}
			ds, err := s2.Deliveries(t.Context(), got.ID)
			if err != nil || len(ds) != 2 || ds[0].Items != 3 || !reflect.DeepEqual(ds[0], d) {
				t.Errorf("Deliveries = %+v, %v; want first %+v", ds, err, d)
			}
			if _, err := s2.Subscription(t.Context(), "nosuch"); !errors.Is(err, state.ErrNotFound) {
				t.Errorf("Subscription(nosuch) = %v, want ErrNotFound", err)
			}
			if _, err := s2.Update(t.Context(), "nosuch", func(*state.Subscription) {}); !errors.Is(err, state.ErrNotFound) {
				t.Errorf("Update(nosuch) = %v, want ErrNotFound", err)
			}
			if _, err := s2.Delivered(t.Context(), state.Delivery{SubID: "nosuch"}, t0); !errors.Is(err, state.ErrNotFound) {
				t.Errorf("Delivered(nosuch) = %v, want ErrNotFound", err)
			}
			if err := s2.Remove(t.Context(), got.ID); err != nil {
				t.Fatal(err)
			}
			if err := s2.Remove(t.Context(), got.ID); !errors.Is(err, state.ErrNotFound) {
				t.Errorf("second Remove = %v, want ErrNotFound", err)
			}
			if ds, err := s2.Deliveries(t.Context(), got.ID); err != nil || len(ds) != 0 {
				t.Errorf("deliveries outlived their subscription: %+v, %v", ds, err)
			}
			// Subscribed again, it starts with no deliveries.
			if _, added, err := s2.Add(t.Context(), sub); err != nil || !added {
				t.Fatalf("Add after Remove = %v, %v", added, err)
			}
			if ds, _ := s2.Deliveries(t.Context(), got.ID); len(ds) != 0 {
				t.Errorf("a new subscription inherited %d deliveries", len(ds))
			}
		})
	}
}

// An intent recorded before a post outlives the process; updates leave it
// alone; only a delivery clears it, with the failures.
func TestPendingBehavesAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, again := b.open(t)
			sub, _, err := s.Add(t.Context(), state.Subscription{Platform: "discord", Channel: "9", Schedule: "daily 07:00", CreatedAt: t0, Watermark: t0})
			if err != nil {
				t.Fatal(err)
			}
			p := state.Pending{Key: sub.ID + "@x", Ran: t0.Add(time.Hour), Since: t0, Until: t0.Add(time.Hour), Items: 2, At: t0.Add(time.Hour),
				Stories: []corpus.StoryRef{{Title: "a", Text: "b"}}}
			if _, err := s.Intend(t.Context(), sub.ID, p); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Intend(t.Context(), "nosuch", p); !errors.Is(err, state.ErrNotFound) {
				t.Errorf("Intend(nosuch) = %v", err)
			}
			s = again()
			if _, err := s.Update(t.Context(), sub.ID, func(x *state.Subscription) { x.Failures, x.LastError = 2, "boom" }); err != nil {
				t.Fatal(err)
			}
			got, err := s.Subscription(t.Context(), sub.ID)
			if err != nil || got.Pending == nil || !reflect.DeepEqual(*got.Pending, p) || got.Failures != 2 {
				t.Fatalf("after reopen and update: %+v, %v", got, err)
			}
			got, err = s.Delivered(t.Context(), state.Delivery{SubID: sub.ID, Since: p.Since, Until: p.Until, Items: p.Items, PostedAt: p.At, Key: p.Key, Found: true}, p.Ran)
			if err != nil || got.Pending != nil || got.Failures != 0 || got.LastError != "" || !got.LastRun.Equal(p.Ran) {
				t.Fatalf("Delivered = %+v, %v", got, err)
			}
		})
	}
}

func TestAddLimitedBehavesAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, _ := b.open(t)
			sub := func(ch, sched string) state.Subscription {
				return state.Subscription{Platform: "slack", Channel: ch, Schedule: sched, CreatedAt: t0}
			}
			for _, sc := range []string{"daily 08:00", "daily 09:00"} {
				if _, added, err := s.AddLimited(t.Context(), sub("C1", sc), 2); err != nil || !added {
					t.Fatalf("AddLimited %s = %v, %v", sc, added, err)
				}
			}
			var le *state.LimitError
			if _, _, err := s.AddLimited(t.Context(), sub("C1", "daily 10:00"), 2); !errors.As(err, &le) || le.Limit != 2 || le.Channel != "C1" {
				t.Fatalf("third in C1 = %v, want a LimitError", err)
			}
			// One the channel has is returned as it is, at the limit too.
			if got, added, err := s.AddLimited(t.Context(), sub("C1", "daily 08:00"), 2); err != nil || added || got.Schedule != "daily 08:00" {
				t.Fatalf("existing at the limit = %+v, %v, %v", got, added, err)
			}
			// Other channels, and the same channel id on another platform, count apart.
			other := sub("C1", "daily 10:00")
			other.Platform = "discord"
			for _, x := range []state.Subscription{sub("C2", "daily 10:00"), other} {
				if _, added, err := s.AddLimited(t.Context(), x, 2); err != nil || !added {
					t.Fatalf("AddLimited %+v = %v, %v", x, added, err)
				}
			}
			// Subscribes racing each other cannot pass the limit together.
			var wg sync.WaitGroup
			var mu sync.Mutex
			n := 0
			for i := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, added, err := s.AddLimited(t.Context(), sub("C3", fmt.Sprintf("daily %02d:00", i)), 3)
					if err != nil && !errors.As(err, new(*state.LimitError)) {
						t.Error(err)
					}
					mu.Lock()
					defer mu.Unlock()
					if added {
						n++
					}
				}()
			}
			wg.Wait()
			if n != 3 {
				t.Errorf("%d racing subscribes added, want the limit of 3", n)
			}
		})
	}
}

func TestFeedsBehaveAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, again := b.open(t)
			if err := s.Put(t.Context(), "https://a.example/feed", `"e1"`, "Mon, 01 Jan 2024 00:00:00 GMT"); err != nil {
				t.Fatal(err)
			}
			if err := s.Put(t.Context(), "https://b.example/feed", `"e2"`, ""); err != nil {
				t.Fatal(err)
			}
			if err := s.Put(t.Context(), "https://b.example/feed", "", ""); err != nil { // forgets
				t.Fatal(err)
			}
			if err := s.PutSeen(t.Context(), "https://a.example/feed", []string{"k1", "k2"}); err != nil {
				t.Fatal(err)
			}
			for _, c := range []state.FeedChange{
				{URL: "https://b.example/feed", Follow: false, By: "U1", At: t0},
				{URL: "https://a.example/feed", Follow: true, By: "U1", At: t0},
				{URL: "https://a.example/feed", Follow: false, By: "U2", At: t0.Add(time.Hour)}, // latest wins
			} {
				if err := s.SetFeed(t.Context(), c); err != nil {
					t.Fatal(err)
				}
			}
			s = again()
			if e, l := s.Get(t.Context(), "https://a.example/feed"); e != `"e1"` || l == "" {
				t.Errorf("validators = %q, %q", e, l)
			}
			if e, l := s.Get(t.Context(), "https://b.example/feed"); e != "" || l != "" {
				t.Errorf("forgotten validators = %q, %q", e, l)
			}
			if got := s.Seen(t.Context(), "https://a.example/feed"); !reflect.DeepEqual(got, []string{"k1", "k2"}) {
				t.Errorf("Seen = %q", got)
			}
			if got := s.Seen(t.Context(), "https://other.example/"); got != nil {
				t.Errorf("Seen of an unknown feed = %q", got)
			}
			chs, err := s.FeedChanges(t.Context())
			want := []state.FeedChange{
				{URL: "https://a.example/feed", Follow: false, By: "U2", At: t0.Add(time.Hour)},
				{URL: "https://b.example/feed", Follow: false, By: "U1", At: t0},
			}
			if err != nil || !reflect.DeepEqual(chs, want) {
				t.Errorf("FeedChanges = %+v, %v; want %+v", chs, err, want)
			}
		})
	}
}

func TestClaimsBehaveAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, again := b.open(t)
			c := convs(t, s)
			now := t0
			steps := []struct {
				at   time.Duration
				keys []string
				want bool
			}{
				{0, []string{"ev1", "msg1"}, true},
				{time.Minute, []string{"ev2", "msg1"}, false}, // msg1 is taken: nothing recorded
				{time.Minute, []string{"ev2"}, true},          // so ev2 was free
				{time.Minute, []string{"ev3", "ev3"}, true},   // a key twice is one key
				{2 * time.Hour, []string{"ev1"}, true},        // expired after an hour
			}
			for i, st := range steps {
				if i == 4 {
					c = convs(t, again()) // claims outlive the process
				}
				got, err := c.Claim(t.Context(), now.Add(st.at), time.Hour, st.keys...)
				if err != nil || got != st.want {
					t.Fatalf("step %d: Claim(%v) = %v, %v; want %v", i, st.keys, got, err, st.want)
				}
			}
			if _, err := c.Claim(t.Context(), now, time.Hour); err == nil {
				t.Error("a claim of no keys was accepted")
			}
			// Claims racing for one key: one winner.
			var wg sync.WaitGroup
			var mu sync.Mutex
			wins := 0
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, err := c.Claim(t.Context(), now.Add(3*time.Hour), time.Hour, "race", "race2")
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					defer mu.Unlock()
					if ok {
						wins++
					}
				}()
			}
			wg.Wait()
			if wins != 1 {
				t.Errorf("%d racing claims won, want 1", wins)
			}
		})
	}
}

func TestThreadsBehaveAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, again := b.open(t)
			c := convs(t, s)
			k := state.ThreadKey{Platform: "slack", Channel: "C1", Thread: "100.1"}
			for i := range state.MaxTurns + 2 {
				turn := state.Turn{Question: fmt.Sprint("q", i), Docs: []string{"d"}, At: t0.Add(time.Duration(i) * time.Minute)}
				if err := c.AddTurn(t.Context(), k, turn, fmt.Sprint("reply", i), ""); err != nil {
					t.Fatal(err)
				}
			}
			c = convs(t, again())
			th, ok, err := c.Thread(t.Context(), k, t0.Add(time.Hour))
			if err != nil || !ok || len(th.Turns) != state.MaxTurns || th.Turns[0].Question != "q2" || !th.Updated.Equal(t0.Add(11*time.Minute)) {
				t.Fatalf("Thread = %+v, %v, %v", th, ok, err)
			}
			if _, ok, _ := c.Thread(t.Context(), k, t0.Add(11*time.Minute+state.ThreadKeep)); ok {
				t.Error("a thread outlived ThreadKeep")
			}
			if _, ok, err := c.Thread(t.Context(), state.ThreadKey{Platform: "slack", Channel: "C1", Thread: "nosuch"}, t0); ok || err != nil {
				t.Errorf("unknown thread: %v, %v", ok, err)
			}
			got, ok, err := c.Resolve(t.Context(), "slack", "C1", "reply3", t0.Add(time.Hour))
			if err != nil || !ok || got != k {
				t.Errorf("Resolve(reply3) = %+v, %v, %v", got, ok, err)
			}
			if _, ok, err := c.Resolve(t.Context(), "slack", "C2", "reply3", t0); ok || err != nil {
				t.Errorf("Resolve in another channel = %v, %v", ok, err)
			}
			if _, ok, _ := c.Resolve(t.Context(), "slack", "C1", "reply3", t0.Add(3*time.Minute+state.ThreadKeep)); ok {
				t.Error("a link outlived ThreadKeep")
			}
		})
	}
}

// A user's vote on an answer replaces their earlier one; votes are listed
// oldest first from a time on; a vote missing what names it is refused.
func TestFeedbackBehavesAlike(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, again := b.open(t)
			ctx := t.Context()
			vote := func(user, answer, v string, at time.Duration) state.Feedback {
				return state.Feedback{At: t0.Add(at), Platform: "slack", Channel: "C1", User: user, AnswerID: answer, Question: "q " + answer, Vote: v,
					Docs: []string{"d1"}, Passages: []state.FeedbackPassage{{N: 1, DocID: "d1", Text: "passage"}}}
			}
			for _, f := range []state.Feedback{
				vote("U1", "a1", state.VoteUp, 0),
				vote("U2", "a1", state.VoteDown, time.Minute),
				vote("U1", "a2", state.VoteUp, 2*time.Minute),
				vote("U1", "a1", state.VoteDown, 3*time.Minute), // U1 changes their mind
			} {
				if err := s.Vote(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			for _, bad := range []state.Feedback{
				{At: t0, Platform: "slack", AnswerID: "a1", Vote: state.VoteUp},
				{At: t0, Platform: "slack", AnswerID: "a1", User: "U1", Vote: "meh"},
				{Platform: "slack", AnswerID: "a1", User: "U1", Vote: state.VoteUp},
			} {
				if err := s.Vote(ctx, bad); err == nil {
					t.Errorf("Vote(%+v) accepted", bad)
				}
			}
			s = again()
			got, err := s.Feedback(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			want := []state.Feedback{vote("U2", "a1", state.VoteDown, time.Minute), vote("U1", "a2", state.VoteUp, 2*time.Minute), vote("U1", "a1", state.VoteDown, 3*time.Minute)}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Feedback = %+v\nwant %+v", got, want)
			}
			if got, err := s.Feedback(ctx, t0.Add(2*time.Minute)); err != nil || len(got) != 2 || got[0].AnswerID != "a2" {
				t.Errorf("Feedback since 2 min = %+v, %v", got, err)
			}
			if got, err := s.Feedback(ctx, t0.Add(2*time.Minute+time.Nanosecond)); err != nil || len(got) != 1 {
				t.Errorf("Feedback since a nanosecond later = %+v, %v", got, err)
			}
		})
	}
}
