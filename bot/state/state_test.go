package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

func TestSubscriptionsPersistAcrossReopen(t *testing.T) {
	s, path := openTemp(t)
	t0 := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	sub := Subscription{Platform: "slack", Channel: "C1", Schedule: "daily 08:00", Topic: "North  Korea", CreatedBy: "U1", CreatedAt: t0, Watermark: t0, LastRun: t0}
	got, added, err := s.Add(t.Context(), sub)
	if err != nil || !added {
		t.Fatalf("Add = %v, %v", added, err)
	}
	if len(got.ID) != 6 || got.ID != ID("slack", "C1", "daily 08:00", "north korea") {
		t.Fatalf("id %q is not the stable id", got.ID)
	}
	// The same subscription again is not added twice and keeps its state.
	if _, err := s.Delivered(t.Context(), Delivery{SubID: got.ID, Since: t0, Until: t0.Add(24 * time.Hour), Items: 3, PostedAt: t0.Add(24 * time.Hour)}, t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	again, added, err := s.Add(t.Context(), sub)
	if err != nil || added {
		t.Fatalf("second Add = %v, %v", added, err)
	}
	if !again.Watermark.Equal(t0.Add(24 * time.Hour)) {
		t.Fatalf("second Add reset the watermark to %v", again.Watermark)
	}
	if err := s.Put(t.Context(), "https://a.example/feed", `"e1"`, "Mon, 01 Jan 2024 00:00:00 GMT"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	subs, err := s.Subscriptions(t.Context())
	if err != nil || len(subs) != 1 {
		t.Fatalf("after reopen: %v, %v", subs, err)
	}
	if subs[0].Watermark != t0.Add(24*time.Hour) || subs[0].CreatedBy != "U1" {
		t.Errorf("after reopen: %+v", subs[0])
	}
	ds, err := s.Deliveries(t.Context(), got.ID)
	if err != nil || len(ds) != 1 || ds[0].Items != 3 {
		t.Errorf("deliveries = %+v, %v", ds, err)
	}
	if e, l := s.Get(t.Context(), "https://a.example/feed"); e != `"e1"` || l == "" {
		t.Errorf("validators = %q, %q", e, l)
	}
	if e, l := s.Get(t.Context(), "https://other.example/"); e != "" || l != "" {
		t.Errorf("unknown feed validators = %q, %q", e, l)
	}
	if err := s.Remove(t.Context(), got.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(t.Context(), got.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove = %v, want ErrNotFound", err)
	}
}

func TestDeliveredNeverMovesWatermarkBack(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	t0 := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	sub, _, _ := s.Add(t.Context(), Subscription{Platform: "discord", Channel: "9", Schedule: "@daily", CreatedAt: t0, Watermark: t0})
	if _, err := s.Update(t.Context(), sub.ID, func(x *Subscription) { x.Failures, x.LastError = 2, "boom" }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Delivered(t.Context(), Delivery{SubID: sub.ID, Until: t0.Add(time.Hour)}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.Failures != 0 || got.LastError != "" {
		t.Errorf("delivery kept the failure: %+v", got)
	}
	got, _ = s.Delivered(t.Context(), Delivery{SubID: sub.ID, Until: t0}, t0)
	if !got.Watermark.Equal(t0.Add(time.Hour)) {
		t.Errorf("watermark moved back to %v", got.Watermark)
	}
	if _, err := s.Delivered(t.Context(), Delivery{SubID: "nope"}, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("delivery to unknown sub: %v", err)
	}
}

func TestCorruptStateRefused(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("this is not a bbolt file\n", 2000)), 0o600)

	// A valid bbolt file with someone else's buckets.
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	db.Close()

	// A briefbot file whose subscription record was overwritten.
	damaged := filepath.Join(dir, "damaged.db")
	s, err := Open(damaged)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(t.Context(), Subscription{Platform: "slack", Channel: "C", Schedule: "@daily"})
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bSubs).Put([]byte("abcdef"), []byte("{not json")) })
	s.Close()

	// A real file with its pages overwritten past the meta pages.
	smashed := filepath.Join(dir, "smashed.db")
	s, _ = Open(smashed)
	for i := range 50 {
		s.Add(t.Context(), Subscription{Platform: "slack", Channel: "C" + strings.Repeat("x", i), Schedule: "@daily", Topic: strings.Repeat("topic ", 100)})
	}
	s.Close()
	raw, _ := os.ReadFile(smashed)
	for i := 4 * 4096; i < len(raw); i++ {
		raw[i] = 0xA5
	}
	os.WriteFile(smashed, raw, 0o600)

	// A file truncated to nothing.
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)

	for _, path := range []string{garbage, foreign, damaged, smashed, empty} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before, _ := os.ReadFile(path)
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("opened a corrupt file")
			}
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Path != path {
				t.Fatalf("err = %v, want CorruptError naming %s", err, path)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("message %q does not name the file", err)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Error("the corrupt file was changed")
			}
		})
	}
}

