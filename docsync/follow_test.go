package docsync

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/state/pgstate"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/internal/pgtest"
)

var pg pgtest.Shared

func TestMain(m *testing.M) { os.Exit(pg.Main(m)) }

// replica is one replica's index, journaling to the shared database.
func replica(t testing.TB, db *pgstate.Store) (*index.Index, *Follower) {
	t.Helper()
	ix, err := index.Open(t.Context(), filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetJournal(db.Documents())
	return ix, &Follower{Journal: db.Documents(), Index: ix}
}

func openDB(t testing.TB) *pgstate.Store {
	t.Helper()
	db, err := pgstate.Open(t.Context(), pg.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func doc(id, text string) corpus.Document {
	return corpus.Document{ID: id, Title: "Report " + id, URL: "https://news.example/" + id, Text: text}
}

// has reports whether ix holds id, and with which text.
func has(t *testing.T, ix *index.Index, id string) (string, bool) {
	t.Helper()
	d, ok, err := ix.Document(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Text, ok
}

func catchUp(t *testing.T, f *Follower) int {
	t.Helper()
	n, err := f.CatchUp(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// What one replica ingests, updates and removes, the other follows; a new
// replica catches up with what is there now; a document ingested by both
// is written once.
func TestReplicasFollowEachOther(t *testing.T) {
	ctx := t.Context()
	db := openDB(t)
	a, fa := replica(t, db)
	b, fb := replica(t, db)
	ferry := "Ferries to the islands resume on Monday after the storm, the operator said."
	if _, err := a.Add(ctx, []corpus.Document{doc("ferry", ferry), doc("bridge", "The old bridge closes for repairs in June.")}); err != nil {
		t.Fatal(err)
	}
	if n, err := fb.Behind(ctx); err != nil || n == 0 {
		t.Errorf("b behind by %d, %v before catching up", n, err)
	}
	if n := catchUp(t, fb); n != 2 {
		t.Errorf("b applied %d changes, want 2", n)
	}
	if n, err := fb.Behind(ctx); err != nil || n != 0 {
		t.Errorf("b behind by %d, %v after catching up", n, err)
	}
	if got, ok := has(t, b, "ferry"); !ok || got != ferry {
		t.Fatalf("b has ferry: %v %q", ok, got)
	}
	// b ingests the same ferry report (unchanged): nothing new to follow.
	if _, err := b.Add(ctx, []corpus.Document{doc("ferry", ferry)}); err != nil {
		t.Fatal(err)
	}
	catchUp(t, fa)
	if n := catchUp(t, fa); n != 0 {
		t.Errorf("an unchanged document was journaled again: %d changes", n)
	}
	// b updates it and removes the bridge; a follows both.
	ferry2 := "Ferries to the islands resume on Tuesday, a day late, the operator said."
	if _, err := b.Add(ctx, []corpus.Document{doc("ferry", ferry2)}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Remove(ctx, []string{"bridge"}); err != nil {
		t.Fatal(err)
	}
	if n := catchUp(t, fa); n != 2 {
		t.Errorf("a applied %d changes, want 2 (an update, a removal)", n)
	}
	if got, _ := has(t, a, "ferry"); got != ferry2 {
		t.Errorf("a has ferry as %q, want the update", got)
	}
	if _, ok := has(t, a, "bridge"); ok {
		t.Error("a still has the removed bridge")
	}
	// A new replica (a wiped data dir) catches up with what is there now.
	c, fc := replica(t, db)
	if n := catchUp(t, fc); n != 2 {
		t.Errorf("c applied %d changes, want 2", n)
	}
	if got, ok := has(t, c, "ferry"); !ok || got != ferry2 {
		t.Errorf("c has ferry: %v %q", ok, got)
	}
	if _, ok := has(t, c, "bridge"); ok {
		t.Error("c has the removed bridge")
	}
	if n := catchUp(t, fc); n != 0 {
		t.Errorf("caught up, c applied %d more", n)
	}
}

// Run follows within moments of a change, woken by the database's
// notification rather than its poll.
func TestRunFollowsOnNotification(t *testing.T) {
	db := openDB(t)
	a, _ := replica(t, db)
	b, fb := replica(t, db)
	fb.Interval = time.Hour // only a notification wakes it in time
	if fb.CaughtUp() {
		t.Error("caught up before it ran")
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { fb.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(200 * time.Millisecond) // b is listening
	if !fb.CaughtUp() {
		t.Error("not caught up with an empty journal")
	}
	start := time.Now()
	if _, err := a.Add(t.Context(), []corpus.Document{doc("tram", "The tram line to the airport opens in May.")}); err != nil {
		t.Fatal(err)
	}
	for {
		if _, ok := has(t, b, "tram"); ok {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatal("b did not follow within 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("followed in %v", time.Since(start).Round(time.Millisecond))
}

// A replica catching up keeps the journal's first-seen times for what it
// did not follow live, so its digests do not take old documents for new;
// what it follows live is first seen when it arrives.
func TestCatchUpKeepsFirstSeen(t *testing.T) {
	db := openDB(t)
	a, _ := replica(t, db)
	if _, err := a.Add(t.Context(), []corpus.Document{doc("old", "The museum reopened its east wing after two years of work.")}); err != nil {
		t.Fatal(err)
	}
	// b's clock reads a year on: the journal's times are earlier.
	later := time.Now().AddDate(1, 0, 0)
	b, err := index.Open(t.Context(), filepath.Join(t.TempDir(), "index"), index.Options{Now: func() time.Time { return later }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fb := &Follower{Journal: db.Documents(), Index: b}
	catchUp(t, fb)
	if _, err := a.Add(t.Context(), []corpus.Document{doc("new", "The museum's west wing closes for the same work in May.")}); err != nil {
		t.Fatal(err)
	}
	catchUp(t, fb)
	for id, wantLater := range map[string]bool{"old": false, "new": true} {
		d, ok, err := b.Document(t.Context(), id)
		if err != nil || !ok {
			t.Fatalf("%s: %v, %v", id, ok, err)
		}
		switch {
		case wantLater && !d.FirstSeen.Equal(later):
			t.Errorf("%s, followed live, first seen %v; want the replica's time %v", id, d.FirstSeen, later)
		case !wantLater && (time.Since(d.FirstSeen) > time.Hour || d.FirstSeen.After(time.Now())):
			t.Errorf("%s, caught up, first seen %v; want the journal's time, this last hour", id, d.FirstSeen)
		}
	}
}
