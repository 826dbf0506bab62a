package index

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
)

// A question's common terms are left out of the search for candidates on
// a large index: the passages found are the whole query's best among those
// holding a rarer term, with the whole query's scores.
func TestPrunedSearchScoresAsWhole(t *testing.T) {
	ctx := context.Background()
	ix := withCorpus(t, openWith(t, Options{pruneFrom: 1}))
	pruned, left := 0, 0 // questions pruned, and those it left passages out of
	for _, s := range []string{
		"How many artillery shells has North Korea shipped to Russia?",
		"Where does Moscow build Shahed drones?",
		"What did the president say about the war in Ukraine this year?",
		"Who won the Eurovision Song Contest?",
		"What did the leaders of the seven biggest economies discuss?",
		"How many troops did North Korea send?",
		"What does the treaty oblige each side to provide?",
		"Which port do the containers go through?",
		"What did officials agree to share in Seoul?",
	} {
		q := firstQuery(t, ix, s)
		pq, ok := q.(*prunedQuery)
		if !ok {
			continue
		}
		pruned++
		all := func(q query.Query) *bleve.SearchResult {
			t.Helper()
			res, err := ix.searchWith(ctx, q, 1000)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		rare := map[string]bool{}
		for _, h := range all(pq.rare).Hits {
			rare[h.ID] = true
		}
		// When the rarer terms find nothing, everything is searched.
		whole := all(pq.BooleanQuery).Hits
		var want []string
		wantScore := map[string]float64{}
		for _, h := range whole {
			if rare[h.ID] || len(rare) == 0 {
				want = append(want, h.ID)
				wantScore[h.ID] = h.Score
			}
		}
		if len(want) < len(whole) {
			left++
		}
		got, err := ix.firstStage(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Hits) != min(5, len(want)) {
			t.Fatalf("%q: %d passages, want %d", s, len(got.Hits), min(5, len(want)))
		}
		for i, h := range got.Hits {
			if h.ID != want[i] || math.Abs(h.Score-wantScore[h.ID]) > 1e-9 {
				t.Errorf("%q: rank %d: %s %.6f, want %s %.6f", s, i+1, h.ID, h.Score, want[i], wantScore[want[i]])
			}
		}
	}
	if pruned < 3 || left == 0 {
		t.Errorf("%d questions pruned, %d of them leaving passages out; want 3 or more, and some", pruned, left)
	}
	// A small index searches everything.
	if _, ok := firstQuery(t, testIndex(t), "Where does Moscow build Shahed drones?").(*prunedQuery); ok {
		t.Error("the small test index left terms out")
	}
}

// The rarer terms' best few passages, found inside the searcher, are
// those Bleve's own search for them finds, and come back with the whole
// query's scores, in its order, with the rarer terms' count as the total.
// Copies of one text score the same, and the earlier is kept, as Bleve
// keeps it.
func TestRescoredAsTwoSearches(t *testing.T) {
	ctx := context.Background()
	ix := withCorpus(t, openWith(t, Options{pruneFrom: 1}))
	var copies []corpus.Document
	for i := range 5 {
		copies = append(copies, corpus.Document{
			ID: fmt.Sprintf("copy-%d", i), Title: "Wire copy", Source: fmt.Sprintf("Paper %d", i),
			Text: "A Ukrainian official said the talks would go on.",
		})
	}
	if _, err := ix.Add(ctx, copies); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range []string{
		"How many artillery shells has North Korea shipped to Russia?",
		"Where does Moscow build Shahed drones?",
		"What did the president say about the war in Ukraine this year?",
		"What did the leaders of the seven biggest economies discuss?",
		"How many troops did North Korea send?",
		"What does the treaty oblige each side to provide?",
	} {
		pq, ok := firstQuery(t, ix, s).(*prunedQuery)
		if !ok {
			continue
		}
		for _, reads := range []int{1, 2, 3, 7} {
			rare, err := ix.searchWith(ctx, pq.rare, reads)
			if err != nil {
				t.Fatal(err)
			}
			if len(rare.Hits) == 0 {
				continue
			}
			checked++
			ids := make([]string, len(rare.Hits))
			for i, h := range rare.Hits {
				ids[i] = h.ID
			}
			only := query.NewDocIDQuery(ids)
			only.SetBoost(0)
			want, err := ix.searchWith(ctx, query.NewConjunctionQuery([]query.Query{only, pq.BooleanQuery}), 10)
			if err != nil {
				t.Fatal(err)
			}
			rq := &rescoredQuery{whole: pq.BooleanQuery, rare: pq.rare, reads: reads}
			got, err := ix.searchWith(ctx, rq, 10)
			if err != nil {
				t.Fatal(err)
			}
			if rq.found != rare.Total {
				t.Errorf("%q, %d reads: found %d, want %d", s, reads, rq.found, rare.Total)
			}
			if len(got.Hits) != len(want.Hits) {
				t.Fatalf("%q, %d reads: %d passages, want %d", s, reads, len(got.Hits), len(want.Hits))
			}
			for i, h := range got.Hits {
				w := want.Hits[i]
				if h.ID != w.ID || math.Abs(h.Score-w.Score) > 1e-9 {
					t.Errorf("%q, %d reads: rank %d: %s %.6f, want %s %.6f", s, reads, i+1, h.ID, h.Score, w.ID, w.Score)
				}
			}
		}
	}
	if checked < 8 {
		t.Errorf("%d searches checked, want 8 or more", checked)
	}
}

// A term in more than commonPassages passages is left out of the search
// for candidates even when the index is so large that its idf is high.
func TestCommonByPassages(t *testing.T) {
	ix := withCorpus(t, openWith(t, Options{pruneFrom: 1}))
	term := func(t string) query.Query {
		tq := query.NewTermQuery(t)
		tq.SetField(fText)
		return tq
	}
	for _, c := range []struct {
		name string
		qts  []*queryTerm
		want []string // terms searched for candidates; none when nothing is left out
	}{
		{"one in many passages", []*queryTerm{
			{terms: []string{"wide"}, idf: 5, df: commonPassages + 1, weight: 1},
			{terms: []string{"rare"}, idf: 5, df: 10, weight: 1},
		}, []string{"rare"}},
		{"both in few", []*queryTerm{
			{terms: []string{"wide"}, idf: 5, df: commonPassages, weight: 1},
			{terms: []string{"rare"}, idf: 5, df: 10, weight: 1},
		}, nil},
		{"both in many", []*queryTerm{
			{terms: []string{"wide"}, idf: 5, df: commonPassages + 1, weight: 1},
			{terms: []string{"rare"}, idf: 5, df: commonPassages + 1, weight: 1},
		}, nil},
	} {
		q := ix.rareTermsQuery(c.qts, []query.Query{term("wide"), term("rare")}, nil)
		var got []string
		if q != nil {
			for tm := range termsIn(q) {
				got = append(got, tm)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: candidates searched on %v, want %v", c.name, got, c.want)
		}
	}
}

// TestRestrictedStaysPruned: a question restricted to a period keeps
// leaving its common terms out, finds only passages of the period, and
// scores them exactly as the whole query does: the date filters, it
// does not rank.
func TestRestrictedStaysPruned(t *testing.T) {
	ctx := context.Background()
	ix := withCorpus(t, openWith(t, Options{pruneFrom: 1}))
	since := time.Date(2024, 6, 16, 0, 0, 0, 0, time.UTC)
	period := ix.publishedBetween(since, time.Time{})
	restrictedOnes := 0
	for _, s := range []string{
		"How many artillery shells has North Korea shipped to Russia?",
		"What did the president say about the war in Ukraine this year?",
		"How many troops did North Korea send?",
		"What does the treaty oblige each side to provide?",
	} {
		q := firstQuery(t, ix, s)
		if _, ok := q.(*prunedQuery); !ok {
			continue
		}
		rq, ok := restricted(q, period).(*prunedQuery)
		if !ok {
			t.Fatalf("%q: restricting a pruned query gave %T", s, restricted(q, period))
		}
		restrictedOnes++
		whole, err := ix.searchWith(ctx, q.(*prunedQuery).BooleanQuery, 1000)
		if err != nil {
			t.Fatal(err)
		}
		score := map[string]float64{}
		for _, h := range whole.Hits {
			score[h.ID] = h.Score
		}
		got, err := ix.firstStage(ctx, rq, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Hits) == 0 {
			t.Errorf("%q: nothing found since %s", s, since.Format("2006-01-02"))
		}
		for _, h := range got.Hits {
			p, _ := time.Parse(time.RFC3339, fmt.Sprint(h.Fields[fPublished]))
			if p.Before(since) {
				t.Errorf("%q: %s published %s, before the period", s, h.ID, p.Format("2006-01-02"))
			}
			if math.Abs(h.Score-score[h.ID]) > 1e-9 {
				t.Errorf("%q: %s scores %.6f, the whole query %.6f", s, h.ID, h.Score, score[h.ID])
			}
		}
	}
	if restrictedOnes < 2 {
		t.Errorf("%d questions pruned; want 2 or more", restrictedOnes)
	}
}
