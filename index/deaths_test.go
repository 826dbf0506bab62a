package index

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestAsksDeaths(t *testing.T) {
	for q, want := range map[string]bool{
		"What's the death toll from the Maui wildfires?":       true,
		"How many people died in the Buffalo blizzard?":        true,
		"How many soldiers were killed in Kursk?":              true,
		"How many people were injured in the earthquake?":      false,
		"When did Elizabeth Francis die?":                      false, // a date, not a count
		"How many lives did the new vaccine save?":             false,
		"What was the toll on the Golden Gate Bridge in 2020?": false,
	} {
		if got := asksDeaths(q, questionKind(q)); got != want {
			t.Errorf("asksDeaths(%q) = %v, want %v", q, got, want)
		}
	}
}

// A count of the dead is answered by a sentence that counts them so, not
// by the injured of the same event; also when the passage counting the
// injured matches the question's words far better.
func TestDeathTollCountsTheDead(t *testing.T) {
	for _, killed := range []string{
		"The magnitude 7.4 earthquake that struck Hualien killed nine people, officials said on Thursday.",
		"Rescuers combed through the rubble in Hualien on Thursday. The quake killed nine people, officials said.",
	} {
		ix := datedIndex(t, nil, []corpus.Document{
			{ID: "injured", Title: "Hualien earthquake", Source: "Asia Desk", Published: day("2024-04-03"),
				Text: "At least 1,050 people were injured when the magnitude 7.4 earthquake struck Hualien on Wednesday morning."},
			{ID: "killed", Title: "Hualien earthquake", Source: "Asia Desk", Published: day("2024-04-04"), Text: killed},
		})
		a := askText(t, ix, "What was the death toll of the magnitude 7.4 earthquake in Hualien?")
		if len(a.Sentences) == 0 || !strings.Contains(a.Sentences[0].Text, "nine") || strings.Contains(a.Answer, "1,050") {
			t.Errorf("%q: answered %q; want the sentence counting the dead, and not the injured", killed, a.Answer)
		}
	}
}
