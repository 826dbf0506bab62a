package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
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
	pos   int     // position in the analysed question, 1-based
	idf   float64 // BM25 idf, scaled by weight
	// weight scales the term's evidence: below 1 for words that frame a
	// question ("name", "called", "type") rather than say what it is about.
	weight float64
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
}
