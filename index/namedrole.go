package index

import (
	"regexp"
	"slices"
	"strings"
)

// nameOfQuestion opens a question asking someone's name: "What is the name
// of the McDonald's employee who…", "What were the names of the two
// pilots…", "What is the last name of 'Bob,' the schoolteacher…".
var nameOfQuestion = regexp.MustCompile(`^(?:what|which)(?:'s| is| was| are| were) (?:the |their |his |her |its )?(?:full |first |last |real |given )?names? of (.+)`)

// roleEnds end the words naming whom a name is asked of: "the McDonald's
// employee | in Altoona who called police".
var roleEnds = map[string]bool{
	"who": true, "whom": true, "whose": true, "that": true, "which": true, "when": true, "where": true,
	"in": true, "at": true, "on": true, "from": true, "aboard": true, "for": true, "with": true, "by": true,
	"near": true, "after": true, "before": true, "during": true, "flying": true, "starring": true,
}

// roleNouns are who a name is asked of: people, and the animals news
// names. A passage answers only by naming one beside the role.
var roleNouns = map[string]bool{
	"employee": true, "worker": true, "pilot": true, "captain": true, "sniper": true, "teacher": true,
	"schoolteacher": true, "child": true, "son": true, "daughter": true, "father": true, "mother": true,
	"wife": true, "husband": true, "brother": true, "sister": true, "granddaughter": true, "grandson": true,
	"player": true, "quarterback": true, "coach": true, "leader": true, "officer": true, "agent": true,
	"suspect": true, "victim": true, "shooter": true, "gunman": true, "doctor": true, "nurse": true,
	"judge": true, "owner": true, "founder": true, "driver": true, "man": true, "woman": true, "boy": true,
	"girl": true, "baby": true, "person": true, "general": true, "soldier": true, "student": true,
	"friend": true, "partner": true, "manager": true, "spokesperson": true, "spokesman": true,
	"spokeswoman": true, "lawyer": true, "attorney": true, "witness": true, "passenger": true,
	"rapper": true, "singer": true, "actor": true, "actress": true, "author": true, "boyfriend": true,
	"girlfriend": true, "deputy": true, "trooper": true, "firefighter": true, "hiker": true,
	"zookeeper": true, "keeper": true, "ranger": true, "guard": true, "janitor": true, "clerk": true,
	"cashier": true, "bystander": true, "dispatcher": true, "lifeguard": true, "teammate": true,
	"cat": true, "dog": true, "pet": true, "horse": true, "puppy": true, "kitten": true,
}

// roleNoun returns the singular of w when it is a role noun: "pilots" →
// "pilot", "men" → "man".
func roleNoun(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	switch w {
	case "men":
		return "man"
	case "women":
		return "woman"
	case "children":
		return "child"
	case "people":
		return "person"
	}
	for _, s := range []string{w, strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es")} {
		if roleNouns[s] {
			return s
		}
	}
	return ""
}

// namedRole is whom a question asks the name of: the role noun ("pilot")
// and the words before it that a source may write in its place ("eldest"
// for "the eldest child": "our eldest, Miriam").
type namedRole struct {
	noun  string
	alike []string
}

