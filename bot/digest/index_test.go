package digest

import (
	"context"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// TestBuildThroughIndex runs digests against the real index: selection by
// first-seen time and topic relevance.
func TestBuildThroughIndex(t *testing.T) {
	ctx := context.Background()
	now := t0
	ix, err := index.Open(ctx, t.TempDir(), index.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	stories := loadStories(t)
	storyOf := map[string]string{}
	var first, later []corpus.Document
	for i, s := range stories {
		storyOf[s.ID] = s.Story
		if i%2 == 0 {
			first = append(first, s.Document)
		} else {
			later = append(later, s.Document)
		}
	}
	now = t0.Add(time.Hour)
	if _, err := ix.Add(ctx, first); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(25 * time.Hour)
	if _, err := ix.Add(ctx, later); err != nil {
		t.Fatal(err)
	}
	b := Builder{Source: ix}
	// The second day's digest holds only what was first seen that day.
	d, err := b.Build(ctx, Request{Since: t0.Add(24 * time.Hour), Until: t0.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if d.Documents != len(later) {
		t.Errorf("second day: %d documents, want %d", d.Documents, len(later))
	}
	for _, it := range d.Items {
		if it.FirstSeen.Before(t0.Add(24 * time.Hour)) {
			t.Errorf("second day holds %s, first seen %v", it.DocID, it.FirstSeen)
		}
	}
	// A topic keeps the relevant stories only, grouped.
	d, err = b.Build(ctx, Request{Since: t0, Until: t0.Add(48 * time.Hour), Topic: "sanctions on Russia"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Items) != 1 || storyOf[d.Items[0].DocID] != "sanctions" || len(d.Items[0].AlsoReportedBy) != 1 {
		for _, it := range d.Items {
			t.Logf("item %s %q also %v", it.DocID, it.Title, it.AlsoReportedBy)
		}
		t.Fatalf("topic sanctions: %d items, want the one sanctions story with both reports", len(d.Items))
	}
	if d.Topic != "sanctions on Russia" {
		t.Errorf("topic = %q", d.Topic)
	}
	d, _ = b.Build(ctx, Request{Since: t0, Until: t0.Add(48 * time.Hour), Topic: "missile launch"})
	for _, it := range d.Items {
		if storyOf[it.DocID] != "icbm" {
			t.Errorf("topic missile launch holds %q", it.Title)
		}
	}
	if len(d.Items) != 1 {
		t.Errorf("topic missile launch: %d items, want 1", len(d.Items))
	}
}

// An archive backfilled today is not news: reports published well before
// the window are left out and counted, undated ones count as published
// when first seen, and reports of alike stories years apart are not one
// story.
func TestBackfillIsNotNews(t *testing.T) {
	ctx := context.Background()
	now := t0
	ix, err := index.Open(ctx, t.TempDir(), index.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	text := "Health officials confirmed a new outbreak of bird flu on a poultry farm in Iowa on Monday, and ordered the flock culled. The farm is under quarantine."
	doc := func(id string, published time.Time) corpus.Document {
		return corpus.Document{ID: id, Title: "Bird flu outbreak confirmed on Iowa poultry farm", Source: id + ".example", URL: "https://" + id + ".example/bird-flu", Published: published, Text: text}
	}
	docs := []corpus.Document{
		doc("today", t0.Add(-2*time.Hour)),
		doc("yesterday", t0.Add(-26*time.Hour)), // within the grace period
		doc("undated", time.Time{}),
		doc("y2015", time.Date(2015, 4, 20, 0, 0, 0, 0, time.UTC)),
		doc("y2022", time.Date(2022, 2, 9, 0, 0, 0, 0, time.UTC)),
	}
	now = t0.Add(time.Hour)
	if _, err := ix.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	req := Request{Since: t0, Until: t0.Add(2 * time.Hour)}
	d, err := Builder{Source: ix}.Build(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Documents != 3 || d.Older != 2 {
		t.Errorf("documents %d, older %d; want 3 and 2", d.Documents, d.Older)
	}
	if len(d.Items) != 1 {
		t.Fatalf("%d stories, want the three recent reports as one", len(d.Items))
	}
	if got := d.Items[0].AlsoReportedNames(); len(got) != 2 {
		t.Errorf("also reported by %q", got)
	}
	// Without the age limit the old reports count, but as stories of their
	// own years rather than "also reported by".
	d, err = Builder{Source: ix, MaxAge: -1}.Build(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Documents != 5 || d.Older != 0 || len(d.Items) != 3 {
		t.Errorf("any age: %d documents, %d older, %d stories; want 5, 0, 3", d.Documents, d.Older, len(d.Items))
	}
}
