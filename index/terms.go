package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/briefbot/briefbot/claim"
)

// queryTerm is one word of a question after analysis, with the index terms
// that count as it: its stem, and the stems of its spelling variants and
// equivalent names.
type queryTerm struct {
	word  string   // as typed
	terms []string // analysed alternatives; terms[0] is the word's own stem
	// extra holds expansion terms (a capital's country) that add evidence
	// but weigh less than the word itself.
	extra []string
	// accents are the terms among terms that spell a name with other
	// diacritics ("mbappé" for "Mbappe"), for the now-rules' phrases.
	accents []string
	pos     int     // position in the analysed question, 1-based
	df      uint64  // passages holding any of terms
	idf     float64 // BM25 idf, scaled by weight
	// weight scales the term's evidence: below 1 for words that frame a
	// question ("name", "called", "type") rather than say what it is about.
	weight float64
	// key marks what a passage must hold to answer: a name, a number, an
	// acronym. name marks a capitalised word, matched on its exact form:
	// the stemmer makes "Harris" and "Harry" one term.
	key, name bool
	// respelled marks a name no passage holds as typed, matched by a
	// near spelling instead (nearestTerm).
	respelled bool
	topic     bool   // what was said about: "tariffs" in "What did Harris say about tariffs?"
	low       string // the word as typed, lowercased, without possessive
	field     int    // index of the question's word it came from
	// run numbers the name of several words it belongs to ("Tour de
	// France", "Fields Medal"), from 1; such a name is found only whole.
	run int
}

// analyze runs the text analyzer over s.
func analyze(a analysis.Analyzer, s string) analysis.TokenStream {
	return a.Analyze([]byte(s))
}

// spellingVariants returns British/American alternatives of a lowercased
// word: denuclearisation/denuclearization, defence/defense, centre/center.
func spellingVariants(w string) []string {
	var out []string
	add := func(v string) {
		if v != w {
			out = append(out, v)
		}
	}
	for _, p := range [][2]string{
		{"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"}, {"ises", "izes"}, {"iser", "izer"},
		{"yse", "yze"}, {"ysed", "yzed"}, {"ysing", "yzing"},
		{"ise", "ize"}, {"our", "or"}, {"ours", "ors"}, {"oured", "ored"}, {"ouring", "oring"},
		{"tre", "ter"}, {"tres", "ters"}, {"ence", "ense"}, {"ogue", "og"}, {"ogues", "ogs"},
		{"lled", "led"}, {"lling", "ling"}, {"mme", "m"}, {"mmes", "ms"},
	} {
		if strings.HasSuffix(w, p[0]) && len(w) > len(p[0])+2 {
			add(strings.TrimSuffix(w, p[0]) + p[1])
		}
		if strings.HasSuffix(w, p[1]) && len(w) > len(p[1])+2 {
			add(strings.TrimSuffix(w, p[1]) + p[0])
		}
	}
	switch w {
	case "kiev":
		add("kyiv")
	case "kyiv":
		add("kiev")
	case "grey":
		add("gray")
	case "gray":
		add("grey")
	}
	return out
}

