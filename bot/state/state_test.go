package state

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
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
	got, added, err := s.Add(sub)
	if err != nil || !added {
		t.Fatalf("Add = %v, %v", added, err)
	}
	if len(got.ID) != 6 || got.ID != ID("slack", "C1", "daily 08:00", "north korea") {
		t.Fatalf("id %q is not the stable id", got.ID)
	}
	// The same subscription again is not added twice and keeps its state.
	if _, err := s.Delivered(Delivery{SubID: got.ID, Since: t0, Until: t0.Add(24 * time.Hour), Items: 3, PostedAt: t0.Add(24 * time.Hour)}, t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	again, added, err := s.Add(sub)
	if err != nil || added {
		t.Fatalf("second Add = %v, %v", added, err)
	}
	if !again.Watermark.Equal(t0.Add(24 * time.Hour)) {
		t.Fatalf("second Add reset the watermark to %v", again.Watermark)
	}
	if err := s.Put("https://a.example/feed", `"e1"`, "Mon, 01 Jan 2024 00:00:00 GMT"); err != nil {
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
	subs, err := s.Subscriptions()
	if err != nil || len(subs) != 1 {
		t.Fatalf("after reopen: %v, %v", subs, err)
	}
	if subs[0].Watermark != t0.Add(24*time.Hour) || subs[0].CreatedBy != "U1" {
		t.Errorf("after reopen: %+v", subs[0])
	}
	ds, err := s.Deliveries(got.ID)
	if err != nil || len(ds) != 1 || ds[0].Items != 3 {
		t.Errorf("deliveries = %+v, %v", ds, err)
	}
	if e, l := s.Get("https://a.example/feed"); e != `"e1"` || l == "" {
		t.Errorf("validators = %q, %q", e, l)
	}
	if e, l := s.Get("https://other.example/"); e != "" || l != "" {
		t.Errorf("unknown feed validators = %q, %q", e, l)
	}
	if err := s.Remove(got.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(got.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove = %v, want ErrNotFound", err)
	}
}

func TestDeliveredNeverMovesWatermarkBack(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	t0 := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	sub, _, _ := s.Add(Subscription{Platform: "discord", Channel: "9", Schedule: "@daily", CreatedAt: t0, Watermark: t0})
	if _, err := s.Update(sub.ID, func(x *Subscription) { x.Failures, x.LastError = 2, "boom" }); err != nil {
		t.Fatal(err)
	}
	got, err := s.Delivered(Delivery{SubID: sub.ID, Until: t0.Add(time.Hour)}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.Failures != 0 || got.LastError != "" {
		t.Errorf("delivery kept the failure: %+v", got)
	}
	got, _ = s.Delivered(Delivery{SubID: sub.ID, Until: t0}, t0)
	if !got.Watermark.Equal(t0.Add(time.Hour)) {
		t.Errorf("watermark moved back to %v", got.Watermark)
	}
	if _, err := s.Delivered(Delivery{SubID: "nope"}, t0); !errors.Is(err, ErrNotFound) {
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
	s.Add(Subscription{Platform: "slack", Channel: "C", Schedule: "@daily"})
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bSubs).Put([]byte("abcdef"), []byte("{not json")) })
	s.Close()

	// A real file with its pages overwritten past the meta pages.
	smashed := filepath.Join(dir, "smashed.db")
	s, _ = Open(smashed)
	for i := range 50 {
		s.Add(Subscription{Platform: "slack", Channel: "C" + strings.Repeat("x", i), Schedule: "@daily", Topic: strings.Repeat("topic ", 100)})
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
		if err := s.SetFeed(c); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.FeedChanges()
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
