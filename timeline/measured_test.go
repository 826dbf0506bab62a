package timeline

import (
	"testing"
)

// The kinds of error a reading of 30 news-2024 timeline events found
// (README, "Timelines"), each in invented words.
func TestBuildLeavesOutWhatNewsMisdated(t *testing.T) {
	partial := passage("wire-9", "Lantern Post", day(2024, 10, 25), 1, 0.8,
		"In 2021 the county opened a new school cafeteria.")
	for i := range partial.Sentences {
		partial.Sentences[i].Partial = true
	}
	ps := []Passage{
		// A gallery caption names a date but reports nothing.
		passage("gallery-1", "Quill Daily", day(2024, 10, 20), 1, 0.8,
			"Hide Caption 10 of 44 Photos: The heir apparent: Prince William waves from the deck of the royal yacht in 1991."),
		// Some Tuesday in July, not the Tuesday before publication: July.
		passage("wire-7", "Lantern Post", day(2024, 10, 25), 1, 0.8,
			"On a Tuesday night in mid-July, officials met in the city."),
		// A date that was planned and did not hold.
		passage("wire-8", "Lantern Post", day(2024, 9, 28), 1, 0.8,
			"The mission, which was initially set for Aug. 18, was delayed for more than a month."),
		passage("wire-10", "Lantern Post", day(2022, 5, 19), 1, 0.8,
			"Boeing originally hoped the spacecraft would be operational in 2017."),
		// A sentence that leaves out a word of the topic.
		partial,
		// What stays.
		passage("wire-11", "Quill Daily", day(2024, 6, 7), 1, 0.8,
			"The capsule docked at the station on June 6."),
	}
	got := lines(Build(Query{Topic: "capsule"}, ps, nil))
	want := "2024-06-06 The capsule docked at the station on June 6. [Quill Daily]\n" +
		"July 2024 On a Tuesday night in mid-July, officials met in the city. [Lantern Post]\n"
	if got != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", got, want)
	}
}

func TestIndefiniteWeekday(t *testing.T) {
	pub := PublishedOn(published)
	for text, want := range map[string]string{
		"On a Tuesday night in mid-July, they met.": "July 2024",
		"They meet every Friday.":                   "",
		"They met on Tuesday.":                      "2024-10-15",
	} {
		got := ""
		for _, m := range Resolve(text, pub) {
			got += m.Date.String()
		}
		if got != want {
			t.Errorf("Resolve(%q) = %q, want %q", text, got, want)
		}
	}
}

// A date of a relative clause or of a comparison's first term is not the
// sentence's event's.
func TestAsideDates(t *testing.T) {
	a := PublishedOn(published)
	for text, want := range map[string]string{
		"William has now inherited the duchy, which last year delivered an income of £23 million.":   "",
		"The tax is down 19%, from about $1.34 million in October 2019 to $1.09 million this year.":  "2024",
		"The army withdrew from Kherson in November 2022.":                                           "November 2022",
		"Prices rose from June to August.":                                                           "",
		"On 13 October, Zelensky said that North Korea was transferring people to the armed forces.": "2024-10-13",
	} {
		got := ""
		if d, ok := eventDate(text, a, false); ok {
			got = d.String()
		}
		if got != want {
			t.Errorf("eventDate(%q) = %q, want %q", text, got, want)
		}
	}
}
