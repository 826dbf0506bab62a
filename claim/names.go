package claim

// The names, places and speakers of a claim's sentence, which tell two
// figures of one kind about different places or actors apart (see
// sameScope).

import (
	"slices"
	"strings"
)

// commonNames are in nearly every report of a story and tell none apart:
// the United States, the United Nations, America.
var commonNames = set("u.s.", "u.s", "usa", "america", "american", "americans", "u.k.", "u.n.")

// placePreps introduce a place: "in Kharkiv", "into Belarus".
// "From" gives where something left, not where it is counted: "entered
// Poland from Ukraine" counts in Poland.
var placePreps = set("in", "into", "to", "at", "near", "across", "throughout", "inside", "outside", "on", "within")

// placeFillers may stand between a preposition of place and the place's
// name: "in western India", "in the ongoing siege of Mariupol".
var placeFillers = set("the", "a", "an", "its", "their", "western", "eastern", "northern", "southern", "central", "north", "south", "east", "west",
	"northwestern", "northeastern", "southwestern", "southeastern", "city", "town", "region", "state", "province", "village", "capital",
	"ongoing", "siege", "of", "parts", "areas", "neighboring", "neighbouring", "besieged", "port", "occupied", "coastal", "rural", "downtown")

// eventNouns are events at a place: "the shelling of Kharkiv".
var eventNouns = set("shelling", "siege", "bombing", "bombardment", "invasion", "occupation", "liberation", "battle", "capture", "fall", "evacuation")

// titleWords are titles and offices, not names: "Gov. Ron DeSantis".
var titleWords = set("gov", "governor", "president", "vice", "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "gen", "general", "prime",
	"minister", "secretary", "chief", "spokesman", "spokeswoman", "spokesperson", "director", "mayor", "commissioner", "lt", "col", "sgt",
	"capt", "adm", "king", "queen", "pope", "judge", "officials", "associated", "press", "reuters", "cnn", "ap", "afp", "bbc")

// cumulativeWords mark a total that only grows: "the death toll", "so
// far"; runningWords a figure given as today's ("updated", "as of" is
// read apart); changeWords just before a figure a total that moved to it
// ("rose to 41", "hit 200"); nowWords near a figure, today's state
// ("There are currently 93", "are now living").
var (
	cumulativeWords = set("toll", "total", "tally", "overall", "cumulative", "far", "date", "altogether", "combined")
	runningWords    = set("updated", "revised", "surpassed")
	changeWords     = set("rose", "risen", "rises", "climbed", "climbs", "jumped", "soared", "reached", "stands", "stood", "topped", "mounted",
		"swelled", "grew", "doubled", "hit", "increased", "to", "at")
	nowWords = set("currently", "now")
)

// afterDateline is the first token after a dateline ("AHMEDABAD, India –",
// "New Delhi CNN —"): capitalised words and commas before a dash that
// starts the sentence.
func afterDateline(toks []token) int {
	for i, t := range toks {
		if i > 8 {
			return 0
		}
		switch {
		case t.kind == tSym && (t.text == "—" || t.text == "–" || t.text == "-") && i > 0:
			return i + 1
		case t.kind == tSym && t.text == ",":
		case t.kind == tWord && isCapitalised(t.text):
		default:
			return 0
		}
	}
	return 0
}

// orgWords make a speaker an organisation or an office, not a place.
var orgWords = set("ministry", "department", "agency", "office", "service", "government", "council", "committee", "police", "army", "military",
	"force", "forces", "news", "media", "officials", "authorities", "health", "center", "centre", "institute", "bureau", "administration",
	"commission", "press", "spokesman", "spokeswoman", "secretary", "minister", "president", "governor", "mayor")

// jurisdiction is the place a speaker speaks for when the speaker's words
// begin with a name of one or two words before an office: "Georgia Gov.
// Brian Kemp" → georgia, "North Carolina Gov. Roy Cooper" → north,
// carolina, "Ukraine’s State Emergency Service" → ukraine.
func jurisdiction(by string) []string {
	toks := tokenize(by, nil)
	k := 0
	if k < len(toks) && toks[k].low == "the" {
		k++
	}
	var out []string
	for ; k < len(toks) && len(out) < 3; k++ {
		t := toks[k]
		if t.kind == tWord && (orgWords[t.low] || titleWords[t.low]) {
			if !officeWords[t.low] {
				return nil
			}
			return out
		}
		if t.kind != tWord || !isCapitalised(t.text) || commonNames[t.low] || t.low == "united" {
			return nil
		}
		name := unpossessive(t.low)
		if len(name) < 3 {
			return nil
		}
		out = append(out, name)
		if name != t.low {
			// A possessive ends the name: "Ukraine’s State Emergency Service".
			if k+1 < len(toks) && toks[k+1].kind == tWord && isCapitalised(toks[k+1].text) {
				return out
			}
			return nil
		}
	}
	return nil
}

// officeWords after a place name make it the place an office speaks for:
// "Georgia Gov.", "the Ukraine government"; "Pentagon press secretary"
// names no place.
var officeWords = set("gov", "governor", "president", "prime", "minister", "ministry", "mayor", "officials", "government", "authorities",
	"police", "state", "health", "department", "army", "military")

// placeLike reports whether a speaker reads as a place, so names what is
// counted: "South Carolina", "Florida" — capitalised words only, none of
// an organisation or an office, two of them the first a compass word (a
// single name is more often a person's: "Kirby said").
func placeLike(by string) bool {
	var ws []token
	for _, t := range tokenize(by, nil) {
		if t.kind != tWord || stopWords[t.low] {
			continue
		}
		if !isCapitalised(t.text) || orgWords[t.low] || titleWords[t.low] {
			return false
		}
		ws = append(ws, t)
	}
	return len(ws) == 2 && compass[ws[0].low]
}

