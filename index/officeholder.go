package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/corpus"
)

// How reports name the holder of a post: "Boeing CEO Kelly Ortberg",
// "Keir Starmer, the British prime minister", "Canada's coach, Jesse
// Marsch,", a bare "Gov. Tina Kotek" in a story about Oregon; and when
// they name someone who no longer holds it ("Former…", "…resigned").

// notCurrent are words before a post that say its holder is not the
// holder now.
var notCurrent = map[string]bool{
	"former": true, "ex": true, "then": true, "late": true, "onetime": true, "erstwhile": true, "previous": true,
	"past": true, "future": true, "would-be": true, "incoming": true, "deputy": true, "vice": true, "assistant": true,
	"then-": true, "ex-": true, "outgoing": true, "longtime": true, "founding": true, "associate": true,
	"last": true,
}

// holder finds a sentence of text that names someone in the post: the
// post followed by a capitalised name ("Prime Minister Keir Starmer"), or
// a name followed by the post ("Keir Starmer, the British prime minister").
// It returns the sentence's byte range.
func (office) holderOnly() bool { return false }

func (o office) holder(text, title string) ([2]int, bool) {
	// "Delaware coach Martin Ingelsby" in a story titled "…Men's
	// Basketball Tournament" is not the football coach asked about.
	if o.sport != "" && otherSport(strings.ToLower(title+" "+text), o.sport) {
		return [2]int{}, false
	}
	if r, ok := proseSentence(text, o.mayName, o.namesHolder); ok {
		return r, true
	}
	return o.bareHolder(text)
}

func containsAny(s string, subs []string) bool {
	return slices.ContainsFunc(subs, func(sub string) bool { return strings.Contains(s, sub) })
}

// anyPost reports whether holds is true of a post at token i of s whose
// holder may hold it now: not "Former…", "ex-…".
func (o office) anyPost(s string, ts []token, holds func(i int, r []string) bool) bool {
	for i := range ts {
		for _, r := range o.roles {
			if roleAt(ts, i, r) && !formerly(s, ts, i) && !hasPrefixBefore(s, ts, i) && !ownedBy(s, ts[i+len(r)-1]) && holds(i, r) {
				return true
			}
		}
	}
	return false
}

// orgIn reports whether s names what the post is of (as many of its
// things as it needs).
func (o office) orgIn(s string) bool {
	ts := tokens(s)
	found := map[int]bool{}
	for pi, p := range o.org {
		for k := range ts {
			if phraseAt(ts, k, p) && !otherPlace(s, ts, k) {
				found[o.group[pi]] = true
				break
			}
		}
	}
	return len(found) >= max(o.need, 1)
}

// proseSentence returns the first prose sentence of text (not a heading,
// a question or a credit) for which holds reports true. may, when not
// nil, is a cheaper test that holds never passes where it fails, asked
// first.
func proseSentence(text string, may, holds func(sentence string) bool) ([2]int, bool) {
	for _, s := range corpus.Sentences(text) {
		if st := text[s[0]:s[1]]; (may == nil || may(st)) && isProse(st) && holds(st) {
			return s, true
		}
	}
	return [2]int{}, false
}

// nameWord reports whether t may be a word of a person's or team's name:
// capitalised, three letters or more, and not a word that starts clauses
// or follows a post without naming anyone ("Says", "Office").
func nameWord(t token) bool {
	return isCapitalised(t.raw) && !notKeys[t.low] && !nameStop[t.low] && utf8.RuneCountInString(t.raw) >= 3
}

type token struct {
	raw, low   string
	start, end int // byte range in the text, with any possessive
}

func tokens(s string) []token {
	var out []token
	for _, m := range wordRE.FindAllStringIndex(s, -1) {
		raw := strings.TrimRight(s[m[0]:m[1]], ".'’")
		raw = claim.Unpossessive(raw)
		if raw == "" {
			continue
		}
		out = append(out, token{raw: raw, low: fold(strings.ToLower(raw)), start: m[0], end: m[1]})
	}
	return out
}

