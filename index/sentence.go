package index

import (
	"math"
)

// sentenceChooser picks a passage's answer sentence with more evidence
// than the rerank spends on every candidate: question words said in other
// words ("harvest" for "crop", "penalty" for "fine"), and a thing of the
// kind asked for next to the question's words. It runs only for the few
// passages an answer may quote.
type sentenceChooser struct {
	qts []*queryTerm
	qi  questionInfo
}

// chooseCos is the cosine at which a sentence word stands in for an
// absent question word when choosing the answer sentence: lower than the
// relevance cut's, since the passage already answers.
const chooseCos = 0.6

// sentenceFacts are what the rerank learnt of a candidate's sentences.
type sentenceFacts struct {
	sents [][2]int
	prose []bool         // whether each sentence may stand as an answer (isProse)
	sets  []map[int]bool // question terms in each sentence
	occAt map[int]int    // byte offset of a question-term occurrence -> term
}

// best returns the answer sentence of c and its evidence, in the same
// units (question idf mass) as the rerank's.
func (sc *sentenceChooser) best(c *candidate) ([2]int, float64) {
	kind := sc.qi.kind
	if kind == kindAny && sc.qi.asksName {
		// The sentence that gives the name asked for gives a name; one
		// with more of the question's words and none does not say it.
		kind = kindName
	}
	// "Which economist…", "Which campus newspaper…" ask for a name too;
	// which name is left to the words beside it (namedBeside).
	roleNamed := kind == kindAny && namedHeads[sc.qi.head]
	var bestR [2]int
	bestV := -1.0
	// A figure asked for is answered by a sentence with a figure, before
	// any without one however many of the question's words it holds.
	typedR, typedV := [2]int{}, -1.0
	for i, r := range c.facts.sents {
		st := c.text[r[0]:r[1]]
		untypedFigure := false
		if !c.facts.prose[i] {
			continue
		}
		ws := sentenceWords(c.text, r)
		v := idfSum(sc.qts, c.facts.sets[i]) + 0.7*sc.soft(ws, c.facts.sets[i])
		if kind != kindAny {
			if kind == kindQuote && (!quoted(st) || !sc.qi.said.holds(c.facts.sets, i, ws, sc.qi.words)) {
				// How someone described a thing is in their words, quoted;
				// the sentence that names them beside it seldom says it.
				v *= 0.2
			} else if sc.qi.ofKind(st, ws, kind) {
				v += nearWeight * nearKind(ws, kind, sc.qi.words, c.facts.occAt, sc.qts)
			} else if figureKind(kind) {
				// A figure asked for is in a sentence with a figure: any
				// sentence with one comes first.
				v *= 0.1
				untypedFigure = true
			} else if kind == kindName {
				// Who did it is named in the sentence that answers; one
				// naming only the question's own names does not say.
				v *= 0.25
			} else {
				// A date asked for is seldom in a sentence without one.
				v *= 0.5
			}
		}
		if f := sc.qi.focus; kind == kindNumber && f.unit() && f.counted(ws) == 0 {
			// "How many acres…" is answered by a count of acres, not by
			// "424 monuments" (as the rerank asks of the passage).
			v *= 0.1
		}
		if sc.qi.outcome && !outcomeOf(ws, c.facts.sets, i, sc.qts, sc.qi.words) {
			// "Who won?" is not answered by who was expected to.
			v *= 0.2
		}
		if sc.qi.rate != "" && !saysRate(st, sc.qi.rate) {
			// "How many … each day?" is answered by "10,000 a day", not
			// by a total.
			v *= 0.5
		}
		if roleNamed && !hasKind(st, ws, kindName, sc.qi.words) {
			v *= 0.25
		}
		if namedBeside(ws, sc.qi.head, sc.qi.words) {
			// "Which senator…" is answered where a new name follows the
			// word: "Sen. Ben Cardin", "comedian Jerrod Carmichael".
			v *= namedBesideWeight
		}
		if v > bestV {
			bestR, bestV = r, v
		}
		if figureKind(kind) && !untypedFigure && v > typedV {
			typedR, typedV = r, v
		}
	}
	if typedV >= 0 {
		// Its evidence is the passage's best: the words the question
		// asks about may stand in the sentence before it.
		return typedR, max(typedV, bestV)
	}
	if bestV < 0 {
		return c.sentence, c.sentIdf
	}
	return bestR, bestV
}

// namedHeads are nouns of "Which X…" whose answer is a proper name: people
// by their role, and bodies with names. Not "which medicine" (drugs are
// written in lower case) or "which number".
var namedHeads = map[string]bool{
	"player": true, "economist": true, "governor": true, "senator": true, "developer": true, "voter": true,
	"candidate": true, "actor": true, "actress": true, "singer": true, "rapper": true, "coach": true,
	"author": true, "writer": true, "official": true, "minister": true, "judge": true, "artist": true,
	"director": true, "executive": true, "journalist": true, "reporter": true, "athlete": true,
	"quarterback": true, "pitcher": true, "driver": true, "mayor": true, "lawmaker": true, "politician": true,
	"scientist": true, "astronaut": true, "billionaire": true, "musician": true, "band": true, "studio": true,
	"newspaper": true, "program": true, "network": true, "agency": true, "brand": true, "airline": true,
	"retailer": true, "bank": true, "publisher": true, "university": true, "college": true, "school": true,
}

// soft is the idf mass of question terms absent from a sentence that one
// of its words says in other words, each counted by its cosine.
func (sc *sentenceChooser) soft(ws []word, present map[int]bool) float64 {
	sem := sc.qi.sem
	if sem == nil {
		return 0
	}
	var v float64
	for i, q := range sem.terms {
		if present[i] || q.IsZero() {
			continue
		}
		var best float64
		for _, w := range ws {
			for _, part := range vectorWords(w.text) {
				if wv, ok := sem.table.Lookup(part); ok && wv.Rank >= commonRanks {
					best = math.Max(best, q.Cos(wv))
				}
			}
		}
		if best >= chooseCos {
			v += sc.qts[i].idf * best
		}
	}
	return v
}

// namedBesideWeight multiplies the evidence of a sentence that names
// something new beside the noun a "Which X…" question asks about. Factors
// 1.3 to 4 were measured; 2 raised the answer share on each of
// news-paraphrase-a, -b and -c by .02 and moved nothing else (README).
const namedBesideWeight = 2

// nearWeight counts again the question words standing next to the thing
// asked for ("shut 36 ports"): they say which number answers. Measured 0,
// 0.5, 1 and 2 on news-paraphrase-a and -b: chosen on either, 1 raised
// the other's answers by .042 and .021 (README).
const nearWeight = 1