// readNamedRole returns whom a question asks the name of ("employee" for
// "What is the name of the McDonald's employee in Altoona who…"), or the
// zero namedRole: the last role noun before the words that say which one.
func readNamedRole(q string) namedRole {
	orig := strings.ReplaceAll(strings.TrimSpace(q), "’", "'")
	l := strings.ToLower(orig)
	m := nameOfQuestion.FindStringSubmatchIndex(l)
	if m == nil || len(l) != len(orig) {
		return namedRole{}
	}
	var r namedRole
	specific := strings.Contains(l, "last name") || strings.Contains(l, "first name")
	var before []string // lower-case words since the last role noun, as typed
	for _, f := range strings.Fields(orig[m[2]:]) {
		w := strings.ToLower(strings.Trim(f, `"“”,?.!:;()`))
		if roleEnds[w] {
			break
		}
		if n := roleNoun(w); n != "" {
			r = namedRole{noun: n}
			for k := len(before) - 1; k >= 0 && k >= len(before)-2; k-- {
				r.alike = append(r.alike, before[k])
			}
			before = nil
		} else if f == w && !numberWords[w] && !strings.HasSuffix(w, "'s") && w != "the" && w != "a" && w != "an" {
			before = append(before, w)
		} else {
			before = nil
		}
		// "the two pilots", "the Dali's captain": people of one story.
		if numberWords[w] || strings.HasSuffix(w, "'s") {
			specific = true
		}
		// "the Dali's captain, who…" ends at the comma; "'Bob,' the
		// schoolteacher…" goes on to the role.
		if strings.ContainsAny(f, ",?") && r.noun != "" {
			break
		}
	}
	// "…the employee who called police", "the zookeeper whose photos…",
	// "the woman killed in…": what someone did, or what befell them,
	// names one person, where "the spiritual teacher in Hinduism" asks a
	// word.
	if didClause.MatchString(l[m[2]:]) || r.noun != "" && befell(l[m[2]:], r.noun) {
		specific = true
	}
	if !specific {
		return namedRole{}
	}
	return r
}

// roleSynonyms are the words a source may write for a role noun: "North
// Korean Chairman Kim Jong-un" for "the North Korean leader".
var roleSynonyms = map[string][]string{
	"leader": {"chairman", "president", "premier", "chief", "head", "ruler", "dictator", "king", "queen"},
	"child":  {"son", "daughter", "kid", "baby", "boy", "girl"}, "son": {"child", "boy"}, "daughter": {"child", "girl"},
	"father": {"dad", "parent"}, "mother": {"mom", "mum", "parent"}, "wife": {"spouse"}, "husband": {"spouse"},
	"employee": {"worker", "staffer", "clerk", "manager"}, "worker": {"employee", "staffer"},
	"teacher": {"educator", "schoolteacher", "instructor"}, "schoolteacher": {"teacher", "educator"},
	"lawyer": {"attorney"}, "attorney": {"lawyer"}, "doctor": {"physician", "surgeon"},
	"officer": {"deputy", "trooper", "cop", "sergeant", "detective", "lieutenant"},
	"gunman":  {"shooter", "suspect", "attacker"}, "shooter": {"gunman", "suspect", "attacker"},
	"suspect": {"gunman", "shooter", "defendant"}, "spokesperson": {"spokesman", "spokeswoman"},
	"spokesman": {"spokesperson", "spokeswoman"}, "spokeswoman": {"spokesperson", "spokesman"},
	"founder": {"co-founder", "cofounder"}, "owner": {"co-owner", "proprietor"},
	"zookeeper": {"keeper", "handler", "caretaker"}, "keeper": {"zookeeper", "handler", "caretaker"},
}

// at reports whether the word w mentions the role.
func (r namedRole) at(w string) bool {
	lw := strings.ReplaceAll(strings.ToLower(w), "’", "'")
	if slices.Contains(r.alike, lw) {
		return true
	}
	if n := roleNoun(lw); n == r.noun || n != "" && slices.Contains(roleSynonyms[r.noun], n) {
		return true
	}
	return slices.Contains(roleSynonyms[r.noun], strings.TrimSuffix(lw, "s"))
}

// didClause is a relative clause telling what someone did: "who called",
// "that gave", "who was on the bridge".
var didClause = regexp.MustCompile(`\bwhose\s|\b(?:who|that|whom)\s+(?:was|were|had|[a-z]+ed|found|killed|gave|struck|shot|won|made|took|led|ran|told|said|saw|wrote|sang|fled|hit|stole|sold|bought|lost|fell|flew|drove|broke|came|went|got|left|kept|held|met|paid|sent|spent|stood|threw|wore)\b`)

// roleWindow is how many words from the role noun its name may stand:
// "employee Jane Doe", "Robert Crimo Jr., the shooter's father".
const roleWindow = 5

