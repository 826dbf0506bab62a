package index

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
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

// positionsIndex is the test corpus in an index that stores term
// positions, as Bleve does for phrase queries and highlights.
func positionsIndex(t testing.TB) *Index {
	return withCorpus(t, openWith(t, Options{termPositions: true}))
}

// blevePhrases is q with each phrase as Bleve's own phrase query.
func blevePhrases(q query.Query) query.Query {
	switch q := q.(type) {
	case *wordsInRow:
		return query.NewMultiPhraseQuery(q.slots, fText)
	case *query.BooleanQuery:
		c := *q
		for _, sub := range []*query.Query{&c.Must, &c.Should, &c.Filter} {
			if *sub != nil {
				*sub = blevePhrases(*sub)
			}
		}
		return &c
	case *query.ConjunctionQuery:
		c := *q
		c.Conjuncts = eachBlevePhrases(q.Conjuncts)
		return &c
	case *query.DisjunctionQuery:
		c := *q
		c.Disjuncts = eachBlevePhrases(q.Disjuncts)
		return &c
	}
	return q
}

func eachBlevePhrases(qs []query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = blevePhrases(q)
	}
	return out
}

// The first stage, on an index without term positions, finds the passages,
// scores, stored fields and term locations that Bleve finds with them:
// phrases included.
func TestFirstStageAsWithPositions(t *testing.T) {
	ix, ref := testIndex(t), positionsIndex(t)
	ctx := context.Background()
	phrased := 0
	for _, s := range []string{
		"How many artillery shells has North Korea shipped to Russia?",
		"Where does Moscow build Shahed drones?",
		"What did the president say about the war in Ukraine this year?",
		"ukraine -russia",
		`"North Korea" shells`,
		`"artillery shells" "North Korea"`,
		`"the war in Ukraine"`,
		`"Russia North"`,
		`"shells Korea"`,
		"source:\"Example Wire\" shipments",
	} {
		q := firstQuery(t, ix, s)
		got, err := ix.firstStage(ctx, q, 30)
		if err != nil {
			t.Fatal(err)
		}
		req := bleve.NewSearchRequestOptions(blevePhrases(q), 30, 0, false)
		req.Fields = []string{fText, fSpan, fTitle, fDoc, fSourceRaw, fURL, fPublished}
		req.IncludeLocations = true
		req.PreSearchData = ref.bm25Data()
		want, err := ref.bleve.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if want.Hits, err = ref.passageTexts(want.Hits, req.Fields); err != nil {
			t.Fatal(err)
		}
		hasPhrase := len(phrasesIn(q, ix.text)) > 0
		if hasPhrase {
			phrased++
		}
		if len(got.Hits) != len(want.Hits) {
			t.Fatalf("%q: %d passages, want %d", s, len(got.Hits), len(want.Hits))
		}
		for i, w := range want.Hits {
			g := got.Hits[i]
			if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9 || !reflect.DeepEqual(g.Fields, w.Fields) {
				t.Fatalf("%q: rank %d: %s %.6f, want %s %.6f", s, i+1, g.ID, g.Score, w.ID, w.Score)
			}
			if hasPhrase {
				// Bleve locates a phrase's words only where they stand in
				// a row; the rerank reads them all.
				continue
			}
			if !reflect.DeepEqual(g.Locations, w.Locations) {
				t.Fatalf("%q: %s: locations %v, want %v", s, g.ID, g.Locations, w.Locations)
			}
		}
	}
	if phrased < 4 {
		t.Errorf("%d questions with phrases, want 4", phrased)
	}
}

// Locations found stemming only the words that may stem to a term asked
// for are those of analysing the whole text: the stems whose last letter
// is not their word's ("countri", "hope", "abl") included.
func TestLocationsStemOnlyWhatMayMatch(t *testing.T) {
	ix, err := Open(context.Background(), t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	texts := []string{
		"The country's ability to pay was hoping against hope, relational as ever.",
		"Kylian Mbappé's countries: Mbappe scored; stability and liability rose sharply.",
		"Ponies, organizations and sensibilities: the agreeably conflated caresses of 1,200 troubled theatres.",
		"HARRIS'S İSTANBUL Café: ÉCOLE students, KELVIN's \u212a scale and Harry’s Ärzte.",
		"",
	}
	for _, text := range texts {
		all := analyze(ix.text, text)
		for i, tok := range all {
			// "a" keeps every word a candidate; without it, only the
			// words that may start with a term's head are built.
			terms := map[string]bool{string(tok.Term): true, "zzz": true}
			if i%2 == 0 {
				terms["a"] = true
			}
			want := search.TermLocationMap{}
			for _, t := range all {
				if terms[string(t.Term)] {
					want[string(t.Term)] = append(want[string(t.Term)], &search.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
				}
			}
			if got := ix.locations(text, terms); !reflect.DeepEqual(got, want) {
				t.Errorf("%q, terms %v: locations %v, want %v", text, terms, got, want)
			}
		}
	}
}
