package index

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// An office question asks who holds a post now: "Who is the prime minister
// of the UK?", "Who runs Boeing?", "Who are the reigning NBA champions?".
// Its answer changes over time, and a ranking by how well a passage matches
// the words picks whichever report said most about the post, often a stale
// one. The current holder is the one the newest reporting names in the post
// ("British Prime Minister Keir Starmer", "Boeing CEO Kelly Ortberg").
type office struct {
	roles [][]string // the post's possible names, lowercase words ("prime", "minister")
	org   [][]string // what the post is of: phrases, any of which names it
	group []int      // org[i] is a way of saying the group[i]-th thing it is of
	// need is how many of those things a sentence must name: two of
	// "women's college basketball" for a champion, not just "college".
	need int
	// bare are the posts written bare before a holder's name in a story
	// about the place ("Gov", "Mayor"; bareSpellings).
	bare []string
	// sport is the sport of a team's post asked about ("football" of
	// "the head football coach at Delaware"), or "".
	sport string
}

// roleNames are the posts an office question can ask about, longest first
// so that "vice president" is not read as "president".
var roleNames = [][]string{
	{"chief", "executive", "officer"}, {"secretary", "general"}, {"attorney", "general"}, {"chief", "justice"},
	{"prime", "minister"}, {"chief", "executive"}, {"vice", "president"}, {"head", "coach"},
	{"district", "attorney"}, {"police", "chief"}, {"surgeon", "general"}, {"press", "secretary"},
	{"general", "manager"}, {"presidential", "nominee"}, {"foreign", "minister"}, {"defense", "secretary"}, {"defence", "secretary"}, {"secretary", "of", "state"},
	{"president"}, {"chancellor"}, {"mayor"}, {"governor"}, {"speaker"}, {"ceo"}, {"director"}, {"chairman"},
	{"chairwoman"}, {"chair"}, {"leader"}, {"head"}, {"premier"}, {"king"}, {"queen"}, {"monarch"}, {"pope"},
	{"coach"}, {"manager"}, {"commissioner"}, {"justice"}, {"secretary"}, {"minister"}, {"boss"}, {"senator"},
	{"champion"}, {"owner"}, {"administrator"}, {"superintendent"}, {"moderator"}, {"host"}, {"anchor"},
	{"nominee"}, {"sheriff"}, {"ambassador"}, {"treasurer"}, {"comptroller"}, {"auditor"}, {"editor"}, {"archbishop"}, {"bishop"},
}

// roleNameAt returns the post of roleNames that ts names at i, the
// longest first, or nil.
func roleNameAt(ts []token, i int) []string {
	for _, r := range roleNames {
		if roleAt(ts, i, r) {
			return r
		}
	}
	return nil
}

// leaderRoles are the posts "Who runs/leads/heads X?" asks about.
var leaderRoles = [][]string{{"chief", "executive"}, {"ceo"}, {"president"}, {"chairman"}, {"chair"}, {"leader"}, {"head"}, {"director"}, {"boss"}, {"administrator"}, {"superintendent"}, {"commissioner"}, {"sheriff"}}

// sameRoles are names of one post.
var sameRoles = [][][]string{
	{{"chief", "executive", "officer"}, {"chief", "executive"}, {"ceo"}},
	{{"chairman"}, {"chairwoman"}, {"chair"}, {"chairperson"}},
	{{"head", "coach"}, {"coach"}},
}

// headWords name a post only as its holder's leading of something.
var headWords = map[string]bool{"head": true, "leader": true, "boss": true}

// leadVerbs ask for a leader without naming the post.
var leadVerbs = map[string]bool{"runs": true, "leads": true, "heads": true, "chairs": true}

// candidacyWords after "running" make it a race, not a post.
var candidacyWords = map[string]bool{"for": true, "against": true, "in": true, "to": true}

// postGerunds are the verbs of a post after "is": "Who's running…",
// "Who is coaching…".
var postGerunds = map[string]string{
	"running": "runs", "leading": "leads", "heading": "heads", "chairing": "chairs",
	"governing": "governs", "coaching": "coaches", "managing": "manages",
	"moderating": "moderates", "hosting": "hosts", "anchoring": "anchors",
}

// sports name which of a school's teams a coach coaches.
var sports = map[string]bool{
	"football": true, "basketball": true, "baseball": true, "soccer": true, "hockey": true, "volleyball": true,
	"softball": true, "lacrosse": true, "tennis": true, "golf": true, "wrestling": true, "gymnastics": true,
}

