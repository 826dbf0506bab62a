package index

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/corpus"
)

// questionInfo is what the reranker reads off the question's wording.
type questionInfo struct {
	kind  answerKind
	words map[string]bool
	sem   *semantics
	when  corpus.When
	// recency scales the preference for recent reporting (Options.Recency).
	recency float64
	// now is set when the question asks who holds a post, or what team a
	// player is on, now.
	now nowQuestion
	// focus is what a "how many" question counts.
	focus *focus
	// head is the noun a "Which X…" question asks to name (whichHead).
	head string
	// rate is the period a question asks a rate per: "day" for "How many
	// shells are fired each day?" (askedRate).
	rate string
	// figure says the question asks what a figure is ("What's the death
	// toll…"): in the present tense, a figure that changes, so the newest
	// report of it answers.
	figure bool
	// asksName says the question asks what a thing is named ("What is
	// the name of…", "What name…"): its answer sentence is chosen as for
	// "who" (namingAsked).
	asksName bool
	// role is whom a "What is the name of…" question asks to name
	// ("employee"); its noun is "" for other questions (readNamedRole).
	role namedRole
	// said is who spoke and on what, for a quote question.
	said attribution
	// outcome says the question asks how something came out: a forecast
	// does not answer it (outcomeQuestion).
	outcome bool
	// deaths says the question asks how many died (asksDeaths): only a
	// sentence saying people died states the count.
	deaths bool
}

// figureNow reports whether the question asks what a figure is now
// ("What is the current inflation rate?"): a target or a forecast ("The
// Fed has set a target rate of 2%", "inflation will slow to 3%") does not
// say it.
func (qi questionInfo) figureNow() bool {
	return qi.when.IsZero() && qi.when.Current > 0 && figureKind(qi.kind)
}

// ofKind reports whether a sentence (its text and words) holds a thing of
// the kind asked for as the question asks it: a figure as it stands, not
// an aim or a forecast, when it asks one now; a count of the dead when it
// asks how many died. The rerank and the answer-sentence choice ask it
// alike; the latter may ask for a name where the question's kind is any
// (sentenceChooser.best).
func (qi questionInfo) ofKind(st string, ws []word, kind answerKind) bool {
	return hasKind(st, ws, kind, qi.words) && !(qi.figureNow() && aimed(ws)) && (!qi.deaths || deathSaid(ws))
}

// aimed reports whether a sentence gives a figure as an aim or a forecast
// rather than as it stands: "the Fed's 2% inflation goal".
func aimed(ws []word) bool {
	for _, w := range ws {
		if lw := strings.ToLower(w.text); lw == "goal" || lw == "goals" {
			return true
		}
	}
	return forecast(ws)
}

// topicShare is the share of a question's topic (its idf mass) that a
// document must hold to answer what was said about it.
const topicShare = 0.5

