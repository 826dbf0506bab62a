package index

import (
	"strings"

	"github.com/briefbot/briefbot/claim"
)

// attribution is who spoke and what about, for "What did Harris say
// about tariffs?": question terms by index.
type attribution struct {
	speaker, topic []int
	// speakerWords are the speaker's words, lower-cased.
	speakerWords map[string]bool
}

// readAttribution reads the speaker and the topic of question q, which
// asks what someone said; a zero attribution for other questions. The
// speaker is the question's names before its word of speech ("How did
// Kuleba describe the strike on Kramatorsk?"), other than an owner
// ("Pennsylvania's governor" names no one).
func readAttribution(q string, qts []*queryTerm, kind answerKind) attribution {
	var a attribution
	if kind != kindQuote {
		return a
	}
	verb := -1
	for i, f := range strings.Fields(q) {
		if i > 1 && quoteVerb.MatchString(strings.ToLower(strings.Trim(f, `.,;:!?"'()“”‘’`))) {
			verb = i
			break
		}
	}
	for i, qt := range qts {
		switch {
		case qt.topic:
			a.topic = append(a.topic, i)
		case qt.key && qt.name && qt.field < verb && !owner(qt.word):
			a.speaker = append(a.speaker, i)
			if a.speakerWords == nil {
				a.speakerWords = map[string]bool{}
			}
			a.speakerWords[qt.low] = true
		}
	}
	return a
}

// owner reports whether a question word is a possessive: "Pennsylvania's".
func owner(w string) bool {
	return claim.Unpossessive(strings.TrimRight(w, `.,;:!?"”)`)) != strings.TrimRight(w, `.,;:!?"”)`)
}

// holds reports whether sentence i (of sets, the question terms in each
// sentence; ws, its words) says what the question asks was said: it
// holds the topic, and the speaker is named in it, or in the sentence
// before while no one else speaks in this one ("Harris spoke in Detroit.
// “Tariffs are a tax,” she said.").
func (a attribution) holds(sets []map[int]bool, i int, ws []word, qwords map[string]bool) bool {
	holdsAny := func(set map[int]bool, terms []int) bool {
		for _, t := range terms {
			if set[t] {
				return true
			}
		}
		return false
	}
	if len(a.topic) > 0 && !holdsAny(sets[i], a.topic) {
		return false
	}
	if len(a.speaker) == 0 {
		return true
	}
	if holdsAny(sets[i], a.speaker) {
		return !a.otherSpeaks(ws)
	}
	return i > 0 && holdsAny(sets[i-1], a.speaker) && !namesOtherBefore(ws, qwords, speechWords)
}

// otherSpeaks reports whether a sentence naming the speaker gives someone
// else's words: another name comes before its first word of speech and
// the speaker's does not ("Trump said that if Harris…").
func (a attribution) otherSpeaks(ws []word) bool {
	other := false
	for j, w := range ws {
		lw := strings.ToLower(w.text)
		if speechWords[lw] {
			return other
		}
		if a.speakerWords[claim.Unpossessive(strings.Trim(lw, `.,;:!?"'()“”‘’`))] {
			return false
		}
		if j > 0 && isCapitalised(w.text) && !capitalFunctionWords[lw] {
			other = true
		}
	}
	return false
}

// namesOtherBefore reports whether a sentence names someone the question
// does not before its first word in verbs: "Kyle Sweetser, a former
// Trump voter, said…" (speech), "The Conservatives won…" (an outcome).
// The first word is left out: a quote opens with a capital, and "They"
// refers back.
func namesOtherBefore(ws []word, qwords map[string]bool, verbs map[string]bool) bool {
	for j, w := range ws {
		lw := strings.ToLower(w.text)
		if verbs[lw] {
			return false
		}
		if j > 0 && isCapitalised(w.text) && !qwords[lw] && !qwords[claim.Unpossessive(lw)] && !capitalFunctionWords[lw] {
			return true
		}
	}
	return false
}
