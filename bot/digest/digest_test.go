package digest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"encoding/json"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

type testDoc struct {
	corpus.Document
	Story string `json:"story"`
}

func loadStories(t testing.TB) []testDoc {
	t.Helper()
	f, err := os.Open("testdata/stories.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []testDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var d testDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// fakeRecents is an in-memory Recents: documents in the range, newest
// first, no topic support.
type fakeRecents struct{ docs []corpus.Document }

func (f fakeRecents) Recent(_ context.Context, q index.RecentQuery) ([]index.Recent, error) {
	var out []index.Recent
	for _, d := range f.docs {
		if d.FirstSeen.After(q.After) && (q.Until.IsZero() || !d.FirstSeen.After(q.Until)) {
			out = append(out, index.Recent{Doc: d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Doc.FirstSeen.After(out[j].Doc.FirstSeen) })
	return out, nil
}

var t0 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

func TestStoriesGroupsNearDuplicates(t *testing.T) {
	stories := loadStories(t)
	var docs []corpus.Document
	storyOf := map[string]string{}
	for i, d := range stories {
		d.FirstSeen = t0.Add(time.Duration(i) * time.Hour)
		docs = append(docs, d.Document)
		storyOf[d.ID] = d.Story
	}
	req := Request{Since: t0.Add(-time.Hour), Until: t0.Add(24 * time.Hour)}
	// By default the two-year-old report is not news at all.
	d, err := Builder{Source: fakeRecents{docs}}.Build(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Documents != len(docs)-1 || d.Older != 1 {
		t.Errorf("default age limit: %d documents, %d older; want %d and 1", d.Documents, d.Older, len(docs)-1)
	}
	// Without it, it is kept, and ranks last.
	d, err = Builder{Source: fakeRecents{docs}, MaxAge: -1}.Build(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d.Documents != len(docs) {
		t.Errorf("Documents = %d, want %d", d.Documents, len(docs))
	}
	got := map[string][]string{}
	for _, it := range d.Items {
		ids := []string{it.DocID}
		for _, o := range it.AlsoReportedBy {
			ids = append(ids, o.ID)
		}
		for _, id := range ids {
			if storyOf[id] != storyOf[it.DocID] {
				t.Errorf("item %q (%s) groups %s from story %s", it.Title, storyOf[it.DocID], id, storyOf[id])
			}
		}
		if prev, dup := got[storyOf[it.DocID]]; dup {
			t.Errorf("story %s split into two items: %v and %v", storyOf[it.DocID], prev, ids)
		}
		got[storyOf[it.DocID]] = ids
	}
	want := map[string]int{"icbm": 3, "sanctions": 2, "taiwan-election": 1, "taiwan-quake": 1, "rates": 1, "rates-old": 1}
	for s, n := range want {
		if len(got[s]) != n {
			t.Errorf("story %s has %d reports %v, want %d", s, len(got[s]), got[s], n)
		}
	}
	// Stories carried by several sources rank first; a two-year-old
	// report ranks last.
	if len(d.Items) > 0 && storyOf[d.Items[0].DocID] != "icbm" {
		t.Errorf("first item is %q, want the ICBM story", d.Items[0].Title)
	}
	if last := d.Items[len(d.Items)-1]; storyOf[last.DocID] != "rates-old" {
		t.Errorf("last item is %q, want the 2022 report", last.Title)
	}
	for _, it := range d.Items {
		if len(it.Sentences) == 0 || len(it.Sentences) > 2 || len(it.Citations) != len(it.Sentences) {
			t.Errorf("%q: %d sentences, %d citations", it.Title, len(it.Sentences), len(it.Citations))
		}
		var text string
		for _, s := range stories {
			if s.ID == it.DocID {
				text = s.Text
			}
		}
		for i, s := range it.Sentences {
			if !strings.Contains(text, s) {
				t.Errorf("%q: sentence %q is not verbatim", it.Title, s)
			}
			if c := it.Citations[i]; c.Passage != s || !strings.HasPrefix(c.Link, it.URL+"#:~:text=") || c.N != i+1 {
				t.Errorf("%q: citation %+v does not cite %q", it.Title, c, s)
			}
			if strings.Contains(strings.ToLower(s), "newsletter") {
				t.Errorf("%q: picked boilerplate %q", it.Title, s)
			}
		}
		if it.Source == "" || it.Date().IsZero() || it.URL == "" {
			t.Errorf("%q lacks source, date or link: %+v", it.Title, it)
		}
	}
}

func TestSimilarityMargins(t *testing.T) {
	stories := loadStories(t)
	var docs []*doc
	for _, s := range stories {
		docs = append(docs, newDoc(index.Recent{Doc: s.Document}, t0, t0.Add(24*time.Hour), false))
	}
	group(docs, DefaultThreshold)
	minSame, maxDiff := 1.0, 0.0
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			s := similarity(docs[i], docs[j])
			if stories[i].Story == stories[j].Story {
				minSame = min(minSame, s)
			} else {
				maxDiff = max(maxDiff, s)
			}
			t.Logf("%s %s %.3f", stories[i].ID, stories[j].ID, s)
		}
	}
	if minSame < DefaultThreshold || maxDiff >= DefaultThreshold {
		t.Errorf("same story ≥ %.3f, different stories ≤ %.3f; threshold %.2f does not separate them", minSame, maxDiff, DefaultThreshold)
	}
}

func TestBuildShowsAtMostMax(t *testing.T) {
	var docs []corpus.Document
	words := strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar")
	for i, w := range words {
		docs = append(docs, corpus.Document{
			ID: fmt.Sprint("d", i), Title: fmt.Sprintf("Story %s about %s things", w, w), URL: "https://x.example/" + w,
			Text:      fmt.Sprintf("The %s committee announced a decision on %s matters on Monday after a long meeting.", w, w),
			FirstSeen: t0.Add(time.Duration(i) * time.Minute),
		})
	}
	b := Builder{Source: fakeRecents{docs}}
	for _, tt := range []struct{ max, items, more int }{{0, 10, 5}, {3, 3, 12}, {-1, 15, 0}, {20, 15, 0}} {
		d, err := b.Build(context.Background(), Request{Since: t0.Add(-time.Minute), Until: t0.Add(time.Hour), Max: tt.max})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != tt.items || d.More != tt.more {
			t.Errorf("Max %d: %d items, %d more; want %d, %d", tt.max, len(d.Items), d.More, tt.items, tt.more)
		}
	}
	d, _ := b.Build(context.Background(), Request{Since: t0.Add(time.Hour), Until: t0.Add(2 * time.Hour)})
	if !d.Empty() || d.Items == nil || !strings.HasPrefix(d.Heading(), "Nothing new") {
		t.Errorf("empty range gave %+v (%q)", d, d.Heading())
	}
}

func TestPickSentences(t *testing.T) {
	text := "LONDON, March 4\n\n" +
		"The central bank raised its main interest rate to 5.25 percent on Thursday, the highest level in fifteen years.\n\n" +
		"Subscribe to our newsletter for more stories like this one every day.\n\n" +
		"Economists had expected the move after inflation stayed high through the winter months.\n\n" +
		"Separately, the government announced new rules for mortgage lenders that take effect in June next year.\n\n" +
		"Housing charities said the mortgage rules would protect first-time buyers from sudden payment shocks."
	pick := func(topic string) []string {
		var out []string
		for _, s := range pickSentences(text, candidates(text), terms("Bank raises interest rate to 15-year high"), terms(topic), nil) {
			out = append(out, text[s.start:s.end])
		}
		return out
	}
	got := pick("")
	if len(got) == 0 || !strings.HasPrefix(got[0], "The central bank raised") {
		t.Errorf("without a topic: %q, want the lead sentence first", got)
	}
	for _, s := range got {
		if strings.Contains(s, "newsletter") || strings.HasPrefix(s, "LONDON") {
			t.Errorf("picked %q", s)
		}
	}
	got = pick("mortgage rules")
	if len(got) == 0 || !strings.Contains(strings.Join(got, " "), "mortgage") {
		t.Errorf("with topic mortgage rules: %q, want a sentence about mortgages", got)
	}
}

func TestFormat(t *testing.T) {
	stories := loadStories(t)
	var docs []corpus.Document
	for _, d := range stories[:3] {
		d.FirstSeen = t0.Add(time.Hour)
		docs = append(docs, d.Document)
	}
	d, _ := Builder{Source: fakeRecents{docs}}.Build(context.Background(), Request{Since: t0, Until: t0.Add(2 * time.Hour), Max: 1})
	var b strings.Builder
	Format(&b, d)
	out := b.String()
	for _, want := range []string{"1 new story since Mar 4, 2024", "1. North Korea", "Also reported by", "https://"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// similarity is the cosine of two grouped reports, for tests and tuning.
func similarity(a, b *doc) float64 {
	var s float64
	for t, w := range a.feats {
		s += w * b.feats[t]
	}
	return s
}
