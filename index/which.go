package index

import (
	"strings"
	"unicode"
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
	for _, w := range ws[at+1:] {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
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
		return l
	}
	return strings.ToLower(lastCap)
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
// something new right after the head noun: "Sen. Ben Cardin", "comedian
// Jerrod Carmichael", "Developer: Tiburon".
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
			if isCapitalised(n.text) && !asked[strings.ToLower(n.text)] && !notKeys[strings.ToLower(n.text)] {
				return true
			}
		}
	}
	return false
}
