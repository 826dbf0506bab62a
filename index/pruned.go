package index

import (
	"container/heap"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
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
//
// A term in more than commonPassages passages is common however large the
// index: its postings grow with the corpus while its idf stays above 3.
// On the 157,634-passage XQuAD-in-news index idf 3 is already about 7,800
// passages, so nothing changes there; at four times the size it bounds
// what the rarer terms read, taking p99 from 24–27 ms to 22 ms with the
// same rankings (README, "Scale").
const (
	commonIdf      = 3.0
	commonPassages = 24000
	rareReads      = 10
	pruneFrom      = 50000
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
		if qt.idf >= commonIdf && qt.df <= commonPassages {
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
	rq := &rescoredQuery{whole: q.BooleanQuery, rare: q.rare, reads: size * rareReads}
	res, err := ix.searchWith(ctx, rq, size)
	if err != nil {
		return nil, err
	}
	if rq.found > 0 {
		res.Total = rq.found
	}
	return res, nil
}

// rescoredQuery finds the best reads passages for rare, then scores just
// those with whole; if rare finds nothing, it is whole.
//
// Both steps run in the one searcher Bleve asks for, on one snapshot of
// the index, so the first step can hand the second Bleve's own numbers
// for the passages. Had the first been a search of its own, Bleve would
// read each passage's stored id for it, and those reads of scattered
// stored passages were most of the index pages a question touched
// (issue #12: a page read maps its 64 KB neighbourhood into the
// process).
type rescoredQuery struct {
	whole, rare query.Query
	reads       int
	found       uint64 // passages rare matched, set by Searcher
}

func (q *rescoredQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	ids, found, err := bestOf(ctx, q.rare, q.reads, r, m, opts)
	if err != nil {
		return nil, err
	}
	q.found = found
	whole, err := q.whole.Searcher(ctx, r, m, opts)
	if err != nil || len(ids) == 0 {
		return whole, err
	}
	return &amongSearcher{Searcher: whole, ids: ids}, nil
}

// bestOf returns the internal ids of q's best n matches in index order,
// and how many passages q matches. Of passages that score the same, the
// earlier is kept, as Bleve's collector does.
func bestOf(ctx context.Context, q query.Query, n int, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) ([]bindex.IndexInternalID, uint64, error) {
	s, err := q.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	best := make(scoredIDs, 0, n)
	var found uint64
	for {
		if found%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, 0, err
		}
		if dm == nil {
			break
		}
		found++
		switch {
		case len(best) < n:
			heap.Push(&best, scoredID{dm.Score, slices.Clone(dm.IndexInternalID)})
		case dm.Score > best[0].score:
			best[0] = scoredID{dm.Score, append(best[0].id[:0], dm.IndexInternalID...)}
			heap.Fix(&best, 0)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	ids := make([]bindex.IndexInternalID, len(best))
	for i, b := range best {
		ids[i] = b.id
	}
	slices.SortFunc(ids, bindex.IndexInternalID.Compare)
	return ids, found, nil
}

type scoredID struct {
	score float64
	id    bindex.IndexInternalID
}

// scoredIDs is a heap whose least is the lowest score, and of equal
// scores the later in index order, so that it goes first.
type scoredIDs []scoredID

func (h scoredIDs) Len() int { return len(h) }
func (h scoredIDs) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].id.Compare(h[j].id) > 0
}
func (h scoredIDs) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *scoredIDs) Push(x any)   { *h = append(*h, x.(scoredID)) }
func (h *scoredIDs) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// amongSearcher returns the matches of its Searcher that are among ids
// (ascending), advancing to each in turn instead of reading every posting.
type amongSearcher struct {
	search.Searcher
	ids  []bindex.IndexInternalID
	next int
}

func (s *amongSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for s.next < len(s.ids) {
		dm, err := s.Searcher.Advance(ctx, s.ids[s.next])
		if err != nil || dm == nil {
			s.next = len(s.ids)
			return nil, err
		}
		// The whole query's next match may lie past the id asked for
		// (a phrase or filter it requires): skip the ids before it.
		for s.next < len(s.ids) && s.ids[s.next].Compare(dm.IndexInternalID) < 0 {
			s.next++
		}
		if s.next < len(s.ids) && s.ids[s.next].Equals(dm.IndexInternalID) {
			s.next++
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
	return nil, nil
}

func (s *amongSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	for s.next < len(s.ids) && s.ids[s.next].Compare(id) < 0 {
		s.next++
	}
	return s.Next(ctx)
}

func (s *amongSearcher) Count() uint64 { return uint64(len(s.ids)) }

// restricted is q limited to the passages f matches, f adding nothing to
// the scores: a date range asked about filters, it does not rank. A
// pruned query stays pruned, so that restricting it does not read every
// posting of its common terms, as a conjunction with the whole query did
// (a question naming a year took 46 ms at 1x). Bleve reads an unscored
// filter as one bitmap, so checking each passage against it is cheap.
func restricted(q query.Query, f query.Query) query.Query {
	switch q := q.(type) {
	case *prunedQuery:
		if rare, ok := q.rare.(*query.BooleanQuery); ok {
			return &prunedQuery{BooleanQuery: withFilter(q.BooleanQuery, f), rare: withFilter(rare, f)}
		}
		return withFilter(q.BooleanQuery, f)
	case *query.BooleanQuery:
		return withFilter(q, f)
	}
	return query.NewConjunctionQuery([]query.Query{q, f})
}

// withFilter is a copy of b that also requires f, unscored.
func withFilter(b *query.BooleanQuery, f query.Query) *query.BooleanQuery {
	c := *b
	if c.Filter != nil {
		f = query.NewConjunctionQuery([]query.Query{c.Filter, f})
	}
	c.Filter = f
	return &c
}
