package index

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestRemove(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	before := ix.stats
	a := askText(t, ix, "Where does Moscow build Shahed drones?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "drones" {
		t.Fatalf("before: %+v", a.Citations)
	}
	recs, _ := ix.store.get([]string{"drones"})
	removed, err := ix.Remove(ctx, []string{"drones", "no-such-doc"})
	if err != nil || !slices.Equal(removed, []string{"drones"}) {
		t.Fatalf("Remove: %v, %v", removed, err)
	}
	if got, want := ix.stats.passages, before.passages-int64(recs["drones"].Passages); got != want {
		t.Errorf("passages %d, want %d", got, want)
	}
	if n, _ := ix.bleve.DocCount(); int64(n) != ix.stats.passages {
		t.Errorf("Bleve holds %d passages, stats say %d", n, ix.stats.passages)
	}
	a = askText(t, ix, "Where does Moscow build Shahed drones?")
	for _, c := range append(a.Citations, a.Related...) {
		if c.DocID == "drones" {
			t.Errorf("removed document still cited: %+v", c)
		}
	}
	if docs, _, _ := ix.Stats(ctx); docs != 9 {
		t.Errorf("%d documents, want 9", docs)
	}
	// Ingesting it again adds it, rather than reporting it unchanged.
	var d corpus.Document
	for _, x := range readDocs(t, "testdata/corpus.jsonl") {
		if x.ID == "drones" {
			d = x
		}
	}
	if st, err := ix.Add(ctx, []corpus.Document{d}); err != nil || st.Added != 1 {
		t.Errorf("re-add: %+v %v", st, err)
	}
	if ix.stats != before {
		t.Errorf("stats after remove and re-add: %+v, want %+v", ix.stats, before)
	}
}

// A removal interrupted between deleting passages and forgetting records
// is finished at the next open, not undone by reconcile.
func TestInterruptedRemovalIsFinished(t *testing.T) {
	ctx := context.Background()
	dir, _ := builtDir(t)
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.store.markRemoving([]string{"drones"}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if recs, _ := ix.store.get([]string{"drones"}); len(recs) != 0 {
		t.Error("record kept")
	}
	if hits, _ := ix.passagesOf(ctx, "drones"); len(hits) != 0 {
		t.Errorf("%d passages kept", len(hits))
	}
	if left, _ := ix.store.removing(); len(left) != 0 {
		t.Errorf("marks kept: %v", left)
	}
}

// Removing and ingesting one document at once ends in one of the two
// states, never a record without passages or passages without a record.
func TestRemoveRacingAdd(t *testing.T) {
	ctx := context.Background()
	ix := testIndex(t)
	var d corpus.Document
	for _, x := range readDocs(t, "testdata/corpus.jsonl") {
		if x.ID == "drones" {
			d = x
		}
	}
	for i := range 20 {
		d.Text += " More."
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); ix.Remove(ctx, []string{"drones"}) }()
		go func() { defer wg.Done(); ix.Add(ctx, []corpus.Document{d}) }()
		wg.Wait()
		recs, _ := ix.store.get([]string{"drones"})
		hits, _ := ix.passagesOf(ctx, "drones")
		_, has := recs["drones"]
		if has != (len(hits) > 0) || (has && recs["drones"].Passages != len(hits)) {
			t.Fatalf("round %d: record %v, %d passages", i, has, len(hits))
		}
	}
}

func TestSourcesResolveAndSeed(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	seed := []corpus.Document{{ID: "seed", Title: "Seed", Source: "briefbot default corpus", Text: "The seed document talks about seeds and sowing in spring."}}
	open := func() *Index {
		ix, err := Open(ctx, dir, Options{Seed: func() ([]corpus.Document, error) { return seed, nil }})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := open()
	docs := []corpus.Document{
		{ID: "u1", Title: "A", Source: "USA Today", URL: "https://www.usatoday.com/story/a/", Text: "Alpha text about storms in Texas."},
		{ID: "u2", Title: "B", URL: "https://usatoday.com/story/b", Text: "Beta text about floods in Ohio."},
		{ID: "file:notes/c.md", Title: "C", Text: "Gamma notes about nothing much at all."},
	}
	if _, err := ix.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	srcs, err := ix.Sources(ctx)
	if err != nil || len(srcs) != 4 {
		t.Fatalf("Sources: %+v %v", srcs, err)
	}
	for _, tt := range []struct {
		ref  string
		want []string
	}{
		{"u1", []string{"u1"}},
		{"https://www.usatoday.com/story/a", []string{"u1"}},
		{"notes/c.md", []string{"file:notes/c.md"}},
		{"/home/me/notes/c.md", []string{"file:notes/c.md"}},
		{"c.md", []string{"file:notes/c.md"}},
		{"nothing", nil},
	} {
		if got, err := ix.Resolve(ctx, tt.ref); err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Resolve(%q) = %v %v, want %v", tt.ref, got, err, tt.want)
		}
	}
	for _, name := range []string{"usa today", "usatoday.com", "USAToday"} {
		got, err := ix.FromSource(ctx, name)
		slices.Sort(got)
		if err != nil || !slices.Equal(got, []string{"u1", "u2"}) {
			t.Errorf("FromSource(%q) = %v %v", name, got, err)
		}
	}
	// The seed, once removed, does not come back, even with nothing left.
	all := []string{"seed", "u1", "u2", "file:notes/c.md"}
	if got, err := ix.Remove(ctx, all); err != nil || len(got) != 4 {
		t.Fatalf("Remove all: %v %v", got, err)
	}
	ix.Close()
	ix = open()
	defer ix.Close()
	if n, _, _ := ix.Stats(ctx); n != 0 {
		t.Errorf("%d documents after reopening an emptied index, want 0", n)
	}
}

// source: matches a source's display name and its web site alike, and
// -word keeps out documents whose title has the word.
func TestSourceNamesAndTitleExclusion(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, nil)
	docs := []corpus.Document{
		{ID: "a", Title: "Gymnastics finals recap", URL: "https://www.usatoday.com/sports/gym", Text: "Simone Biles won the all-around gold medal in Paris with a score of 59.131."},
		{ID: "b", Title: "Paris medal table", Source: "Quill Daily", URL: "https://quill.example/medals", Text: "Simone Biles won gold in Paris, and the US topped the medal table with 126 medals."},
	}
	if _, err := ix.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want []string // doc ids cited, in any order
	}{
		{`source:"USA Today" Simone Biles gold Paris`, []string{"a"}},
		{`source:usatoday.com Simone Biles gold Paris`, []string{"a"}},
		{`source:quill Simone Biles gold Paris`, []string{"b"}},
		{`source:"Quill Daily" Simone Biles gold Paris`, []string{"b"}},
		{`Simone Biles gold Paris -gymnastics`, []string{"b"}},
	} {
		a := askText(t, ix, tt.q)
		var got []string
		for _, c := range append(a.Citations, a.Related...) {
			if !slices.Contains(got, c.DocID) {
				got = append(got, c.DocID)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: cited %v, want %v (notice %q)", tt.q, got, tt.want, a.Notice)
		}
	}
}
