package index

import "strings"

// deathWords say that people died: a count asked of the dead is answered
// by a sentence that counts them so, not by "1,050 people were injured"
// of the same earthquake.
var deathWords = map[string]bool{
	"killed": true, "kill": true, "kills": true, "killing": true, "dead": true, "died": true, "die": true,
	"dies": true, "death": true, "deaths": true, "fatalities": true, "fatality": true, "fatal": true,
	"perished": true, "lives": true, "bodies": true, "toll": true, "wiped": true, "drowned": true,
	"slain": true, "murdered": true,
}

// asksDeaths reports whether a question asks how many died: "What's the
// death toll from…", "How many people died in…".
func asksDeaths(q string, kind answerKind) bool {
	if kind != kindNumber {
		return false
	}
	for _, t := range tokens(q) {
		if t.low != "toll" && t.low != "lives" && t.low != "bodies" && deathWords[t.low] {
			return true
		}
	}
	return false
}

// deathSaid reports whether a sentence's words say people died.
func deathSaid(ws []word) bool {
	for _, w := range ws {
		if deathWords[strings.ToLower(w.text)] {
			return true
		}
	}
	return false
}