// verbPosts are the posts asked by a verb of what the holder does: "Who
// moderates Meet the Press?", "Who hosts Jeopardy?".
var verbPosts = map[string]string{"moderates": "moderator", "hosts": "host", "anchors": "anchor", "edits": "editor", "owns": "owner"}

// postParaphrases are posts called otherwise in questions: "the state's
// top lawyer" is its attorney general.
var postParaphrases = map[string][][]string{
	"top lawyer":     {{"attorney", "general"}},
	"top prosecutor": {{"attorney", "general"}, {"district", "attorney"}, {"prosecutor"}},
	"top diplomat":   {{"secretary", "of", "state"}, {"foreign", "minister"}},
	"top cop":        {{"police", "chief"}, {"police", "commissioner"}, {"chief"}, {"commissioner"}},
	"top executive":  {{"chief", "executive"}, {"ceo"}},
}

// officeFiller are words in an office question that name neither the post
// nor what it is of.
var officeFiller = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "at": true, "in": true, "for": true, "s": true, "now": true,
	"current": true, "currently": true, "new": true, "present": true, "sitting": true, "reigning": true,
	"defending": true, "today": true, "right": true, "serving": true, "incumbent": true,
	"formerly": true, "known": true, "called": true, "also": true, "these": true, "days": true,
	"nowadays": true, "still": true,
}

// corporateWords end a company's name and are left off in the news:
// "Southwest Airlines" is "Southwest", "Walt Disney Company" "Walt Disney".
var corporateWords = map[string]bool{
	"airlines": true, "airline": true, "airways": true, "inc": true, "inc.": true, "corp": true, "corp.": true,
	"corporation": true, "company": true, "co": true, "co.": true, "group": true, "holdings": true,
	"incorporated": true, "technologies": true, "industries": true, "plc": true, "ltd": true, "department": true,
}

// orgVariants are what else a place is called in the news.
var orgVariants = map[string][]string{
	"uk": {"uk", "britain", "british", "u.k"}, "britain": {"britain", "british", "uk", "u.k"},
	"us": {"us", "u.s", "america", "american"}, "usa": {"us", "u.s", "america", "american"},
	"america": {"america", "american", "u.s"}, "u.s": {"u.s", "us", "america", "american"},
	"u.k": {"u.k", "uk", "britain", "british"},
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}.\-'’]*`)

