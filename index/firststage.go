package index

import (
	"bytes"
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// firstStage returns the best size passages for q with their stored fields
// and the locations of q's terms in their text.
//
// The index keeps no term positions (issue #10: they were a fifth of
// ingest). The rerank needs locations for the passages found alone, so
// they come from analysing those passages' stored text with the index's
// own analyzer, which gives exactly what Bleve would have stored. The
// same locations decide q's phrases (wordsInRow): Bleve matches their
// words anywhere, so a query with phrases reads more passages and keeps
// those holding the words in a row. A question's query on a large index
// reads the postings of its rarer terms only (prunedQuery).
func (ix *Index) firstStage(ctx context.Context, q query.Query, size int) (*bleve.SearchResult, error) {
	phrases := phrasesIn(q, ix.text)
	n := size
	if len(phrases) > 0 {
		n = max(size*phraseReads, phraseReadsMin)
	}
	var res *bleve.SearchResult
	var err error
	if pq, ok := q.(*prunedQuery); ok {
		res, err = ix.searchPruned(ctx, pq, n)
	} else {
		res, err = ix.searchWith(ctx, q, n)
	}
	if err != nil {
		return nil, err
	}
	terms := termsIn(q)
	if len(phrases) == 0 {
		// Every hit up to size is kept: its locations are found on every
		// processor.
		res.Hits = res.Hits[:min(len(res.Hits), size)]
		shareOut(len(res.Hits), func() func(i int) {
			return func(i int) { ix.locate(res.Hits[i], terms) }
		})
		return res, nil
	}
	kept := res.Hits[:0]
	for _, h := range res.Hits {
		if len(kept) == size {
			break
		}
		if !holdsPhrases(q, ix.locate(h, terms)) {
			continue
		}
		kept = append(kept, h)
	}
	if res.Total <= uint64(n) {
		// Every passage holding the words was read: the count is exact.
		res.Total = uint64(len(kept))
	}
	res.Hits = kept
	return res, nil
}

// mayStartWith reports whether a word, once lower-cased, may start with
// one of heads: surely not when its first bytes are ASCII and differ from
// every head's, in any case. The filters before the stemmer (possessive,
// lower case, stop words) change no ASCII prefix but by case.
func mayStartWith(term []byte, heads [][]byte) bool {
	for _, b := range term {
		if b >= utf8.RuneSelf {
			return true // lower case may change its length
		}
	}
	for _, h := range heads {
		if len(term) < len(h) {
			continue
		}
		match := true
		for k, c := range h {
			b := term[k]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			if b != c {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// A query with phrases reads phraseReads times the passages asked for, and
// at least phraseReadsMin, since some hold the words but not in a row.
const (
	phraseReads    = 4
	phraseReadsMin = 100
)

// locate sets h's locations of terms in its stored text, and returns them.
func (ix *Index) locate(h *search.DocumentMatch, terms map[string]bool) search.TermLocationMap {
	text, _ := h.Fields[fText].(string)
	locs := ix.locations(text, terms)
	h.Locations = nil
	if len(locs) > 0 {
		h.Locations = search.FieldTermLocationMap{fText: locs}
	}
	return locs
}

// locations finds where the terms of text that are among terms stand, in
// text order.
func (ix *Index) locations(text string, terms map[string]bool) search.TermLocationMap {
	locs := search.TermLocationMap{}
	for _, t := range analyzeFor(ix.text, text, terms) {
		if !terms[string(t.Term)] {
			continue
		}
		term := string(t.Term)
		locs[term] = append(locs[term], &search.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
	}
	return locs
}

// searchWith runs q for its best size passages with the stored fields the
// rerank reads.
func (ix *Index) searchWith(ctx context.Context, q query.Query, size int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = []string{fText, fSpan, fTitle, fDoc, fSourceRaw, fURL, fPublished}
	req.PreSearchData = ix.bm25Data()
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	if res.Hits, err = ix.passageTexts(res.Hits, req.Fields); err != nil {
		return nil, err
	}
	return res, nil
}

// analyzeFor analyses text as a does, as far as the tokens whose stems
// are among terms go: only the words that may stem to one of them are
// stemmed. A Porter stem is its word up to the stem's last letter, which
// may differ ("countri" of "country", "hope" of "hoping"), so a word
// that does not start with a term less its last byte cannot stem to it.
// Stemming was a third of analysing a candidate, and few of its words are
// the question's.
func analyzeFor(a analysis.Analyzer, text string, terms map[string]bool) analysis.TokenStream {
	d, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || len(d.TokenFilters) == 0 {
		return analyze(a, text)
	}
	input := []byte(text)
	for _, cf := range d.CharFilters {
		input = cf.Filter(input)
	}
	heads := make([][]byte, 0, len(terms))
	for t := range terms {
		heads = append(heads, []byte(t[:max(len(t)-1, 0)]))
	}
	var ts analysis.TokenStream
	if wt, ok := d.Tokenizer.(wordTokenizer); ok {
		// Most words of a passage cannot match: they are not even
		// built as tokens.
		ts = wt.tokenizeKeep(input, func(term []byte) bool { return mayStartWith(term, heads) })
	} else {
		ts = d.Tokenizer.Tokenize(input)
	}
	last := len(d.TokenFilters) - 1
	for _, f := range d.TokenFilters[:last] {
		ts = f.Filter(ts)
	}
	kept := ts[:0]
	for _, tok := range ts {
		for _, h := range heads {
			if bytes.HasPrefix(tok.Term, h) {
				kept = append(kept, tok)
				break
			}
		}
	}
	return d.TokenFilters[last].Filter(kept)
}
