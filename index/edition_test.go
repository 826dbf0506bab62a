package index

import (
	"reflect"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestEventNamed(t *testing.T) {
	for _, tc := range []struct {
		q, label string
		distinct []string
	}{
		{"Who won the men's downhill at the Milan Cortina Winter Olympics?", "Milan Cortina Winter Olympics", []string{"milan", "cortina"}},
		{"Which country won the FIFA World Cup?", "FIFA World Cup", []string{"fifa"}},
		{"Who won the Ryder Cup?", "Ryder Cup", []string{"ryder"}},
		// Not an event, or no name of one.
		{"Who won the election in Nebraska?", "", nil},
		{"Who won the Cup?", "", nil},
	} {
		label, distinct := eventNamed(tc.q)
		if label != tc.label || !reflect.DeepEqual(distinct, tc.distinct) {
			t.Errorf("eventNamed(%q) = %q, %v; want %q, %v", tc.q, label, distinct, tc.label, tc.distinct)
		}
	}
}

// An event the sources name only with a year after them has not happened
// in them: its outcome is not covered. An event they also date before
// that is answered as usual, and so is a question about the plan.
func TestEditionAfterSources(t *testing.T) {
	games := []corpus.Document{
		{ID: "next", Title: "When are the next Winter Olympics?", Source: "Sports Wire", Published: day("2024-05-23"),
			Text: "The next Winter Olympics are set for 2026 in Milan and Cortina d'Ampezzo, Italy. Skiers are already training for the downhill."},
		{ID: "hosts", Title: "Future Olympic hosts", Source: "Sports Wire", Published: day("2024-07-24"),
			Text: "Here's a quick rundown of future Olympic hosts. The Milan Cortina Winter Olympics of 2026 will open in February, with the men's downhill on the first weekend."},
	}
	ix := datedIndex(t, nil, games)
	a := askText(t, ix, "Who won the men's downhill at the Milan Cortina Winter Olympics?")
	if !a.Declined() || !strings.Contains(a.Notice, "The sources don't cover the Milan Cortina Winter Olympics (2026); the latest on this is from 2024-07-24") {
		t.Errorf("answer %q, notice %q; want the sources not to cover the 2026 Games", a.Answer, a.Notice)
	}
	a = askText(t, ix, "When do the Milan Cortina Winter Olympics open?")
	if a.Declined() {
		t.Errorf("the plan: declined, notice %q", a.Notice)
	}
	past := append(games, corpus.Document{ID: "2022", Title: "Downhill gold", Source: "Sports Wire", Published: day("2022-02-07"),
		Text: "Beat Feuz won the men’s downhill at the Beijing Winter Olympics in 2022, his first Olympic gold. The 2026 Winter Olympics in Milan and Cortina are next."})
	a = askText(t, datedIndex(t, nil, past), "Who won the men's downhill at the Beijing Winter Olympics?")
	if !strings.Contains(a.Answer, "Beat Feuz") {
		t.Errorf("an edition before the sources' end: answer %q, notice %q", a.Answer, a.Notice)
	}
}

// Who won a season, or was named its best, is known at its end: sources
// that stop in its first half do not cover it.
func TestSeasonOutcomeNotCovered(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "mvp", Title: "Jokic wins MVP", Source: "Sports Wire", Published: day("2024-05-08"),
			Text: "Nikola Jokic was named the NBA's Most Valuable Player on Wednesday, his third MVP award."},
		{ID: "start", Title: "The season tips off", Source: "Sports Wire", Published: day("2024-10-22"),
			Text: "The 2024-25 NBA season tips off on Tuesday, with MVP favourites Jokic and Luka Doncic in action."},
	})
	a := askText(t, ix, "Who was named NBA MVP for the 2024-25 season?")
	if !a.Declined() || !strings.HasPrefix(a.Notice, "The sources don't cover the 2024-25 season") {
		t.Errorf("answer %q, notice %q; want the season not covered", a.Answer, a.Notice)
	}
	a = askText(t, ix, "When did the 2024-25 NBA season tip off?")
	if !strings.Contains(a.Answer, "tips off on Tuesday") {
		t.Errorf("the season's start: answer %q, notice %q", a.Answer, a.Notice)
	}
}