// readOffice reads an office question; ok is false for any other
// question, and for one asking about the newest or a past holder.
func readOffice(q string) (office, bool) {
	var ts []token
	for _, t := range tokens(q) {
		if t.low == "s" {
			continue
		}
		ts = append(ts, t)
	}
	if low := strings.ToLower(q); strings.HasPrefix(low, "who's ") || strings.HasPrefix(low, "who’s ") {
		ts = slices.Insert(ts, 1, token{raw: "is", low: "is"})
	}
	if len(ts) < 2 || ts[0].low != "who" {
		return office{}, false
	}
	var o office
	rest := ts[2:]
	verb := ts[1].low
	// "Who's coaching the 76ers?" asks what "Who coaches the 76ers?" does.
	if (verb == "is" || verb == "are") && len(rest) > 0 {
		if v, ok := postGerunds[rest[0].low]; ok {
			if len(rest) > 1 && candidacyWords[rest[1].low] {
				// "Who is running for mayor?" asks for a candidate.
				return office{}, false
			}
			verb, rest = v, rest[1:]
		}
	}
	// "Who's in charge of Amtrak?" asks who runs it.
	if (verb == "is" || verb == "are") && len(rest) > 1 && rest[0].low == "in" && rest[1].low == "charge" {
		verb, rest = "runs", rest[2:]
	}
	switch {
	case leadVerbs[verb]:
		o.roles = leaderRoles
		// "Who runs Sioux Falls as mayor?" names the post.
		if i := slices.IndexFunc(rest, func(t token) bool { return t.low == "as" }); i >= 0 {
			if r := roleNameAt(rest, i+1); r != nil {
				o.roles = [][]string{r}
				rest = slices.Concat(rest[:i], rest[i+1+len(r):])
			}
		}
	case verb == "governs":
		o.roles = [][]string{{"governor"}}
	case verb == "coaches":
		o.roles = [][]string{{"head", "coach"}}
	case verb == "manages":
		o.roles = [][]string{{"manager"}}
	case verbPosts[verb] != "":
		o.roles = [][]string{{verbPosts[verb]}} // "Who moderates Meet the Press?"
	case verb == "is" || verb == "are":
		// "Who's the head football coach at Delaware?" asks for its head
		// coach; the sport says which of its coaches.
		for i := 0; i+2 < len(rest); i++ {
			if rest[i].low == "head" && rest[i+2].low == "coach" {
				rest = slices.Concat(rest[:i+1], rest[i+2:i+3], rest[i+1:i+2], rest[i+3:])
			}
		}
		// "Virginia's top lawyer" is its attorney general.
		for i := 0; i+1 < len(rest) && o.roles == nil; i++ {
			if rs, ok := postParaphrases[rest[i].low+" "+rest[i+1].low]; ok {
				o.roles = rs
				rest = slices.Concat(rest[:i], rest[i+2:])
			}
		}
		// "Who was" asks about the past.
		for i := 0; i < len(rest) && o.roles == nil; i++ {
			if r := roleNameAt(rest, i); r != nil {
				o.roles = [][]string{r}
				rest = slices.Concat(rest[:i], rest[i+len(r):])
			}
		}
	}
	if o.roles == nil {
		return office{}, false
	}
	// A head is called many things: "the head of the Secret Service" is
	// its director.
	if len(o.roles) == 1 && len(o.roles[0]) == 1 && headWords[o.roles[0][0]] {
		o.roles = append(slices.Clone(leaderRoles), []string{"chief"})
	}
	for _, same := range sameRoles {
		if len(o.roles) == 1 && slices.ContainsFunc(same, func(r []string) bool { return slices.Equal(r, o.roles[0]) }) {
			o.roles = same
		}
	}
	// A post written short before a name: "Gov. Josh Shapiro", "Sen.
	// Bernie Sanders" (titleAbbrevs, which "Which senator…" reads too).
	if len(o.roles) == 1 && len(o.roles[0]) == 1 {
		if short, ok := titleAbbrevs[o.roles[0][0]]; ok {
			o.roles = append(o.roles, []string{short})
		}
	}
	// What the post is of: a capitalised name is one phrase, found whole
	// or by its initials ("United Auto Workers", "UAW"); other words count
	// one by one.
	var run, plain []string
	capitalised := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		capitalised = true
		if len(run) == 1 {
			o.addOrgWord(run[0])
		} else {
			g := o.nextGroup()
			o.org, o.group = append(o.org, run), append(o.group, g)
			// Initials of three words or more: two make words ("at").
			if len(run) >= 3 {
				var initials strings.Builder
				for _, w := range run {
					r, _ := utf8.DecodeRuneInString(w)
					initials.WriteRune(r)
				}
				o.org, o.group = append(o.org, []string{initials.String()}), append(o.group, g)
			}
			// A team is its city or its nickname beside its coach:
			// "Milwaukee coach Doc Rivers", "Bucks coach Doc Rivers".
			if sportsPost(o.roles) && strings.HasSuffix(run[len(run)-1], "s") {
				o.org, o.group = append(o.org, run[len(run)-1:], slices.Clone(run[:len(run)-1])), append(o.group, g, g)
			}
			// "Southwest Airlines" is "Southwest" in most reports.
			if corporateWords[run[len(run)-1]] {
				o.org, o.group = append(o.org, slices.Clone(run[:len(run)-1])), append(o.group, g)
				// The head of the "Los Angeles County Sheriff's Department"
				// is the "Los Angeles County Sheriff", not its health
				// director.
				if k := len(run) - 2; k > 0 && slices.ContainsFunc(o.roles, func(r []string) bool { return len(r) == 1 && r[0] == run[k] }) {
					o.org, o.group = append(o.org, slices.Clone(run[:k])), append(o.group, g)
					o.roles = [][]string{{run[k]}}
				}
			}
			// "South Korea's president" is "South Korean President Yoon".
			if eq, ok := equivalents[run[len(run)-1]]; ok && !strings.Contains(eq, " ") {
				o.org, o.group = append(o.org, append(slices.Clone(run[:len(run)-1]), eq)), append(o.group, g)
			}
		}
		run = nil
	}
	for k, t := range rest {
		// "Austin, Texas" is two names.
		if k > 0 && rest[k-1].end <= t.start && strings.Contains(q[rest[k-1].end:t.start], ",") {
			flush()
		}
		// "New York" is a name; "the new president" not.
		if officeFiller[t.low] && !(t.low == "new" && isCapitalised(t.raw)) {
			flush()
			continue
		}
		if notHolderNow[t.low] || ordinalRE.MatchString(t.low) {
			// "the newest", "the next", "the 47th": not the holder now.
			return office{}, false
		}
		if isCapitalised(t.raw) {
			run = append(run, t.low)
			continue
		}
		flush()
		plain = append(plain, t.low)
	}
	flush()
	// Beside a name, other words are kinds of body ("the United Auto
	// Workers union"), which any union's head would match.
	o.need = 1
	// A country's department is named without the country in its own
	// press, and the country alone names its other departments: "the
	// U.S. labor secretary" is "Acting Labor Secretary Julie Su", not
	// "U.S. Defense Secretary Lloyd Austin".
	if o.country() && len(plain) > 0 && len(plain) <= 2 && len(o.org) == len(orgVariants[o.org[0][0]]) {
		o.org, o.group = [][]string{plain}, []int{0}
	}
	if !capitalised {
		for _, w := range plain {
			o.addOrgWord(w)
		}
		o.need = min(2, len(plain))
	}
	// "Who is the president?" with nothing else is too open to ask the
	// newest report; it is left to the ranking.
	if len(o.org) == 0 && o.roles[0][0] != "pope" {
		return office{}, false
	}
	o.bare = bareSpellings(o.roles)
	for _, t := range ts {
		if sports[t.low] {
			o.sport = t.low
		}
	}
	return o, true
}

