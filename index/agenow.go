package index

import (
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// An age question asks how old someone is now: "How old is Mitch
// McConnell?", "What is Bernie Sanders' age?". An age is always a figure
// of now, and it changes every year: the report matching the words best
// gives an age of some year, and only the newest report giving the
// person's age gives it now ("McConnell, who is 82 years old", "the
// 63-year-old Thune"). So it is answered as who holds a post is: the
// newest report giving that person's age.
type ageNow struct {
	name []string // the person's name, lowercase words
}

// ageTitles stand before a name without being part of it: "Senator John
// Thune", "Pope Francis", "former President Jimmy Carter".
var ageTitles = map[string]bool{
	"senator": true, "sen": true, "president": true, "former": true, "pope": true, "king": true, "queen": true,
	"prince": true, "princess": true, "gov": true, "governor": true, "rep": true, "representative": true,
	"dr": true, "mr": true, "mrs": true, "ms": true, "sir": true, "dame": true, "lord": true, "lady": true,
	"justice": true, "judge": true, "chief": true, "coach": true, "vice": true, "speaker": true, "mayor": true,
	"secretary": true, "general": true, "gen": true, "rev": true, "saint": true, "st": true,
}

// ageDescriptors may stand between an age and the name it is given for:
// "the 78-year-old Republican nominee Donald Trump".
var ageDescriptors = map[string]bool{
	"republican": true, "democrat": true, "democratic": true, "gop": true, "nominee": true, "candidate": true,
	"singer": true, "star": true, "pop": true, "actor": true, "actress": true, "rapper": true, "billionaire": true,
	"businessman": true, "leader": true, "lawmaker": true, "incumbent": true, "presidential": true, "us": true, "u.s": true,
}

// readAgeNow reads "How old is X?", "How old are X and Y?" is not one
// person and is left to the ranking, as is "How old was X when…": an age
// then, not now.
func readAgeNow(q string) (ageNow, bool) {
	ts := tokens(q)
	// The words of now at the end say nothing of whom.
	for len(ts) > 0 && trailingNow[ts[len(ts)-1].low] {
		ts = ts[:len(ts)-1]
	}
	if len(ts) > 0 && ts[len(ts)-1].low == "these" {
		ts = ts[:len(ts)-1]
	}
	if len(ts) > 1 && ts[len(ts)-2].low == "these" && ts[len(ts)-1].low == "days" {
		ts = ts[:len(ts)-2]
	}
	// "What is" reads as "What's", whose "'s" tokens drops.
	if len(ts) > 1 && ts[0].low == "what" && ts[1].low == "is" {
		ts = slices.Delete(slices.Clone(ts), 1, 2)
	}
	var rest []token
	switch {
	case len(ts) > 3 && ts[0].low == "how" && ts[1].low == "old" && ts[2].low == "is":
		rest = ts[3:] // "How old is Mitch McConnell?"
	case len(ts) > 3 && ts[0].low == "what" && ts[1].low == "age" && ts[2].low == "is":
		rest = ts[3:] // "What age is Pope Francis?"
	case len(ts) > 3 && ts[0].low == "what" && ts[1].low == "the" && ts[2].low == "age" && ts[3].low == "of":
		rest = ts[4:] // "What's the age of Joe Biden?"
	case len(ts) > 2 && ts[0].low == "what" && ts[len(ts)-1].low == "age":
		rest = ts[1 : len(ts)-1] // "What is Bernie Sanders' age?"
	default:
		return ageNow{}, false
	}
	for _, t := range rest {
		if notHolderNow[t.low] || t.low == "and" || t.low == "did" || t.low == "will" {
			return ageNow{}, false
		}
	}
	// The person: the capitalised words after the titles, all of the
	// rest but an article ("the 82-year-old…" is not asked).
	for len(rest) > 0 && (ageTitles[rest[0].low] || rest[0].low == "the") {
		rest = rest[1:]
	}
	if len(rest) == 0 || len(rest) > 4 {
		return ageNow{}, false
	}
	var name []string
	for _, t := range rest {
		if nameSuffixes[t.low] {
			continue // "King Charles III" is Charles in the news
		}
		if !isCapitalised(t.raw) || isAcronym(t.raw) || notKeys[t.low] {
			return ageNow{}, false
		}
		name = append(name, t.low)
	}
	if len(name) == 0 {
		return ageNow{}, false
	}
	return ageNow{name: name}, true
}

// must is the surname alone: a report's later mentions give the age
// ("McConnell, who is 82 years old") where its first gave the whole name,
// often in another passage.
func (a ageNow) must(sp spellings) []query.Query {
	return []query.Query{phraseQuery(a.name[len(a.name)-1:], sp)}
}

func (ageNow) holderOnly() bool { return true }

func (a ageNow) holder(text, title string) ([2]int, bool) {
	full := strings.Join(a.name, " ")
	bare := (strings.Contains(strings.ToLower(text), full) || strings.Contains(strings.ToLower(title), full)) && a.surnameAlone(tokens(text))
	return proseSentence(text, nil, func(st string) bool { return a.aged(st, bare) })
}

// surnameAlone reports whether the surname alone may name the person
// asked about in a text whose passage or title has the whole name: it does
// unless the text gives the surname to someone else ("Barron Trump",
// "D'Andre Swift" beside "Taylor Swift").
func (a ageNow) surnameAlone(ts []token) bool {
	if len(a.name) < 2 {
		return true
	}
	last, first := a.name[len(a.name)-1], a.name[len(a.name)-2]
	for i := 1; i < len(ts); i++ {
		if ts[i].low == last && otherFirstName(ts[i-1], first) {
			return false
		}
	}
	return true
}

// otherFirstName reports whether t, the word before a surname, is another
// person's first name: capitalised, not the one asked about, not a title.
func otherFirstName(t token, first string) bool {
	return isCapitalised(t.raw) && t.low != first && !ageTitles[t.low] && !notKeys[t.low]
}

// ageWindow is how many words after the name an age given with a verb may
// stand: "McConnell, who is 82 years old".
const ageWindow = 6

// aged reports whether a sentence gives the person's age: "McConnell,
// 82,", "the 63-year-old Thune", "Donald Trump is 78 years old",
// "Carter, who turned 100". The surname alone counts when bare
// (surnameAlone).
func (a ageNow) aged(s string, bare bool) bool {
	ts := tokens(s)
	for i := range ts {
		start, end := personAt(ts, i, a.name, bare)
		if start < 0 {
			continue
		}
		// "King Charles III, 75,"; not "a 71-year-old Charles City
		// resident".
		for end < len(ts) && nameSuffixes[ts[end].low] {
			end++
		}
		if end < len(ts) && isCapitalised(ts[end].raw) && joined(s, ts, end-1, end) {
			continue
		}
		// "At 83, Sanders…"
		if start >= 2 && ts[start-2].low == "at" && ageNumber(ts[start-1].raw) && gap(s, ts, start-1) == "," {
			return true
		}
		// "the 82-year-old McConnell", "82-year-old Sen. Mitch McConnell";
		// not "the 18-year-old Barron Trump", nor "a nearly 80-year-old
		// Donald Trump".
		for p := start - 1; p >= 0 && p >= start-4 && joined(s, ts, p, start); p-- {
			if yearOld(ts[p].low) {
				return p == 0 || !roughly[ts[p-1].low]
			}
			// Only what the person is may stand between: "the
			// 81-year-old president can beat Trump" is someone else's age.
			if !ageTitles[ts[p].low] && !ageDescriptors[ts[p].low] {
				break
			}
		}
		k := end
		// "Mitch McConnell, R-Ky., 82,": the party and state first.
		if k < len(ts) && gap(s, ts, k-1) == "," && partyTag(ts[k].raw) {
			k++
		}
		// "McConnell, 82," or "McConnell (82)".
		if k < len(ts) && ageNumber(ts[k].raw) {
			before := gap(s, ts, k-1)
			after := ""
			if k+1 < len(ts) {
				after = gap(s, ts, k)
			} else {
				after = strings.TrimSpace(s[ts[k].end:])
			}
			if before == "," && (after == "," || strings.HasPrefix(after, ".") || after == ";" || after == "") || before == "(" && strings.HasPrefix(after, ")") {
				return true
			}
		}
		// "Trump is 78 years old", "Carter, who turned 100", "McConnell,
		// aged 82". Not past another name's clause.
		for k := end; k < min(len(ts), end+ageWindow); k++ {
			if !ageNumber(ts[k].raw) {
				if k >= 2 && yearOld(ts[k].low) && ts[k-1].low == "a" && ts[k-2].low == "is" {
					return true // "Trump is a 78-year-old…"
				}
				continue
			}
			switch ts[k-1].low {
			case "is", "turned", "turns", "aged", "age", "now":
				return true
			}
			if k+2 < len(ts) && ts[k+1].low == "years" && ts[k+2].low == "old" {
				return true
			}
		}
	}
	return false
}

// nameSuffixes end a name: "King Charles III", "Ken Griffey Jr.".
var nameSuffixes = map[string]bool{"ii": true, "iii": true, "iv": true, "jr": true, "sr": true}

// roughly before an age make it a guess: "a nearly 80-year-old Donald
// Trump".
var roughly = map[string]bool{"nearly": true, "almost": true, "about": true, "roughly": true, "around": true, "over": true, "some": true}

// yearOld reports whether w is an age written as one word: "82-year-old".
func yearOld(w string) bool {
	n, rest, ok := strings.Cut(w, "-")
	return ok && (rest == "year-old" || rest == "years-old") && ageNumber(n)
}

// ageNumber reports whether w is a number a person's age may be.
func ageNumber(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && n > 0 && n <= 125
}

// partyTag reports whether w is a lawmaker's party and state: "R-Ky",
// "D-Calif".
func partyTag(w string) bool {
	return len(w) > 2 && strings.ContainsRune("RDI", rune(w[0])) && w[1] == '-'
}
