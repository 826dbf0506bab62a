package index

import (
	"regexp"
	"strings"
)

// adverbPeriods are the adverbs that say "each" of a period.
var adverbPeriods = map[string]string{
	"hourly": "hour", "daily": "day", "nightly": "night", "weekly": "week", "monthly": "month",
	"annually": "year", "yearly": "year",
}

// rateAsked finds "each day", "per year", "a week" and "daily", "annually";
// not "a day after" or "a year ago", which place a time (notRate).
var rateAsked = regexp.MustCompile(`\b(?:(each|per|a|an|every) (second|minute|hour|day|night|week|month|year)\b( \w+)?|(hourly|daily|nightly|weekly|monthly|annually|yearly)\b)`)

// notRate after "a day", "a year" makes it a time, not a rate.
var notRate = map[string]bool{
	"after": true, "before": true, "later": true, "earlier": true, "ago": true, "of": true, "or": true,
	"and": true, "since": true, "into": true, "when": true, "that": true, "from": true, "away": true,
}

// rateAt returns the period of a rateAsked match m (submatch indexes into
// l), or "" when it places a time instead; orig is l before lowercasing.
func rateAt(orig, l string, m []int) string {
	if m[4] >= 0 {
		det := l[m[2]:m[3]]
		if (det == "a" || det == "an") && m[6] >= 0 && notRate[strings.TrimSpace(l[m[6]:m[7]])] {
			return ""
		}
		return l[m[4]:m[5]]
	}
	if len(orig) == len(l) && orig[m[8]] != l[m[8]] {
		return "" // "The Daily Show" is a name
	}
	return adverbPeriods[l[m[8]:m[9]]]
}

// askedRate returns the period a question asks a rate per ("day" for "How
// many shells are fired each day?"), or "" when it asks none.
func askedRate(q string) string {
	l := strings.ToLower(q)
	for _, m := range rateAsked.FindAllStringSubmatchIndex(l, -1) {
		if p := rateAt(q, l, m); p != "" {
			return p
		}
	}
	return ""
}

// saysRate reports whether a sentence states something per period p:
// "10,000 a day", "per year", "daily", "$5/day".
func saysRate(sentence, p string) bool {
	l := strings.ToLower(sentence)
	for _, m := range rateAsked.FindAllStringSubmatchIndex(l, -1) {
		if rateAt(sentence, l, m) == p {
			return true
		}
	}
	return strings.Contains(l, "/"+p)
}
