package timeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// passage makes a passage whose sentences each hold cover of the topic
// (exact words), as the index would measure them.
func passage(doc, source string, published time.Time, position int, cover float64, text string) Passage {
	p := Passage{Citation: corpus.Citation{DocID: doc, Title: "About " + doc, Source: source, URL: "https://news.example/" + doc, Published: published, Passage: text}, Position: position}
	for _, s := range corpus.Sentences(text) {
		p.Sentences = append(p.Sentences, Sentence{Span: s, Cover: cover, Exact: cover})
	}
	return p
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

func lines(t Timeline) string {
	var b strings.Builder
	for _, e := range t.Events {
		b.WriteString(e.Date.String() + " " + e.Text + " ")
		for _, c := range e.Citations {
			b.WriteString("[" + c.Source + "]")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestBuild(t *testing.T) {
	ps := []Passage{
		// Monday 14 October 2024: "on Sunday" is the 13th.
		passage("wire-1", "Lantern Post", day(2024, 10, 14), 0, 0.8,
			"Zelensky said on Sunday that North Korea was sending soldiers to fight for Russia. In 2022 North Korea began shipping artillery shells to Russia."),
		// The same statement, dated absolutely, from another source.
		passage("daily-1", "Quill Daily", day(2024, 10, 20), 3, 0.8,
			"On 13 October 2024, Ukrainian President Volodymyr Zelensky said North Korean soldiers were being sent to Russia."),
		// Another event of the same day, said otherwise.
		passage("daily-2", "Quill Daily", day(2024, 10, 14), 2, 0.8,
			"On 13 October 2024, a North Korean cargo ship docked at the Russian port of Vostochny with munitions."),
		// A lead that dates nothing: dated by its publication.
		passage("wire-2", "Lantern Post", day(2024, 10, 24), 0, 0.8,
			"South Korean intelligence confirmed that North Korean troops arrived in Kursk. Officials described the deployment as large."),
		// What will happen, and a sentence off the topic.
		passage("wire-3", "Lantern Post", day(2024, 10, 25), 1, 0.2,
			"In 2023 the G20 met in India."),
		passage("wire-4", "Lantern Post", day(2024, 10, 25), 1, 0.8,
			"North Korea will send more troops to Russia in November 2024."),
		// A note about the page.
		passage("wire-6", "Lantern Post", day(2024, 10, 25), 0, 0.8,
			"Editor's Note: This page is a summary of news on North Korean troops in Russia for Friday, Oct. 25."),
		// A later passage of a document: no date, no event.
		passage("wire-5", "Lantern Post", day(2024, 10, 26), 4, 0.8,
			"North Korean troops remain in Russia."),
	}
	got := lines(Build(Query{Topic: "North Korean troops in Russia"}, ps, nil))
	want := `2022 In 2022 North Korea began shipping artillery shells to Russia. [Lantern Post]
2024-10-13 Zelensky said on Sunday that North Korea was sending soldiers to fight for Russia. [Lantern Post][Quill Daily]
2024-10-13 On 13 October 2024, a North Korean cargo ship docked at the Russian port of Vostochny with munitions. [Quill Daily]
2024-10-24 South Korean intelligence confirmed that North Korean troops arrived in Kursk. [Lantern Post]
`
	if got != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", got, want)
	}
}

func TestBuildCitations(t *testing.T) {
	ps := []Passage{
		passage("a", "A", day(2024, 10, 14), 0, 0.8, "Zelensky said on Sunday that North Korea was sending soldiers to Russia."),
		passage("b", "B", day(2024, 10, 20), 3, 0.8, "On 13 October 2024, Zelensky said North Korean soldiers were sent to Russia."),
		passage("c", "C", day(2024, 11, 2), 0, 0.8, "In October 2024 North Korean soldiers reached Kursk, officials said."),
	}
	tl := Build(Query{Topic: "North Korean soldiers"}, ps, nil)
	if len(tl.Events) != 2 {
		t.Fatalf("events:\n%s", lines(tl))
	}
	// Numbered across the timeline in display order, each linking to its
	// sentence and naming it as the one to show.
	n := 0
	for _, e := range tl.Events {
		for _, c := range e.Citations {
			n++
			s := c.Passage[c.Sentence[0]:c.Sentence[1]]
			if c.N != n || !strings.HasPrefix(c.Link, c.URL+"#:~:text=") || !strings.Contains(s, "soldiers") {
				t.Errorf("citation %d: %+v", n, c)
			}
		}
	}
	// A month is shown before the days in it; the report of the 13th
	// from A, dated by the weekday, leads its event as the more relevant.
	if e := tl.Events[0]; e.Date.String() != "October 2024" || len(e.Citations) != 1 {
		t.Errorf("first event: %+v", e)
	}
	if e := tl.Events[1]; e.Date.String() != "2024-10-13" || len(e.Citations) != 2 || e.Citations[0].Source != "A" || e.Citations[1].Source != "B" {
		t.Errorf("second event: %+v", e)
	}
	if cs := tl.Citations(); len(cs) != 3 || cs[2].N != 3 {
		t.Errorf("Citations: %+v", cs)
	}
}

func TestBuildLimitAndWindow(t *testing.T) {
	var ps []Passage
	for d := 1; d <= 6; d++ {
		text := "On " + []string{"", "1", "2", "3", "4", "5", "6"}[d] + " March 2024, " + []string{"", "a bridge collapsed in Tallinn.", "a ferry sank near Riga.", "a dam burst in Kaunas.",
			"a fire gutted the Vilnius opera.", "floods closed the Tartu road.", "a quake shook Klaipeda."}[d]
		ps = append(ps, passage(string(rune('a'+d)), "S", day(2024, 3, 10), 2, 0.8, text))
	}
	// A second source for 4 March makes it the best supported.
	ps = append(ps, passage("z", "T", day(2024, 3, 11), 2, 0.8, "On 4 March 2024, a fire gutted the Vilnius opera house."))
	tl := Build(Query{Topic: "disasters", Limit: 3}, ps, nil)
	var got []string
	for _, e := range tl.Events {
		got = append(got, e.Date.String())
	}
	// The best supported first, then by rank; shown oldest first.
	if strings.Join(got, " ") != "2024-03-01 2024-03-02 2024-03-04" || tl.More != 3 {
		t.Errorf("limited: %v, more %d", got, tl.More)
	}
	tl = Build(Query{Topic: "disasters", Since: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)}, ps, nil)
	got = got[:0]
	for _, e := range tl.Events {
		got = append(got, e.Date.String())
	}
	if strings.Join(got, " ") != "2024-03-03 2024-03-04" || tl.More != 0 {
		t.Errorf("window: %v", got)
	}
}

// TestSameEvent tunes SameEvent: reports of one event in other words
// meet it; other events of the same topic on the same day do not.
func TestSameEvent(t *testing.T) {
	same := [][2]string{
		{"The countries reforged ties with a new security pact signed by North Korean Chairman Kim Jong-un and Russian President Vladimir Putin at a summit in June 2024.",
			"In a rare trip to North Korea in June, Putin signed a defense pact with Kim, and Kim expressed his support for the invasion of Ukraine."},
		{"Zelensky said on Sunday that North Korea was sending soldiers to fight for Russia.",
			"On 13 October 2024, Ukrainian President Volodymyr Zelensky said North Korean soldiers were being sent to Russia."},
		{"A North Korean cargo ship docked at the Russian port of Vostochny with munitions on Sunday.",
			"Satellite images show the North Korean ship Angara unloading containers at Vostochny port."},
	}
	other := [][2]string{
		{"U.S. officials on Wednesday announced they have evidence North Korea sent 3,000 troops to military bases in Russia.",
			"If they join the fight in Ukraine, North Korean troops will become legitimate military targets, John Kirby told reporters on Wednesday."},
		{"Defense Secretary Lloyd Austin said Wednesday that there is evidence of North Korean troops in Russia.",
			"South Korean lawmakers said Wednesday that 3,000 North Korean troops were believed to be in Russia."},
		{"Zelensky said on Sunday that North Korea was sending soldiers to fight for Russia.",
			"A North Korean cargo ship docked at the Russian port of Vostochny with munitions on Sunday."},
		// One actor, two things done.
		{"Putin met Kim in Pyongyang on Wednesday, his first visit in 24 years.",
			"Putin signed a decree on Wednesday ratifying the treaty with North Korea."},
		{"Zelensky said on Sunday that North Korea was sending soldiers to fight for Russia.",
			"Zelensky visited troops near Kursk on Sunday."},
	}
	// Weighed among all of them, as one timeline would.
	var rs []*report
	for _, p := range append(append([][2]string{}, same...), other...) {
		rs = append(rs, &report{text: p[0]}, &report{text: p[1]})
	}
	weigh(rs, "North Korean troops in Russia")
	for i := range append(same, other...) {
		t.Logf("%.2f %.40s | %.40s", overlap(rs[2*i].words, rs[2*i+1].words), rs[2*i].text, rs[2*i+1].text)
	}
	for i := range same {
		if s := overlap(rs[2*i].words, rs[2*i+1].words); s < SameEvent {
			t.Errorf("same event %.2f < %.2f:\n  %s\n  %s", s, SameEvent, same[i][0], same[i][1])
		}
	}
	for i := range other {
		k := 2 * (len(same) + i)
		if s := overlap(rs[k].words, rs[k+1].words); s >= SameEvent {
			t.Errorf("other events %.2f >= %.2f:\n  %s\n  %s", s, SameEvent, other[i][0], other[i][1])
		}
	}
}

func TestPlannedAndHappened(t *testing.T) {
	for s, want := range map[string]bool{
		"Trump, who may return to the White House in November 2024, criticised Seoul.": true,
		"The summit is set to open on Monday.":                                         true,
		"Officials said on Monday that talks would resume.":                            false,
		"The vote was held on Monday.":                                                 false,
		"In May 2024 the port reopened.":                                               false,
		"They won't sign it.":                                                          true,
	} {
		if planned(s) != want {
			t.Errorf("planned(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"The close relationship between Kim and Putin is no secret.": false,
		"North Korea sent troops to Russia.":                         true,
		"Intelligence confirmed the deployment.":                     true,
	} {
		if happened(s) != want {
			t.Errorf("happened(%q) = %v", s, !want)
		}
	}
}

type fakeSource struct {
	ps   []Passage
	docs map[string]corpus.Document
	q    PassageQuery
	err  error
}

func (f *fakeSource) Passages(_ context.Context, q PassageQuery) ([]Passage, error) {
	f.q = q
	return f.ps, f.err
}

func (f *fakeSource) Document(_ context.Context, id string) (corpus.Document, bool, error) {
	d, ok := f.docs[id]
	return d, ok, nil
}

func TestMake(t *testing.T) {
	text := "On 13 October, Zelensky said North Korea was sending troops to Russia. A summit in June 2024 sealed the pact."
	src := &fakeSource{
		ps:   []Passage{passage("undated", "Analysis", time.Time{}, 0, 0.8, text), passage("lost", "Gone", time.Time{}, 0, 0.8, "On 14 October, troops moved.")},
		docs: map[string]corpus.Document{"undated": {ID: "undated", Text: text}},
	}
	since := time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC)
	tl, err := Make(context.Background(), src, Query{Topic: "  North Korean   troops ", Since: since})
	if err != nil {
		t.Fatal(err)
	}
	// The undated document's dates belong to the year it names; one the
	// index no longer has anchors nothing, so its date is left out.
	if got := lines(tl); got != "2024-10-13 On 13 October, Zelensky said North Korea was sending troops to Russia. [Analysis]\n" || tl.Topic != "North Korean troops" {
		t.Errorf("timeline %q:\n%s", tl.Topic, got)
	}
	if src.q.Topic != "North Korean troops" || !src.q.Since.Equal(since) || src.q.Limit != DefaultDepth {
		t.Errorf("asked %+v", src.q)
	}
	var qe *corpus.QueryError
	if _, err := Make(context.Background(), src, Query{Topic: "  "}); !errors.As(err, &qe) {
		t.Errorf("empty topic: %v", err)
	}
	if _, err := Make(context.Background(), src, Query{Topic: "x", Since: since, Until: since}); !errors.As(err, &qe) {
		t.Errorf("empty window: %v", err)
	}
	if _, err := Make(context.Background(), src, Query{Topic: "troops after:2024-13-01"}); !errors.As(err, &qe) || !strings.Contains(qe.Msg, "after:2024-13-01") {
		t.Errorf("bad filter: %v", err)
	}
	if _, err := Make(context.Background(), src, Query{Topic: "-Kursk source:Reuters"}); !errors.As(err, &qe) || !strings.Contains(qe.Msg, "no words to search for") {
		t.Errorf("only filters: %v", err)
	}
	boom := errors.New("index gone")
	if _, err := Make(context.Background(), &fakeSource{err: boom}, Query{Topic: "x"}); !errors.Is(err, boom) {
		t.Errorf("source error: %v", err)
	}
	empty, _ := Make(context.Background(), &fakeSource{}, Query{Topic: "flamingo summit"})
	if len(empty.Events) != 0 || empty.Empty() != "No dated events about “flamingo summit” in the sources." {
		t.Errorf("empty: %+v %q", empty, empty.Empty())
	}
}
