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
	} {
		if _, got := a.holder(text); got != want {
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
