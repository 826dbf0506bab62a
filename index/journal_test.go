package index

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// recordingJournal keeps what it is told; fail makes it refuse.
type recordingJournal struct {
	added   []string
	removed []string
	fail    error
}

func (j *recordingJournal) Added(_ context.Context, docs []corpus.Document) error {
	if j.fail != nil {
		return j.fail
	}
	for _, d := range docs {
		j.added = append(j.added, d.ID)
	}
	return nil
}

func (j *recordingJournal) Removed(_ context.Context, ids []string) error {
	if j.fail != nil {
		return j.fail
	}
	j.removed = append(j.removed, ids...)
	return nil
}

// Add and Remove are journaled before they apply, and nothing applies
// when the journal refuses; Apply and ApplyRemoval, the follower's, are
// not journaled again.
func TestJournal(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, nil)
	j := &recordingJournal{}
	ix.SetJournal(j)
	doc := func(id string) corpus.Document {
		return corpus.Document{ID: id, Title: "Title " + id, Text: "Ferries to the islands resume after the storm, the operator said " + id + "."}
	}
	if _, err := ix.Add(ctx, []corpus.Document{doc("a"), doc("b")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Apply(ctx, []corpus.Document{doc("c")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Remove(ctx, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.ApplyRemoval(ctx, []string{"b"}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(j.added, []string{"a", "b"}) || !reflect.DeepEqual(j.removed, []string{"a"}) {
		t.Errorf("journaled added %v, removed %v; want [a b], [a]", j.added, j.removed)
	}
	j.fail = errors.New("database gone")
	if _, err := ix.Add(ctx, []corpus.Document{doc("d")}); !errors.Is(err, j.fail) {
		t.Errorf("Add with the journal down = %v", err)
	}
	if _, err := ix.Remove(ctx, []string{"c"}); !errors.Is(err, j.fail) {
		t.Errorf("Remove with the journal down = %v", err)
	}
	for id, want := range map[string]bool{"a": false, "b": false, "c": true, "d": false} {
		if _, ok, err := ix.Document(ctx, id); err != nil || ok != want {
			t.Errorf("document %s in the index: %v, %v; want %v", id, ok, err, want)
		}
	}
}

// The journal position outlives a reopen and starts at zero in a new
// index.
func TestJournalSeq(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if seq, err := ix.JournalSeq(); seq != 0 || err != nil {
		t.Fatalf("new index at %d, %v", seq, err)
	}
	if err := ix.SetJournalSeq(42); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if seq, err := ix.JournalSeq(); seq != 42 || err != nil {
		t.Errorf("reopened at %d, %v; want 42", seq, err)
	}
}

// A replica catching up records documents as first seen when the replicas
// first had them, not when it caught up, so digests do not take them for
// new; a document it had already keeps its time, and a later time is
// ignored.
func TestApplyAtBackdates(t *testing.T) {
	ctx := context.Background()
	c := &clock{time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC)}
	ix := openTest(t, c)
	doc := func(id string) corpus.Document {
		return corpus.Document{ID: id, Title: "Title " + id, Text: "Trams to the airport run again from Monday, the city said " + id + "."}
	}
	if _, err := ix.Apply(ctx, []corpus.Document{doc("had")}); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(time.Hour)
	old := time.Date(2024, 11, 20, 6, 0, 0, 0, time.UTC)
	later := c.t.Add(time.Hour)
	seen := map[string]time.Time{"had": old, "old": old, "later": later}
	if _, err := ix.ApplyAt(ctx, []corpus.Document{doc("had"), doc("old"), doc("later"), doc("none")}, seen); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"had": c.t.Add(-time.Hour), "old": old, "later": c.t, "none": c.t}
	for id, w := range want {
		d, ok, err := ix.Document(ctx, id)
		if err != nil || !ok || !d.FirstSeen.Equal(w) {
			t.Errorf("%s first seen %v (%v, %v), want %v", id, d.FirstSeen, ok, err, w)
		}
	}
	// The documents of the last day, as a digest reads them, leave out the
	// backdated one.
	recent, err := ix.Recent(ctx, RecentQuery{After: c.t.Add(-24 * time.Hour), Until: c.t})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recent {
		ids = append(ids, r.Doc.ID)
	}
	sort.Strings(ids)
	if !reflect.DeepEqual(ids, []string{"had", "later", "none"}) {
		t.Errorf("recent = %v, want [had later none]", ids)
	}
}