// rerank scores the candidates on passage, sentence, proximity, title,
// document and time evidence and sorts them best first.
func rerank(ix *Index, hits search.DocumentMatchCollection, qts []*queryTerm, qi questionInfo, rk Ranking) []*candidate {
	termOf := map[string]int{} // index term -> question term
	var total, keyTotal float64
	for i, qt := range qts {
		for _, t := range qt.extra {
			termOf[t] = i
		}
		for _, t := range qt.terms {
			termOf[t] = i
		}
		total += qt.idf
		if qt.key {
			keyTotal += qt.idf
		}
	}
	if total == 0 {
		return nil
	}
	// Adjacent question-word pairs, for phrase evidence.
	var pairIdf float64
	for i := 1; i < len(qts); i++ {
		if qts[i].pos == qts[i-1].pos+1 {
			pairIdf += qts[i].idf + qts[i-1].idf
		}
	}
	maxBM := maxScore(hits)
	chooser := &sentenceChooser{qts: qts, qi: qi}
	docTerms := map[string]map[int]bool{} // question terms anywhere in a document's candidates or title
	// Names of several words found whole (but for a word of a long one)
	// in a document's candidates or title.
	docWhole := map[string]map[int]bool{}
	runs := keyRunsOf(qts)
	ev := &evidence{ix: ix, qts: qts, qi: qi, termOf: termOf, total: total, pairIdf: pairIdf, maxBM: maxBM, chooser: chooser, runs: runs}
	cands := make([]*candidate, len(hits))
	wholes := make([][]int, len(hits)) // the names each candidate holds whole
	ev.all(hits, cands, wholes)
	// What a document holds is gathered in the candidates' order.
	for i, c := range cands {
		for _, run := range wholes[i] {
			if docWhole[c.docID] == nil {
				docWhole[c.docID] = map[int]bool{}
			}
			docWhole[c.docID][run] = true
		}
		d := docTerms[c.docID]
		if d == nil {
			d = map[int]bool{}
			docTerms[c.docID] = d
		}
		for k := range c.present {
			d[k] = true
		}
		for k := range c.titleSet {
			d[k] = true
		}
		for k := range c.spelled {
			d[k] = true
		}
	}
	// Evidence that needs every candidate: the document's other passages,
	// and how recent the reporting is.
	var newest time.Time
	for _, c := range cands {
		if c.published.After(newest) {
			newest = c.published
		}
	}
	for _, c := range cands {
		doc := docTerms[c.docID]
		c.f.Doc = idfSum(qts, doc) / total
		var keyHere, keyDoc, topic, topicDoc float64
		for i, qt := range qts {
			if !qt.key {
				continue
			}
			if c.present[i] || c.titleSet[i] || c.spelled[i] {
				keyHere += qt.idf
			}
			if qt.topic {
				topic += qt.idf
			}
			if doc[i] {
				keyDoc += qt.idf
				if qt.topic {
					topicDoc += qt.idf
				}
			}
		}
		// What was talked about must be in the document: "tariffs" in
		// "What did Harris say about tariffs?". A longer topic ("about how
		// trauma affects students' ability to learn") is there when most
		// of it is, however the source words the rest.
		c.topicMissing = topicDoc < topicShare*topic
		// A name of several words ("Tour de France", "Prix Goncourt") is
		// found only whole: its words apart are other things ("South
		// Korean" is not "North Korea").
		here, inDoc := keyRuns(c, qts, doc, runs)
		c.nameMissing = rarestRunMissing(qts, doc, runs, docWhole[c.docID]) || sumMissing(qts, doc)
		keyHere -= here
		keyDoc -= inDoc
		keyHere, keyDoc = max(keyHere, 0), max(keyDoc, 0)
		c.f.Key, c.keyFound = 1, 1
		if keyTotal > 0 {
			c.f.Key, c.keyFound = keyHere/keyTotal, keyDoc/keyTotal
		}
		c.f.Recent = recency(c.published, newest)
		c.f.Period = inPeriod(c.published, qi.when)
		c.score = rk.score(c.f)
	}
	// Among passages that answer about equally well, questions about the
	// present prefer recent reporting; a better answer is never passed over
	// for a newer one.
	if w := rk.WRecent * qi.recency * qi.when.Current; w > 0 {
		score, recent := make([]float64, len(cands)), make([]float64, len(cands))
		for i, c := range cands {
			score[i], recent[i] = c.score, c.f.Recent
		}
		recentFirst(score, recent, w, rk.RecentMargin)
		for i, c := range cands {
			c.score = score[i]
		}
	}
	nowFirst(cands, qi, rk)
	typedInDoc(cands, qi, rk.RecentMargin)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands
}

// sameForm reports whether the word at text[start:end] is the question's
// word in another form ("Biden's" for "Biden") rather than another word
// with the same stem ("Harry" for "Harris").
func sameForm(text string, start, end int, low string) bool {
	if start < 0 || end > len(text) || start >= end {
		return true
	}
	w := strings.ToLower(text[start:end])
	w = singular(claim.Unpossessive(w))
	// The word typed may hold several ("Cretaceous-Paleogene").
	for _, part := range strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		part = singular(part)
		if strings.HasPrefix(w, part) || strings.HasPrefix(part, w) {
			return true
		}
	}
	return false
}

// singular undoes the plural that changes a word's ending: "Universities"
// is "University".
func singular(w string) string {
	if s, ok := strings.CutSuffix(w, "ies"); ok && len(s) > 2 {
		return s + "y"
	}
	return w
}

func (rk Ranking) score(f Features) float64 {
	return rk.WBM25*f.BM25 + rk.WSent*f.Sent + rk.WWindow*f.Window + rk.WBigram*f.Bigram + rk.WTitle*f.Title + rk.WCover*f.Cover +
		rk.WRare*f.Rare + rk.WTyped*f.Typed + rk.WSoft*f.Soft + rk.WTopic*f.Topic + rk.WDoc*f.Doc + rk.WKey*f.Key + rk.WPeriod*f.Period + rk.WNear*f.Near + rk.WFocus*f.Focus
}

type occurrence struct {
	q     int    // question term
	pos   uint64 // token position
	start int    // byte offset
}

// idfSum adds the idf of the question terms in set, in question order so
// that equal evidence always scores the same, bit for bit.
func idfSum(qts []*queryTerm, set map[int]bool) float64 {
	var v float64
	for qi, qt := range qts {
		if set[qi] {
			v += qt.idf
		}
	}
	return v
}

