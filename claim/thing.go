package claim

import (
	"slices"
	"strings"
)

// Thing is what a figure counts, as a normalised noun phrase: the head
// noun's lemma ("container"), the lemmas of the other words that narrow
// it ("munition"), and the words as written ("containers of munitions").
// Ways of counting the dead ("41 dead", "41 people were killed", "a death
// toll of 41") share the head "dead"; so do the injured, the missing and
// a few more (stateHeads).
type Thing struct {
	Head string   `json:"head"`
	Mods []string `json:"mods,omitempty"`
	Text string   `json:"text"`
}

// IsZero reports whether nothing says what the figure counts.
func (t Thing) IsZero() bool { return t.Head == "" }

// Compatible reports whether a and b can be the same thing: the same head,
// and the words narrowing one all among the other's ("containers" and
// "containers of munitions", not "civilians killed" and "soldiers
// killed").
func (a Thing) Compatible(b Thing) bool {
	if a.Head == "" || a.Head != b.Head {
		return false
	}
	return subset(a.Mods, b.Mods) || subset(b.Mods, a.Mods)
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// otherTolls are tolls that count no dead: "a road toll of $5".
var otherTolls = set("road", "bridge", "highway", "tunnel", "economic", "financial", "emotional", "psychological", "physical", "mental")

// genericMods narrow nothing: "16,500 new cases" counts cases.
var genericMods = set("new", "total", "estimated", "additional", "other", "more", "confirmed", "reported", "known", "overall", "combined", "further", "recent", "current", "latest", "lower", "higher", "official", "officially", "whopping", "staggering", "record", "mere", "full", "entire", "roughly", "nearly", "approximately", "people", "lower-than-expected", "higher-than-expected", "annual", "average")

// auxWords may stand between a count of people and what happened to
// them: "41 people were reportedly killed".
var auxWords = set("are", "were", "was", "is", "have", "has", "had", "been", "being", "be", "remain", "remained", "remains", "remaining", "reportedly", "also", "now", "all", "still", "believed", "feared", "thought", "confirmed", "to", "later", "so", "far", "either", "left", "found", "officially", "declared", "presumed", "being", "already", "who", "that")

// nounPhrase is a noun phrase read off tokens: its words (token indices,
// compounds by hyphen kept whole) before "of" and after it.
type nounPhrase struct {
	words, of []int
	place     []int // words of a place after it: "in state hospitals"
}

func (np nounPhrase) empty() bool { return len(np.words) == 0 && len(np.of) == 0 }

// contentWord reports whether toks[j] can be part of a noun phrase.
func contentWord(toks []token, j int) bool {
	t := toks[j]
	if t.kind != tWord || stopWords[t.low] || reportVerbs[t.low] || months[t.low] || weekdays[t.low] {
		return false
	}
	if _, ok := numberWords[t.low]; ok {
		return false
	}
	if strings.HasSuffix(t.low, "ly") && len(t.low) > 4 && t.low != "supply" && t.low != "family" && t.low != "ally" && t.low != "assembly" && t.low != "rally" {
		return false
	}
	return true
}

// npAfter reads the noun phrase starting at toks[j]: up to four words, the
// first of which may be a participle ("41 injured"), then "of" and up to
// three more ("containers of munitions").
func npAfter(toks []token, j int, allowOf bool) (nounPhrase, int) {
	var np nounPhrase
	for j < len(toks) && len(np.words) < 4 {
		// Hyphenated compounds are one word: "anti-tank".
		if isSym(toks, j, "-") && len(np.words) > 0 && j+1 < len(toks) && adjacent(toks[j-1], toks[j]) && adjacent(toks[j], toks[j+1]) && toks[j+1].kind == tWord {
			np.words = append(np.words, j+1)
			j += 2
			continue
		}
		if !contentWord(toks, j) {
			break
		}
		w := toks[j].low
		prev := ""
		if len(np.words) > 0 {
			prev = toks[np.words[len(np.words)-1]].low
		}
		if len(np.words) > 0 && !genericMods[prev] && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) && stateHeads[w] == "" || len(np.words) > 0 && stateHeads[w] != "" && stateHeads[toks[np.words[len(np.words)-1]].low] == "" && isVerbish(w) {
			break // "containers shipped", "people killed": a verb
		}
		if len(np.words) > 0 && isCapitalised(toks[j].text) && !isCapitalised(toks[np.words[len(np.words)-1]].text) {
			break
		}
		// After a plural the phrase has ended: "players earn", "people
		// remain", "activists throw".
		if len(np.words) > 0 && isPlural(toks[np.words[len(np.words)-1]].low) {
			break
		}
		np.words = append(np.words, j)
		j++
	}
	if allowOf && isWord(toks, j, "of") {
		k := j + 1
		for k < len(toks) && toks[k].kind == tWord && (toks[k].low == "the" || toks[k].low == "a" || toks[k].low == "an" || toks[k].low == "its" || toks[k].low == "their") {
			k++
		}
		for k < len(toks) && len(np.of) < 3 && contentWord(toks, k) {
			if len(np.of) > 0 && isVerbish(toks[k].low) {
				break
			}
			np.of = append(np.of, k)
			k++
		}
		if len(np.of) > 0 {
			j = k
		}
	}
	if len(np.words) > 0 {
		j = np.addPlace(toks, j)
	}
	return np, j
}

