package index

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/index/wordvec"
)

// focus is what a question counts: "motors" in "How many motors drive the
// Space Needle's floor?". A passage that puts a number right before it, or
// before a word meaning the same ("130 Palestinian workers" for "how many
// Gaza laborers"), states the count asked for; one that merely holds a
// number and the question's words may be counting something else.
type focus struct {
	words []string         // lowercased, the head last
	vecs  []wordvec.Vector // their vectors, zero when the table lacks one
	table *wordvec.Table
	// measure says words are the units a measure question takes, any one
	// of them: "How far…" is answered in miles, feet or kilometres.
	measure bool
	// since says a span to or from a date answers too: "How long…?"
	// "Since 1996", "from 1870 to 1939", "until the 19th century".
	since bool
}

// unitMeasures are the words after "how" that ask a measure in
// measureUnits, in a fixed order. "How long" takes a time or a length, or
// "since" a date ("since 1996"). Not "how high" (inflation is high, not
// tall) or "how old".
var unitMeasures = []string{"far", "tall", "heavy", "deep", "fast", "long"}

// changeVerbs say a "how fast" question asks how quickly something
// changes (a rate: "2.8%", "doubling every week"), not a speed.
var changeVerbs = regexp.MustCompile(`\b(grow|grows|growing|grew|growth|rise|rises|rising|rose|increase|increases|increasing|increased|fall|falls|falling|fell|shrink|shrinks|shrinking|expand|expands|expanding|climb|climbs|climbing|decline|declines|declining|spread|spreads|spreading|change|changes|changing)\b`)

// weighs asks a weight: "How much did the whale weigh?"
var weighs = regexp.MustCompile(`\bweigh(s|ed)?\b`)

// measureUnits are the units "how far", "how tall"… ask for.
var measureUnits = map[string][]string{
	"far":   {"miles", "kilometers", "kilometres", "feet", "meters", "metres", "yards"},
	"tall":  {"feet", "meters", "metres", "inches", "stories", "floors"},
	"heavy": {"pounds", "tons", "tonnes", "kilograms", "kilos", "grams", "ounces"},
	"deep":  {"feet", "meters", "metres", "miles", "fathoms"},
	"fast":  {"mph", "miles", "kilometers", "kilometres", "knots"},
	"long": {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries",
		"miles", "kilometers", "kilometres", "feet", "meters", "metres", "yards", "inches"},
}

// focusStop ends the counted noun phrase: the verb or preposition that
// follows it ("how many motors drive…", "how many jobs in…").
var focusStop = map[string]bool{
	"did": true, "does": true, "do": true, "were": true, "was": true, "is": true, "are": true, "had": true,
	"have": true, "has": true, "will": true, "would": true, "could": true, "can": true, "should": true,
	"may": true, "might": true, "must": true, "in": true, "at": true, "on": true, "from": true, "by": true,
	"for": true, "to": true, "per": true, "with": true, "over": true, "during": true, "since": true,
	"that": true, "who": true, "which": true, "across": true, "after": true, "before": true, "under": true,
}

// focusSkip are words inside the phrase that say nothing of what is
// counted: "how many of his colleagues".
var focusSkip = map[string]bool{
	"of": true, "the": true, "his": true, "her": true, "their": true, "its": true, "our": true, "your": true,
	"my": true, "a": true, "an": true, "and": true, "or": true, "more": true, "new": true, "total": true,
	"separate": true, "different": true, "individual": true, "additional": true, "other": true,
}

// focusMaxWords bounds the counted phrase: "how many unfinished trucks and
// sport utility vehicles".
const focusMaxWords = 6

// focusAfter is how many words after a number its noun may stand:
// "5.3 million hens", "34 of my colleagues".
const focusAfter = 3

// focusCos is the least cosine at which a word after a number stands for
// a focus word: "workers" for "laborers" (.76), "hens" for "chickens" (.53).
const focusCos = 0.5

