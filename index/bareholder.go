package index

import (
	"slices"
	"strings"

	"github.com/briefbot/briefbot/corpus"
)

// A governor or a mayor is often named bare, "Gov. Tina Kotek wrote…", in
// a story about the place: the post is the place's when the place was
// named just before and no other state since.

// bareHolder finds a sentence naming someone in the post with nothing
// before it ("Gov. Tina Kotek wrote…") in a passage that has just named
// what the post is of: "Oregon thunderstorms could fan wildfire flames. At
// least four wildfires blazed in Oregon… Gov. Tina Kotek wrote…". A post
// with a place or body of its own ("New York Gov. Kathy Hochul") is
// another's.
func (o office) bareHolder(text string) ([2]int, bool) {
	if len(o.org) == 0 || len(o.bare) == 0 || !containsAny(text, o.bare) {
		return [2]int{}, false
	}
	sents := corpus.Sentences(text)
	for si, sr := range sents {
		s := text[sr[0]:sr[1]]
		if !containsAny(s, o.bare) || !isProse(s) {
			continue
		}
		at := o.namesBare(s)
		if at < 0 {
			continue
		}
		// The place comes first: "…linking us to Indianapolis" after
		// "Mayor Craig Greenberg posted" names where he is going.
		from := sents[max(0, si-bareReach)][0]
		if span := text[from : sr[0]+at]; o.orgIn(span) && !o.stateAfterOrg(span) {
			return sr, true
		}
	}
	return [2]int{}, false
}

// barePosts are the posts a story names bare when it is about the place
// they are of: a state's governor, a city's mayor. A bare "President Joe
// Biden" is the American president in a story about Iran.
var barePosts = map[string]bool{"governor": true, "gov": true, "mayor": true}

// bareSpellings are the posts among roles that a story names bare, as
// written before a name: "Gov", "Mayor".
func bareSpellings(roles [][]string) []string {
	var out []string
	for _, r := range roles {
		if w := r[len(r)-1]; barePosts[w] {
			out = append(out, strings.ToUpper(w[:1])+w[1:])
		}
	}
	return out
}

// stateAfterOrg reports whether s names a US state after its last
// mention of what the post is of, a state other than it: the bare "Gov.
// Jim Justice" after "In West Virginia and Nebraska… West Virginia's
// Senate primary…" is West Virginia's.
func (o office) stateAfterOrg(s string) bool {
	ts := tokens(s)
	last := -1
	for _, p := range o.org {
		for k := range ts {
			if phraseAt(ts, k, p) && !otherPlace(s, ts, k) {
				last = max(last, k+len(p))
			}
		}
	}
	if last < 0 {
		return false
	}
	for k := last; k < len(ts); k++ {
		for _, st := range usStates {
			if phraseAt(ts, k, st) && isCapitalised(ts[k].raw) && !slices.ContainsFunc(o.org, func(p []string) bool { return slices.Equal(p, st) }) {
				return true
			}
		}
	}
	return false
}

// usStates are the states a bare "Gov." may belong to, lowercase words,
// the longer first so that "West Virginia" is not read as "Virginia".
var usStates = [][]string{
	{"new", "hampshire"}, {"new", "jersey"}, {"new", "mexico"}, {"new", "york"}, {"north", "carolina"},
	{"north", "dakota"}, {"south", "carolina"}, {"south", "dakota"}, {"west", "virginia"}, {"rhode", "island"},
	{"alabama"}, {"alaska"}, {"arizona"}, {"arkansas"}, {"california"}, {"colorado"}, {"connecticut"},
	{"delaware"}, {"florida"}, {"georgia"}, {"hawaii"}, {"idaho"}, {"illinois"}, {"indiana"}, {"iowa"},
	{"kansas"}, {"kentucky"}, {"louisiana"}, {"maine"}, {"maryland"}, {"massachusetts"}, {"michigan"},
	{"minnesota"}, {"mississippi"}, {"missouri"}, {"montana"}, {"nebraska"}, {"nevada"}, {"ohio"},
	{"oklahoma"}, {"oregon"}, {"pennsylvania"}, {"tennessee"}, {"texas"}, {"utah"}, {"vermont"},
	{"virginia"}, {"wisconsin"}, {"wyoming"},
}

// bareReach is how many sentences before a bare post may name what it
// is of.
const bareReach = 2

// namesBare returns where in s it names someone in the post, the post
// standing bare before the name: first in the sentence or after a word
// that is not a name; -1 if it does not.
func (o office) namesBare(s string) int {
	ts := tokens(s)
	at := -1
	o.anyPost(s, ts, func(i int, r []string) bool {
		// "New York Gov. Kathy Hochul" is another place's; "Republican
		// Gov. Jim Pillen" is still bare.
		if !barePosts[r[len(r)-1]] || !isCapitalised(ts[i].raw) || i > 0 && joined(s, ts, i-1, i) && isCapitalised(ts[i-1].raw) && !parties[ts[i-1].low] {
			return false
		}
		if nameAt(s, ts, i+len(r), o) > 0 {
			at = ts[i].start
			return true
		}
		return false
	})
	return at
}

// parties name a holder's party, not a place, before a post.
var parties = map[string]bool{"republican": true, "democratic": true, "democrat": true, "gop": true}
