package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
)

// An affiliation question asks what team someone plays for now: "What team
// does Juan Soto play for?", "Which NFL team is Caleb Williams on?", "Who
// does Klay Thompson play for?". Players move, and the report matching the
// words best is often from before the move; the newest report naming the
// player with a team answers it ("Mets star Juan Soto", "Klay Thompson
// signed with the Dallas Mavericks").
type affiliation struct {
	name []string // the player's name, lowercase words
}

// teamWords in a question ask for a team; playWords for the player's, of
// which playVerbs say it without a team word.
var (
	playVerbs = map[string]bool{"play": true, "plays": true, "playing": true, "coach": true, "coaches": true, "coaching": true}
	teamWords = map[string]bool{"team": true, "club": true, "franchise": true, "side": true}
	playWords = map[string]bool{"play": true, "plays": true, "playing": true, "on": true, "for": true, "with": true,
		"coach": true, "coaches": true, "coaching": true}
)

func readAffiliation(q string) (affiliation, bool) {
	ts := tokens(q)
	if len(ts) < 4 {
		return affiliation{}, false
	}
	switch ts[0].low {
	case "what", "which", "who", "where":
	default:
		return affiliation{}, false
	}
	team, play, plays := false, false, false
	for _, t := range ts[1:] {
		switch {
		case notHolderNow[t.low] || t.low == "did" || t.low == "ever":
			// "What team did he play for?", "the first team": not now.
			return affiliation{}, false
		case teamWords[t.low]:
			team = true
		case playWords[t.low]:
			play = true
			plays = plays || playVerbs[t.low]
		case t.low == "has" || t.low == "have":
			play = play || team // "Which NFL team has Jacoby Brissett?"
		}
	}
	// "Who does X play for?", "Where does X play?"; not "Who co-hosts
	// Live with Kelly Ripa?".
	if !team && !(plays && (ts[0].low == "who" || ts[0].low == "where")) || !play {
		return affiliation{}, false
	}
	// The player: the longest run of two or more capitalised words that
	// are not an acronym ("NFL").
	var best []string
	for i := 1; i < len(ts); {
		j := i
		for j < len(ts) && isCapitalised(ts[j].raw) && !isAcronym(ts[j].raw) && !notKeys[ts[j].low] {
			j++
		}
		if j-i >= 2 && j-i > len(best) {
			best = nil
			for _, t := range ts[i:j] {
				best = append(best, t.low)
			}
		}
		i = j + 1
	}
	if best == nil {
		return affiliation{}, false
	}
	return affiliation{name: best}, true
}

func isAcronym(w string) bool {
	return utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w
}

func (a affiliation) must(sp spellings) []query.Query {
	return []query.Query{phraseQuery(a.name, sp)}
}

// positions are what a player is called beside the team's name: "Falcons
// quarterback Kirk Cousins".
var positions = map[string]bool{
	"quarterback": true, "qb": true, "receiver": true, "back": true, "end": true, "linebacker": true,
	"cornerback": true, "safety": true, "kicker": true, "guard": true, "forward": true, "center": true,
	"centre": true, "pitcher": true, "outfielder": true, "infielder": true, "shortstop": true, "catcher": true,
	"slugger": true, "striker": true, "midfielder": true, "defender": true, "goalkeeper": true,
	"winger": true, "star": true, "rookie": true, "superstar": true, "player": true, "ace": true, "veteran": true,
	"coach": true,
}

// positionHeads start a position of two words: "running back", "head
// coach".
var positionHeads = map[string]bool{
	"running": true, "wide": true, "tight": true, "defensive": true, "offensive": true, "head": true,
	"starting": true, "backup": true, "relief": true,
}

// joinVerbs put a player on a team: "signed with the Mets".
var joinVerbs = map[string]bool{
	"signed": true, "joined": true, "agreed": true, "traded": true, "joins": true, "signs": true,
	"deal": true, "contract": true, "agreement": true, "heading": true, "headed": true, "moved": true, "moving": true,
}

// acquireVerbs put a player on the team named before them: "the Eagles
// traded for Pickett".
var acquireVerbs = map[string]bool{"acquired": true, "signed": true, "for": true, "claimed": true, "landed": true, "added": true}

// leagues are not teams: "MLB's Shohei Ohtani".
var leagues = map[string]bool{
	"nba": true, "nfl": true, "mlb": true, "nhl": true, "wnba": true, "mls": true, "ncaa": true, "fifa": true,
	"uefa": true, "sports": true, "all-star": true, "pro": true,
}

func (affiliation) holderOnly() bool { return false }

func (a affiliation) holder(text, _ string) ([2]int, bool) {
	full := strings.Contains(strings.ToLower(text), strings.Join(a.name, " "))
	if r, ok := proseSentence(text, nil, func(st string) bool { return a.onTeam(st, full) }); ok {
		return r, true
	}
	// "…Derrick Henry looks like he might defy the odds. Through seven
	// games this season, the Baltimore Ravens star has never looked…":
	// the sentence after the one naming the player calls them by team.
	sents := corpus.Sentences(text)
	for i := 0; i+1 < len(sents); i++ {
		st, next := text[sents[i][0]:sents[i][1]], text[sents[i+1][0]:sents[i+1][1]]
		if isProse(st) && isProse(next) && a.named(st, full) && !a.named(next, full) && calledByTeam(next) {
			return [2]int{sents[i][0], sents[i+1][1]}, true
		}
	}
	return [2]int{}, false
}

// named reports whether a sentence names the player, not as a former
// member of a team.
func (a affiliation) named(s string, full bool) bool {
	ts := tokens(s)
	for i := range ts {
		if start, _ := personAt(ts, i, a.name, full); start >= 0 && !formerly(s, ts, start) {
			return true
		}
	}
	return false
}

