package index

import (
	"regexp"
	"strings"
)

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
	// An aim is not an outcome: "the first 100 Labour target seats".
	"target": true, "targets": true, "aim": true, "aims": true, "hopes": true, "hoping": true,
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

// outcomeOf reports whether sentence i (its words ws; sets, the question
// terms in each sentence) may say how what the question asks about came
// out: it is no forecast, and it names the question's subject, one of its
// names, when the question has any; or the sentence before does and this
// one names no one else before its outcome ("The Broncos defeated the
// Steelers… They then beat the Patriots…"). "The Conservatives won 364
// of the 650 seats" does not say how many Labour won.
func outcomeOf(ws []word, sets []map[int]bool, i int, qts []*queryTerm, qwords map[string]bool) bool {
	if forecast(ws) {
		return false
	}
	named := false
	for t, qt := range qts {
		if qt.key && qt.name {
			named = true
			if sets[i][t] || i > 0 && sets[i-1][t] && !namesOtherBefore(ws, qwords, outcomeWords) {
				return true
			}
		}
	}
	return !named
}

// outcomeWords say how something came out.
var outcomeWords = map[string]bool{
	"won": true, "win": true, "wins": true, "beat": true, "beats": true, "defeated": true, "defeats": true,
	"lost": true, "lose": true, "loses": true, "finished": true, "took": true, "captured": true, "clinched": true,
	"secured": true, "earned": true, "claimed": true,
}