func (o office) namesHolder(s string) bool {
	ts := tokens(s)
	return o.anyPost(s, ts, func(i int, r []string) bool {
		// "Delaware defensive line coach Levern Belin" is not its coach.
		if len(r) == 1 && r[0] == "coach" && i > 0 && assistantCoach[ts[i-1].low] {
			return false
		}
		if !o.namedAt(s, ts, i, compoundEnd(ts, i+len(r))) {
			return false
		}
		// "Niccol will start Sept. 9, replacing Starbucks CEO Laxman
		// Narasimhan, who stepped down": the sentence names who holds it
		// now. "Harvard President Claudine Gay resigned": she no longer
		// does.
		if v := successionBefore(ts, i); v > 0 && slices.ContainsFunc(ts[:v], nameWord) {
			return true
		}
		return !leaves(ts, i+len(r))
	})
}

// mayName reports whether s may name a holder (namesHolder): it holds a
// post's first word in some case. A holder is named in few of the
// sentences that the searches for one read, and this test is a tenth of
// the cost of reading a sentence's words.
func (o office) mayName(s string) bool {
	if !isASCII(s) {
		return true // its words are folded (fold) before they are compared
	}
	low := strings.ToLower(s)
	for _, r := range o.roles {
		// roleAt takes "champions" for "champion" and back.
		if strings.Contains(low, strings.TrimSuffix(r[0], "s")) {
			return true
		}
	}
	return false
}

// namedAt reports whether the post at tokens i to end of s is named with
// its holder and what it is of.
func (o office) namedAt(s string, ts []token, i, end int) bool {
	// The post, then a name: "Boeing CEO Kelly Ortberg".
	if n := nameAt(s, ts, end, o); n > 0 && o.orgNear(s, ts, i, end, end+n) {
		return true
	}
	// The post, then a name set off by commas: "Canada's coach, Jesse
	// Marsch, will…".
	if end < len(ts) && gap(s, ts, end-1) == "," {
		if n := nameAt(s, ts[end:], 0, o); n > 0 && setOff(s, ts, end+n) && !ordinalBefore(ts, i) && o.orgNear(s, ts, i, end, end) {
			return true
		}
	}
	// The post of what it is of, then the name set off by commas: "The
	// president of Planned Parenthood, Alexis McGill Johnson, said…".
	if k := o.orgAfter(s, ts, end); k > 0 && k < len(ts) && gap(s, ts, k-1) == "," {
		if n := nameAt(s, ts[k:], 0, o); n > 0 && setOff(s, ts, k+n) && !ordinalBefore(ts, i) {
			return true
		}
	}
	// A name, then the post: "Keir Starmer, the British prime minister";
	// "Kelly Ortberg, Boeing's CEO".
	return o.nameBefore(s, ts, i) && o.orgNear(s, ts, i, end, end)
}

// orgAfter returns the index after what the post is of, named right
// after it with "of", "at" or "for" ("president of Planned Parenthood"),
// or -1.
func (o office) orgAfter(s string, ts []token, end int) int {
	k := end
	if k >= len(ts) || ts[k].low != "of" && ts[k].low != "at" && ts[k].low != "for" {
		return -1
	}
	k++
	if k < len(ts) && ts[k].low == "the" {
		k++
	}
	for _, p := range o.org {
		if phraseAt(ts, k, p) && joined(s, ts, end-1, k+len(p)-1) && !otherPlace(s, ts, k) {
			return k + len(p)
		}
	}
	return -1
}

// compoundEnd returns the end of a post joined to another by "and":
// "president and CEO of Planned Parenthood" holds both.
func compoundEnd(ts []token, end int) int {
	if end+1 >= len(ts) || ts[end].low != "and" {
		return end
	}
	if r := roleNameAt(ts, end+1); r != nil {
		return end + 1 + len(r)
	}
	return end
}

