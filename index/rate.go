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

// rateAsked finds "each day", "per year", "a week" and "daily", "annually".
var rateAsked = regexp.MustCompile(`\b(?:(?:each|per|a|an|every) (second|minute|hour|day|night|week|month|year)\b|(hourly|daily|nightly|weekly|monthly|annually|yearly)\b)`)

// askedRate returns the period a question asks a rate per ("day" for "How
// many shells are fired each day?"), or "" when it asks none.
func askedRate(q string) string {
	l := strings.ToLower(q)
	for _, at := range rateAsked.FindAllStringSubmatchIndex(l, -1) {
		if at[2] >= 0 {
			return l[at[2]:at[3]]
		}
		if len(q) == len(l) && q[at[4]] != l[at[4]] {
			continue // "The Daily Show" is a name
		}
		adv := l[at[4]:at[5]]
		for p, a := range periods {
			if a == adv || adv == "yearly" && p == "year" {
				return p
			}
		}
	}
	return ""
}

// saysRate reports whether a sentence states something per period p:
// "10,000 a day", "per year", "daily", "$5/day".
func saysRate(sentence, p string) bool {
	l := strings.ToLower(sentence)
	for _, m := range rateAsked.FindAllStringSubmatch(l, -1) {
		if m[1] == p || m[2] != "" && (m[2] == periods[p] || m[2] == "yearly" && p == "year") {
			return true
		}
	}
	return strings.Contains(l, "/"+p)
}
