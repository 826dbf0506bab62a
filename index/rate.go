package index

import (
	"regexp"
	"strings"
)

// periods are the spans a rate is counted over, with the adverb that says
// "each" of them.
var periods = map[string]string{
	"second": "", "minute": "", "hour": "hourly", "day": "daily", "night": "nightly", "week": "weekly",
	"month": "monthly", "year": "annually",
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
	adv := l[m[8]:m[9]]
	if adv == "yearly" {
		return "year"
	}
	for p, a := range periods {
		if a == adv {
			return p
		}
	}
	return ""
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
