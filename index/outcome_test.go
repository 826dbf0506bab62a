package index

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestForecast(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{"Silver's final forecast had Harris as the winner by a razor-thin margin.", true},
		{"Its central prediction is that Labour will win 422 seats.", true},
		{"The Chiefs are expected to beat the 49ers.", true},
		{"If Trump were to win the popular vote, it would be a first.", true},
		{"Polonia Warsaw managed to win the Ekstraklasa Championship in 2000.", false},
		{"Donald Trump won the presidential election on Tuesday.", false},
		{"Labour won 412 seats.", false},
		{"San Francisco has won five Super Bowl championships.", true},
		{"Selection for the first 100 Labour target seats has been tightly controlled.", true},
		{"The Chiefs have won back-to-back titles.", false},
	} {
		ws := sentenceWords(tc.sentence, [2]int{0, len(tc.sentence)})
		if got := forecast(ws); got != tc.want {
			t.Errorf("forecast(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
}

// "Who won…" is answered by who did, not by who was expected to, though
// the forecast holds more of the question's words.
func TestOutcomeIsNotAForecast(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "forecast", Title: "The last forecast", Source: "Polls Desk", Published: day("2024-11-05"),
			Text: "Nate Silver's final forecast of the 2024 presidential election had Kamala Harris as the winner of the presidential election by a razor-thin margin."},
		{ID: "result", Title: "Trump wins", Source: "Politics Desk", Published: day("2024-11-06"),
			Text: "Donald Trump won the 2024 presidential election, defeating Kamala Harris, the Associated Press projected early Wednesday."},
	})
	a := askText(t, ix, "Who won the 2024 presidential election?")
	if !strings.Contains(a.Answer, "Donald Trump won") || strings.Contains(a.Answer, "forecast") {
		t.Errorf("answer %q; want the result, not the forecast", a.Answer)
	}
}

// How many seats a party won is said of that party: another party's
// count does not answer, nor do its target seats; a sentence with a
// pronoun for the subject named just before does.
func TestOutcomeNamesItsSubject(t *testing.T) {
	tories := corpus.Document{ID: "tories", Title: "Election results", Source: "Politics Desk", Published: day("2019-12-13"),
		Text: "Labour suffered its worst defeat in decades. The Conservatives won 364 of the 650 seats up for grabs, the best showing since 1987."}
	targets := corpus.Document{ID: "targets", Title: "Labour's campaign", Source: "Politics Desk", Published: day("2024-06-01"),
		Text: "Selection for the first 100 Labour target seats has been tightly controlled, said the campaign's chief."}
	a := askText(t, datedIndex(t, nil, []corpus.Document{tories, targets}), "How many seats did Labour win in the general election?")
	if len(a.Citations) > 0 {
		t.Errorf("answered %q; want a decline: no source gives Labour's seats", a.Answer)
	}
	labour := corpus.Document{ID: "labour", Title: "Labour landslide", Source: "Politics Desk", Published: day("2024-07-05"),
		Text: "Keir Starmer's party swept to power overnight. Labour won 412 seats, a majority of 174."}
	a = askText(t, datedIndex(t, nil, []corpus.Document{tories, targets, labour}), "How many seats did Labour win in the general election?")
	if !strings.Contains(a.Answer, "Labour won 412 seats") {
		t.Errorf("answer %q; want Labour's count", a.Answer)
	}
	broncos := corpus.Document{ID: "broncos", Title: "Denver's season", Source: "Sports Desk", Published: day("2016-01-25"),
		Text: "The Broncos defeated the Pittsburgh Steelers in the divisional round. They then beat the New England Patriots in the AFC Championship Game, 20–18."}
	a = askText(t, datedIndex(t, nil, []corpus.Document{broncos}), "Who did the Broncos beat to become the AFC champions?")
	if !strings.Contains(a.Answer, "New England Patriots") {
		t.Errorf("answer %q; want the Patriots, named after a pronoun for the Broncos", a.Answer)
	}
}
