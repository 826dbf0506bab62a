package index

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// englishAnalyzer is the index's analyzer as Bleve builds it.
func englishAnalyzer(t testing.TB) analysis.Analyzer {
	t.Helper()
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	return fastWords(m.AnalyzerNamed(analyzerText))
}

func showTokens(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q@%d-%d pos %d kw %v; ", t.Term, t.Start, t.End, t.Position, t.KeyWord)
	}
	return b.String()
}

// The memo gives exactly what the stemmer gives: the first time a word is
// seen, when it is remembered, and when the memo is full.
func TestStemMemoAsStemmer(t *testing.T) {
	plain := englishAnalyzer(t)
	memo := memoStems(plain)
	if memo == plain {
		t.Fatal("memoStems left the English analyzer alone")
	}
	texts := []string{"Relational ratings: happy, happiness, happier; generously generalized."}
	for _, d := range readDocs(t, "testdata/corpus.jsonl") {
		texts = append(texts, d.Title, d.Text)
	}
	for pass := range 2 {
		for _, s := range texts {
			if got, want := showTokens(memo.Analyze([]byte(s))), showTokens(plain.Analyze([]byte(s))); got != want {
				t.Fatalf("pass %d, %.40q:\n got %s\nwant %s", pass, s, got, want)
			}
		}
	}
	// A remembered stem is shared, so an append to it must copy.
	for _, tok := range memo.Analyze([]byte(texts[0])) {
		if cap(tok.Term) != len(tok.Term) {
			t.Errorf("%q: shared term has room for %d more bytes", tok.Term, cap(tok.Term)-len(tok.Term))
		}
	}
	// Past memoWords distinct words, words are still stemmed.
	full := memo.(*analysis.DefaultAnalyzer).TokenFilters[3].(*stemMemo)
	for i := 0; len(full.memo) < memoWords; i++ {
		full.Filter(analysis.TokenStream{{Term: []byte(fmt.Sprintf("filler%dings", i))}})
	}
	const late = "unremembered generalizations"
	if got, want := showTokens(memo.Analyze([]byte(late))), showTokens(plain.Analyze([]byte(late))); got != want {
		t.Errorf("full memo: got %s, want %s", got, want)
	}
	if len(full.memo) != memoWords {
		t.Errorf("memo holds %d words, want at most %d", len(full.memo), memoWords)
	}
}

// Concurrent questions share one memo (go test -race).
func TestStemMemoConcurrent(t *testing.T) {
	plain := englishAnalyzer(t)
	memo := memoStems(plain)
	docs := readDocs(t, "testdata/corpus.jsonl")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, d := range docs {
				if got, want := showTokens(memo.Analyze([]byte(d.Text))), showTokens(plain.Analyze([]byte(d.Text))); got != want {
					t.Errorf("%s analysed differently", d.ID)
					return
				}
			}
		})
	}
	wg.Wait()
}
