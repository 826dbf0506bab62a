package index

import (
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestQuestionKind(t *testing.T) {
	for q, want := range map[string]answerKind{
		"How did Rep. Jerry Nadler characterize Netanyahu?":        kindQuote,
		"What did Harris say about tariffs?":                       kindQuote,
		"What did Trump call the deal?":                            kindQuote,
		"What is Washington's NFL team called?":                    kindAny, // naming, not quoting
		"What was the agreement between the two countries called?": kindAny,
		"How many motors drive the floor?":                         kindNumber,
		"Who signed the treaty?":                                   kindName,
		"What share of adults got a flu shot?":                     kindPercent,
	} {
		if got := questionKind(q); got != want {
			t.Errorf("questionKind(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestQuoteAnswerIsQuoted: how someone described a thing is answered by
// the sentence quoting them, not by the one naming them beside it; and a
// question of what a thing is called is not a quote question.
func TestQuoteAnswerIsQuoted(t *testing.T) {
	docs := []corpus.Document{
		{ID: "nadler", Title: "Nadler tears into Netanyahu", Source: "Capitol Desk", Published: day("2024-07-23"),
			Text: "Rep. Jerry Nadler of New York said he'll attend Netanyahu's address to Congress, unlike several lawmakers. " +
				"But Nadler did not hold back, calling him \"the worst leader in Jewish history\" in an interview."},
		{ID: "team", Title: "Washington picks a name", Source: "Sports Desk", Published: day("2022-02-02"),
			Text: "\"We celebrate the retirement of the team name,\" said Crystal Echo Hawk of IllumiNative. " +
				"Football fans in the nation's capital, say hello to your Washington Commanders, the NFL team's new name."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How did Rep. Jerry Nadler characterize Netanyahu before his address to Congress?", "worst leader"},
		{"What is Washington's NFL team called now?", "Washington Commanders"},
	})
}