var compass = set("north", "south", "east", "west", "new", "northern", "southern", "eastern", "western")

// nameWord reports whether toks[i] is part of a name: capitalised, not
// the sentence's first word when that is a common word, not a title,
// month or weekday, and longer than two letters ("US" and "UN" are in
// nearly every report of a story and tell none apart).
func nameWord(toks []token, i, first int) bool {
	t := toks[i]
	if !isCapitalised(t.text) || len(t.low) < 3 || titleWords[t.low] || months[t.low] || weekdays[t.low] || commonNames[t.low] || stopWords[t.low] || timeWords[t.low] {
		return false
	}
	if _, ok := numberWords[t.low]; ok {
		return false
	}
	// "the United States", "the United Nations".
	if t.low == "united" || i > 0 && toks[i-1].low == "united" {
		return false
	}
	// A sentence's (or a quote's) first word is capitalised whatever it
	// is; it counts as a name only when a name goes on after it ("New
	// Delhi", "Gaza’s").
	if i == first || i > 0 && toks[i-1].kind == tSym && strings.ContainsAny(toks[i-1].text, "\"“‘'(") {
		next := i+1 < len(toks) && toks[i+1].kind == tWord && isCapitalised(toks[i+1].text)
		return next || strings.HasSuffix(t.low, "’s") || strings.HasSuffix(t.low, "'s")
	}
	return true
}

// placesIn finds the names after prepositions of place: "in Germany,
// Poland and Romania" → germany, poland, romania.
func placesIn(toks []token, first int, by func(token) bool) []string {
	var out []string
	for i := first; i < len(toks); i++ {
		// "the shelling of Kharkiv", "the siege of Mariupol".
		if toks[i].kind != tWord || !placePreps[toks[i].low] && !(toks[i].low == "of" && i > 0 && eventNouns[toks[i-1].low]) {
			continue
		}
		// "across the state", "in the country", "across multiple states":
		// the whole, not a place in it.
		if j := i + 1; j+1 < len(toks) && (toks[j].low == "the" && wholeAreas[toks[j+1].low] || manyWords[toks[j].low] && (toks[j+1].low == "states" || toks[j+1].low == "countries")) {
			out = appendSorted(out, wholeArea)
			continue
		}
		j := i + 1
		for n := 0; j < len(toks) && n < 4 && toks[j].kind == tWord && placeFillers[toks[j].low] && !isCapitalised(toks[j].text); n++ {
			j++
		}
		for j < len(toks) {
			t := toks[j]
			switch {
			case t.kind == tWord && isCapitalised(t.text) && !months[t.low] && !weekdays[t.low]:
				if len(t.low) > 2 && !titleWords[t.low] && !by(t) && !commonNames[t.low] && t.low != "united" && (j == 0 || toks[j-1].low != "united") {
					out = appendSorted(out, unpossessive(t.low))
				}
			case (t.kind == tSym && t.text == "," || t.kind == tWord && t.low == "and") && j+1 < len(toks) && toks[j+1].kind == tWord && isCapitalised(toks[j+1].text):
			default:
				j = len(toks)
				continue
			}
			j++
		}
	}
	return out
}

// wholeAreas after "across the", "in the" name a whole territory; as a
// place they are wholeArea, which holds none of the names of its parts.
var wholeAreas = set("state", "country", "nation", "region", "province")

const wholeArea = "(whole)"

var manyWords = set("multiple", "several", "many", "numerous", "some", "various")

// placeNouns after "the" point back to a place named before: "the
// prison", "the city".
var placeNouns = set("city", "state", "country", "prison", "facility", "camp", "region", "area", "town", "county", "province", "island", "hospital", "site")

// refersBack reports whether a sentence points back to a place: "the
// city", "there".
func refersBack(words []string) bool {
	for i, w := range words {
		if w == "there" && i > 0 || w == "the" && i+1 < len(words) && placeNouns[words[i+1]] {
			return true
		}
	}
	return false
}

// sameName reports whether two lower-case names may name one place or
// people: the same word, or one a form of the other ("russia" and
// "russian", "ukraine" and "ukrainian", "china" and "chinese").
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n >= 4 && n >= min(len(a), len(b))-3
}

// unpossessive is a word without its possessive "’s" or "'s".
func unpossessive(w string) string {
	return strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
}

// lexicon holds words for sameName look-ups: by their first four bytes,
// which two names sameName matches always share (shorter words match only
// themselves).
type lexicon map[string][]string

func lexiconOf(words []string) lexicon {
	l := make(lexicon, len(words))
	for _, w := range words {
		w = unpossessive(w)
		k := w[:min(4, len(w))]
		if !slices.Contains(l[k], w) {
			l[k] = append(l[k], w)
		}
	}
	return l
}

// wordList is a few words for sameName look-ups, read one by one.
type wordList []string

func (l wordList) has(name string) bool {
	if name == wholeArea {
		return true
	}
	for _, w := range l {
		if sameName(name, unpossessive(w)) {
			return true
		}
	}
	return false
}

// namer says whether it holds a name, or a form of it (sameName).
type namer interface{ has(name string) bool }

func (l lexicon) has(name string) bool {
	if name == wholeArea {
		return true
	}
	for _, w := range l[name[:min(4, len(name))]] {
		if sameName(name, w) {
			return true
		}
	}
	return false
}

// exclusive reports whether names holds one the words leave out.
func exclusive(names []string, words namer) bool {
	for _, n := range names {
		if !words.has(n) {
			return true
		}
	}
	return false
}

// covers reports whether every name is among the words.
func covers(names []string, words namer) bool {
	return !exclusive(names, words)
}
