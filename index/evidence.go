package index

import (
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/briefbot/briefbot/corpus"
)

// evidence computes each candidate's own evidence, which needs nothing
// from the other candidates.
type evidence struct {
	ix      *Index
	qts     []*queryTerm
	qi      questionInfo
	termOf  map[string]int // index term -> question term
	total   float64        // the question's idf mass
	pairIdf float64        // its adjacent word pairs' idf mass
	maxBM   float64        // the best candidate's BM25 score
	chooser *sentenceChooser
	runs    map[int][]int // names of several words (keyRunsOf)
}

// all fills cands[i] with hits[i]'s evidence and wholes[i] with the names
// it holds whole, the candidates shared out among the processors, each
// goroutine with its own scratch (the word-vector buffers, the titles
// already read).
func (e *evidence) all(hits search.DocumentMatchCollection, cands []*candidate, wholes [][]int) {
	shareOut(len(hits), func() func(i int) {
		qi := e.qi.withOwnScratch()
		titles := map[string]map[int]bool{}
		return func(i int) { cands[i], wholes[i] = e.candidate(hits[i], qi, titles) }
	})
}

// candidate computes h's evidence. qi's semantics scratch and titles are
// this goroutine's own.
func (e *evidence) candidate(h *search.DocumentMatch, qi questionInfo, titleTerms map[string]map[int]bool) (c *candidate, whole []int) {
	ix, qts, termOf, total, pairIdf, maxBM, chooser, runs := e.ix, e.qts, e.termOf, e.total, e.pairIdf, e.maxBM, e.chooser, e.runs
	c = &candidate{hit: h, bm25: h.Score}
	c.text, _ = h.Fields[fText].(string)
	c.title, _ = h.Fields[fTitle].(string)
	c.docID, _ = h.Fields[fDoc].(string)
	c.published = hitPublished(h)
	var occs []occurrence
	for term, locs := range h.Locations[fText] {
		qi, ok := termOf[term]
		if !ok {
			continue
		}
		qt := qts[qi]
		for _, l := range locs {
			if qt.name && term == qt.terms[0] && !sameForm(c.text, int(l.Start), int(l.End), qt.low) {
				continue
			}
			occs = append(occs, occurrence{q: qi, pos: l.Pos, start: int(l.Start)})
			// Equivalents count as evidence but are not marked: the
			// reader looks for the words asked.
			if int(l.End) <= len(c.text) && slices.Contains(qt.terms, term) {
				c.marks = append(c.marks, [2]int{int(l.Start), int(l.End)})
			}
		}
	}
	sents := corpus.Sentences(c.text)
	if len(sents) == 0 {
		sents = [][2]int{{0, len(c.text)}}
	}
	sentSets := make([]map[int]bool, len(sents))
	present := map[int]bool{}
	posOf := map[int][]uint64{}
	occAt := make(map[int]int, len(occs))
	sentOf := make(map[uint64]int, len(occs)) // a term position's sentence
	for _, o := range occs {
		occAt[o.start] = o.q
		present[o.q] = true
		posOf[o.q] = append(posOf[o.q], o.pos)
		si := sort.Search(len(sents), func(i int) bool { return sents[i][1] > o.start })
		if si == len(sents) {
			si = len(sents) - 1
		}
		sentOf[o.pos] = si
		if sentSets[si] == nil {
			sentSets[si] = map[int]bool{}
		}
		sentSets[si][o.q] = true
	}
	c.present, c.posOf = present, posOf
	prose := make([]bool, len(sents)) // filled below, with the sentences' kinds
	c.facts, c.chooser = sentenceFacts{sents: sents, prose: prose, sets: sentSets, occAt: occAt}, chooser
	words := vectorWords(c.text) // the passage's words, for spellings and word vectors
	c.spelled = spelledOtherwise(words, c.title, qts, present)
	c.cover = idfSum(qts, present) / total
	// The features look at every sentence; the answer only at prose,
	// never at a heading, a question or a credit line.
	var best, bestWin, typed, typedBest, nearBest, focused float64
	saysDeaths := false
	bestAt := -1
	kinds := make([]bool, len(sents))
	for i, set := range sentSets {
		v := idfSum(qts, set)
		st := c.text[sents[i][0]:sents[i][1]]
		// The sentence's words, once, for both tests of its kind.
		var ws []word
		if qi.kind != kindAny {
			ws = sentenceWords(c.text, sents[i])
		}
		// Of the kind asked, said by whom and of what it asks.
		kind := qi.ofKind(st, ws, qi.kind) && qi.said.holds(sentSets, i, ws, qi.words) &&
			(!qi.outcome || outcomeOf(ws, sentSets, i, qts, qi.words))
		saysDeaths = saysDeaths || qi.deaths && deathSaid(ws)
		best = math.Max(best, v)
		if kind {
			typed = math.Max(typed, v)
		}
		var near float64
		if kind {
			near = nearKind(ws, qi.kind, qi.words, occAt, qts)
			nearBest = math.Max(nearBest, near)
		}
		if kind && qi.focus != nil {
			focused = math.Max(focused, qi.focus.counted(ws))
		}
		prose[i] = isProse(st)
		if prose[i] {
			kinds[i] = kind
			if v > c.sentIdf || c.sentence == [2]int{} {
				c.sentence, c.sentIdf, bestAt = sents[i], v, i
			}
			// The typed sentence is judged with its answer's
			// neighbours counted again: they say the answer is about
			// what was asked.
			if kind && v+near > typedBest {
				c.typedIdf, typedBest = v, v+near
			}
		}
		if i > 0 {
			u := map[int]bool{}
			for k := range set {
				u[k] = true
			}
			for k := range sentSets[i-1] {
				u[k] = true
			}
			bestWin = math.Max(bestWin, idfSum(qts, u))
		}
	}
	c.hasTyped = c.typedIdf > 0
	c.deathless = qi.deaths && !saysDeaths
	// "What is the name of the McDonald's employee…" is answered by a
	// name beside the employee, not by the story that tells of one.
	if qi.role.noun != "" {
		c.roleUnnamed = !slices.ContainsFunc(sents, func(r [2]int) bool {
			return roleNamed(c.text, sentenceWords(c.text, r), qi.role, qi.words)
		})
	}
	if qi.now != nil {
		c.holderAt, c.holder = holderAsOf(qi.now, c.text, c.title, c.published)
		c.hasTyped = c.hasTyped && !qi.now.holderOnly() || c.holder
	}
	// The answer may sit beside the sentence that names the subject:
	// "…North Korean units arrived… About 11,000 soldiers…"
	for _, i := range []int{bestAt + 1, bestAt - 1} {
		if !c.hasTyped && bestAt >= 0 && i >= 0 && i < len(sents) && kinds[i] {
			c.hasTyped = true
		}
	}
	// "How many tons…" is not answered by "2 miles": a unit asked for
	// is counted in the passage, or nothing there says how many.
	if qi.focus.unit() && focused == 0 {
		c.hasTyped = false
	}
	bestWin = math.Max(bestWin, best)
	var bigram float64
	for i := 1; i < len(qts); i++ {
		if qts[i].pos != qts[i-1].pos+1 {
			continue
		}
		if followsInSentence(posOf[i-1], posOf[i], 2, sentOf) {
			bigram += qts[i].idf + qts[i-1].idf
		}
	}
	tset, ok := titleTerms[c.title]
	if !ok {
		tset = map[int]bool{}
		for _, tok := range analyze(ix.text, c.title) {
			if qi, ok := termOf[string(tok.Term)]; ok {
				if qts[qi].name && string(tok.Term) == qts[qi].terms[0] && !sameForm(c.title, tok.Start, tok.End, qts[qi].low) {
					continue
				}
				tset[qi] = true
			}
		}
		titleTerms[c.title] = tset
	}
	c.titleSet = tset
	for run, idx := range runs {
		inPassage := func(i int) bool { return c.present[i] || c.spelled[i] }
		adjacent := func(a, b int) bool {
			return c.spelled[a] || c.spelled[b] || follows(c.posOf[a], c.posOf[b], 3)
		}
		inTitle := func(i int) bool { return tset[i] }
		if runWhole(idx, inPassage, adjacent, 1) || runWhole(idx, inTitle, nil, 1) {
			whole = append(whole, run)
		}
	}
	c.f = Features{BM25: c.bm25 / maxBM, Cover: c.cover, Sent: best / total, Window: bestWin / total, Title: idfSum(qts, tset) / total, Typed: typed / total, Near: nearBest / total, Focus: focused}
	var near float64
	c.f.Soft, near, c.f.Topic = qi.sem.features(words, present, qts, total)
	c.relevant = c.cover + near
	if pairIdf > 0 {
		c.f.Bigram = bigram / pairIdf
	}
	var maxIdf, maxFound float64
	for qi, qt := range qts {
		maxIdf = math.Max(maxIdf, qt.idf)
		if present[qi] {
			maxFound = math.Max(maxFound, qt.idf)
		}
	}
	if maxIdf > 0 {
		c.f.Rare = maxFound / maxIdf
	}
	return c, whole
}
