package index

import (
	"regexp"
	"strings"

	"github.com/briefbot/briefbot/claim"
)

// attribution is who spoke and what about, for "What did Harris say
// about tariffs?": question terms by index.
type attribution struct {
	speaker, topic []int
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
	any := func(set map[int]bool, terms []int) bool {
		for _, t := range terms {
			if set[t] {
				return true
			}
		}
		return false
	}
	if len(a.topic) > 0 && !any(sets[i], a.topic) {
		return false
	}
	return len(a.speaker) == 0 || any(sets[i], a.speaker) || i > 0 && any(sets[i-1], a.speaker) && !otherSpeaker(ws, qwords)
}

// otherSpeaker reports whether a sentence names someone the question
// does not before its first word of speech: "Kyle Sweetser, a former
// Trump voter, said…". The first word is left out: a quote opens with a
// capital.
func otherSpeaker(ws []word, qwords map[string]bool) bool {
	for j, w := range ws {
		lw := strings.ToLower(w.text)
		if speechWords[lw] {
			return false
		}
		if j > 0 && isCapitalised(w.text) && !qwords[lw] && !qwords[claim.Unpossessive(lw)] && !capitalFunctionWords[lw] {
			return true
		}
	}
	return false
}

// outcomeQuestion asks how something came out: "Who won…", "How many
// seats did Labour win…".
var outcomeQuestion = regexp.MustCompile(`^(who|which \w+|what \w+) (won|lost|beat|defeated|finished)\b|\bdid\b.*\b(win|lose|beat|finish)\b`)

// forecastWords mark a sentence that says how something was expected to
// come out, not how it did: "Silver's final forecast had Harris as the
// winner". Not "projected": news agencies project a result once it is
// known ("…, the Associated Press projected").
var forecastWords = map[string]bool{
	"forecast": true, "forecasts": true, "predicted": true, "predicts": true, "prediction": true, "predictions": true,
	"projection": true, "projections": true, "odds": true, "favorite": true, "favourite": true,
	"favored": true, "favoured": true, "simulations": true, "poll": true, "polls": true, "polling": true,
}

// forecastModals before a verb of outcome make a sentence a forecast:
// "will win", "could lose"; so does "to" after forecastTo ("expected to
// win"), but not "managed to win".
var forecastModals = map[string]bool{"will": true, "would": true, "could": true, "might": true, "may": true}

var forecastTo = map[string]bool{"expected": true, "likely": true, "poised": true, "set": true, "tipped": true, "were": true}

// forecast reports whether a sentence (its words) says how an outcome
// was expected to go, not how it went: a word of forecast, a modal right
// before a verb of outcome, a condition ("If Trump were to win…"), or a
// tally of outcomes ("San Francisco has won five Super Bowl
// championships" is no Super Bowl's result).
func forecast(ws []word) bool {
	if len(ws) > 0 && strings.EqualFold(ws[0].text, "if") {
		return true
	}
	for i, w := range ws {
		lw := strings.ToLower(w.text)
		if (lw == "has" || lw == "have") && i+2 < len(ws) && strings.EqualFold(ws[i+1].text, "won") {
			if n, _ := numberHead(strings.ToLower(ws[i+2].text)); n {
				return true
			}
		}
		if forecastWords[lw] {
			return true
		}
		if lw == "will" || lw == "won't" || lw == "won’t" {
			return true // a preview: "Super Bowl 58 will be San Francisco's eighth"
		}
		modal := forecastModals[lw] || lw == "to" && i > 0 && forecastTo[strings.ToLower(ws[i-1].text)]
		if modal && i+1 < len(ws) && outcomeVerbs[strings.ToLower(ws[i+1].text)] {
			return true
		}
	}
	return false
}

var outcomeVerbs = map[string]bool{"win": true, "lose": true, "beat": true, "finish": true, "take": true, "capture": true}
