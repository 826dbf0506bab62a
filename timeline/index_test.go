package timeline_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
	"github.com/briefbot/briefbot/timeline"
)

// These tests build timelines through the index, as the CLI and the bot
// do; the package itself does not import it.

var now = time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 0, 0, 0, time.UTC) }

func openIndex(t *testing.T, docs []corpus.Document) *index.Index {
	t.Helper()
	ctx := context.Background()
	ix, err := index.Open(ctx, t.TempDir(), index.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// invented are reports with absolute and relative dates; one event (13
// October) comes from two sources, one dating it "on Sunday", the other
// "on 13 October 2024"; two stories are about other topics.
func invented() []corpus.Document {
	return []corpus.Document{
		{ID: "lantern-1", Title: "Zelensky: North Korea sending troops", Source: "Lantern Post", URL: "https://lantern.example/zelensky",
			Published: day(2024, 10, 14), // a Monday
			Text: "Ukrainian President Volodymyr Zelensky said on Sunday that North Korea was sending troops to fight for Russia.\n\n" +
				"The G20 met in India in 2023, and its leaders spoke about food prices."},
		{ID: "quill-1", Title: "North Korean troops in Russia, Kyiv says", Source: "Quill Daily", URL: "https://quill.example/troops",
			Published: day(2024, 10, 20),
			Text: "On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army.\n\n" +
				"In 2022 North Korea began shipping artillery shells and rockets to Russia's army, officials say."},
		{ID: "quill-2", Title: "Spy agency: troops reached Kursk", Source: "Quill Daily", URL: "https://quill.example/kursk",
			Published: day(2024, 11, 5),
			Text: "North Korean troops arrived in Russia's Kursk region last month, South Korea's spy agency said on Monday. " +
				"More North Korean troops will follow in the new year, the agency believes."},
		{ID: "grain-1", Title: "Record grain exports", Source: "Harbour Times", URL: "https://harbour.example/grain",
			Published: day(2024, 9, 3),
			Text:      "On 2 September 2024, Ukraine shipped a record six million tonnes of grain through Odesa despite Russian attacks on the port."},
		{ID: "chess-1", Title: "Chess olympiad", Source: "Harbour Times", Published: day(2024, 9, 23),
			Text: "India won the chess olympiad in Budapest on Sunday, taking both the open and the women's titles."},
	}
}

func TestTimelineFromIndex(t *testing.T) {
	ix := openIndex(t, invented())
	tl, err := timeline.Make(context.Background(), ix, timeline.Query{Topic: "North Korean troops in Russia"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tl.Events {
		var srcs []string
		for _, c := range e.Citations {
			srcs = append(srcs, c.Source)
		}
		got = append(got, e.Date.String()+" "+e.Date.Precision.String()+" "+strings.Join(srcs, "+")+": "+e.Text)
	}
	want := []string{
		"2022 year Quill Daily: In 2022 North Korea began shipping artillery shells and rockets to Russia's army, officials say.",
		"October 2024 month Quill Daily: North Korean troops arrived in Russia's Kursk region last month, South Korea's spy agency said on Monday.",
		"2024-10-13 day Quill Daily+Lantern Post: On 13 October 2024, Zelensky said North Korean troops were being sent to Russia's army.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One entry, two citations: each with its own number, title and the
	// link to its own sentence.
	for _, e := range tl.Events {
		if len(e.Citations) != 2 {
			continue
		}
		a, b := e.Citations[0], e.Citations[1]
		if a.N == b.N || a.DocID != "quill-1" || b.DocID != "lantern-1" || a.PublishedString() != "2024-10-20" || b.PublishedString() != "2024-10-14" ||
			!strings.HasPrefix(a.Link, "https://quill.example/troops#:~:text=On%2013%20October") ||
			!strings.HasPrefix(b.Link, "https://lantern.example/zelensky#:~:text=Ukrainian%20President") {
			t.Errorf("citations: %+v\n%+v", a, b)
		}
	}
}

func TestTimelineWindowAndEmpty(t *testing.T) {
	ix := openIndex(t, invented())
	ctx := context.Background()
	tl, err := timeline.Make(ctx, ix, timeline.Query{Topic: "North Korean troops in Russia", Since: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 10, 14, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// October 2024 overlaps the window; 2022 does not.
	if len(tl.Events) != 2 || tl.Events[0].Date.String() != "October 2024" || tl.Events[1].Date.String() != "2024-10-13" {
		t.Errorf("window: %+v", tl.Events)
	}
	for _, topic := range []string{"flamingo migration", "grain exports -Ukraine"} {
		tl, err := timeline.Make(ctx, ix, timeline.Query{Topic: topic})
		if err != nil || len(tl.Events) != 0 {
			t.Errorf("%s: %v %+v", topic, err, tl.Events)
		}
	}
	tl, err = timeline.Make(ctx, ix, timeline.Query{Topic: "grain exports"})
	if err != nil || len(tl.Events) != 1 || tl.Events[0].Date.String() != "2024-09-02" {
		t.Errorf("grain: %v %+v", err, tl.Events)
	}
}

// The default corpus is undated: its "13 October" belongs to 2024, the
// latest year it puts an event in.
func TestTimelineDefaultCorpus(t *testing.T) {
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t, docs)
	tl, err := timeline.Make(context.Background(), ix, timeline.Query{Topic: "North Korean troops in Russia"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range tl.Events {
		if e.Date.String() == "2024-10-13" && e.Date.Precision == timeline.Day && strings.HasPrefix(e.Text, "On 13 October, Ukrainian President Volodymyr Zelensky said") {
			found = true
		}
	}
	if !found {
		t.Errorf("no 13 October event: %+v", tl.Events)
	}
}

// Every word of a short topic must be in the sentence, the one before it
// or the title: "Prince William County" is not "Prince William estate".
func TestTimelineNeedsTheWholeTopic(t *testing.T) {
	ix := openIndex(t, []corpus.Document{
		{ID: "county-1", Title: "School lunch tasting", Source: "Lantern Post", Published: day(2024, 3, 5),
			Text: "In 2021 Prince William County officials tasted new school lunches with students and parents. Parents liked them. " +
				"The county also sold an old estate on Main Street."},
		{ID: "duchy-1", Title: "Duchy income", Source: "Quill Daily", Published: day(2024, 3, 6),
			Text: "In 2022 Prince William inherited the Duchy of Cornwall estate and its income of £23 million."},
	})
	tl, err := timeline.Make(context.Background(), ix, timeline.Query{Topic: "Prince William estate"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tl.Events {
		got = append(got, e.Date.String()+" "+e.Text)
	}
	if want := "2022 In 2022 Prince William inherited the Duchy of Cornwall estate and its income of £23 million."; strings.Join(got, "\n") != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
