package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// firstStage returns the best size passages for q with their stored fields
// and term locations.
//
// The question's query is a disjunction over every question term, scored
// over every posting of each (issue #12). Asking Bleve for term locations
// along the way decodes the locations of all those postings, a fifth of
// the work and the growing part of the pages read; the rerank needs them
// for the top passages alone. So such a query runs without locations, and
// a second search, restricted to the passages found, reads theirs. Queries
// that require something (a phrase, a source, a period, a document) visit
// few postings and run once, as they are.
func (ix *Index) firstStage(ctx context.Context, q query.Query, size int) (*bleve.SearchResult, error) {
	if !disjunctive(q) {
		return ix.searchWith(ctx, q, size, true)
	}
	res, err := ix.searchWith(ctx, q, size, false)
	if err != nil {
		return nil, err
	}
	if err := ix.locate(ctx, q, res.Hits); err != nil {
		return nil, err
	}
	return res, nil
}

// disjunctive reports whether q matches any passage holding one of its
// terms: a boolean query with nothing required.
func disjunctive(q query.Query) bool {
	bq, ok := q.(*query.BooleanQuery)
	return ok && bq.Must == nil && bq.Filter == nil && bq.Should != nil
}

// searchWith runs q for its best size passages with the stored fields the
// rerank reads, and their term locations when asked.
func (ix *Index) searchWith(ctx context.Context, q query.Query, size int, locations bool) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = []string{fText, fTitle, fDoc, fSourceRaw, fURL, fPublished}
	req.IncludeLocations = locations
	req.PreSearchData = ix.bm25Data()
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	return res, nil
}

// locate sets the term locations of hits, found by q, to those the search
// would have returned with them.
func (ix *Index) locate(ctx context.Context, q query.Query, hits search.DocumentMatchCollection) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q}), len(ids), 0, false)
	req.IncludeLocations = true
	req.Score = "none"
	req.PreSearchData = ix.bm25Data()
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("index: term locations: %w", err)
	}
	locs := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		locs[h.ID] = h.Locations
	}
	for _, h := range hits {
		h.Locations = locs[h.ID]
	}
	return nil
}
