package index

import (
	"context"
	"strings"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/timeline"
)

// maxTimelineDepth bounds the passages one timeline ranks.
const maxTimelineDepth = 1000

// Passages returns the passages relevant to a topic, best first, for a
// timeline: the candidates ask would rank, cut where ask cuts what is
// related (covers: enough of the topic's idf mass, and its names), each
// with its prose sentences and the share of the topic each holds.
// Documents published before q.Since are left out; undated ones stay.
func (ix *Index) Passages(ctx context.Context, q timeline.PassageQuery) ([]timeline.Passage, error) {
	tq, err := corpus.ParseQuery(q.Topic)
	if err != nil {
		return nil, err
	}
	if tq.Empty() {
		return nil, nil
	}
	depth := q.Limit
	if depth <= 0 {
		depth = timeline.DefaultDepth
	}
	depth = min(depth, maxTimelineDepth)
	rk := ix.ranking()
	// A window's start fetches the best passages published since then
	// too, as a question naming a time does.
	when := corpus.When{From: q.Since}
	cands, _, err := ix.candidates(ctx, tq, when, rk.withDepth(depth))
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	// The topic's terms with their idf, as candidates weighed them, to
	// measure each sentence.
	qts := ix.questionTerms(tq)
	if err := ix.setIDF(ctx, qts, ix.wordTable()); err != nil {
		return nil, err
	}
	sem := newSemantics(ix.wordTable(), qts)
	termOf := map[string]int{}
	var total float64
	for i, qt := range qts {
		for _, t := range qt.extra {
			termOf[t] = i
		}
		for _, t := range qt.terms {
			termOf[t] = i
		}
		total += qt.idf
	}
	var out []timeline.Passage
	for _, c := range cands {
		if !c.covers(rk) {
			continue
		}
		if !q.Since.IsZero() && !c.published.IsZero() && c.published.Before(q.Since) {
			continue
		}
		p := timeline.Passage{Citation: c.citation(len(out) + 1)}
		p.Position, _ = passageN(c.docID, c.hit.ID)
		p.Sentences = sentenceCover(c, qts, sem, termOf, total)
		out = append(out, p)
	}
	return out, nil
}

// sentenceCover measures each prose sentence of a candidate as the
// relevance cut measures passages: the share of the topic's idf mass its
// words hold, counting words said in other words ("forces" for "troops")
// and, at half weight, the title's.
func sentenceCover(c *candidate, qts []*queryTerm, sem *semantics, termOf map[string]int, total float64) []timeline.Sentence {
	sents := corpus.Sentences(c.text)
	sets := make([]map[int]bool, len(sents))
	for term, locs := range c.hit.Locations[fText] {
		qi, ok := termOf[term]
		if !ok {
			continue
		}
		qt := qts[qi]
		for _, l := range locs {
			start, end := int(l.Start), int(l.End)
			if qt.name && term == qt.terms[0] && !sameForm(c.text, start, end, qt.low) {
				continue
			}
			for si, s := range sents {
				if start >= s[0] && start < s[1] {
					if sets[si] == nil {
						sets[si] = map[int]bool{}
					}
					sets[si][qi] = true
					break
				}
			}
		}
	}
	var out []timeline.Sentence
	for si, s := range sents {
		if !isProse(strings.TrimSpace(c.text[s[0]:s[1]])) {
			continue
		}
		var exact, titled, near float64
		if total > 0 {
			exact = idfSum(qts, sets[si]) / total
			// A report leaves its subject to the title ("Record grain
			// exports" over "Ukraine shipped a record … of grain"): the
			// title's topic words count half.
			withTitle := map[int]bool{}
			for qi := range c.titleSet {
				if !sets[si][qi] {
					withTitle[qi] = true
				}
			}
			titled = idfSum(qts, withTitle) / total / 2
			_, near, _ = sem.features(vectorWords(c.text[s[0]:s[1]]), sets[si], qts, total)
		}
		// Every word of a short topic, most of a long one, must be in the
		// sentence, the one before it or the title: "Prince William"
		// alone is not "Prince William estate", nor "St. Cloud" "St.
		// Cloud taxes".
		missing := 0
		for qi := range qts {
			if !sets[si][qi] && !c.titleSet[qi] && (si == 0 || !sets[si-1][qi]) {
				missing++
			}
		}
		out = append(out, timeline.Sentence{Span: s, Cover: round3(min(1, exact+titled+near)), Exact: round3(exact), Partial: missing*3 >= len(qts) && missing > 0})
	}
	return out
}
