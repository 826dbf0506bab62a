package index

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestReadAgeNow(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want string // the name read, "" for not an age question
	}{
		{"How old is Mitch McConnell?", "mitch mcconnell"},
		{"How old is Donald Trump now?", "donald trump"},
		{"How old is Senator John Thune?", "john thune"},
		{"What is Bernie Sanders' age?", "bernie sanders"},
		{"What's Simone Biles' age these days?", "simone biles"},
		{"What age is Pope Francis?", "francis"},
		{"What is the age of Joe Biden?", "joe biden"},
		{"What's the age of Joe Biden now?", "joe biden"},
		{"What is the age of the universe?", ""},
		{"How old is King Charles III?", "charles"},
		// An age then, several people, or no one named: left to the ranking.
		{"How old was Bobby Bowden when he died?", ""},
		{"How old is Trump when he leaves office?", ""},
		{"How old are Biden and Trump?", ""},
		{"How old is the pope?", ""},
		{"How old are the fossils found that represent ctenophores?", ""},
		{"How old is the oldest tree in California?", ""},
		{"What was the average age of the jurors?", ""},
		{"How old is NASA?", ""},
		{"How old is III?", ""},
	} {
		a, ok := readAgeNow(tc.q)
		got := strings.Join(a.name, " ")
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("readAgeNow(%q) = %q, %v; want %q", tc.q, got, ok, tc.want)
		}
	}
}

func TestAgeHolder(t *testing.T) {
	mcconnell := ageNow{name: []string{"mitch", "mcconnell"}}
	trump := ageNow{name: []string{"donald", "trump"}}
	charles := ageNow{name: []string{"charles"}}
	for _, tc := range []struct {
		a           ageNow
		text, title string
		want        bool
	}{
		{mcconnell, "McConnell, who is 82 years old, is also the longest-serving senator.", "Mitch McConnell reacts", true},
		{mcconnell, "Sen. Mitch McConnell, R-Ky., 82, spoke on Tuesday.", "", true},
		{mcconnell, "The 82-year-old Sen. Mitch McConnell froze again.", "", true},
		{mcconnell, "At 82, McConnell is the longest-serving leader.", "McConnell steps down", false}, // the title lacks his whole name
		{mcconnell, "Mitch McConnell spoke. At 82, McConnell is the longest-serving leader.", "", true},
		{trump, "Donald Trump is 78 years old.", "", true},
		{trump, "Trump, 78, spoke in Ohio.", "Donald Trump in Ohio", true},
		{trump, "Trump is 78.", "Rally", false}, // no whole name: which Trump?
		// Someone else's age.
		{trump, "The 18-year-old Barron Trump picked New York University.", "Donald Trump's son", false},
		{trump, "Donald Trump hugged his son. Barron Trump, 18, starts college.", "", false},
		{trump, "The debate with Trump raised doubts about whether the 81-year-old president can beat Trump again.", "Donald Trump debate", false},
		{trump, "Walz said that a nearly 80-year-old Donald Trump talking about crowd sizes is not what we need.", "", false},
		{mcconnell, "Mitch McConnell met Dianne Feinstein, 90, on Monday.", "", false},
		{charles, "Paul Rottinghaus, a 71-year-old Charles City resident, will caucus.", "", false},
		{charles, "King Charles III, 75, was crowned last year.", "", true},
		// No age at all.
		{mcconnell, "Mitch McConnell said 82 senators voted for the bill.", "", false},
		{mcconnell, "Mitch McConnell will be reelected as leader.", "", false},
	} {
		_, got := tc.a.holder(tc.text, tc.title)
		if got != tc.want {
			t.Errorf("%v holder(%q, title %q) = %v, want %v", tc.a.name, tc.text, tc.title, got, tc.want)
		}
	}
}

// An age changes every year: "How old is X?" is answered from the newest
// report giving X's age, not from the report matching the words best, and
// not by someone else's age beside X's name.
func TestAgeNow(t *testing.T) {
	docs := []corpus.Document{
		{ID: "old", Title: "How old is Mitch McConnell? The senator's age", Source: "Capitol Wire", Published: day("2022-11-20"),
			Text: "How old is Mitch McConnell? Senate leader Mitch McConnell, 80, is old enough to remember the old Senate, and Mitch McConnell says his age is no bar."},
		{ID: "new", Title: "Mitch McConnell reacts to election of next Senate leader", Source: "Courier", Published: day("2024-11-13"),
			Text: "McConnell, who is 82 years old, is also the longest-serving senator and has not said whether he will run again."},
		{ID: "other", Title: "Senators at the hearing", Source: "Capitol Wire", Published: day("2024-12-01"),
			Text: "Mitch McConnell sat beside a 68-year-old witness, who is old enough to remember the hearing of 1987."},
	}
	docs = crowded(docs, corpus.Document{ID: "filler", Title: "Senate votes", Source: "Capitol Wire", Published: day("2024-06-01"),
		Text: "Mitch McConnell spoke about vote %d on Monday."})
	a := askText(t, datedIndex(t, nil, docs), "How old is Mitch McConnell?")
	if !strings.Contains(a.Answer, "82 years old") {
		t.Errorf("answer %q, citations %v; want his age from the newest report giving it", a.Answer, docIDs(a))
	}
}

// Nothing but a sentence giving the person's age answers how old they
// are: not another's age beside their name, nor a sentence about them
// without an age.
func TestAgeNotGivenIsDeclined(t *testing.T) {
	docs := []corpus.Document{
		{ID: "benedict", Title: "Former Pope Benedict XVI dies aged 95", Source: "World Desk", Published: day("2022-12-31"),
			Text: "Pope Francis went to see Benedict, 95, soon after he passed away. How old the church's leaders are was much discussed."},
		{ID: "visit", Title: "Pope Francis visits Lisbon", Source: "World Desk", Published: day("2023-08-02"),
			Text: "Pope Francis arrived in Lisbon for World Youth Day and blessed a 68-year-old pilgrim, his first trip since his surgery."},
	}
	a := askText(t, datedIndex(t, nil, docs), "How old is Pope Francis?")
	if a.Answer != "" || len(a.Citations) > 0 {
		t.Errorf("answer %q, citations %v; want it declined: no source gives his age", a.Answer, docIDs(a))
	}
}
