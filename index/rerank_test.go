package index

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// The rerank's evidence for one passage (rerank.go), read through Explain.

// explainOver indexes docs alone and returns the reranked candidates for
// question, with their features by document.
func explainOver(t *testing.T, docs []corpus.Document, question string) ([]Explained, map[string]Features) {
	t.Helper()
	ix := openTest(t, nil)
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	q, err := corpus.ParseQuery(question)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := ix.Explain(context.Background(), q, 10)
	if err != nil {
		t.Fatal(err)
	}
	f := map[string]Features{}
	for _, e := range ex {
		f[e.DocID] = e.Features
	}
	return ex, f
}

func TestWordVectorsAddEvidence(t *testing.T) {
	ex, f := explainOver(t, []corpus.Document{
		{ID: "lagos", Title: "Lagos", Text: "Lagos is the largest city in Nigeria by population."},
		{ID: "council", Title: "Council", Text: "The city council met on Tuesday to discuss parking downtown."},
	}, "What is the biggest city?")
	if len(ex) != 2 || ex[0].DocID != "lagos" {
		t.Fatalf("ranking %+v, want lagos first", ex)
	}
	// "biggest" is absent from both; "largest" says it in other words.
	if f["lagos"].Soft <= f["council"].Soft+0.1 {
		t.Errorf("soft evidence lagos %.3f, council %.3f", f["lagos"].Soft, f["council"].Soft)
	}
	if f["lagos"].Topic <= 0 || f["lagos"].Topic > 1 {
		t.Errorf("topic %.3f out of (0, 1]", f["lagos"].Topic)
	}
}

func TestRelevanceCountsWordsSaidOtherwise(t *testing.T) {
	ix := openTest(t, nil)
	docs := []corpus.Document{
		{ID: "forces", Text: "Forces from the North crossed the river at dawn."},
		{ID: "harvest", Text: "The harvest festival drew large crowds."},
		{ID: "markets", Text: "Markets rallied on Friday."},
	}
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	// Only "cross" matches exactly; "troops" is said as "forces".
	if a := askText(t, ix, "When did the troops cross the border?"); len(a.Citations) == 0 || a.Citations[0].DocID != "forces" {
		t.Errorf("troops/forces: %+v", a.Citations)
	}
	// "singers" is nothing like anything here: too little of the question
	// is covered to cite.
	if a := askText(t, ix, "When did the singers cross the border?"); len(a.Citations) != 0 {
		t.Errorf("singers: cited %+v", a.Citations)
	}
}

// TestWordPairsWithinASentence checks that a question's adjacent words
// count as a pair in a passage only when they stand together in one
// sentence: "…in June 2024. The treaty…" does not hold "2024 treaty".
func TestWordPairsWithinASentence(t *testing.T) {
	ex, f := explainOver(t, []corpus.Document{
		{ID: "across", Title: "Summit", Text: "The leaders met at a summit in June 2024. The treaty features a mutual defence clause."},
		{ID: "within", Title: "Pact", Text: "The 2024 treaty features a mutual defence clause that alarmed its neighbours."},
	}, "Which clause of the 2024 treaty drew attention?")
	if len(f) != 2 {
		t.Fatalf("candidates %+v, want both", ex)
	}
	if f["across"].Bigram != 0 {
		t.Errorf("pair across a sentence end: bigram %.3f, want 0", f["across"].Bigram)
	}
	if f["within"].Bigram <= 0 {
		t.Errorf("pair within a sentence: bigram %.3f, want > 0", f["within"].Bigram)
	}
}

// The candidates and their evidence are the same however many processors
// find them: shared out among goroutines (the words' locations in each
// hit, each candidate's evidence), each candidate's features, score and
// answer test are those of one goroutine computing them all in turn.
func TestRerankSameOnEveryCore(t *testing.T) {
	var docs []corpus.Document
	for i := range 40 {
		docs = append(docs, corpus.Document{ID: fmt.Sprintf("d%d", i), Title: fmt.Sprintf("Harbour report %d", i), Source: "Wire",
			Published: day("2024-01-01").AddDate(0, 0, i),
			Text:      fmt.Sprintf("The harbour master counted %d ships in the harbour on Monday. Cranes unloaded %d containers of grain. The port of Rotterdam said trade grew.", i+3, 10*i+7)})
	}
	ix := datedIndex(t, nil, docs)
	q, err := corpus.ParseQuery("How many ships did the harbour master count in Rotterdam's port?")
	if err != nil {
		t.Fatal(err)
	}
	explain := func(procs int) []Explained {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		ex, err := ix.Explain(context.Background(), q, 35)
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}
	one, four := explain(1), explain(4)
	if len(one) < 2*shareFrom {
		t.Fatalf("%d candidates: too few to share out", len(one))
	}
	if !reflect.DeepEqual(one, four) {
		t.Errorf("one processor and four give different candidates:\n%+v\n%+v", one[:2], four[:2])
	}
}
