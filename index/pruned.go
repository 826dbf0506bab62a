package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// prunedQuery is a question's query whose common terms are left out of
// the search for candidates (issue #12).
//
// Bleve scores every posting of every question term, and a common term's
// postings are most of them: at four times the corpus they took p99 from
// 17 to 42 ms. So firstStage finds rareReads times the passages asked for
// on the rarer terms alone, then has Bleve score just those passages with
// the whole query. The scores are exactly the whole query's; only a
// passage that the rarer terms rank below the first rareReads×size can be
// missed.
type prunedQuery struct {
	*query.BooleanQuery // the whole query; searching it searches everything
	rare                query.Query
}

// commonIdf is the idf under which a question term is common: in more
// than about one passage in twenty. rareReads is how many times the
// passages asked for the rarer terms find. Both were chosen on XQuAD-in-news
// (R@1 unchanged at 1x, p99 at 4x within 1.6 times 1x) and left every
// other eval set's figures unchanged (README, "Scale").
//
// Below pruneFrom passages the postings are short and nothing is left
// out: a small corpus has few rare terms, and leaving the rest out would
// miss passages for no gain.
const (
	commonIdf = 3.0
	rareReads = 10
	pruneFrom = 50000
)

// rareTermsQuery is the question's query without its common terms, or nil
// when the index is small, or the question has no common terms or only
// common ones.
func (ix *Index) rareTermsQuery(qts []*queryTerm, should, mustNot []query.Query) query.Query {
	ix.statsMu.RLock()
	n := ix.stats.passages
	ix.statsMu.RUnlock()
	from := int64(pruneFrom)
	if ix.opts.pruneFrom > 0 {
		from = int64(ix.opts.pruneFrom)
	}
	if n < from {
		return nil
	}
	common := map[string]bool{}
	rare := false
	for _, qt := range qts {
		if qt.idf >= commonIdf {
			rare = true
			continue
		}
		for _, t := range qt.terms {
			common[t] = true
		}
	}
	if !rare || len(common) == 0 {
		return nil
	}
	var keep []query.Query
	for _, q := range should {
		if tq, ok := q.(*query.TermQuery); ok && common[tq.Term] {
			continue
		}
		keep = append(keep, q)
	}
	bq := query.NewBooleanQuery(nil, keep, mustNot)
	bq.Should.(*query.DisjunctionQuery).SetMin(1)
	return bq
}

// searchPruned finds the best size passages for q as searchWith would,
// reading the postings of q's rarer terms only.
func (ix *Index) searchPruned(ctx context.Context, q *prunedQuery, size int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q.rare, size*rareReads, 0, false)
	req.PreSearchData = ix.bm25Data()
	found, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	if len(found.Hits) == 0 {
		return ix.searchWith(ctx, q.BooleanQuery, size)
	}
	ids := make([]string, len(found.Hits))
	for i, h := range found.Hits {
		ids[i] = h.ID
	}
	// Boost 0: the ids add nothing to the score or to the query's norm, so
	// each passage scores as under the whole query alone.
	only := query.NewDocIDQuery(ids)
	only.SetBoost(0)
	res, err := ix.searchWith(ctx, query.NewConjunctionQuery([]query.Query{only, q.BooleanQuery}), size)
	if err != nil {
		return nil, err
	}
	res.Total = found.Total
	return res, nil
}