// follows reports whether some position in b follows one in a by at most
// d tokens: 2 lets a stop word sit between adjacent question words, 3 a
// joiner inside a name ("Tour de France").
// followsInSentence is follows within one sentence: "…in June 2024. The
// treaty…" does not hold the pair "2024 treaty".
func followsInSentence(a, b []uint64, d uint64, sentOf map[uint64]int) bool {
	for _, x := range a {
		for _, y := range b {
			if y > x && y-x <= d && sentOf[x] == sentOf[y] {
				return true
			}
		}
	}
	return false
}

func follows(a, b []uint64, d uint64) bool {
	for _, x := range a {
		for _, y := range b {
			if y > x && y-x <= d {
				return true
			}
		}
	}
	return false
}

// spelledOtherwise finds key question words that a text spells a little
// differently ("Ghandi" for "Gandhi", "Superbowl" for "Super Bowl"): names
// are often misspelt in questions, and a misspelt name is still asked for.
func spelledOtherwise(words []string, title string, qts []*queryTerm, present map[int]bool) map[int]bool {
	var missing []int
	for i, qt := range qts {
		if qt.key && qt.name && !present[i] && utf8.RuneCountInString(qt.low) >= 5 {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	words = append(words[:len(words):len(words)], vectorWords(title)...)
	out := map[int]bool{}
	for _, i := range missing {
		want := qts[i].low
		limit := 1
		if len(want) > 6 {
			limit = 2
		}
		for j, w := range words {
			// Two words run together ("Mc Donald"), built only when their
			// length could match.
			if corpus.WithinEdits(w, want, limit) || j+1 < len(words) && abs(len(w)+len(words[j+1])-len(want)) <= limit && corpus.WithinEdits(w+words[j+1], want, limit) {
				out[i] = true
				break
			}
		}
	}
	return out
}

// keyRunsOf groups the key words of the question's names of several
// words by name (queryTerm.run).
func keyRunsOf(qts []*queryTerm) map[int][]int {
	runs := map[int][]int{}
	for i, qt := range qts {
		if qt.run > 0 && qt.key {
			runs[qt.run] = append(runs[qt.run], i)
		}
	}
	for run, idx := range runs {
		if len(idx) < 2 {
			delete(runs, run)
		}
	}
	return runs
}

// eventHeads end the names of prizes, trophies and recurring events.
var eventHeads = map[string]bool{
	"prize": true, "prizes": true, "medal": true, "award": true, "awards": true, "trophy": true, "cup": true,
	"league": true, "championship": true, "championships": true, "bowl": true, "series": true, "open": true,
	"games": true, "festival": true, "derby": true, "classic": true, "marathon": true, "olympics": true,
}

// runWhole reports whether a name's words (idx, in order) are found, has
// saying which are, with each found word next to the found word before it
// (adjacent; nil when positions are not known). With slack, a long name
// may be written with a word less ("R-Palm Coast" for "Palm Coast
// Republican"): of three or more words one may be missing.
func runWhole(idx []int, has func(int) bool, adjacent func(a, b int) bool, slack int) bool {
	missing, prev := 0, -1
	for _, i := range idx {
		if !has(i) {
			missing++
			continue
		}
		if prev >= 0 && adjacent != nil && !adjacent(prev, i) {
			return false
		}
		prev = i
	}
	if len(idx) >= 3 {
		return missing <= slack
	}
	return missing == 0
}

// keyRuns returns the idf mass of key words to take back because the name
// they belong to is not found whole: in the passage (with its words next
// to each other) or title, and in the document.
// runs are the question's names of several words (keyRunsOf).
func keyRuns(c *candidate, qts []*queryTerm, doc map[int]bool, runs map[int][]int) (here, inDoc float64) {
	for _, idx := range runs {
		wholeHere, wholeDoc := true, true
		var massHere, massDoc float64
		for k, i := range idx {
			inHere := c.present[i] || c.titleSet[i] || c.spelled[i]
			if inHere {
				massHere += qts[i].idf
			} else {
				wholeHere = false
			}
			if doc[i] {
				massDoc += qts[i].idf
			} else {
				wholeDoc = false
			}
			// Both words in the passage but apart: another name.
			if k > 0 && c.present[idx[k-1]] && c.present[i] && !c.titleSet[i] && !follows(c.posOf[idx[k-1]], c.posOf[i], 3) {
				wholeHere = false
			}
		}
		if !wholeHere {
			here += massHere
		}
		if !wholeDoc {
			inDoc += massDoc
		}
	}
	return here, inDoc
}

// recentFirst adds w times each candidate's recency to the scores within
// margin of the best, so that among passages answering about equally well
// the newest goes first and a better answer is never passed over for a
// newer one; the tuner (tune_test.go) ranks with it too.
func recentFirst(score, recent []float64, w, margin float64) {
	var top float64
	for _, v := range score {
		top = max(top, v)
	}
	for i, v := range score {
		if v >= top-margin {
			score[i] += w * recent[i]
		}
	}
}

// typedInDoc: within one document the subject is often named in one
// passage and the answer given in another. When a document's best
// passage holds nothing of the kind asked for and another of its passages
// does, scoring within margin of it (the margin within which recent
// reporting may go first: about as well), that one takes its place. On
// the dev sets any margin from 0.5 to 4 gave the same rankings.
func typedInDoc(cands []*candidate, qi questionInfo, margin float64) {
	if qi.kind == kindAny {
		return
	}
	docs, typed, score := make([]string, len(cands)), make([]bool, len(cands)), make([]float64, len(cands))
	for i, c := range cands {
		docs[i], typed[i], score[i] = c.docID, c.hasTyped, c.score
	}
	typedFirst(docs, typed, score, margin)
	for i, c := range cands {
		c.score = score[i]
	}
}

// typedFirst is typedInDoc on the candidates' documents, whether they hold
// the kind asked for, and scores; the tuner (tune_test.go) ranks with it
// too.
func typedFirst(docs []string, typed []bool, score []float64, margin float64) {
	if margin <= 0 {
		return
	}
	top := map[string]int{}
	for i, d := range docs {
		if t, ok := top[d]; !ok || score[i] > score[t] {
			top[d] = i
		}
	}
	for d, t := range top {
		if typed[t] {
			continue
		}
		best := -1
		for i := range docs {
			if docs[i] == d && typed[i] && (best < 0 || score[i] > score[best]) {
				best = i
			}
		}
		if best >= 0 && score[best] >= score[t]-margin {
			score[best] = score[t] + 1e-9
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// rarestRunMissing reports whether the name of several words that holds
// the question's rarest key word is not whole in the document: "Crafoord
// Prize" in "Who received the 2024 Crafoord Prize in Astronomy?".
func rarestRunMissing(qts []*queryTerm, doc map[int]bool, runs map[int][]int, docWhole map[int]bool) bool {
	// An acronym is not required alone, but it marks its name as the
	// rarest ("AFC Asian Cup"); a name no source holds, found only as a
	// near spelling ("Crafoord" as "Crawford"), is rarer than any.
	rarer := func(a, b *queryTerm) bool {
		if a.respelled != b.respelled {
			return a.respelled
		}
		return a.idf > b.idf
	}
	best := -1
	for i, qt := range qts {
		if (qt.key || qt.name && qt.run > 0) && (best < 0 || rarer(qt, qts[best])) {
			best = i
		}
	}
	if best >= 0 && qts[best].run == 0 && plainName(qts, best) {
		// A name of one word, the question's rarest: "Wiz" in "How much
		// did Google agree to pay to acquire Wiz?".
		return !doc[best]
	}
	if best < 0 || qts[best].run == 0 {
		return false
	}
	if idx, ok := runs[qts[best].run]; ok && eventHeads[qts[idx[len(idx)-1]].low] {
		// The name of a prize or an event is written one way, its words
		// together: "Tina Turner … won prizes" holds no Turner Prize.
		return !docWhole[qts[best].run]
	}
	// A long name is often written with a word less ("R-Palm Coast" for
	// "Palm Coast Republican"); a misspelt one counts where the document
	// spells it a little differently (spelledOtherwise).
	words, missing := 0, 0
	for i, qt := range qts {
		if qt.run != qts[best].run || !qt.key {
			continue
		}
		words++
		if !doc[i] {
			missing++
		}
	}
	if words >= 3 {
		return missing > 1
	}
	return missing > 0
}

// plainName reports whether qts[i] is a name of one word written only one
// way: not respelled, without equivalents ("Pyongyang", "Seoul"), not an
// acronym or a word run together ("RealClearPolitics"), not part of a
// hyphenated word ("USC-Spain").
func plainName(qts []*queryTerm, i int) bool {
	qt := qts[i]
	if !qt.name || qt.respelled || len(qt.extra) > 0 || len(qt.terms) > 1 {
		return false
	}
	for j, o := range qts {
		if j != i && o.field == qt.field {
			return false
		}
	}
	w := claim.Unpossessive(strings.Trim(qt.word, wordEdges))
	for k, r := range w {
		if k > 0 && (unicode.IsUpper(r) || !unicode.IsLetter(r)) {
			return false
		}
	}
	return true
}

// sumMissing reports whether a sum of money the question gives is not in
// the document: "the $55 billion deal" names which deal, as a name would.
// Other numbers are left out: a source often writes them otherwise
// ("three" for "3") or more exactly than the question ("about 40,000").
func sumMissing(qts []*queryTerm, doc map[int]bool) bool {
	for i, qt := range qts {
		if qt.key && !doc[i] && strings.ContainsAny(qt.word, "$£€") && strings.IndexFunc(qt.word, unicode.IsDigit) >= 0 {
			return true
		}
	}
	return false
}
