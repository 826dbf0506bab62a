package index

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// wordsInRow is a phrase: words one after another, each in any of its
// spellings.
//
// The index keeps no term positions (they were a fifth of ingest, issue
// #10), so Bleve cannot match phrases. Bleve finds the passages holding
// every word of the phrase, scored as its phrase query would be, and
// firstStage keeps those holding them in a row, read from the passage's
// own analysed text, which gives the positions Bleve would have stored.
type wordsInRow struct {
	// text is the phrase as typed, analysed by resolve when slots is nil.
	text string
	// slots are the terms that count at each position from the first;
	// an empty slot (a stop word) takes any word.
	slots [][]string
}

// phraseOf is the phrase of words as typed.
func phraseOf(words string) *wordsInRow { return &wordsInRow{text: words} }

// resolve analyses the phrase as typed, once.
func (p *wordsInRow) resolve(a analysis.Analyzer) {
	if p.slots != nil || p.text == "" {
		return
	}
	toks := analyze(a, p.text)
	if len(toks) == 0 {
		p.slots = [][]string{}
		return
	}
	first := toks[0].Position
	p.slots = make([][]string, toks[len(toks)-1].Position-first+1)
	for _, t := range toks {
		p.slots[t.Position-first] = append(p.slots[t.Position-first], string(t.Term))
	}
}

// Searcher finds the passages holding every word of the phrase: a
// conjunction of each position's spellings, as Bleve's phrase searcher
// scores them before it checks positions.
func (p *wordsInRow) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if p.slots == nil {
		p.resolve(m.AnalyzerNamed(analyzerText))
	}
	var conj []query.Query
	for _, slot := range p.slots {
		if len(slot) == 0 {
			continue
		}
		alts := make([]query.Query, len(slot))
		for k, t := range slot {
			tq := query.NewTermQuery(t)
			tq.SetField(fText)
			alts[k] = tq
		}
		conj = append(conj, query.NewDisjunctionQuery(alts))
	}
	if len(conj) == 0 {
		return query.NewMatchNoneQuery().Searcher(ctx, i, m, opts)
	}
	return query.NewConjunctionQuery(conj).Searcher(ctx, i, m, opts)
}

// heldIn reports whether the words stand in a row at the positions given
// for each term.
func (p *wordsInRow) heldIn(locs search.TermLocationMap) bool {
	first := slices.IndexFunc(p.slots, func(s []string) bool { return len(s) > 0 })
	if first < 0 {
		return false
	}
	for _, t := range p.slots[first] {
	start:
		for _, l := range locs[t] {
			for k := first + 1; k < len(p.slots); k++ {
				if len(p.slots[k]) > 0 && !anyAt(locs, p.slots[k], l.Pos+uint64(k-first)) {
					continue start
				}
			}
			return true
		}
	}
	return false
}

// anyAt reports whether one of terms stands at position at; each term's
// locations are in text order.
func anyAt(locs search.TermLocationMap, terms []string, at uint64) bool {
	for _, t := range terms {
		if _, ok := slices.BinarySearchFunc(locs[t], at, func(l *search.Location, at uint64) int { return cmp.Compare(l.Pos, at) }); ok {
			return true
		}
	}
	return false
}

// phrasesIn returns the phrases in q, resolved with a.
func phrasesIn(q query.Query, a analysis.Analyzer) []*wordsInRow {
	var out []*wordsInRow
	walkQuery(q, func(q query.Query) {
		if p, ok := q.(*wordsInRow); ok {
			p.resolve(a)
			out = append(out, p)
		}
	})
	return out
}

// termsIn returns the text-field terms q asks for, whose locations the
// rerank reads.
func termsIn(q query.Query) map[string]bool {
	terms := map[string]bool{}
	walkQuery(q, func(q query.Query) {
		switch q := q.(type) {
		case *query.TermQuery:
			if q.Field() == fText {
				terms[q.Term] = true
			}
		case *wordsInRow:
			for _, slot := range q.slots {
				for _, t := range slot {
					terms[t] = true
				}
			}
		}
	})
	return terms
}

func walkQuery(q query.Query, visit func(query.Query)) {
	if q == nil {
		return
	}
	visit(q)
	switch q := q.(type) {
	case *prunedQuery:
		walkQuery(q.BooleanQuery, visit)
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.Filter} {
			walkQuery(sub, visit)
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			walkQuery(sub, visit)
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			walkQuery(sub, visit)
		}
	}
}

// holdsPhrases reports whether a passage Bleve matched for q, whose term
// locations are locs, holds q's phrases where q requires them: all of a
// conjunction's, one of a disjunction's.
func holdsPhrases(q query.Query, locs search.TermLocationMap) bool {
	switch q := q.(type) {
	case *wordsInRow:
		return q.heldIn(locs)
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			if !holdsPhrases(sub, locs) {
				return false
			}
		}
		return true
	case *query.DisjunctionQuery:
		// A branch without phrases holds whenever Bleve matched it.
		if len(q.Disjuncts) == 0 {
			return true
		}
		for _, sub := range q.Disjuncts {
			if holdsPhrases(sub, locs) {
				return true
			}
		}
		return false
	case *query.BooleanQuery:
		if q.Must != nil && !holdsPhrases(q.Must, locs) {
			return false
		}
		if q.Filter != nil && !holdsPhrases(q.Filter, locs) {
			return false
		}
		return q.Must != nil || q.Should == nil || holdsPhrases(q.Should, locs)
	}
	return true
}
