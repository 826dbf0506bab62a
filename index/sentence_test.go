package index

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// The answer sentence holds the kind of thing asked for, found by words
// said in other words, not the sentence that repeats the question's words.
func TestAnswerSentenceSaysItInOtherWords(t *testing.T) {
	docs := []corpus.Document{
		{ID: "berries", Title: "Blueberries bounce back", Source: "Portland Wire", Published: day("2021-10-01"),
			Text: "Maine's wild blueberry growers had a good year. The only wild blueberry growers in the U.S. harvest the fruit in Maine. " +
				"The crop was likely about 90 million pounds, an expert said."},
		{ID: "fine", Title: "Water company punished", Source: "River News", Published: day("2021-07-20"),
			Text: "The water company pleaded guilty to 51 pollution offences in Kent. A record £90m fine was given to Southern Water in July."},
		// A name the question gives, possessive or not, is not the answer.
		{ID: "arrest", Title: "Arrest in Dover", Source: "Dover Post", Published: day("2018-02-24"),
			Text: "A man has been arrested for a Valentine's Day rape and robbery at Dover's Woodcrest Apartments, police said. " +
				"Mahdi Wilson, 25, was arrested by officers on Friday."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How big was Maine's wild blueberry harvest estimated to be?", "90 million pounds"},
		{"How large was the fine on Southern Water for pollution?", "£90m"},
		{"Who was arrested for the Valentine's Day rape at Dover's Woodcrest Apartments?", "Mahdi Wilson"},
	})
}

// answerCase is a question and what its answer must hold.
type answerCase struct{ q, want string }

func answersHold(t *testing.T, ix *Index, cases []answerCase) {
	t.Helper()
	for _, tc := range cases {
		a := askText(t, ix, tc.q)
		if !strings.Contains(a.Answer, tc.want) {
			t.Errorf("%s: answer %q, want the sentence with %q", tc.q, a.Answer, tc.want)
		}
	}
}
