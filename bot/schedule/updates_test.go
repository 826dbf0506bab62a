package schedule

import (
	"context"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// The second digest to a channel knows the stories the first carried: a
// continuation is an update, a repeat is only counted, and both survive a
// restart because the stories are kept with the delivery.
func TestSecondDigestKnowsTheFirstsStories(t *testing.T) {
	h := newHarness(t)
	h.subscribe("daily 08:00")
	add := func(id, title, text string) {
		t.Helper()
		d := corpus.Document{ID: id, Title: title, URL: "https://news.example/" + id, Published: h.clock.Now(), Text: text}
		if _, err := h.ix.Add(context.Background(), []corpus.Document{d}); err != nil {
			t.Fatal(err)
		}
	}
	h.clock.Set(at(1, 7, 30))
	add("first", "Bird flu outbreak confirmed on Iowa poultry farm",
		"Health officials confirmed an outbreak of bird flu on a poultry farm in Iowa on Monday and ordered the flock culled. The farm is under quarantine.")
	h.runAt(at(1, 8, 0))
	h.restart()
	h.clock.Set(at(2, 7, 0))
	add("repeat", "Iowa poultry farm hit by bird flu outbreak",
		"Health officials confirmed an outbreak of bird flu on a poultry farm in Iowa and ordered the flock culled. The farm remains under quarantine.")
	add("spread", "Bird flu spreads to second Iowa poultry farm",
		"Bird flu has spread to a second poultry farm in Iowa, health officials said. The farm in Sioux County holds 50,000 hens, which will be culled this week.")
	h.runAt(at(2, 8, 0))
	posts := h.poster.Posts()
	if len(posts) != 2 {
		t.Fatalf("%d posts, want 2", len(posts))
	}
	d := posts[1].reply.Digest
	if d == nil || len(d.Items) != 1 || d.Items[0].DocID != "spread" || d.Items[0].UpdateOf == nil {
		t.Fatalf("second digest: %+v", d)
	}
	if d.Items[0].UpdateOf.Title != "Bird flu outbreak confirmed on Iowa poultry farm" || d.Items[0].Rereports+d.Rereports != 1 {
		t.Errorf("update of %+v, rereports %d + %d; want the first story and one repeat counted", d.Items[0].UpdateOf, d.Items[0].Rereports, d.Rereports)
	}
}
