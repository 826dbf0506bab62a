package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// A story an earlier digest carried comes back as an update that leads
// with what is new, or, when it adds nothing, only as a count.
func TestUpdatesAndRereports(t *testing.T) {
	earlier := corpus.StoryRef{
		Title: "Bird flu outbreak confirmed on Iowa poultry farm",
		Text:  "Health officials confirmed an outbreak of bird flu on a poultry farm in Iowa on Monday and ordered the flock culled. The farm is under quarantine.",
		Date:  t0.Add(-3 * 24 * time.Hour),
	}
	doc := func(id, title, text string, hours int) corpus.Document {
		return corpus.Document{ID: id, Title: title, Source: id + ".example", URL: "https://" + id + ".example/story",
			Published: t0.Add(time.Duration(hours) * time.Hour), FirstSeen: t0.Add(time.Duration(hours) * time.Hour), Text: text}
	}
	docs := []corpus.Document{
		doc("again", "Iowa poultry farm hit by bird flu outbreak",
			"Health officials confirmed an outbreak of bird flu on a poultry farm in Iowa and ordered the flock culled. The farm remains under quarantine, officials said.", 1),
		doc("spread", "Bird flu spreads to second Iowa poultry farm",
			"Bird flu has spread to a second poultry farm in Iowa, health officials said. The farm in Sioux County holds 50,000 hens, which will be culled this week. Officials confirmed the first outbreak on Monday.", 2),
		doc("other", "City council approves new bus lanes downtown",
			"The city council approved new bus lanes on three downtown streets on Tuesday, a plan transit riders had sought for years.", 3),
	}
	req := Request{Since: t0, Until: t0.Add(24 * time.Hour), Earlier: []corpus.StoryRef{earlier}}
	d, err := Builder{Source: fakeRecents{docs}}.Build(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Rereports != 0 {
		t.Errorf("rereports = %d, want 0: the report that adds nothing is one of the update's", d.Rereports)
	}
	byID := map[string]corpus.DigestItem{}
	for _, it := range d.Items {
		byID[it.DocID] = it
	}
	if len(d.Items) != 2 {
		t.Fatalf("%d items, want the update and the unrelated story: %+v", len(d.Items), d.Items)
	}
	up, ok := byID["spread"]
	if !ok || up.UpdateOf == nil || !up.UpdateOf.Date.Equal(earlier.Date) {
		t.Fatalf("the continuing story is not marked as an update: %+v", up)
	}
	if up.Rereports != 1 || len(up.AlsoReportedBy) != 0 {
		t.Errorf("the report that adds nothing: rereports %d, also reported by %v; want it counted, not listed", up.Rereports, up.AlsoReportedNames())
	}
	if !strings.Contains(up.Sentences[0], "second") {
		t.Errorf("the update does not lead with what is new: %q", up.Sentences)
	}
	for _, s := range up.Sentences {
		if strings.Contains(s, "first outbreak on Monday") {
			t.Errorf("the update repeats what was carried: %q", s)
		}
	}
	if other := byID["other"]; other.UpdateOf != nil {
		t.Errorf("an unrelated story is marked as an update of %+v", other.UpdateOf)
	}
	var b strings.Builder
	if err := Format(&b, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Update to the story of " + earlier.Date.Format("Jan 2"), "1 more report adds nothing new"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("terminal digest lacks %q:\n%s", want, b.String())
		}
	}
	// A story whose every report only repeats the earlier one is folded
	// into the digest's count.
	d, err = Builder{Source: fakeRecents{[]corpus.Document{docs[0], docs[2]}}}.Build(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Rereports != 1 || len(d.Items) != 1 || d.Items[0].DocID != "other" {
		t.Errorf("a repeat of a carried story: %d rereports, items %+v", d.Rereports, d.Items)
	}
	b.Reset()
	Format(&b, d)
	if !strings.Contains(b.String(), "1 more report on a story already carried adds nothing new.") {
		t.Errorf("terminal digest lacks the rereport note:\n%s", b.String())
	}
	// Without earlier stories nothing is an update or folded.
	req.Earlier = nil
	d, _ = Builder{Source: fakeRecents{docs}}.Build(context.Background(), req)
	for _, it := range d.Items {
		if it.UpdateOf != nil {
			t.Errorf("%s marked as an update with no earlier digest", it.DocID)
		}
	}
	if d.Rereports != 0 {
		t.Errorf("rereports %d with no earlier digest", d.Rereports)
	}
	// A story carried more than a month before is news again.
	req.Earlier = []corpus.StoryRef{earlier}
	req.Earlier[0].Date = t0.Add(-60 * 24 * time.Hour)
	d, _ = Builder{Source: fakeRecents{docs}}.Build(context.Background(), req)
	if d.Rereports != 0 {
		t.Errorf("a story carried two months ago still folds reports: %d", d.Rereports)
	}
}