func TestIDTypeable(t *testing.T) {
	seen := map[string]bool{}
	for i := range 2000 {
		id := ID("slack", "C"+string(rune('A'+i%26)), "@daily", strings.Repeat("x", i))
		if len(id) != 6 || strings.ContainsAny(id, "01lIoO") {
			t.Fatalf("id %q is not short and unambiguous", id)
		}
		seen[id] = true
	}
	if len(seen) < 1990 {
		t.Errorf("only %d distinct ids from 2000 subscriptions", len(seen))
	}
}

func TestFeedChangesPersist(t *testing.T) {
	s, path := openTemp(t)
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, c := range []FeedChange{
		{URL: "https://a.example/feed", Follow: true, By: "U1", At: t0},
		{URL: "https://b.example/feed", Follow: false, By: "U1", At: t0},
		{URL: "https://a.example/feed", Follow: false, By: "U2", At: t0.Add(time.Hour)}, // latest wins
		{URL: "https://c.example/feed", Follow: true, By: "U2", At: t0.Add(2 * time.Hour)},
	} {
		if err := s.SetFeed(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.FeedChanges(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"https://a.example/feed": false, "https://b.example/feed": false, "https://c.example/feed": true}
	if len(got) != len(want) {
		t.Fatalf("changes %+v", got)
	}
	for _, c := range got {
		if f, ok := want[c.URL]; !ok || f != c.Follow {
			t.Errorf("%s follow %v, want %v", c.URL, c.Follow, f)
		}
		if c.URL == "https://a.example/feed" && c.By != "U2" {
			t.Errorf("a: by %q, want the latest change's U2", c.By)
		}
	}
}

// TestPendingOutlivesReopen: an intent recorded before a post is on disk
// when the process dies; updates leave it alone; only a delivery clears it.
func TestPendingOutlivesReopen(t *testing.T) {
	s, path := openTemp(t)
	t0 := time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)
	sub, _, _ := s.Add(t.Context(), Subscription{Platform: "slack", Channel: "C1", Schedule: "daily 08:00", CreatedAt: t0.Add(-time.Hour), Watermark: t0.Add(-time.Hour), LastRun: t0.Add(-time.Hour)})
	p := Pending{Key: sub.ID + "-20240304T080000Z", Ran: t0, Since: t0.Add(-time.Hour), Until: t0, Items: 2, More: 1, At: t0}
	if _, err := s.Intend(t.Context(), sub.ID, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Intend(t.Context(), "nope23", p); !errors.Is(err, ErrNotFound) {
		t.Errorf("Intend on an unknown subscription: %v", err)
	}
	s.Close() // as a kill would leave it: nothing written after the intent
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, _ := s.Subscription(t.Context(), sub.ID)
	if got.Pending == nil || !reflect.DeepEqual(*got.Pending, p) {
		t.Fatalf("pending after reopen = %+v, want %+v", got.Pending, p)
	}
	got, _ = s.Update(t.Context(), sub.ID, func(x *Subscription) { x.Failures = 1 })
	if got.Pending == nil {
		t.Fatal("an update dropped the pending post")
	}
	got, err = s.Delivered(t.Context(), Delivery{SubID: sub.ID, Since: p.Since, Until: p.Until, Items: p.Items, Key: p.Key, Found: true, PostedAt: p.At}, p.Ran)
	if err != nil {
		t.Fatal(err)
	}
	if got.Pending != nil || !got.Watermark.Equal(t0) || !got.LastRun.Equal(t0) || got.Failures != 0 {
		t.Errorf("after delivery: %+v", got)
	}
	if ds, _ := s.Deliveries(t.Context(), sub.ID); len(ds) != 1 || ds[0].Key != p.Key || !ds[0].Found {
		t.Errorf("deliveries = %+v", ds)
	}
}

// TestOpensStoreWrittenBeforePending opens a state file as the version
// before pending posts wrote it (no pending field, no feed buckets): its
// subscriptions decode with nothing pending and take an intent.
func TestOpensStoreWrittenBeforePending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := `{"id":"k3m9xq","platform":"slack","channel":"C1","schedule":"daily 08:00","created_by":"U1","created_at":"2024-03-01T08:00:00Z","watermark":"2024-03-03T08:00:00Z","last_run":"2024-03-03T08:00:00Z","failures":1,"retry_at":"2024-03-04T08:01:00Z","last_error":"boom","last_error_at":"2024-03-04T08:00:00Z"}`
	err = db.Update(func(tx *bolt.Tx) error {
		meta, _ := tx.CreateBucket([]byte("meta"))
		meta.Put([]byte("version"), []byte("1"))
		subs, _ := tx.CreateBucket([]byte("subscriptions"))
		tx.CreateBucket([]byte("deliveries"))
		tx.CreateBucket([]byte("feed_validators"))
		return subs.Put([]byte("k3m9xq"), []byte(old))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatalf("open a store from before pending posts: %v", err)
	}
	defer s.Close()
	sub, err := s.Subscription(t.Context(), "k3m9xq")
	if err != nil || sub.Pending != nil || sub.Failures != 1 || !sub.Watermark.Equal(time.Date(2024, 3, 3, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("old subscription = %+v, %v", sub, err)
	}
	p := Pending{Key: "k3m9xq-20240304T080000Z", At: time.Date(2024, 3, 4, 8, 1, 0, 0, time.UTC)}
	if got, err := s.Intend(t.Context(), "k3m9xq", p); err != nil || got.Pending == nil || got.LastError != "boom" {
		t.Errorf("intent on an old subscription = %+v, %v", got, err)
	}
}

func TestAddLimited(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	add := func(channel, schedule string) (bool, error) {
		_, added, err := s.AddLimited(t.Context(), Subscription{Platform: "slack", Channel: channel, Schedule: schedule}, 3)
		return added, err
	}
	for _, sch := range []string{"@daily", "@weekly", "@hourly"} {
		if added, err := add("C1", sch); !added || err != nil {
			t.Fatalf("add %s = %v, %v", sch, added, err)
		}
	}
	var le *LimitError
	if added, err := add("C1", "@every 6h"); added || !errors.As(err, &le) || le.Limit != 3 || le.Channel != "C1" {
		t.Errorf("a fourth in C1 = %v, %v; want a LimitError", added, err)
	}
	// One the channel has is returned as it is, at the limit too.
	if added, err := add("C1", "@weekly"); added || err != nil {
		t.Errorf("an existing one at the limit = %v, %v", added, err)
	}
	// Other channels, and the same channel id on another platform, count apart.
	if added, err := add("C2", "@every 6h"); !added || err != nil {
		t.Errorf("another channel = %v, %v", added, err)
	}
	if _, added, err := s.AddLimited(t.Context(), Subscription{Platform: "discord", Channel: "C1", Schedule: "@daily"}, 3); !added || err != nil {
		t.Errorf("another platform = %v, %v", added, err)
	}
	if _, added, err := s.AddLimited(t.Context(), Subscription{Platform: "slack", Channel: "C1", Schedule: "@every 2h"}, 0); !added || err != nil {
		t.Errorf("limit 0 = %v, %v; want no limit", added, err)
	}
}

// TestAddLimitedConcurrent: subscribes racing each other cannot pass the
// limit together.
func TestAddLimitedConcurrent(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.AddLimited(t.Context(), Subscription{Platform: "slack", Channel: "C1", Schedule: fmt.Sprintf("@every %dm", i+1)}, 20)
		}()
	}
	wg.Wait()
	if subs, _ := s.Subscriptions(t.Context()); len(subs) != 20 {
		t.Errorf("%d subscriptions, want the limit of 20", len(subs))
	}
}