// addPlace adds the words of a place after the phrase ("patients in
// state hospitals", "dead in Gaza") to it, so that counts of different
// places are different things; a time ("in 2023", "in March") is a period,
// not a place.
func (np *nounPhrase) addPlace(toks []token, j int) int {
	if !(isWord(toks, j, "in") || isWord(toks, j, "at") || isWord(toks, j, "across")) {
		return j
	}
	k := skipDeterminers(toks, j+1)
	// "cases in 74 countries": the count of places is part of the place.
	if k < len(toks) && toks[k].kind == tNum {
		k++
	}
	start := len(np.place)
	for k < len(toks) && len(np.place)-start < 3 && contentWord(toks, k) && !isVerbish(toks[k].low) && !periodWords[toks[k].low] {
		np.place = append(np.place, k)
		k++
	}
	if len(np.place) == start || k < len(toks) && toks[k].kind == tNum {
		np.place = np.place[:start]
		return j
	}
	return k
}

// npBefore reads the noun phrase ending just before toks[j], back to a
// determiner, a symbol or a function word: "the regional governor", "the
// death toll", "Acme’s fine", "the number of dead".
func npBefore(toks []token, j int) (nounPhrase, int) {
	var np nounPhrase
	k := j - 1
	var words []int
	for k >= 0 && len(words) < 4 {
		if isSym(toks, k, "-") && len(words) > 0 && k > 0 && adjacent(toks[k-1], toks[k]) && adjacent(toks[k], toks[k+1]) && toks[k-1].kind == tWord {
			k--
			continue
		}
		// "a 30-year mortgage": the number stays with its word.
		if isSym(toks, k, "-") && len(words) > 0 && k > 0 && adjacent(toks[k-1], toks[k]) && adjacent(toks[k], toks[k+1]) && toks[k-1].kind == tNum {
			k -= 2
			continue
		}
		if !contentWord(toks, k) {
			break
		}
		words = append(words, k)
		k--
	}
	slices.Reverse(words)
	// "the number of dead", "the cost of the agreement": the phrase
	// before "of" goes on.
	if kk := skipDeterminersBack(toks, k); isWord(toks, kk, "of") && len(words) > 0 && len(words) <= 2 {
		before, k2 := npBefore(toks, kk)
		if len(before.words) > 0 {
			np.words, np.of = before.words, words
			return np, k2
		}
	}
	np.words = words
	return np, k + 1
}

// subjectBefore reads the subject ending before toks[v] through its
// prepositional phrases: in "the death toll from the floods in the
// northern province rose", the subject is "death toll", and the floods and
// the province narrow it.
func subjectBefore(toks []token, v int) nounPhrase {
	np, k := npBefore(toks, v)
	for hop := 0; hop < 3 && !np.empty(); hop++ {
		p := skipDeterminersBack(toks, k-1)
		if p <= 0 || !isWord(toks, p, toks[p].low) || !subjectPreps[toks[p].low] {
			break
		}
		prev, k2 := npBefore(toks, p)
		if prev.empty() {
			break
		}
		prev.place = append(append(append(prev.place, np.words...), np.of...), np.place...)
		np, k = prev, k2
	}
	return np
}

// subjectPreps join a subject to the phrases that narrow it.
var subjectPreps = set("from", "in", "at", "on", "for", "across", "among", "near", "along", "inside", "throughout")

func isVerbish(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || changeVerbs[w] || reportVerbs[w]
}

