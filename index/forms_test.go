package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestOtherForms(t *testing.T) {
	for _, c := range []struct {
		word string
		want []string
	}{
		{"won", []string{"win"}},
		{"win", []string{"won"}},
		{"swore", []string{"swear", "sworn"}},
		{"sold", []string{"sell"}},
		{"paid", []string{"pay"}},
		// Regular verbs the stemmer joins, and forms that are more
		// often other words, have none.
		{"announced", nil},
		{"wound", nil},
		{"born", nil},
		{"said", nil},
		{"", nil},
	} {
		if got := otherForms(c.word); !slices.Equal(got, c.want) {
			t.Errorf("otherForms(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// A question asks in one form of a verb what the source writes in
// another: "did … win" of "won", "swore in" of "was sworn in by".
func TestVerbFormsAnswer(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "emmys", Title: "Emmys night", Source: "Arts Desk", Published: day("2024-09-16"),
			Text: "The Bear won eleven Emmys on Sunday night, more than any comedy before it."},
		{ID: "preview", Title: "Emmys preview", Source: "Arts Desk", Published: day("2024-09-10"),
			Text: "Can The Bear win an Emmy for every one of its 23 nominations? Voters will have the final word on which show gets to win the night."},
		{ID: "oath", Title: "A new mayor", Source: "City Desk", Published: day("2024-01-02"),
			Text: "Mayor Ana Ruiz was sworn in by Judge Carla Mendes at City Hall on Monday."},
		{ID: "oath-plan", Title: "Inauguration plans", Source: "City Desk", Published: day("2023-12-20"),
			Text: "Who swore in the last mayor? Residents asked as Mayor Ana Ruiz planned a small ceremony at City Hall and swore to keep it short."},
	})
	for _, c := range []struct{ q, want string }{
		{"How many Emmys did The Bear win?", "eleven"},
		{"Who swore in Mayor Ana Ruiz?", "Carla Mendes"},
	} {
		a := askText(t, ix, c.q)
		if len(a.Citations) == 0 || !strings.Contains(a.Citations[0].Passage, c.want) {
			t.Errorf("%q: answered %q; want the passage with %q first", c.q, a.Answer, c.want)
		}
	}
}
