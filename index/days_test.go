package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDayRanges(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []dayRange
	}{
		{"one day", date(2024, 7, 21), date(2024, 7, 21), []dayRange{{"d20240721", "d20240721"}}},
		{"within a month", date(2024, 7, 3), date(2024, 7, 21), []dayRange{{"d20240703", "d20240721"}}},
		{"a whole month", date(2024, 2, 1), date(2024, 2, 29), []dayRange{{"m202402", "m202402"}}},
		{"across two months", date(2024, 7, 21), date(2024, 8, 3), []dayRange{{"d20240721", "d20240803"}}},
		{"across a year's end", date(2023, 11, 2), date(2024, 2, 29), []dayRange{{"d20231102", "d20231130"}, {"m202312", "m202402"}}},
		{"months between", date(2024, 3, 15), date(2024, 7, 10), []dayRange{{"d20240315", "d20240331"}, {"d20240701", "d20240710"}, {"m202404", "m202406"}}},
		{"a whole year", date(2023, 1, 1), date(2023, 12, 31), []dayRange{{"y2023", "y2023"}}},
		{"years between", date(2021, 11, 30), date(2024, 2, 5), []dayRange{
			{"d20211130", "d20211130"}, {"d20240201", "d20240205"}, {"m202112", "m202112"}, {"m202401", "m202401"}, {"y2022", "y2023"}}},
		{"open start", time.Time{}, date(2023, 12, 31), []dayRange{{"y0000", "y2023"}}},
		{"open end", date(2024, 6, 1), time.Time{}, []dayRange{{"m202406", "m202412"}, {"y2025", "y9999"}}},
		// A time within a day stands for the whole day: filters and
		// questions ask for days.
		{"times of day", time.Date(2024, 7, 21, 15, 4, 5, 0, time.UTC), time.Date(2024, 7, 22, 23, 59, 59, 999999999, time.UTC), []dayRange{{"d20240721", "d20240722"}}},
		{"another zone", time.Date(2024, 7, 21, 23, 0, 0, 0, time.FixedZone("", -5*3600)), time.Date(2024, 7, 22, 1, 0, 0, 0, time.UTC), []dayRange{{"d20240722", "d20240722"}}},
		{"backwards", date(2025, 1, 1), date(2024, 1, 1), nil},
		{"before the first year", date(-5, 1, 1), date(0, 1, 3), []dayRange{{"d00000101", "d00000103"}}},
		{"after the last year", date(9999, 12, 30), date(12000, 1, 1), []dayRange{{"d99991230", "d99991231"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dayRanges(tc.from, tc.to); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("dayRanges(%v, %v) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

// Every day from 2019 to 2026 is matched by the ranges of a span exactly
// when it is in the span, by one range only.
func TestDayRangesCoverEveryDay(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	start := date(2019, 1, 1)
	const span = 8 * 366
	for range 300 {
		a, b := start.AddDate(0, 0, r.IntN(span)), start.AddDate(0, 0, r.IntN(span))
		if r.IntN(10) == 0 {
			a = time.Time{}
		}
		if r.IntN(10) == 0 {
			b = time.Time{}
		}
		ranges := dayRanges(a, b)
		for d := start.AddDate(0, 0, -10); d.Before(start.AddDate(0, 0, span+10)); d = d.AddDate(0, 0, 1) {
			want := (a.IsZero() || !d.Before(a)) && (b.IsZero() || !d.After(b))
			hits := 0
			for _, rg := range ranges {
				for _, term := range splitDayTerms(dayTerms(d)) {
					if term[0] == rg.min[0] && term >= rg.min && term <= rg.max {
						hits++
					}
				}
			}
			if hits > 1 || (hits == 1) != want {
				t.Fatalf("span %v – %v, ranges %v: day %s matched %d times, want in span %v", a, b, ranges, d.Format(time.DateOnly), hits, want)
			}
		}
	}
}

func splitDayTerms(s string) []string {
	var out []string
	for _, tok := range (dayAnalyzer{}).Analyze([]byte(s)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func TestDayTerms(t *testing.T) {
	if got, want := splitDayTerms(dayTerms(time.Date(2024, 7, 21, 23, 30, 0, 0, time.FixedZone("", -3600)))), []string{"y2024", "m202407", "d20240722"}; !slices.Equal(got, want) {
		t.Errorf("dayTerms = %q, want %q (UTC)", got, want)
	}
}

// datedDocs are documents published over four years, one undated.
func datedDocs() []corpus.Document {
	var docs []corpus.Document
	for i := range 60 {
		p := date(2021, 11, 20).AddDate(0, 0, i*23).Add(time.Duration(i%24) * time.Hour)
		docs = append(docs, corpus.Document{ID: fmt.Sprintf("d%02d", i), Title: "Report " + p.Format(time.DateOnly), Published: p,
			Text: "A report on shipments of shells.\n\nA second paragraph on shipments."})
	}
	docs = append(docs, corpus.Document{ID: "undated", Title: "Reference", Text: "A reference text on shipments of shells."})
	return docs
}

// matching returns the passage ids q finds, and each one's stored
// publication date.
func matching(t *testing.T, ix *Index, q query.Query) map[string]string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	// An index with spans has the date from the document's record.
	req.Fields = withSpans([]string{fText, fPublished})
	res, err := ix.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Hits, err = ix.passageTexts(res.Hits, req.Fields); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, h := range res.Hits {
		s, _ := h.Fields[fPublished].(string)
		out[h.ID] = s
	}
	return out
}

// Day terms filter dates as Bleve's date terms did, for whole days, and
// the publication date reads back the same.
func TestDaysFilterAsBleveDates(t *testing.T) {
	ctx := context.Background()
	ix, old := openWith(t, Options{}), openWith(t, Options{bleveDates: true})
	if !ix.days || old.days {
		t.Fatalf("days: new index %v, Bleve-dated index %v", ix.days, old.days)
	}
	for _, x := range []*Index{ix, old} {
		if _, err := x.Add(ctx, datedDocs()); err != nil {
			t.Fatal(err)
		}
	}
	all := query.NewMatchAllQuery()
	if got, want := matching(t, ix, all), matching(t, old, all); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored dates differ:\n%v\n%v", got, want)
	}
	for _, span := range [][2]time.Time{
		{date(2022, 3, 1), date(2022, 3, 31)},
		{date(2022, 2, 14), date(2023, 5, 2)},
		{date(2021, 1, 1), date(2021, 12, 31)},
		{date(2023, 6, 17), {}},
		{{}, date(2022, 8, 9)},
		{date(2024, 1, 1), date(2023, 1, 1)},
		{date(2030, 1, 1), {}},
		{{}, {}},
	} {
		from, to := span[0], span[1]
		// Bleve's dates compare instants: the whole of the last day.
		oldTo := to
		if !to.IsZero() {
			oldTo = to.Add(24*time.Hour - time.Nanosecond)
		}
		got, want := matching(t, ix, ix.publishedBetween(from, to)), matching(t, old, old.publishedBetween(from, oldTo))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v – %v: day terms find %d passages, Bleve's dates %d", from, to, len(got), len(want))
		}
		if len(got) == 0 && from.Year() < 2025 && !from.After(to) {
			t.Errorf("%v – %v: nothing found", from, to)
		}
	}
}

// An index keeps the date terms it was made with when opened again.
func TestDaysKeptOnReopen(t *testing.T) {
	ctx := context.Background()
	for _, bleveDates := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(ctx, dir, Options{bleveDates: bleveDates})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Add(ctx, datedDocs()); err != nil {
			t.Fatal(err)
		}
		ix.Close()
		ix, err = Open(ctx, dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ix.days == bleveDates {
			t.Errorf("made with Bleve's dates %v, opened again: days %v", bleveDates, ix.days)
		}
		from, to := date(2022, 1, 1), date(2022, 12, 31)
		if !ix.days {
			to = to.Add(24*time.Hour - time.Nanosecond)
		}
		want := 0
		for _, p := range matching(t, ix, query.NewMatchAllQuery()) {
			if len(p) >= 4 && p[:4] == "2022" {
				want++
			}
		}
		if n := len(matching(t, ix, ix.publishedBetween(from, to))); n != want || n == 0 {
			t.Errorf("made with Bleve's dates %v: %d passages of 2022, want %d", bleveDates, n, want)
		}
		ix.Close()
		// Reindexing gives day terms, and the same passages of 2022.
		ix, err = Reindex(ctx, dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !ix.days {
			t.Errorf("made with Bleve's dates %v, reindexed: no day terms", bleveDates)
		}
		if n := len(matching(t, ix, ix.publishedBetween(from, date(2022, 12, 31)))); n != want {
			t.Errorf("reindexed: %d passages of 2022, want %d", n, want)
		}
		ix.Close()
	}
}