// thingOf builds a Thing from a noun phrase: the head is the last word
// before "of" (or the first after it when that word is generic: "the
// number of dead"), the rest narrow it.
func thingOf(toks []token, sentence string, np nounPhrase) (Thing, bool) {
	if np.empty() {
		return Thing{}, false
	}
	words, of := np.words, np.of
	if len(words) == 0 || genericHeads[lemma(toks[words[len(words)-1]].low)] && len(of) > 0 && !hasState(toks, words) {
		words, of = of, nil
	}
	head := lemma(toks[words[len(words)-1]].low)
	var mods []string
	addMods := func(ix []int) {
		for _, k := range ix {
			m := lemma(toks[k].low)
			// "a 30-year mortgage" is not a 15-year one.
			if k >= 2 && toks[k-1].text == "-" && toks[k-2].kind == tNum && adjacent(toks[k-2], toks[k-1]) && adjacent(toks[k-1], toks[k]) {
				m = toks[k-2].text + "-" + m
			}
			if m != head && !genericMods[m] && !genericHeads[m] && !slices.Contains(mods, m) {
				mods = append(mods, m)
			}
		}
	}
	addMods(words[:len(words)-1])
	addMods(of)
	addMods(np.place)
	// "death toll", "the number of deaths", "12 missing people": a state
	// word names the count.
	if s := stateHeads[toks[words[len(words)-1]].low]; s != "" {
		head = s
	} else if s := stateHeads[head]; s != "" {
		head = s
	} else if genericHeads[head] || genericPeople[head] {
		for i, m := range mods {
			if s := stateHeads[m]; s != "" {
				head = s
				mods = slices.Delete(mods, i, i+1)
				break
			}
		}
	}
	// "the toll" alone is the death toll; "a lower figure" names nothing,
	// "the participation rate" does.
	if head == "toll" && !slices.ContainsFunc(mods, func(m string) bool { return otherTolls[m] }) {
		head = "dead"
	}
	if genericHeads[head] && len(mods) == 0 {
		return Thing{}, false
	}
	if c := changeNouns[head]; c != "" {
		head = c
	}
	if s := stateHeads[head]; s != "" {
		head = s
	}
	// "dead" among mods of a state head says nothing more.
	mods = slices.DeleteFunc(mods, func(m string) bool { return stateHeads[m] == head })
	slices.Sort(mods)
	first, last := words[0], words[len(words)-1]
	if len(np.of) > 0 && len(np.words) > 0 {
		first, last = min(np.words[0], np.of[0]), max(np.words[len(np.words)-1], np.of[len(np.of)-1])
	}
	text := sentence[toks[first].s:toks[last].e]
	return Thing{Head: head, Mods: mods, Text: text}, true
}

func hasState(toks []token, ix []int) bool {
	for _, k := range ix {
		if stateHeads[toks[k].low] != "" {
			return true
		}
	}
	return false
}

// stateAfter reads what happened to a counted group from the words after
// it: "41 people were killed", "1,000 are missing". It returns the
// canonical state, or "".
func stateAfter(toks []token, j int) string {
	for n := 0; j < len(toks) && n < 5; j, n = j+1, n+1 {
		t := toks[j]
		if t.kind != tWord {
			return ""
		}
		if s := stateHeads[t.low]; s != "" {
			return s
		}
		if t.low == "lost" && isWord(toks, j+1, "their") && isWord(toks, j+2, "lives") {
			return "dead"
		}
		if !auxWords[t.low] {
			return ""
		}
	}
	return ""
}

// irregular plurals, and words an "s" ending does not make plural.
var irregular = map[string]string{
	"children": "child", "men": "man", "women": "woman", "people": "people", "feet": "foot", "teeth": "tooth",
	"mice": "mouse", "geese": "goose", "lives": "life", "knives": "knife", "wives": "wife", "thieves": "thief",
	"data": "data", "media": "media", "criteria": "criterion", "police": "police", "news": "news", "series": "series",
	"species": "species", "aircraft": "aircraft", "personnel": "personnel", "sales": "sales", "earnings": "earnings",
	"savings": "savings", "arms": "arms", "troops": "troop", "analysis": "analysis", "crisis": "crisis", "basis": "basis",
	"status": "status", "bus": "bus", "gas": "gas", "virus": "virus", "census": "census", "bonus": "bonus", "campus": "campus",
	"economics": "economics", "politics": "politics", "physics": "physics", "statistics": "statistics", "means": "means",
	"headquarters": "headquarters", "wounded": "wounded", "dies": "die", "lies": "lie", "ties": "tie", "layoffs": "layoff",
	"casualties": "casualty", "cuts": "cut", "losses": "loss", "taxes": "tax", "refugees": "refugee", "employees": "employee",
}

// lemma is a word's singular, lower case, without a possessive: "containers"
// → "container", "casualties" → "casualty", "Korea’s" → "korea".
func lemma(w string) string {
	w = lower(w)
	w = unpossessive(w)
	w = strings.TrimSuffix(strings.TrimSuffix(w, "’"), "'")
	if l, ok := irregular[w]; ok {
		return l
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zes")):
		return w[:n-2]
	case n > 6 && strings.HasSuffix(w, "oes"):
		return w[:n-2] // "tornadoes", "volcanoes"
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && !strings.HasSuffix(w, "ics"):
		return w[:n-1]
	}
	return w
}

// isPlural reports whether a word reads as a plural noun.
func isPlural(w string) bool {
	if l, ok := irregular[w]; ok {
		return l != w || w == "people"
	}
	return lemma(w) != w
}