// calledByTeam reports whether a sentence calls someone it does not name
// by team and position: "the Baltimore Ravens star has", not "the Ravens
// star Lamar Jackson" (another player) or "the former Titans star".
func calledByTeam(s string) bool {
	ts := tokens(s)
	for k, t := range ts {
		if t.low != "the" {
			continue
		}
		p := k + 1
		for p < len(ts) && p <= k+3 && teamAt(ts, p) && joined(s, ts, p-1, p) {
			p++
		}
		if p < len(ts) && positionHeads[ts[p].low] {
			p++ // "running back", "head coach"
		}
		if p == k+1 || p >= len(ts) || !positions[ts[p].low] || !joined(s, ts, p-1, p) {
			continue
		}
		if p+1 < len(ts) && isCapitalised(ts[p+1].raw) {
			continue
		}
		return true
	}
	return false
}

// onTeam reports whether a sentence names the player with a team. The
// surname alone counts where the passage has the whole name.
func (a affiliation) onTeam(s string, full bool) bool {
	ts := tokens(s)
	for i := range ts {
		start, end := personAt(ts, i, a.name, full)
		if start < 0 {
			continue
		}
		if formerly(s, ts, start) {
			continue
		}
		// "Falcons quarterback Kirk Cousins", "Mets star Juan Soto", "LSU
		// head coach Brian Kelly".
		if p := start - 1; p >= 1 && positions[ts[p].low] {
			if ts[p].low == "coach" && ts[p-1].low == "head" {
				p--
			}
			if p >= 1 && joined(s, ts, p-1, start) && teamAt(ts, p-1) {
				return true
			}
		}
		// "the Eagles traded for Pickett", "the Bears acquired Keenan
		// Allen".
		if p := start - 1; p >= 1 && acquireVerbs[ts[p].low] {
			if ts[p].low == "for" && ts[p-1].low == "traded" {
				p--
			}
			if ts[p].low != "for" && p >= 1 && teamAt(ts, p-1) && joined(s, ts, p-1, start) {
				return true
			}
		}
		// "Real Madrid's Kylian Mbappé".
		if p := start - 1; p >= 0 && teamAt(ts, p) && possessive(s[ts[p].start+len(ts[p].raw):ts[start].start]) {
			return true
		}
		// A roster's "Christian Pulisic (AC Milan/Italy)".
		if end < len(ts) && gap(s, ts, end-1) == "(" &&
			(teamAt(ts, end) || end+1 < len(ts) && isCapitalised(ts[end].raw) && joined(s, ts, end, end+1) && teamAt(ts, end+1)) {
			return true
		}
		// A list's "Jrue Holiday, Boston Celtics (14 points)".
		if listedTeam(s, ts, end) {
			return true
		}
		// "Kirk Cousins, the Falcons quarterback"; "Klay Thompson signed
		// a three-year deal with the Dallas Mavericks".
		for k := end; k < min(len(ts), end+10); k++ {
			w := ts[k].low
			if (w == "with" || w == "to" || w == "joined" || w == "of") && k+2 < len(ts) && ts[k+1].low == "the" && teamAt(ts, k+2) && joinedAround(ts, end, k) {
				return true
			}
			if positions[w] && k >= end+2 && ts[k-1].low != "the" && teamAt(ts, k-1) && ts[end].low == "the" {
				return true
			}
		}
	}
	return false
}

// listedTeam reports whether the name ending at token end is followed, as
// in an award's list, by a comma, a team of one to three capitalised
// words and a figure in parentheses: "Rudy Gobert, Minnesota Timberwolves
// (433 points)".
func listedTeam(s string, ts []token, end int) bool {
	if end >= len(ts) || gap(s, ts, end-1) != "," {
		return false
	}
	for k := end; k < min(len(ts), end+3); k++ {
		if !teamAt(ts, k) && !isCapitalised(ts[k].raw) {
			return false
		}
		if k > end && !joined(s, ts, k-1, k) {
			return false
		}
		if k+1 < len(ts) && strings.HasPrefix(gap(s, ts, k), "(") {
			// A figure follows in the list: "(433 points)", "(7)".
			r, _ := utf8.DecodeRuneInString(ts[k+1].raw)
			return teamAt(ts, k) && unicode.IsDigit(r)
		}
	}
	return false
}

// joinedAround reports whether a verb that puts a player on a team stands
// between the name (ending at end) and the word at k, or the word is "of"
// right after the name's comma.
func joinedAround(ts []token, end, k int) bool {
	if ts[k].low == "of" {
		return k == end
	}
	if k > end && ts[k-1].low == "now" {
		return true // "Henry, now with the Ravens, is…"
	}
	for _, t := range ts[end:k] {
		if joinVerbs[t.low] {
			return true
		}
	}
	return ts[k].low == "joined"
}

// teamAt reports whether token i may end a team's name: a capitalised word
// that does not start clauses.
func teamAt(ts []token, i int) bool {
	if i < 0 || i >= len(ts) {
		return false
	}
	return (nameWord(ts[i]) || numberedTeam(ts[i].raw)) && !leagues[ts[i].low]
}

// numberedTeam reports whether w is a team's name that starts with a
// number: "76ers", "49ers".
func numberedTeam(w string) bool {
	i := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) })
	return i > 0 && strings.HasSuffix(w, "ers")
}

func possessive(between string) bool {
	return strings.HasPrefix(between, "'s") || strings.HasPrefix(between, "’s") || strings.HasPrefix(between, "' ")
}
