package index

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestReadAffiliation(t *testing.T) {
	for q, want := range map[string]string{
		"What team does Juan Soto play for?":              "juan soto",
		"Which NFL team is Caleb Williams on?":            "caleb williams",
		"Who does Klay Thompson play for?":                "klay thompson",
		"What club does Kylian Mbappe play for?":          "kylian mbappe",
		"What team is Kirk Cousins the quarterback for?":  "kirk cousins",
		"What team did Juan Soto play for in 2022?":       "",
		"What team does he play for?":                     "",
		"Who won the game between the Mets and the Cubs?": "",
		"What was the first team Juan Soto played for?":   "",
		"Where is Brian Kelly coaching these days?":       "brian kelly",
		"Where does Deion Sanders coach?":                 "deion sanders",
		"Which NFL team has Jacoby Brissett?":             "jacoby brissett",
		"Who co-hosts Live with Kelly Ripa?":              "",
		"Who has Jacoby Brissett's jersey?":               "",
	} {
		a, ok := readAffiliation(q)
		got := ""
		if ok {
			got = strings.Join(a.name, " ")
		}
		if got != want {
			t.Errorf("readAffiliation(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestAffiliationHolder(t *testing.T) {
	a, _ := readAffiliation("What team does Kirk Cousins play for?")
	for text, want := range map[string]bool{
		"Falcons quarterback Kirk Cousins threw two touchdowns.":                                   true,
		"Kirk Cousins signed a four-year deal with the Atlanta Falcons on Monday.":                 true,
		"Kirk Cousins, the Falcons quarterback, threw two touchdowns.":                             true,
		"Atlanta's Kirk Cousins threw two touchdowns.":                                             true,
		"Former Vikings quarterback Kirk Cousins threw two touchdowns.":                            false,
		"Injuries to quarterbacks Aaron Rodgers, Joe Burrow, and Kirk Cousins changed the season.": false,
		"Kirk Cousins threw two touchdowns against the Saints.":                                    false,
		"NFL's Kirk Cousins threw two touchdowns.":                                                 false,
		"Kirk Cousins' four-year, $180 million deal with the Atlanta Falcons made headlines.":      true,
		"Did Falcons quarterback Kirk Cousins throw two touchdowns?":                               false,
		"This is a longshot considering that the Falcons traded for Kirk Cousins in March.":        true,
		"The Falcons signed Kirk Cousins to a four-year deal in March.":                            true,
		"The team traded for Kirk Cousins.":                                                        false,
	} {
		if _, got := a.holder(text, ""); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

// A player's move, a team whose name starts with a number, and a roster's
// club in parentheses.
func TestAffiliationHolderMoves(t *testing.T) {
	for _, tc := range []struct {
		q, text string
		want    bool
	}{
		{"What team does Paul George play for?", "It's not only the big-name moves, like Paul George heading to the 76ers on a max deal on Monday.", true},
		{"What team does Paul George play for?", "Paul George scored 30 against the 76ers on Monday.", false},
		{"Which club does Christian Pulisic play for now?", "The roster: Christian Pulisic (AC Milan/Italy), Josh Sargent (Norwich City/England).", true},
		{"Which club does Christian Pulisic play for now?", "Christian Pulisic (pictured) scored twice.", false},
		{"Which club does Christian Pulisic play for now?", "Christian Pulisic (AC", false},
		// A deal far from the name; an award's list.
		{"What NBA team is Chris Paul with?", "Hours after Golden State waived Chris Paul, the veteran guard reached a one-year, $11 million deal with the San Antonio Spurs, ESPN reported.", true},
		{"Which NBA team does Jrue Holiday play for?", "Herbert Jones, New Orleans Pelicans (14) Jrue Holiday, Boston Celtics (7) Shai Gilgeous-Alexander, Oklahoma City Thunder (5)", true},
		{"Which NBA team does Jrue Holiday play for?", "The guards, Jrue Holiday, Derrick White (both hurt), sat out.", false},
		// "now with" is the team of today.
		{"What team is Derrick Henry on?", "Blasingame blocked for Derrick Henry in 2020. Henry, now with the Ravens, is the last running back to eclipse 2,000 yards.", true},
		{"What team is Derrick Henry on?", "Henry, with the Titans in 2020, ran for 2,027 yards.", false},
		// Another's first name is not the surname: "Paul George" is not
		// Chris Paul.
		{"What NBA team is Chris Paul with?", "Like Paul George heading to the 76ers on a max deal on Monday, others moved.", false},
	} {
		a, ok := readAffiliation(tc.q)
		if !ok {
			t.Fatalf("%q is an affiliation question", tc.q)
		}
		if got := a.onTeam(tc.text, true); got != tc.want {
			t.Errorf("%q in %q: %v, want %v", tc.q, tc.text, got, tc.want)
		}
	}
}

// A coach's team is named as a player's is.
func TestAffiliationHolderCoach(t *testing.T) {
	a, _ := readAffiliation("Where is Brian Kelly coaching these days?")
	for text, want := range map[string]bool{
		"Current LSU head coach Brian Kelly said of his time there that they were opposites.": true,
		"LSU coach Brian Kelly said so.":                    true,
		"Former Notre Dame head coach Brian Kelly said so.": false,
		"The head coach Brian Kelly said so.":               false,
	} {
		if _, got := a.holder(text, ""); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

// The team a player is on now is the one the newest report names.
func TestAffiliationNow(t *testing.T) {
	docs := []corpus.Document{
		{ID: "old", Title: "Cousins leads Vikings", Source: "North Sports", Published: day("2023-10-01"),
			Text: "Vikings quarterback Kirk Cousins plays for Minnesota, and the team Kirk Cousins plays for won again."},
		{ID: "new", Title: "Free agency", Source: "South Sports", Published: day("2024-03-20"),
			Text: "Kirk Cousins signed a four-year deal with the Atlanta Falcons on Monday."},
		{ID: "other", Title: "Injuries", Source: "South Sports", Published: day("2024-11-20"),
			Text: "Injuries to quarterbacks Aaron Rodgers and Kirk Cousins changed the season for two teams."},
	}
	a := askText(t, datedIndex(t, nil, docs), "What team does Kirk Cousins play for?")
	if !strings.Contains(a.Answer, "Atlanta Falcons") {
		t.Errorf("answer %q, citations %v; want the Falcons from the newest report naming his team", a.Answer, docIDs(a))
	}
}

// A player much in the news is named in more passages of the last year
// than one search reads; the newest report of the team is still found
// when many older ones match the question better.
func TestAffiliationNowAmongMany(t *testing.T) {
	docs := []corpus.Document{
		{ID: "iowa", Title: "Clark's record", Source: "Campus Sports", Published: day("2024-03-01"),
			Text: "Iowa star Caitlin Clark broke the scoring record, and the team Caitlin Clark plays for will play again on Sunday."},
		{ID: "fever", Title: "Concert night", Source: "Music Desk", Published: day("2024-11-02"),
			Text: "The singer played two encores to a sold-out crowd on Saturday. He wasn't the only celebrity in attendance: Indiana Fever star Caitlin Clark was also at the show, fans said."},
	}
	docs = crowded(docs, corpus.Document{ID: "march", Title: "Caitlin Clark team play", Source: "Campus Sports", Published: day("2024-03-01"),
		Text: "Caitlin Clark and her team play game %d of the tournament; Caitlin Clark will play for the team again, fans of the team said."})
	a := askText(t, datedIndex(t, nil, docs), "What team does Caitlin Clark play for?")
	if !strings.Contains(a.Answer, "Indiana Fever") {
		t.Errorf("answer %q, citations %v; want the Fever from the newest report naming her team", a.Answer, docIDs(a))
	}
}

// The sentence after the one naming the player may call them by team
// alone: "the Baltimore Ravens star has never looked…". The answer quotes
// both sentences.
func TestAffiliationNextSentence(t *testing.T) {
	a, _ := readAffiliation("What team is Derrick Henry on?")
	const names = "Most running backs slow down at 30, but Derrick Henry looks like he might defy the odds. "
	for _, tc := range []struct {
		next string
		want bool
	}{
		{"Through seven games this season, the Baltimore Ravens star has never looked better.", true},
		{"The Ravens running back has 1,000 yards already.", true},
		// Another player, named; a former team; no team.
		{"The Ravens star Lamar Jackson has never looked better.", false},
		{"The former Titans star has never looked better.", false},
		{"The veteran star has never looked better.", false},
	} {
		r, got := a.holder(names+tc.next, "")
		if got != tc.want {
			t.Errorf("%q: %v, want %v", tc.next, got, tc.want)
		}
		if got && (r[0] != 0 || r[1] != len(names+tc.next)) {
			t.Errorf("%q: holder sentence %v, want both sentences", tc.next, r)
		}
	}
}
