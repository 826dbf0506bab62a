package index

import (
	"fmt"
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

// TestAnswerSentenceNamesItBesideTheQuestionWords: of two sentences with a
// number, the answer is the one whose number stands beside the question's
// words ("hire 15 new officers"), though the other holds more of them.
func TestAnswerSentenceNamesItBesideTheQuestionWords(t *testing.T) {
	docs := []corpus.Document{
		{ID: "cops", Title: "County turns down police grant", Source: "County Desk", Published: day("2017-09-14"),
			Text: "In July, the department applied for a federal COPS grant that would have offered nearly $2 million for new officers. " +
				"That grant money was going to be used to hire 15 new officers so the colonel could place senior officers on foot patrols."},
		{ID: "noah", Title: "Trevor Noah goes on tour", Source: "Screen Desk", Published: day("2022-12-09"),
			Text: "After seven years as the host of \"The Daily Show,\" Noah announced in late September that he would sign off on Dec. 8. " +
				"Citing a desire to perform in front of live audiences, the comic will visit 28 U.S. cities during the tour."},
		{ID: "budget", Title: "City budget passes", Source: "County Desk", Published: day("2017-06-01"),
			Text: "The council passed a budget that pays for 40 officers and two new fire stations."},
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How many officers would the federal COPS grant have paid to hire?", "15 new officers"},
		{"How many American cities is Trevor Noah visiting on his tour after The Daily Show?", "28 U.S. cities"},
	})
}

// TestAnswerSentenceCountsTheUnitAsked: "How many acres…" is answered by
// the sentence counting acres, not by another count of the question's
// words.
func TestAnswerSentenceCountsTheUnitAsked(t *testing.T) {
	docs := []corpus.Document{
		{ID: "monument", Title: "Should Chiricahua National Monument become a national park?", Source: "Arizona Desk", Published: day("2021-10-18"),
			Text: "Arizona's Chiricahua National Monument could become a national park. The change would help it stand out among 424 monuments, lakeshores, parkways and other sites managed by the National Park Service. " +
				"The park covers 12,025 acres of hoodoos and spires."},
	}
	// Acres are common in the sources, monuments are not: the wrong
	// sentence holds the rarer words.
	for i, place := range []string{"farm", "ranch"} {
		docs = append(docs, corpus.Document{ID: place, Title: "The " + place, Source: "Land Desk", Published: day("2021-05-01"),
			Text: fmt.Sprintf("The %s has %d acres of corn.", place, 100*(i+1))})
	}
	answersHold(t, datedIndex(t, nil, docs), []answerCase{
		{"How many acres does Arizona's Chiricahua National Monument cover?", "12,025 acres"},
	})
}

// TestFirstCitationLeadsWhenAlone: the first citation says it without a
// figure ("many times"); a passage far below it holds a number, but of
// something else. The answer quotes the first citation, not a weaker
// passage's number.
func TestFirstCitationLeadsWhenAlone(t *testing.T) {
	docs := []corpus.Document{
		{ID: "tulku", Title: "Tulkus and rebirth", Source: "Religion Desk", Published: day("2021-03-01"),
			Text: "A tulku is a lama who is believed to have agreed to be reborn many times to help others toward enlightenment. " +
				"Tibetan Buddhists recognise tulkus by tests given to children."},
		{ID: "concert", Title: "Benefit concerts", Source: "Island Desk", Published: day("2021-03-02"),
			Text: "The lama had agreed to bless two benefit concerts on Maui, which drew more than 8,000 attendees."},
	}
	ix := datedIndex(t, nil, docs)
	const q = "How much has a lama agreed to be reborn?"
	a := askText(t, ix, q)
	if len(a.Citations) == 0 || a.Citations[0].DocID != "tulku" {
		t.Fatalf("%s: citations %+v, want the tulku passage first", q, a.Citations)
	}
	if !strings.Contains(a.Answer, "many times") || strings.Contains(a.Answer, "8,000") {
		t.Errorf("%s: answer %q, want the first citation's sentence", q, a.Answer)
	}
}