// successionBefore returns the index of a verb of succession among the
// four words before the post at i ("replacing Starbucks CEO…"), or -1.
func successionBefore(ts []token, i int) int {
	for k := i - 1; k >= max(0, i-4); k-- {
		if successionWords[ts[k].low] {
			return k
		}
	}
	return -1
}

var successionWords = map[string]bool{
	"replacing": true, "replaces": true, "replaced": true, "succeeding": true, "succeeds": true, "succeeded": true,
	"succeed": true, "replace": true,
}

// leaves reports whether one of the words after the post at end says its
// holder leaves it: "Harvard President Claudine Gay, resigned…", "…
// stepped down on Friday".
func leaves(ts []token, end int) bool {
	for k := end; k < min(len(ts), end+leaveReach); k++ {
		w := ts[k].low
		if leaveWords[w] || (w == "stepped" || w == "steps" || w == "stepping") && k+1 < len(ts) && (ts[k+1].low == "down" || ts[k+1].low == "aside") {
			return true
		}
	}
	return false
}

// leaveReach is how many words after the post the holder's leaving may
// be told.
const leaveReach = 8

var leaveWords = map[string]bool{
	"resigned": true, "resigns": true, "resigning": true, "ousted": true, "fired": true, "retired": true,
	"retires": true, "retiring": true, "died": true, "dies": true, "quit": true, "quits": true, "impeached": true,
	"deposed": true, "toppled": true, "fled": true, "resignation": true, "ouster": true,
}

// ordinalBefore reports whether one of the three words before the post at
// i counts its holders: "the first Mexican president, Guadalupe Victoria,".
func ordinalBefore(ts []token, i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if ordinalWords[ts[k].low] || ordinalRE.MatchString(ts[k].low) {
			return true
		}
	}
	return false
}

var ordinalWords = map[string]bool{"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "last": true, "next": true}

// setOff reports whether a name ending before token e ends the sentence
// or a clause.
func setOff(s string, ts []token, e int) bool {
	return e >= len(ts) || strings.ContainsAny(gap(s, ts, e-1), ",;:)")
}

// formerly reports whether a word just before the post, over the place
// or body it is of ("Former British Prime Minister"), says its holder is
// not the holder now.
func formerly(s string, ts []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5 && joined(s, ts, k, i); k-- {
		if notCurrent[ts[k].low] {
			return true
		}
	}
	return false
}

// ownedBy reports whether token t is a possessive: "Sheriff’s
// Department staff" names the department's staff, not a sheriff.
func ownedBy(s string, t token) bool {
	w := s[t.start:t.end]
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "s'")
}

// hasPrefixBefore catches "ex-president", "then-Speaker" written as one
// token with a hyphen.
func hasPrefixBefore(s string, ts []token, i int) bool {
	st := ts[i].start
	for _, p := range []string{"ex-", "then-", "former-"} {
		if st >= len(p) && strings.EqualFold(s[st-len(p):st], p) {
			return true
		}
	}
	return false
}

// joined reports whether tokens a to b stand next to each other with
// only spaces (or a possessive) between them: "Boeing's CEO Kelly
// Ortberg", not "X, Crowdstrike CEO" or "president, Guadalupe Victoria".
func joined(s string, ts []token, a, b int) bool {
	for k := a; k < b; k++ {
		if gap(s, ts, k) != "" {
			return false
		}
	}
	return true
}

// gap is what stands between tokens k and k+1 of s, spaces trimmed: ","
// in "Canada's coach, Jesse Marsch".
func gap(s string, ts []token, k int) string {
	return strings.TrimSpace(s[ts[k].end:ts[k+1].start])
}

func roleAt(ts []token, i int, r []string) bool {
	if i+len(r) > len(ts) {
		return false
	}
	for k, w := range r {
		// "champion" for "champions", and back.
		if got := ts[i+k].low; got != w && strings.TrimSuffix(got, "s") != strings.TrimSuffix(w, "s") {
			return false
		}
	}
	return true
}