// readFocus returns what a "how many" question counts, or the units a
// measure question ("how far", "how tall", "how much … weigh") takes, or
// nil.
func readFocus(q string, t *wordvec.Table) *focus {
	l := strings.ToLower(q)
	// "How far…", "How tall…", "How much did it weigh?" ask a measure:
	// only a number of its units answers.
	for _, m := range unitMeasures {
		i := strings.Index(l, "how "+m+" ")
		// "How fast is the economy growing?" asks a rate, not a speed.
		if i < 0 || i > 12 || m == "fast" && changeVerbs.MatchString(l) {
			continue
		}
		return &focus{words: measureUnits[m], measure: true, since: m == "long", table: t}
	}
	if i := strings.Index(l, "how much "); i >= 0 && i <= 12 && weighs.MatchString(l) {
		return &focus{words: measureUnits["heavy"], measure: true, table: t}
	}
	i := strings.Index(l, "how many ")
	if i < 0 || i > 12 { // "By how many…", "Roughly how many…"
		return nil
	}
	f := &focus{table: t}
	// "How many" takes a plural: the first plural is what is counted, and
	// the words before it say which ones. A second plural joined by "and"
	// is counted too ("trucks and sport utility vehicles").
	var phrase []string
	headAt := -1
	joined := false // "and" right after a plural: another plural follows
	for _, w := range strings.FieldsFunc(l[i+len("how many "):], func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	}) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
		if focusStop[w] || len(phrase) == focusMaxWords {
			break
		}
		if headAt >= 0 && headAt == len(phrase)-1 && (w == "and" || w == "or") {
			joined = true
		} else if headAt >= 0 && !joined {
			break
		}
		phrase = append(phrase, w)
		if plural(w) {
			headAt, joined = len(phrase)-1, false
		}
	}
	if headAt >= 0 {
		phrase = phrase[:headAt+1]
	}
	for _, w := range phrase {
		if !focusSkip[w] && w != "" {
			f.words = append(f.words, w)
		}
	}
	return f.withVectors()
}

// spanWords open a span of time that a date ends: "since 1996". "From"
// does when the date follows it: "from 1870 to 1939", not "up from 18.7
// million in 2023".
var spanWords = map[string]bool{"since": true, "until": true, "till": true}

// datedSoon reports whether a date (a year, a month, a century) comes
// within the first eight words of ws: "until the second quarter of the
// 19th century".
func datedSoon(ws []word) bool {
	for _, w := range ws[:min(len(ws), 8)] {
		lw := strings.ToLower(w.text)
		if anyYear(lw) || months[lw] || strings.HasPrefix(lw, "centur") {
			return true
		}
	}
	return false
}

// withVectors looks up the focus words' vectors.
func (f *focus) withVectors() *focus {
	t := f.table
	if len(f.words) == 0 {
		return nil
	}
	f.vecs = make([]wordvec.Vector, len(f.words))
	for j, w := range f.words {
		if t == nil {
			break
		}
		// "sign-ups" is in the table as "signups" if at all.
		if v, ok := t.Lookup(strings.ReplaceAll(w, "-", "")); ok {
			f.vecs[j] = v
		} else if v, ok := t.Lookup(w); ok {
			f.vecs[j] = v
		}
	}
	return f
}

// counted returns how surely a sentence (its words) states the count asked
// for: 1 when a number stands right before a focus word, its cosine when
// before a word meaning the same, 0 when no number counts the focus.
// Later words of the phrase weigh more: "trucks" is counted in "how many
// unfinished trucks", "unfinished" is not.
func (f *focus) counted(ws []word) float64 {
	if f == nil {
		return 0
	}
	var best float64
	for i := range ws {
		lw := strings.ToLower(ws[i].text)
		if f.since && (lw == "from" && datedSoon(ws[i+1:min(i+2, len(ws))]) || spanWords[lw] && datedSoon(ws[i+1:])) {
			return 1
		}
		num, rest := numberHead(lw)
		if !num {
			continue
		}
		// "12,025-acre" carries its noun.
		if rest != "" {
			best = max(best, f.match(rest))
		}
		for j := i + 1; j < len(ws) && j <= i+focusAfter; j++ {
			w := strings.ToLower(ws[j].text)
			if n, _ := numberHead(w); n {
				continue
			}
			// "17 years old" is an age, not how long something lasted.
			if f.since && j+1 < len(ws) && strings.EqualFold(ws[j+1].text, "old") {
				break
			}
			best = max(best, f.match(w))
		}
	}
	return best
}