// roleNamed reports whether a name the question does not give, a
// person's, stands beside the role in the sentence's words ws (of text).
func roleNamed(text string, ws []word, role namedRole, qwords map[string]bool) bool {
	for i, w := range ws {
		if !role.at(w.text) {
			continue
		}
		// "the Prosecutor General's Office" names no general.
		if isCapitalised(w.text) && strings.HasSuffix(strings.ReplaceAll(w.text, "’", "'"), "'s") {
			continue
		}
		for j := max(0, i-roleWindow); j <= min(len(ws)-1, i+roleWindow); j++ {
			if j != i && isKind(ws, j, kindName, qwords) && personName(text, ws, j) {
				return true
			}
		}
	}
	return false
}

// notPersonBefore come before a name that is not a person's: a place ("in
// Altoona", "from Oregon") or a thing ("the Coast Guard").
var notPersonBefore = map[string]bool{
	"in": true, "at": true, "from": true, "near": true, "of": true, "to": true, "into": true, "outside": true, "across": true,
	"the": true, "a": true, "an": true,
}

// orgWords make a name an organisation's: "Association of Maryland Pilots",
// "Prosecutor General's Office".
var orgWords = map[string]bool{
	"association": true, "office": true, "department": true, "guard": true, "agency": true, "company": true,
	"corp": true, "inc": true, "university": true, "police": true, "service": true, "board": true, "council": true,
	"court": true, "command": true, "committee": true, "commission": true, "ministry": true, "bureau": true,
	"group": true, "party": true, "church": true, "hospital": true, "school": true, "college": true, "club": true,
}

// personName reports whether the capitalised word ws[j] may name a person:
// not a place or a thing ("in Altoona, Pennsylvania", "the Coast Guard"),
// not an organisation or an acronym, and not the source speaking.
func personName(text string, ws []word, j int) bool {
	gapBefore := func(k int) string { return text[ws[k-1].start+len(ws[k-1].text) : ws[k].start] }
	// The run of capitalised words around j: "NTSB Chair Jennifer Homendy".
	a, b := j, j
	for a > 0 && isCapitalised(ws[a-1].text) && gapBefore(a) == " " {
		a--
	}
	for b+1 < len(ws) && isCapitalised(ws[b+1].text) && gapBefore(b+1) == " " {
		b++
	}
	if strings.ToUpper(ws[j].text) == ws[j].text {
		return false // "VHF", "NTSB"
	}
	for k := a; k <= b; k++ {
		if orgWords[strings.TrimSuffix(strings.ToLower(ws[k].text), "'s")] {
			return false
		}
	}
	before := func(k int) bool { return k > 0 && notPersonBefore[strings.ToLower(ws[k-1].text)] }
	if before(a) {
		return false
	}
	// "Altoona, Pennsylvania": the second of a place's names.
	if a > 1 && isCapitalised(ws[a-1].text) && gapBefore(a) == ", " && before(a-1) {
		return false
	}
	// "…who told police, Tisch said.", "…, NTSB Chair Jennifer Homendy
	// said.": the source speaking.
	return !(a > 0 && gapBefore(a) == ", " && b+1 < len(ws) && gapBefore(b+1) == " " && speechWords[strings.ToLower(ws[b+1].text)])
}

// befellWords, right after the role, tell what happened to one person:
// "the woman killed in the shooting".
var befellWords = map[string]bool{
	"killed": true, "shot": true, "injured": true, "wounded": true, "arrested": true, "charged": true,
	"found": true, "hurt": true, "rescued": true, "hired": true, "fired": true, "named": true,
	"accused": true, "convicted": true, "sentenced": true, "identified": true, "hospitalized": true,
}

// befell reports whether a word of befellWords follows the role noun in
// the words naming it (rest, lower case).
func befell(rest, noun string) bool {
	fs := strings.Fields(rest)
	for i, f := range fs {
		if roleNoun(strings.Trim(f, `"“”,?.!:;()`)) == noun && i+1 < len(fs) && befellWords[strings.Trim(fs[i+1], `,?.!`)] {
			return true
		}
	}
	return false
}