// equivalents maps a capital or short name to the country or organisation
// it usually stands for in news copy, and back. Matches on the left add the
// right side's words as weaker evidence.
var equivalents = map[string]string{
	"pyongyang":  "north korea",
	"moscow":     "russia",
	"kremlin":    "russia",
	"seoul":      "south korea",
	"washington": "united states",
	"kyiv":       "ukraine",
	"kiev":       "ukraine",
	"beijing":    "china",
	"tokyo":      "japan",
	"tehran":     "iran",
	"london":     "britain",
	"paris":      "france",
	"berlin":     "germany",
	"ankara":     "turkey",
	"jerusalem":  "israel",
	"minsk":      "belarus",
	"taipei":     "taiwan",
	"dprk":       "north korea",
	"rok":        "south korea",
	// Nationalities stand for their countries and back: "the French
	// president" is France's.
	"french": "france", "france": "french", "russian": "russia", "russia": "russian",
	"chinese": "china", "china": "chinese", "ukrainian": "ukraine", "ukraine": "ukrainian",
	"german": "germany", "germany": "german", "british": "britain", "britain": "british",
	"israeli": "israel", "israel": "israeli", "iranian": "iran", "iran": "iranian",
	"japanese": "japan", "japan": "japanese", "mexican": "mexico", "mexico": "mexican",
	"canadian": "canada", "canada": "canadian", "indian": "india", "india": "indian",
	"italian": "italy", "italy": "italian", "spanish": "spain", "spain": "spanish",
	"turkish": "turkey", "syrian": "syria", "syria": "syrian", "taiwanese": "taiwan",
	"brazilian": "brazil", "brazil": "brazilian", "australian": "australia", "australia": "australian",
	"venezuelan": "venezuela", "venezuela": "venezuelan", "cuban": "cuba", "cuba": "cuban",
	"egyptian": "egypt", "egypt": "egyptian", "polish": "poland", "poland": "polish",
	"korean": "korea", "korea": "korean", "palestinian": "palestinians", "lebanese": "lebanon", "lebanon": "lebanese",
	"swedish": "sweden", "sweden": "swedish", "finnish": "finland", "finland": "finnish",
	"dutch": "netherlands", "netherlands": "dutch", "irish": "ireland", "ireland": "irish",
	"scottish": "scotland", "scotland": "scottish", "american": "america", "america": "american",
	"english": "england", "england": "english",
	"african": "africa", "africa": "african", "greek": "greece", "greece": "greek",
	"kenyan": "kenya", "kenya": "kenyan", "nigerian": "nigeria", "nigeria": "nigerian",
	"pakistani": "pakistan", "pakistan": "pakistani", "iraqi": "iraq", "iraq": "iraqi",
	"afghan": "afghanistan", "afghanistan": "afghan", "argentine": "argentina", "argentina": "argentine",
	"colombian": "colombia", "colombia": "colombian", "chilean": "chile", "chile": "chilean",
	"peruvian": "peru", "peru": "peruvian", "filipino": "philippines", "philippines": "filipino",
	"indonesian": "indonesia", "indonesia": "indonesian", "vietnamese": "vietnam", "vietnam": "vietnamese",
	"thai": "thailand", "thailand": "thai", "hungarian": "hungary", "hungary": "hungarian",
	"romanian": "romania", "romania": "romanian", "portuguese": "portugal", "portugal": "portuguese",
	"norwegian": "norway", "norway": "norwegian", "danish": "denmark", "denmark": "danish",
	"belgian": "belgium", "belgium": "belgian", "austrian": "austria", "austria": "austrian",
	"swiss": "switzerland", "switzerland": "swiss", "serbian": "serbia", "serbia": "serbian",
	"haitian": "haiti", "haiti": "haitian", "ethiopian": "ethiopia", "ethiopia": "ethiopian",
	"sudanese": "sudan", "sudan": "sudanese", "qatari": "qatar", "qatar": "qatari",
	"moroccan": "morocco", "morocco": "moroccan", "bangladeshi": "bangladesh", "bangladesh": "bangladeshi",
	"armenian": "armenia", "armenia": "armenian", "belarusian": "belarus",
}

// notKeys are capitalised words that do not name a question's subject:
// question and function words at the start of a clause, titles, months.
var notKeys = map[string]bool{
	"who": true, "what": true, "when": true, "where": true, "why": true, "how": true, "which": true, "whom": true,
	"whose": true, "is": true, "are": true, "was": true, "were": true, "did": true, "does": true, "do": true,
	"has": true, "have": true, "had": true, "can": true, "could": true, "will": true, "would": true, "should": true,
	"the": true, "a": true, "an": true, "in": true, "on": true, "of": true, "and": true, "or": true, "i": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "president": true, "prime": true, "minister": true,
	"according": true, "tell": true, "name": true, "give": true, "list": true, "describe": true, "explain": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	// Generational suffixes are part of a name but name no one: "RFK
	// Jr.'s" is "Kennedy's" in the sources.
	"jr": true, "jr.": true, "sr": true, "sr.": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
}

// measureWords after "how" ask for a number ("how big", "how long")
// rather than name the question's subject.
var measureWords = map[string]bool{
	"big": true, "large": true, "long": true, "old": true, "far": true, "tall": true, "deep": true, "high": true,
	"fast": true, "heavy": true, "often": true, "close": true, "wide": true, "small": true,
}

// genericWeight is the weight of a genericWords term.
const genericWeight = 0.3

// genericWords frame questions ("what is the name of", "what type of",
// "how many", "what is X called") without naming their subject.
var genericWords = map[string]bool{
	"name": true, "named": true, "called": true, "call": true, "type": true, "kind": true, "sort": true,
	"term": true, "example": true, "many": true, "much": true, "year": true, "years": true,
	"happened": true, "happen": true, "used": true, "use": true,
	"according": true, "mentioned": true, "considered": true, "known": true,
	// Words of recency say when, not what: the time is read from them
	// (corpus.ReadWhen), and a report need not say "latest" to be it.
	"latest": true, "current": true, "currently": true, "newest": true, "now": true, "nowadays": true, "presently": true,
}

// keyWord classifies a question word: key when a passage must hold it to
// answer (a name, a number that is not a year, an acronym), name when it is
// a capitalised word to match on its exact form.
func keyWord(word, low string, first bool) (key, name bool) {
	if word == "" || notKeys[low] {
		return false, false
	}
	hasDigit := strings.IndexFunc(word, unicode.IsDigit) >= 0
	if hasDigit {
		// Years steer the time asked about instead (corpus.ReadWhen).
		if isYearWord(low) {
			return false, false
		}
		return true, false
	}
	r, _ := utf8.DecodeRuneInString(word)
	if !unicode.IsUpper(r) {
		return false, false
	}
	if strings.ToUpper(word) == word && utf8.RuneCountInString(word) >= 2 {
		// An acronym is a name, but the sources often spell it out
		// ("MSP", "Member of the Scottish Parliament"): not required.
		return false, true
	}
	if first {
		// A capital at the start says nothing.
		return false, false
	}
	return true, true
}