// numberHead reports whether w is a number ("12", "1,801", "5.3", "five",
// "million") and returns what a hyphen joins to it ("acre" of "12,025-acre").
func numberHead(w string) (bool, string) {
	if numberWords[w] {
		return true, ""
	}
	head, rest, _ := strings.Cut(w, "-")
	if numberWords[head] {
		return true, rest // "eight-time Ballon d'Or winner"
	}
	if head == "" || !unicode.IsDigit(rune(head[0])) && head[0] != '$' {
		return false, ""
	}
	for _, r := range head {
		if !unicode.IsDigit(r) && r != ',' && r != '.' && r != '$' {
			return false, ""
		}
	}
	if isYearWord(head) {
		return false, "" // a year counts nothing
	}
	return true, rest
}

// match scores one word after a number against the focus.
func (f *focus) match(w string) float64 {
	t := f.table
	if f.measure {
		// "two-and-a-half-hour" is measured in its last word.
		w = w[strings.LastIndexByte(w, '-')+1:]
		for _, u := range f.words {
			if sameNoun(w, u) || unitAbbrev[w] == u {
				return 1
			}
		}
		return 0
	}
	var best float64
	for j, fw := range f.words {
		weight := 0.6
		if j == len(f.words)-1 {
			weight = 1 // the head
		}
		if sameNoun(w, fw) || unitAbbrev[w] == fw {
			best = max(best, weight)
			continue
		}
		// Units stand only for themselves: "feet" and "tons" are close in
		// the vectors, not in meaning.
		if t == nil || f.vecs[j].IsZero() || units[fw] {
			continue
		}
		v, ok := t.Lookup(strings.ReplaceAll(w, "-", ""))
		if !ok || v.Rank < commonRanks {
			continue
		}
		if c := f.vecs[j].Cos(v); c >= focusCos {
			best = max(best, weight*c)
		}
	}
	return best
}

// plural reports whether a lowercased word reads as a plural noun: "How
// many" takes one.
func plural(w string) bool { return claim.IsPlural(w) }

// sameNoun compares two words up to a plural ending.
func sameNoun(a, b string) bool { return claim.Lemma(a) == claim.Lemma(b) }

// units are counted nouns that measure: a count of something else cannot
// answer a question asking for one.
var units = map[string]bool{
	"tons": true, "tonnes": true, "pounds": true, "kilograms": true, "kilos": true, "grams": true, "ounces": true,
	"miles": true, "kilometers": true, "kilometres": true, "meters": true, "metres": true, "feet": true,
	"inches": true, "yards": true, "acres": true, "hectares": true, "gallons": true, "liters": true,
	"litres": true, "barrels": true, "calories": true, "degrees": true, "dollars": true, "euros": true,
	"points": true, "votes": true, "seats": true, "hours": true, "minutes": true, "seconds": true,
	"days": true, "nights": true, "weeks": true, "months": true, "years": true, "decades": true, "centuries": true,
	"megawatts": true, "gigawatts": true,
}

// unitAbbrev spells units out: "4 kg (8.8 lb) of steam".
var unitAbbrev = map[string]string{
	"lb": "pounds", "lbs": "pounds", "kg": "kilograms", "kgs": "kilograms", "km": "kilometers",
	"mi": "miles", "ft": "feet", "oz": "ounces", "gal": "gallons", "hrs": "hours", "mins": "minutes",
	"mw": "megawatts", "gw": "gigawatts",
}

// unit reports whether the focus's head is a unit of measure.
func (f *focus) unit() bool {
	return f != nil && (f.measure || units[f.words[len(f.words)-1]])
}
