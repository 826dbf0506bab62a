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
