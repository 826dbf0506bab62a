package claim

import "testing"

// Neighbouring events of one running story are not disagreements: the
// kinds of false differences found on news-2024 (README, "Sources that
// disagree"), each in invented words, and the real ones beside them.
func TestDifferencesKeepNeighbouringEventsApart(t *testing.T) {
	for _, tt := range []struct {
		name, question string
		reports        []report
		want           string
	}{
		{"two games, two cities", "How many athletes does Team USA have?", []report{
			{"Lantern Post", "2024-07-25", "Team USA brings 592 athletes to the Paris Olympics."},
			{"Quill Daily", "2024-07-26", "At the Tokyo Olympics, Team USA had 613 athletes."},
		}, ""},
		{"a city's strike and the country's toll", "How many people were killed?", []report{
			{"Lantern Post", "2022-03-02", "At least 11 people were killed in a Russian rocket strike in Kharkiv, officials said."},
			{"Quill Daily", "2022-03-02", "At least 350 people have been killed in Russian strikes in Ukraine, officials said."},
		}, ""},
		{"a part of the places", "How many troops will deploy?", []report{
			{"Lantern Post", "2022-02-02", "About 1,000 troops will deploy from Germany to Romania, officials said."},
			{"Quill Daily", "2022-02-02", "Some 3,000 troops will deploy to Germany, Poland and Romania, officials said."},
		}, ""},
		{"two strikes on two days", "How many people were killed in the strike on the camp?", []report{
			{"Lantern Post", "2023-10-31", "More than 50 people were killed in the strike on the camp, doctors said."},
			{"Quill Daily", "2023-11-08", "At least 19 people were killed Wednesday in a strike on the camp, doctors said."},
		}, ""},
		{"a week's deaths and the total", "How many people have died of the virus in the state?", []report{
			{"Lantern Post", "2020-12-15", "A record 130 people died of the virus in the state last week, officials said."},
			{"Quill Daily", "2020-12-16", "At least 1,012 people in the state have died of the virus since the pandemic began, officials said."},
		}, ""},
		{"listed in one sentence", "How many deaths have the counties reported?", []report{
			{"Lantern Post", "2020-06-12", "Stearns County has reported 17 deaths, Sherburne County has reported two deaths and Benton County has reported three deaths."},
		}, ""},
		{"a projection", "How many babies died at the hospital?", []report{
			{"Lantern Post", "2023-11-13", "About 36 babies could die at the hospital without fuel, the ministry said."},
			{"Quill Daily", "2023-11-14", "Three babies died at the hospital without fuel, the ministry said."},
		}, ""},
		{"part of a group", "How many people died in the storm?", []report{
			{"Lantern Post", "2024-09-29", "At least 19 people died in the storm, officials said."},
			{"Quill Daily", "2024-09-29", "Among them, two people died in the storm when trees fell on their homes, officials said."},
		}, ""},
		{"snapshots of two moments", "How many customers were without power?", []report{
			{"Lantern Post", "2023-12-09", "As of Sunday afternoon, more than 35,800 customers remained without power, the utility said."},
			{"Quill Daily", "2023-12-09", "As of 7:50 p.m. Saturday, more than 160,000 customers were without power, outage maps showed."},
		}, ""},
		{"a toll that goes down is two stories", "How many people were killed in the city?", []report{
			{"Lantern Post", "2022-03-01", "At least 11 people were killed in the city, the mayor said."},
			{"Lantern Post", "2022-03-02", "An attack on the central square of the city killed at least six people, the mayor said."},
		}, ""},
		{"a later figure not given as a revision", "How many events did the campaign cancel?", []report{
			{"Lantern Post", "2024-01-12", "The campaign canceled two events in the city on Friday because of the storm."},
			{"Lantern Post", "2024-01-14", "The campaign canceled half a dozen events in the city over the weekend because of the storm."},
		}, ""},
		// The real ones stay.
		{"two sources, one toll", "How many people died after drinking contaminated liquor?", []report{
			{"Lantern Post", "2022-07-26", "AHMEDABAD, India – At least 28 people have died from drinking contaminated liquor in western India, officials said Tuesday."},
			{"Quill Daily", "2022-07-27", "New Delhi CNN — At least 36 people have died after drinking contaminated liquor in western India, according to police."},
		}, "differ: dead: At least 28 [1] per officials | At least 36 [2] per police"},
		{"a toll that rose", "How many people died in the fire?", []report{
			{"Lantern Post", "2023-08-09", "The fire in Lahaina has killed six people, officials said."},
			{"Lantern Post", "2023-08-11", "The death toll from the fire in Lahaina climbed to 67 on Friday, officials said."},
		}, "update: dead: six [1] per officials | 67 [2] per officials"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := show(Differences(sourced(t, tt.question, tt.reports...)))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestJurisdiction(t *testing.T) {
	for _, tt := range []struct {
		by   string
		want string
	}{
		{"Georgia Gov. Brian Kemp", "georgia"},
		{"North Carolina Gov. Roy Cooper", "north carolina"},
		{"Ukraine’s State Emergency Service", "ukraine"},
		{"the Ukraine government", "ukraine"},
		{"Pentagon press secretary John Kirby", ""},
		{"officials", ""},
		{"Kirby", ""},
		{"the United States", ""},
	} {
		got := ""
		for i, w := range jurisdiction(tt.by) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != tt.want {
			t.Errorf("jurisdiction(%q) = %q, want %q", tt.by, got, tt.want)
		}
	}
}

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"russia", "russian", true},
		{"ukraine", "ukrainian", true},
		{"china", "chinese", true},
		{"israel", "israeli", true},
		{"paris", "pakistan", false},
		{"milton", "milwaukee", false},
		{"kharkiv", "kherson", false},
	} {
		if got := sameName(tt.a, tt.b); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestBoundsAgree(t *testing.T) {
	for _, tt := range []struct {
		name, question string
		reports        []report
		want           string
	}{
		{"just past a bound", "How many elected offices are up for grabs?", []report{
			{"Lantern Post", "2024-06-01", "Voters will fill 20,708 elected offices up for grabs, the electoral institute said."},
			{"Quill Daily", "2024-06-02", "More than 20,600 elected offices are up for grabs, the electoral institute said."},
		}, ""},
		{"well past a bound", "How many people died in the floods?", []report{
			{"Lantern Post", "2024-05-12", "The floods killed 41 people, the emergency office said."},
			{"Quill Daily", "2024-05-12", "At least 37 people died in the floods, according to the governor."},
		}, "differ: dead: 41 [1] per the emergency office | At least 37 [2] per the governor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(Differences(sourced(t, tt.question, tt.reports...))); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
