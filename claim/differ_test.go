package claim

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// report is one passage of a source, with the number it is cited as.
type report struct {
	source, date, text string
}

func sourced(t *testing.T, question string, rs ...report) []Sourced {
	t.Helper()
	topic := ParseTopic(question)
	var out []Sourced
	for i, r := range rs {
		var pub time.Time
		if r.date != "" {
			var err error
			if pub, err = time.Parse(time.DateOnly, r.date); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range Extract(r.text) {
			if topic.About(c, r.text) {
				out = append(out, Sourced{Claim: c, Source: r.source, Published: pub, Doc: r.source + r.date + r.text[:10], Ref: i + 1, Passage: r.text})
			}
		}
	}
	return out
}

// show writes differences as one line each: "differ: dead: 41 [1] | at
// least 37 [2]".
func show(ds []Difference) string {
	var lines []string
	for _, d := range ds {
		kind := "differ"
		if d.Update {
			kind = "update"
		}
		var cs []string
		for _, c := range d.Claims {
			s := c.Text + " [" + string(rune('0'+c.Ref)) + "]"
			if c.By != "" {
				s += " per " + c.By
			}
			if c.Period != "" {
				s += " " + c.Period
			}
			cs = append(cs, s)
		}
		lines = append(lines, kind+": "+d.About+": "+strings.Join(cs, " | "))
	}
	return strings.Join(lines, "\n")
}

func TestDifferences(t *testing.T) {
	for _, tt := range []struct {
		name, question string
		reports        []report
		want           string
	}{
		{"fines differ", "How much was Acme fined?", []report{
			{"Lantern Post", "2024-05-12", "Acme Logistics was fined $2m by the competition authority on Friday for sharing prices with rivals."},
			{"Quill Daily", "2024-05-13", "The competition authority fined Acme Logistics $1.2m for sharing prices, the company said."},
		}, "differ: fine: $2m [1] | $1.2m [2] per the company"},
		{"equal fines written differently", "How much was Acme fined?", []report{
			{"Lantern Post", "2024-05-12", "Acme Logistics was fined $2 million by the competition authority on Friday."},
			{"Quill Daily", "2024-05-13", "The competition authority fined Acme Logistics $2m, the company said."},
			{"Harbor Times", "2024-05-13", "Acme Logistics must pay a fine of two million dollars, regulators said."},
		}, ""},
		{"pay rises differ", "What pay rise did the nurses get?", []report{
			{"Lantern Post", "2024-03-01", "Nurses will receive a 9% pay rise under the deal, the union said."},
			{"Quill Daily", "2024-03-01", "The deal gives nurses a pay rise of 8.5%, according to the health ministry."},
		}, "differ: pay rise: 9% [1] per the union | 8.5% [2] per the health ministry"},
		{"one source revises its toll", "How many people died in the floods?", []report{
			{"Lantern Post", "2024-05-10", "At least 37 people died in the floods in the north, the governor said."},
			{"Lantern Post", "2024-05-12", "The death toll from the floods in the north rose to 41 on Sunday, the governor said."},
		}, "update: dead: At least 37 [1] per the governor | 41 [2] per the governor"},
		{"sources disagree on the dead", "How many people died in the floods?", []report{
			{"Lantern Post", "2024-05-12", "The floods killed 41 people, the emergency office said."},
			{"Quill Daily", "2024-05-12", "At least 37 people died in the floods, according to the governor."},
		}, "differ: dead: 41 [1] per the emergency office | At least 37 [2] per the governor"},
		{"one report names two speakers", "How many containers has North Korea sent to Russia?", []report{
			{"briefbot default corpus", "", "The United States reported that Russia has secured more than 16,500 containers of munitions from North Korea since September 2023, while South Korea cited a lower figure of 13,000 since mid-2022."},
		}, "differ: containers of munitions: more than 16,500 [1] per the United States since September 2023 | 13,000 [1] per South Korea since mid-2022"},
		// Rounding is not a difference.
		{"rounded", "How many containers has North Korea sent to Russia?", []report{
			{"Lantern Post", "2024-10-01", "North Korea has sent about 13,000 containers to Russia, Seoul said."},
			{"Quill Daily", "2024-10-02", "North Korea has sent 12,950 containers to Russia, Seoul said."},
		}, ""},
		// Figures a year apart count different moments.
		{"far apart in time", "How many people died in the floods?", []report{
			{"Lantern Post", "2023-05-12", "The floods killed 41 people in the north."},
			{"Quill Daily", "2024-05-12", "Floods in the north killed 12 people."},
		}, ""},
		// Different closed periods are a series, not a disagreement.
		{"different years", "How many hate crimes were reported?", []report{
			{"Lantern Post", "2024-01-18", "Police reported 11,613 hate crimes in 2022."},
			{"Quill Daily", "2024-01-19", "Police reported 10,875 hate crimes in 2021."},
		}, ""},
		// A record from long before the report is not today's figure.
		{"historical", "How many people died in the blizzard?", []report{
			{"Lantern Post", "2022-12-28", "The blizzard killed 37 people in Erie County, officials said."},
			{"Quill Daily", "2022-12-26", "In the 1977 blizzard, 29 people died in Erie County."},
		}, ""},
		// Two bodies quoted by one paper disagree; neither revises the
		// other.
		{"one paper, two bodies", "How many civilians have been killed in Ukraine?", []report{
			{"Lantern Post", "2022-03-02", "Ukraine's State Emergency Service said more than 2,000 civilians have been killed in Ukraine."},
			{"Lantern Post", "2022-03-04", "The UN human rights office said 364 civilians had been killed in Ukraine."},
		}, "differ: dead: more than 2,000 [1] per Ukraine's State Emergency Service | 364 [2] per the UN human rights office"},
		// Each day's new cases are another day's count.
		{"flows", "How many new cases did Kentucky report?", []report{
			{"Lantern Post", "2020-12-15", "Kentucky reported 9,596 new cases of the coronavirus in the week, health officials said."},
			{"Quill Daily", "2020-12-28", "Kentucky reported 14,999 new cases of the coronavirus in the week, health officials said."},
		}, ""},
		// Different things are not compared: soldiers are not civilians.
		{"different things", "How many people died in the attack?", []report{
			{"Lantern Post", "2024-05-12", "The attack killed 12 civilians, officials said."},
			{"Quill Daily", "2024-05-12", "The attack killed 30 soldiers, the army said."},
		}, ""},
		// Figures about another thing than the question's do not count.
		{"off the question", "How much was Acme fined?", []report{
			{"Lantern Post", "2024-05-12", "Acme Logistics was fined $2m. It reported revenue of $90m."},
			{"Quill Daily", "2024-05-12", "Acme Logistics was fined $2m; revenue was $95m."},
		}, ""},
		// "A 30-year mortgage" and "a 15-year mortgage" are kinds.
		{"attributive", "What is the rate on a 30-year mortgage?", []report{
			{"Lantern Post", "2024-05-12", "The rate on a 30-year mortgage rose to 7%."},
			{"Quill Daily", "2024-05-12", "The rate on a 15-year mortgage rose to 6.2%."},
		}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := show(Differences(sourced(t, tt.question, tt.reports...)))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// A source's reports about another story are not revisions.
func TestUpdateNeedsTheSameStory(t *testing.T) {
	cs := sourced(t, "How many reservists has Israel called up?",
		report{"Lantern Post", "2023-10-09", "The Israeli military called up 300,000 reservists for the war with Hamas on Monday."},
		report{"Lantern Post", "2023-10-10", "Israel has called up 360,000 reservists for the war with Hamas, the military said."},
		// Another story of the same source shares too little.
		report{"Lantern Post", "2023-10-11", "Israel called up 20,000 reservists in 2006, the military said."},
		report{"Lantern Post", "2023-10-11", "Taiwan keeps 1.6 million reservists ready."},
	)
	got := show(Differences(cs))
	if want := "update: reservists: 300,000 [1] | 360,000 [2] per the military"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestTopic(t *testing.T) {
	for _, tt := range []struct {
		question, sentence string
		about, figure      bool
	}{
		{"How many containers has North Korea sent to Russia?", "North Korea sent 13,000 containers to Russia.", true, true},
		{"How many containers has North Korea sent to Russia?", "North Korea sent three million shells to Russia.", false, true},
		// A count of containers elsewhere is another count.
		{"How many containers has North Korea sent to Russia?", "The port of Busan handled 2 million containers.", false, true},
		{"How many people died in the floods?", "The floods killed 41 people.", true, true},
		{"How many people died in the floods?", "The floods left 1,000 people homeless.", false, true},
		{"How much was Acme fined?", "Acme was fined $2m.", true, true},
		{"What share of voters backed the plan?", "About 41 voters backed the plan.", false, true},
		{"Who leads the party?", "The party has 41 members.", false, false},
		{"What is Hurricane Helene's death toll?", "Helene's toll rose to 226.", true, true},
		// A passage without a name the question gives is about something
		// else.
		{"How many people died in the Merrow Valley floods?", "The floods in Calder killed 12 people.", false, true},
		{"How many people died in the Merrow Valley floods?", "The floods in Merrow Valley killed 12 people.", true, true},
	} {
		topic := ParseTopic(tt.question)
		cs := Extract(tt.sentence)
		if len(cs) != 1 {
			t.Fatalf("%q: %d claims", tt.sentence, len(cs))
		}
		if got := topic.About(cs[0], tt.sentence); got != tt.about {
			t.Errorf("%q about %q (%s %v) = %v, want %v", tt.question, tt.sentence, cs[0].Thing.Head, cs[0].Thing.Mods, got, tt.about)
		}
		if got := topic.AsksFigure(); got != tt.figure {
			t.Errorf("%q asks a figure = %v, want %v", tt.question, got, tt.figure)
		}
	}
}

// Topic.Claims skips sentences without the question's words; it must find
// every claim Extract and About find.
func TestTopicClaimsSkipsNothingAbout(t *testing.T) {
	raw, err := os.ReadFile("testdata/passages.txt")
	if err != nil {
		t.Fatal(err)
	}
	questions := append(slices.Clone(benchQuestions),
		"How much did the storm cost insurers?", "What pay rise did nurses get?", "How many jobs did employers add?",
		"How many arrests did police make?", "What is the unemployment rate?", "How many residents were evacuated?")
	found := 0
	for _, q := range questions {
		topic := ParseTopic(q)
		for _, p := range splitBlank(string(raw)) {
			var want []Claim
			for _, c := range Extract(p) {
				if topic.About(c, p) {
					want = append(want, c)
				}
			}
			got := topic.Claims(p)
			if len(got) != len(want) {
				t.Errorf("%q in %.40q: Claims found %d, Extract and About %d", q, p, len(got), len(want))
			}
			found += len(want)
		}
	}
	if found < 10 {
		t.Errorf("only %d claims about the questions: the test checks too little", found)
	}
}
