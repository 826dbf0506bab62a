package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
)

// FollowUp is what a conversation asked before a follow-up question.
type FollowUp struct {
	// Earlier are the earlier questions, each with the documents cited in
	// answer to it and how much it still counts: 1 as much as the
	// follow-up's own words, less for older questions.
	Earlier []Earlier
}

// Earlier is one earlier question of a conversation.
type Earlier struct {
	Question string
	Docs     []string
	Weight   float64
}

// How context counts, relative to its question's weight: the question's
// words other than its key terms (names, numbers, topics) count half; a
// document cited for it is a weak preference, enough to order passages
// that match alike, never a match by itself. Context adds at most
// maxContextTerms terms.
const (
	contextWordWeight = 0.5
	contextDocBoost   = 0.3
	maxContextTerms   = 16
)

// AskInContext answers q as a follow-up to earlier questions: "What about
// missiles?" after "How many artillery shells has North Korea sent to
// Russia?" asks about missiles North Korea sent to Russia. The earlier
// questions' terms join q's own as weaker evidence, each scaled by its
// question's weight, in the search and in the rerank alike (a context name
// is a key term the answer's document should hold, weighed as its
// question is); the documents cited for them are preferred a little. The
// follow-up's own words, time and kind of answer lead, and only its own
// filters apply. Without context it is Ask.
func (ix *Index) AskInContext(ctx context.Context, q corpus.Query, f FollowUp) (corpus.Answer, error) {
	own, groups, docs := ix.contextTerms(q, f)
	if len(groups) == 0 && len(docs) == 0 {
		return ix.Ask(ctx, q)
	}
	return ix.answer(ctx, q, false, func(when corpus.When, rk Ranking) ([]*candidate, uint64, error) {
		return ix.candidatesWith(ctx, q, own, groups, docs, when, rk)
	})
}

// contextGroup is the terms an earlier question adds, and its weight.
type contextGroup struct {
	terms  []*queryTerm
	weight float64
}

// contextTerms returns q's own terms, the terms of f's earlier questions
// that q lacks, by question, and the documents cited for them with their
// weights. A term shared by several earlier questions goes with the first
// listed, so list the latest first.
func (ix *Index) contextTerms(q corpus.Query, f FollowUp) (own []*queryTerm, groups []contextGroup, docs map[string]float64) {
	own = ix.questionTerms(q)
	seen := map[string]bool{}
	pos, field, run := 0, 0, 0
	note := func(qt *queryTerm) {
		for _, t := range qt.terms {
			seen[t] = true
		}
		pos, field, run = max(pos, qt.pos), max(field, qt.field), max(run, qt.run)
	}
	for _, qt := range own {
		note(qt)
	}
	docs = map[string]float64{}
	n := 0
	for _, e := range f.Earlier {
		w := min(max(e.Weight, 0), 1)
		if w == 0 {
			continue
		}
		for _, d := range e.Docs {
			docs[d] = max(docs[d], w)
		}
		eq, err := corpus.ParseQuery(e.Question)
		if err != nil {
			continue
		}
		// Positions and fields after the question's own, with a gap, so
		// that words of two questions never read as a phrase or one name.
		pos, field = pos+2, field+2
		base, basePos, baseField := run, pos, field
		g := contextGroup{weight: w}
		for _, qt := range ix.questionTerms(eq) {
			if seen[qt.terms[0]] || n == maxContextTerms {
				continue
			}
			qt.weight *= w
			if !qt.key {
				qt.weight *= contextWordWeight
			}
			// "about tariffs" made the earlier question's topic a word
			// its answer had to hold; for a follow-up it is context.
			qt.topic = false
			qt.pos += basePos
			qt.field += baseField
			if qt.run > 0 {
				qt.run += base
			}
			note(qt)
			g.terms = append(g.terms, qt)
			n++
		}
		if len(g.terms) > 0 {
			groups = append(groups, g)
		}
	}
	return own, groups, docs
}

// candidatesWith is candidates for q's own terms and the context's,
// preferring the passages of docs (by weight).
//
// An earlier question counts at most its weight times the follow-up's own
// words, in idf mass: a question of many rare words ("test-fire over the
// Gulf of Oman") otherwise outweighs a later one of common words however
// small its weight, and a passage that answers the follow-up must still
// hold most of what is searched for.
func (ix *Index) candidatesWith(ctx context.Context, q corpus.Query, own []*queryTerm, groups []contextGroup, docs map[string]float64, when corpus.When, rk Ranking) ([]*candidate, uint64, error) {
	qts := own
	for _, g := range groups {
		qts = append(qts, g.terms...)
	}
	if len(qts) == 0 {
		return nil, 0, nil
	}
	words := ix.wordTable()
	if err := ix.setIDF(ctx, qts, words); err != nil {
		return nil, 0, err
	}
	var ownMass float64
	for _, qt := range own {
		ownMass += qt.idf
	}
	for _, g := range groups {
		var mass float64
		for _, qt := range g.terms {
			mass += qt.idf
		}
		if limit := g.weight * ownMass; mass > limit {
			for _, qt := range g.terms {
				qt.weight *= limit / mass
				qt.idf *= limit / mass
			}
		}
	}
	bq, err := ix.buildQuery(q, qts)
	if err != nil {
		return nil, 0, err
	}
	if len(docs) > 0 {
		var prefer []query.Query
		for d, w := range docs {
			tq := query.NewTermQuery(d)
			tq.SetField(fDoc)
			tq.SetBoost(contextDocBoost * w)
			prefer = append(prefer, tq)
		}
		// Must the question, should the documents: a passage is found by
		// its words, and only ordered by its document.
		bq = query.NewBooleanQuery([]query.Query{bq}, prefer, nil)
	}
	return ix.searchAndRerank(ctx, q, bq, qts, words, when, rk)
}