// country reports whether the post is of a country named by its
// variants ("uk", "britain", "british").
func (o office) country() bool {
	return len(o.org) > 0 && len(o.org[0]) == 1 && len(orgVariants[o.org[0][0]]) > 0
}

// sportsPost reports whether the post asked about is a team's coach or
// manager.
func sportsPost(roles [][]string) bool {
	return slices.ContainsFunc(roles, func(r []string) bool { return r[len(r)-1] == "coach" || r[len(r)-1] == "manager" })
}

// addOrgWord adds a word the post is of, with what else it is called.
func (o *office) addOrgWord(w string) {
	g := o.nextGroup()
	add := func(p []string) { o.org, o.group = append(o.org, p), append(o.group, g) }
	if v, ok := orgVariants[w]; ok {
		for _, a := range v {
			add([]string{a})
		}
		return
	}
	add([]string{w})
	if eq, ok := equivalents[w]; ok {
		add(strings.Fields(eq))
	}
}

func (o *office) nextGroup() int {
	if len(o.group) == 0 {
		return 0
	}
	return o.group[len(o.group)-1] + 1
}

// notHolderNow in an office question ask about another holder than
// today's.
var notHolderNow = map[string]bool{
	"newest": true, "latest": true, "oldest": true, "youngest": true, "longest": true, "first": true, "last": true,
	"next": true, "former": true, "previous": true, "future": true, "past": true, "was": true, "were": true,
	// A clause after the post picks out one holder: "the president that
	// went to Harvard".
	"that": true, "who": true, "which": true, "whom": true, "whose": true, "when": true, "where": true,
}

var ordinalRE = regexp.MustCompile(`^\d+(st|nd|rd|th)$`)

// personAt returns the span of tokens naming a person at ts[i]: the whole
// name, or, when surname, the surname alone ("Cousins", not the
// "Kirk" of "Kirk Cousins"); -1, -1 if none starts there.
func personAt(ts []token, i int, name []string, surname bool) (int, int) {
	if phraseAt(ts, i, name) {
		return i, i + len(name)
	}
	if surname && ts[i].low == name[len(name)-1] && (i == 0 || !slices.Contains(name, ts[i-1].low)) && !firstNameOf(ts, i) {
		return i, i + 1
	}
	return -1, -1
}

// firstNameOf reports whether ts[i] is someone else's first name: a
// capitalised word right after it ("Paul George" for Chris Paul's
// "Paul").
func firstNameOf(ts []token, i int) bool {
	return i+1 < len(ts) && ts[i+1].start == ts[i].start+len(ts[i].raw)+1 && nameWord(ts[i+1])
}

func phraseAt(ts []token, k int, p []string) bool {
	if k < 0 || k+len(p) > len(ts) {
		return false
	}
	for j, w := range p {
		if ts[k+j].low != w {
			return false
		}
	}
	return true
}

func (o office) must(sp spellings) []query.Query {
	var roles []query.Query
	for _, r := range o.roles {
		roles = append(roles, phraseQuery(r, sp))
	}
	must := []query.Query{query.NewDisjunctionQuery(roles)}
	if len(o.org) > 0 {
		var orgs []query.Query
		for _, p := range o.org {
			orgs = append(orgs, phraseQuery(p, sp))
		}
		must = append(must, query.NewDisjunctionQuery(orgs))
	}
	return must
}
