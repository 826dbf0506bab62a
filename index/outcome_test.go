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
