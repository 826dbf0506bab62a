package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
)

// firstQuery builds the first-stage query of question s as candidates does.
func firstQuery(t testing.TB, ix *Index, s string) query.Query {
	t.Helper()
	q, err := corpus.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	qts := ix.questionTerms(q)
	if len(qts) == 0 {
		t.Fatalf("%q: no terms", s)
	}
	if err := ix.setIDF(context.Background(), qts, ix.wordTable()); err != nil {
		t.Fatal(err)
	}
	bq, err := ix.buildQuery(q, qts)
	if err != nil {
		t.Fatal(err)
	}
	return bq
}

// The first stage finds the passages, scores, stored fields and term
// locations one search with locations finds, whether or not it defers
// the locations.
func TestFirstStageIsOneSearch(t *testing.T) {
	ix := testIndex(t)
	ctx := context.Background()
	deferred, located := 0, 0
	for _, s := range []string{
		"How many artillery shells has North Korea shipped to Russia?",
		"Where does Moscow build Shahed drones?",
		"What did the president say about the war in Ukraine this year?",
		"ukraine -russia",
		`"North Korea" shells`,
		"source:\"Example Wire\" shipments",
	} {
		q := firstQuery(t, ix, s)
		if disjunctive(q) {
			deferred++
		}
		want, err := ix.searchWith(ctx, q, 30, true)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ix.firstStage(ctx, q, 30)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Hits) == 0 || len(got.Hits) != len(want.Hits) {
			t.Fatalf("%q: %d passages, want %d (> 0)", s, len(got.Hits), len(want.Hits))
		}
		for i, w := range want.Hits {
			g := got.Hits[i]
			if g.ID != w.ID || g.Score != w.Score || !reflect.DeepEqual(g.Fields, w.Fields) {
				t.Fatalf("%q: rank %d: %s %.6f, want %s %.6f", s, i+1, g.ID, g.Score, w.ID, w.Score)
			}
			if len(w.Locations) > 0 {
				located++
			}
			if !reflect.DeepEqual(g.Locations, w.Locations) {
				t.Fatalf("%q: %s: locations %v, want %v", s, g.ID, g.Locations, w.Locations)
			}
		}
	}
	if located == 0 {
		t.Error("no passage had term locations")
	}
	if deferred < 3 || deferred == 6 {
		t.Errorf("%d of 6 questions deferred their locations; want the disjunctions (3 or more) and not the rest", deferred)
	}
}