// nextToMonth reports whether fields[i] stands beside a month name.
func nextToMonth(fields []string, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(fields) && months[strings.ToLower(strings.Trim(fields[j], `.,;:!?"'()`))] {
			return true
		}
	}
	return false
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// wordEdges are the marks a question's word may carry at its edges:
// "Wiz?", "(Kyiv)", "“Oppenheimer”".
const wordEdges = `.,;:!?"'()[]{}“”‘’`

// nameJoiners may stand between the capitalised words of one name.
var nameJoiners = map[string]bool{
	"de": true, "la": true, "le": true, "du": true, "des": true, "del": true, "della": true, "di": true, "da": true,
	"van": true, "von": true, "der": true, "den": true, "bin": true, "al": true, "el": true, "of": true, "the": true, "&": true,
}

// markNameRuns numbers the names of several capitalised words in the
// question, joiners allowed between them, and marks their terms.
func markNameRuns(fields []string, qts []*queryTerm) {
	capital := func(i int) bool {
		w := strings.Trim(fields[i], wordEdges)
		return isCapitalised(w) && !notKeys[strings.ToLower(w)] || i > 0 && isCapitalised(w) && strings.ToUpper(w) == w
	}
	byField := map[int][]*queryTerm{}
	for _, qt := range qts {
		byField[qt.field] = append(byField[qt.field], qt)
	}
	run := 0
	for i := 0; i < len(fields); {
		if !capital(i) {
			i++
			continue
		}
		j, last, words := i, i, 1
		for k := i + 1; k < len(fields); k++ {
			if capital(k) {
				last, words = k, words+1
				continue
			}
			if !nameJoiners[strings.ToLower(fields[k])] {
				break
			}
		}
		if words >= 2 {
			run++
			for k := j; k <= last; k++ {
				if !capital(k) {
					continue
				}
				for _, qt := range byField[k] {
					if qt.name {
						qt.run = run
					}
				}
			}
		}
		i = last + 1
	}
}

// theSource reports whether fields[i] is the text asked about itself, not
// its subject: "Does the author believe…", "…, per the piece?". A source
// never names itself so, and its words would find other texts that do.
// "The author of the study" and "the writer who argued" are subjects.
func theSource(fields []string, i int) bool {
	word := func(j int) string { return strings.ToLower(strings.Trim(fields[j], `.,;:!?"'()“”‘’`)) }
	if i == 0 || word(i-1) != "the" || !sourceWords[claim.Unpossessive(word(i))] {
		return false
	}
	if i+1 < len(fields) && !strings.ContainsAny(fields[i], ",;:?!") {
		switch word(i + 1) {
		case "who", "whose", "of", "that", "which", "behind":
			return false
		}
	}
	return true
}

// sourceWords name a text from the inside.
var sourceWords = map[string]bool{"author": true, "authors": true, "writer": true, "writers": true, "piece": true, "article": true, "essay": true, "op-ed": true, "column": true, "columnist": true, "text": true, "analysis": true}

// afterAbout reports whether fields[i] follows "about" in a question about
// what someone said or thought ("What did Harris say about tariffs?").
func afterAbout(fields []string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		w := strings.ToLower(strings.Trim(fields[j], `.,;:!?"'()`))
		if w == "about" || w == "on" && j > 0 && speechVerb(fields[j-1]) {
			return j > 0 && speechVerb(fields[j-1])
		}
	}
	return false
}

func speechVerb(w string) bool {
	switch strings.ToLower(strings.Trim(w, `.,;:!?"'()`)) {
	case "say", "said", "says", "think", "thinks", "thought", "tell", "told", "write", "wrote", "claim", "claimed", "warn", "warned", "argue", "argued":
		return true
	}
	return false
}

// isYearWord reports whether w is a year as questions write them, 1900–2099.
func isYearWord(w string) bool {
	return len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && strings.Trim(w, "0123456789") == ""
}

// anyYear reports whether w is a year of the last two millennia, as a
// span or a date in history may name: "from 1870", "in New Delhi, 1947".
func anyYear(w string) bool {
	return len(w) == 4 && (w[0] == '1' || w[0] == '2') && strings.Trim(w, "0123456789") == ""
}

// addAccents adds a name's spellings with other diacritics to its terms.
func (qt *queryTerm) addAccents(vs []string) {
	for _, v := range vs {
		if !contains(qt.terms, v) {
			qt.terms = append(qt.terms, v)
			qt.accents = append(qt.accents, v)
		}
	}
}