// nameAt reports whether a person's or team's name starts at token i:
// one to four capitalised words, one of them at least three letters long
// and none a word that starts clauses or names the post.
func nameAt(s string, ts []token, i int, o office) int {
	n := 0
	long := false
	for k := i; k < len(ts) && k < i+4; k++ {
		if k > 0 && !joined(s, ts, k-1, k) {
			break
		}
		r, _ := utf8.DecodeRuneInString(ts[k].raw)
		if !unicode.IsUpper(r) || notKeys[ts[k].low] || nameStop[ts[k].low] || o.isRoleWord(ts[k].low) {
			break
		}
		n++
		if utf8.RuneCountInString(ts[k].raw) >= 3 {
			long = true
		}
	}
	if !long {
		return 0
	}
	return n
}

// nameStop are capitalised words that follow a post without naming its
// holder: "President Says", "Prime Minister's Office".
var nameStop = map[string]bool{"office": true, "says": true, "said": true, "and": true, "to": true, "as": true, "for": true, "this": true, "that": true, "it": true, "he": true, "she": true, "they": true, "his": true, "her": true, "election": true, "race": true}

func (o office) isRoleWord(w string) bool {
	for _, r := range roleNames {
		if slices.Contains(r, w) {
			return true
		}
	}
	return false
}

// nameBefore reports whether a name ends just before the post and the
// words that lead to it: after a comma ("Keir Starmer, the British prime
// minister", "Kelly Ortberg, Boeing's CEO") or a verb that puts someone in
// it ("Claudia Sheinbaum was sworn in as Mexico's first female president").
func (o office) nameBefore(s string, ts []token, i int) bool {
	j := i - 1
	verb := false
	for k := 0; j >= 0 && k < 8; k++ {
		w := ts[j].low
		if leadIn[w] || o.orgWord(w) {
			verb = verb || putsIn[w]
			j--
			continue
		}
		break
	}
	if j < 0 || j+1 >= len(ts) {
		return false
	}
	if !verb && !strings.Contains(s[ts[j].end:ts[j+1].start], ",") {
		return false
	}
	return nameWord(ts[j])
}

// leadIn are the words that may stand between a holder's name and the
// post; putsIn among them say the name holds it.
var leadIn = map[string]bool{
	"the": true, "a": true, "who": true, "is": true, "now": true, "as": true, "became": true, "sworn": true,
	"in": true, "newly": true, "interim": true, "acting": true, "inaugurated": true, "new": true, "first": true, "female": true, "woman": true,
	"was": true, "has": true, "been": true, "named": true, "appointed": true, "took": true, "office": true,
	"on": true, "today": true, "yesterday": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true,
	// "Jim Pillen, Nebraska's Republican governor"
	"republican": true, "democratic": true, "democrat": true, "gop": true, "independent": true,
	"current": true, "sitting": true, "incumbent": true,
}

var putsIn = map[string]bool{"is": true, "as": true, "became": true, "named": true, "appointed": true}

func (o office) orgWord(w string) bool {
	for _, alts := range o.org {
		if slices.Contains(alts, w) {
			return true
		}
	}
	return false
}

// orgNear reports whether what the post is of is named next to it: just
// before ("Boeing CEO", "Kelly Ortberg, Boeing's CEO") or after "of"
// ("CEO of Boeing", "Prime Minister Keir Starmer of Britain"); end is past
// the post and any name after it. A post without anything to be of ("the
// pope") needs nothing.
func (o office) orgNear(s string, ts []token, i, roleEnd, end int) bool {
	if len(o.org) == 0 {
		return true
	}
	found := map[int]bool{}
	for pi, p := range o.org {
		if o.phraseNear(s, ts, p, i, roleEnd, end) {
			found[o.group[pi]] = true
		}
	}
	return len(found) >= max(o.need, 1)
}

