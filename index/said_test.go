package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// TestSaidAboutIsTheSpeakersWordsOnIt: "What did X say about Y" is
// answered by a sentence on Y with X speaking in it or the sentence
// before, not by another speaker's quote naming X.
func TestSaidAboutIsTheSpeakersWordsOnIt(t *testing.T) {
	voter := corpus.Document{ID: "voter", Title: "Republicans on the convention stage", Source: "Convention Desk", Published: day("2024-08-20"),
		Text: "At the convention Tuesday, anti-Trump Republicans discussed why they were supporting Kamala Harris in November.\n\n" +
			"Kyle Sweetser, a former Trump voter, said he changed when he \u201cstarted to see Trump's tariff policy in action.\u201d\n\n" +
			"\u201cCosts for construction workers like me were starting to soar. That's why I'm voting for Kamala Harris.\u201d"}
	rally := corpus.Document{ID: "rally", Title: "Harris on the economy", Source: "Campaign Desk", Published: day("2024-09-18"),
		Text: "Vice President Kamala Harris spoke to voters in Pittsburgh on Wednesday about prices. " +
			"She called Trump's proposed tariffs \u201ca national sales tax on everyday goods\u201d that families would pay."}
	a := askText(t, datedIndex(t, nil, []corpus.Document{voter, rally}), "What did Kamala Harris say about tariffs?")
	if !strings.Contains(a.Answer, "national sales tax") {
		t.Errorf("answer %q; want Harris's words on tariffs", a.Answer)
	}
	a = askText(t, datedIndex(t, nil, []corpus.Document{voter}), "What did Kamala Harris say about tariffs?")
	if strings.Contains(a.Answer, "voting for Kamala Harris") {
		t.Errorf("answer %q; want no voter's quote naming Harris as her words on tariffs", a.Answer)
	}
	// Another speaker's words naming Harris are his, not hers.
	debate := corpus.Document{ID: "debate", Title: "Debate takeaways", Source: "Politics Desk", Published: day("2024-09-11"),
		Text: "Donald Trump and Kamala Harris clashed over trade on Tuesday night in Philadelphia.\n\n" +
			"At the debate, Trump said that if Harris \u201cdoesn't like them\u201d then she should have gotten rid of his tariffs on China."}
	a = askText(t, datedIndex(t, nil, []corpus.Document{debate}), "What did Kamala Harris say about tariffs?")
	if strings.Contains(a.Answer, "Trump said") {
		t.Errorf("answer %q; want no Trump quote as Harris's words on tariffs", a.Answer)
	}
	a = askText(t, datedIndex(t, nil, []corpus.Document{debate, rally}), "What did Kamala Harris say about tariffs?")
	if !strings.Contains(a.Answer, "national sales tax") {
		t.Errorf("answer %q; want Harris's words on tariffs before Trump's about her", a.Answer)
	}
}

// The speaker of a quote question is named before its verb; what comes
// after is what was spoken of.
func TestReadAttribution(t *testing.T) {
	ix := datedIndex(t, nil, nil)
	for _, tc := range []struct {
		q              string
		speaker, topic []string // question words as typed
	}{
		{"What did Kamala Harris say about tariffs?", []string{"Kamala", "Harris"}, []string{"tariffs?"}},
		{"How did Ukraine's foreign minister characterize the strike on Kramatorsk?", nil, nil},
		{"What did Pennsylvania's governor say about online praise for the suspect?", nil, []string{"online", "praise", "suspect?"}},
		{"Who won the race?", nil, nil},
	} {
		q, err := corpus.ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		qts := ix.questionTerms(q)
		a := readAttribution(tc.q, qts, questionKind(tc.q))
		words := func(is []int) []string {
			var out []string
			for _, i := range is {
				out = append(out, qts[i].word)
			}
			return out
		}
		if got := words(a.speaker); !slices.Equal(got, tc.speaker) {
			t.Errorf("%q: speaker %q, want %q", tc.q, got, tc.speaker)
		}
		if got := words(a.topic); !slices.Equal(got, tc.topic) {
			t.Errorf("%q: topic %q, want %q", tc.q, got, tc.topic)
		}
	}
}
