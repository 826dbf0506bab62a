package index

import (
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/claim"
)

// whichHead returns the noun a "Which X…" question asks to name, lowercased:
// "Which senator presided…" → "senator", "Which Florida Republican said…"
// → "republican"; "" for other questions.
func whichHead(q string) string {
	ws := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' })
	at := -1
	for i, w := range ws[:min(len(ws), 3)] {
		if strings.EqualFold(w, "which") {
			at = i
			break
		}
	}
	if at < 0 {
		return ""
	}
	lastCap := ""
	rest := ws[at+1:]
	for i, w := range rest {
		owner := strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
		w = claim.Unpossessive(w)
		if isCapitalised(w) {
			lastCap = w
			continue
		}
		l := strings.ToLower(w)
		if lastCap != "" && (headVerbs[l] || strings.HasSuffix(l, "ed")) {
			return strings.ToLower(lastCap)
		}
		if headVerbs[l] {
			return ""
		}
		// A noun before a noun is its modifier: "fill-in pharmacist",
		// "campus newspaper"; "city's camping ban" asks for the city.
		if !owner && i+1 < len(rest) {
			if n := rest[i+1]; !isCapitalised(n) && compoundHead(strings.ToLower(n)) {
				return claim.Unpossessive(strings.ToLower(n))
			}
		}
		return l
	}
	return strings.ToLower(lastCap)
}

// compoundHead reports whether a word after the noun a "Which" question
// names may be the head of a compound: not a verb, a plural, or a word
// that ends a noun phrase (those that end what "how many" counts, and
// phraseEnds).
func compoundHead(n string) bool {
	if headVerbs[n] || focusStop[n] || focusSkip[n] || phraseEnds[n] {
		return false
	}
	for _, suf := range []string{"ed", "s", "ing", "ly"} {
		if strings.HasSuffix(n, suf) {
			return false
		}
	}
	return true
}

// phraseEnds end a noun phrase, besides focusStop's and focusSkip's words.
var phraseEnds = map[string]bool{
	"as": true, "about": true, "into": true, "first": true, "most": true, "best": true, "last": true,
	"now": true, "then": true, "still": true, "also": true,
	// An article opens the next phrase: "Which economist, the oldest…".
	"the": true, "a": true, "an": true,
}

// headVerbs end the noun phrase after "which" ("Which Florida Republican
// said…").
var headVerbs = map[string]bool{
	"said": true, "says": true, "is": true, "was": true, "are": true, "were": true, "did": true, "does": true,
	"do": true, "has": true, "had": true, "have": true, "won": true, "wins": true, "led": true, "leads": true,
	"made": true, "makes": true, "became": true, "took": true, "gave": true, "built": true, "ran": true,
	"runs": true, "wrote": true, "sold": true, "will": true, "would": true, "could": true, "can": true,
}

// titleAbbrevs are the short forms of the posts that stand before a name.
var titleAbbrevs = map[string]string{
	"senator": "sen", "representative": "rep", "congressman": "rep", "congresswoman": "rep",
	"governor": "gov", "doctor": "dr", "general": "gen", "professor": "prof", "lieutenant": "lt",
	"sergeant": "sgt", "colonel": "col", "captain": "capt",
}

// namedBeside reports whether the sentence's words name someone or
// something new right after the head noun ("Sen. Ben Cardin", "comedian
// Jerrod Carmichael", "Developer: Tiburon") or right before it.
func namedBeside(ws []word, head string, asked map[string]bool) bool {
	if head == "" {
		return false
	}
	for i, w := range ws {
		l := strings.ToLower(w.text)
		if !sameNoun(l, head) && titleAbbrevs[head] != l {
			continue
		}
		for _, n := range ws[i+1 : min(len(ws), i+3)] {
			if newName(n.text, asked) {
				return true
			}
		}
		// Or just before it, set off by an article: "Renae Kraft, a
		// relief pharmacist".
		for j := i - 1; j >= max(1, i-3); j-- {
			if a := strings.ToLower(ws[j].text); a == "a" || a == "an" || a == "the" {
				if newName(ws[j-1].text, asked) {
					return true
				}
				break
			}
		}
	}
	return false
}

// newName reports whether w is a capitalised word the question does not use.
func newName(w string, asked map[string]bool) bool {
	l := strings.ToLower(w)
	return isCapitalised(w) && !asked[l] && !notKeys[l]
}
