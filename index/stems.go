package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
)

// memoWords bounds a stemMemo (about 3 MB): past it, new words are
// stemmed without being remembered. Common words come first, so the first
// 16,384 distinct words cover most of what is stemmed later; 65,536 saved
// a little more time for 16 MB.
const memoWords = 1 << 14

// stemMemo remembers what a stemming filter made of each word. Answering
// analyses every candidate's text, stemming the same words over and over,
// and Porter's stemmer is a third of that analysis; the stem of a word
// never changes. Ingest goes without it (Index.plain).
type stemMemo struct {
	stem analysis.TokenFilter
	mu   sync.RWMutex
	memo map[string][]byte
}

// Filter stems in place, as the wrapped filter does. A remembered stem is
// shared by the tokens that carry it; nothing after the stemmer writes
// into a term.
func (s *stemMemo) Filter(in analysis.TokenStream) analysis.TokenStream {
	for i, t := range in {
		if t.KeyWord {
			continue
		}
		s.mu.RLock()
		st, ok := s.memo[string(t.Term)]
		s.mu.RUnlock()
		if ok {
			t.Term = st
			continue
		}
		word := string(t.Term)
		s.stem.Filter(in[i : i+1])
		s.mu.Lock()
		if len(s.memo) < memoWords {
			// Exactly as long as the stem (the stemmer's buffer is four
			// times that): an append to a shared term copies it.
			st := make([]byte, len(t.Term))
			copy(st, t.Term)
			s.memo[word] = st
		}
		s.mu.Unlock()
	}
	return in
}

// memoStems gives an analyzer whose last filter, when it is Porter's
// stemmer, remembers its stems; other analyzers come back as they are.
func memoStems(a analysis.Analyzer) analysis.Analyzer {
	d, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || len(d.TokenFilters) == 0 {
		return a
	}
	last := len(d.TokenFilters) - 1
	if _, ok := d.TokenFilters[last].(*porter.PorterStemmer); !ok {
		return a
	}
	m := *d
	m.TokenFilters = append([]analysis.TokenFilter(nil), d.TokenFilters...)
	m.TokenFilters[last] = &stemMemo{stem: d.TokenFilters[last], memo: map[string][]byte{}}
	return &m
}