func (o office) phraseNear(s string, ts []token, p []string, i, roleEnd, end int) bool {
	// Ending within the three words before the post.
	for e := i - 1; e >= max(0, i-3); e-- {
		if k := e - len(p) + 1; phraseAt(ts, k, p) && joined(s, ts, k, i) && !otherPlace(s, ts, k) && !otherSchool(ts, k+len(p), i) {
			return true
		}
	}
	// Its initials, asked, its name written out: "USOPC" for "U.S.
	// Olympic & Paralympic Committee CEO Sarah Hirshland".
	if len(p) == 1 && len(p[0]) >= 3 && initialsBefore(s, ts, i) == p[0] {
		return true
	}
	// After "of", "at", "for" or "in", and maybe "the".
	for _, at := range []int{roleEnd, end} {
		k := at
		if k < len(ts) && (ts[k].low == "of" || ts[k].low == "at" || ts[k].low == "for" || ts[k].low == "in") {
			k++
			if k < len(ts) && ts[k].low == "the" {
				k++
			}
			if phraseAt(ts, k, p) && joined(s, ts, at-1, k+len(p)-1) && !otherPlace(s, ts, k) {
				return true
			}
		}
	}
	return false
}

// placeQualifiers make another place of a name: West Virginia is not
// Virginia, New Mexico not Mexico.
var placeQualifiers = map[string]bool{
	"west": true, "east": true, "north": true, "south": true, "new": true, "northern": true, "southern": true,
	"upper": true, "lower": true, "greater": true,
}

// initialsBefore returns the lowercased initials of the name of two or
// more capitalised words ending right before token i ("us" of "U.S.",
// then one letter a word, "&" and "of" passed over), or "".
func initialsBefore(s string, ts []token, i int) string {
	k := i
	for k > 0 {
		g := gap(s, ts, k-1)
		if g != "" && g != "&" || !isCapitalised(ts[k-1].raw) && ts[k-1].low != "of" {
			break
		}
		k--
	}
	if i-k < 2 {
		return ""
	}
	var b strings.Builder
	for _, t := range ts[k:i] {
		switch {
		case t.low == "of":
		case strings.Contains(t.raw, "."):
			for _, r := range t.raw {
				if unicode.IsUpper(r) {
					b.WriteRune(unicode.ToLower(r))
				}
			}
		default:
			r, _ := utf8.DecodeRuneInString(t.low)
			b.WriteRune(r)
		}
	}
	return b.String()
}

// assistantCoach before "coach" make an assistant of a team, not the
// coach asked about.
var assistantCoach = map[string]bool{
	"assistant": true, "associate": true, "line": true, "defensive": true, "offensive": true, "position": true,
	"quarterbacks": true, "receivers": true, "backs": true, "teams": true, "strength": true, "conditioning": true,
	"pitching": true, "hitting": true, "bench": true, "goalkeeping": true, "skills": true, "development": true,
}

// otherSport reports whether a lowercased text names another sport than
// the one asked about, and not that one.
func otherSport(low, sport string) bool {
	if strings.Contains(low, sport) {
		return false
	}
	for s := range sports {
		if strings.Contains(low, s) {
			return true
		}
	}
	return false
}

// schoolSuffixes after a place name another school: "Delaware State head
// coach Lee Hull" does not coach Delaware.
var schoolSuffixes = map[string]bool{"state": true, "tech": true, "a&m": true}

// otherSchool reports whether the words from a to b, between an org's
// name and the post, make the name another school's.
func otherSchool(ts []token, a, b int) bool {
	for _, t := range ts[a:b] {
		if schoolSuffixes[t.low] && isCapitalised(t.raw) {
			return true
		}
	}
	return false
}

// otherPlace reports whether the name starting at token k is part of a
// longer one ("West Virginia" for "Virginia").
func otherPlace(s string, ts []token, k int) bool {
	return k > 0 && placeQualifiers[ts[k-1].low] && isCapitalised(ts[k-1].raw) && joined(s, ts, k-1, k)
}
