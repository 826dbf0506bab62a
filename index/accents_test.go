package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"mbappé": "mbappe", "erdoğan": "erdogan", "núñez": "nunez", "grindavík": "grindavik",
		"müller": "muller", "plain": "plain", "": "",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Readers type names without the sources' accents, and with accents the
// sources leave out.
func TestNamesWithOtherAccents(t *testing.T) {
	docs := []corpus.Document{
		{ID: "accented", Title: "Turkey", Source: "World Desk", Published: day("2024-09-30"),
			Text: "Turkish President Recep Tayyip Erdoğan visited Grindavík, the fishing town near the eruption."},
		{ID: "plain", Title: "France", Source: "Sports Desk", Published: day("2024-06-01"),
			Text: "France forward Kylian Mbappe scored twice in the friendly."},
		{ID: "cup", Title: "Copa", Source: "Sports Desk", Published: day("2024-07-14"),
			Text: "Argentina won the Copa América final in Miami."},
	}
	for i := range 20 {
		docs = append(docs, corpus.Document{ID: fmt.Sprintf("america-%d", i), Title: "America", Source: "News Desk",
			Published: day("2024-07-15"), Text: fmt.Sprintf("Voters across America went to the polls in district %d.", i)})
	}
	ix := datedIndex(t, nil, docs)
	for _, tc := range []struct{ q, first string }{
		{"Which town did Recep Tayyip Erdogan visit near the eruption?", "accented"},
		{"Who scored twice for France, Kylian Mbappé?", "plain"},
	} {
		a := askText(t, ix, tc.q)
		if len(a.Citations) == 0 || a.Citations[0].DocID != tc.first {
			t.Errorf("%s: citations %v, want %s first", tc.q, docIDs(a), tc.first)
		}
	}
	// A rare accented spelling of a common word is another name.
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for typed, want := range map[string][]string{"erdogan": {"erdoğan"}, "america": nil, "grindavik": {"grindavík"}} {
		stem := string(analyze(ix.text, typed)[0].Term)
		got, err := ix.accentVariants(context.Background(), r, stem, typed)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("accentVariants(%q) = %q, want %q", typed, got, want)
		}
	}
}

// The newest report naming the player's team answers, however the
// question spells the player's name.
func TestAffiliationAccents(t *testing.T) {
	docs := []corpus.Document{
		{ID: "old", Title: "PSG", Source: "Sports Desk", Published: day("2023-09-19"),
			Text: "PSG forward Kylian Mbappe plays for Paris Saint-Germain, and Kylian Mbappe plays on."},
		{ID: "new", Title: "Madrid", Source: "Sports Desk", Published: day("2024-10-01"),
			Text: "Real Madrid's Kylian Mbappé scored twice against Alavés."},
	}
	a := askText(t, datedIndex(t, nil, docs), "What club does Kylian Mbappe play for?")
	if !strings.Contains(a.Answer, "Real Madrid") {
		t.Errorf("answer %q, citations %v; want Real Madrid from the newest report", a.Answer, docIDs(a))
	}
}

// The now-rules' name phrases carry the accent variants the question's
// terms found, both ways.
func TestSpellingsCarryAccents(t *testing.T) {
	for _, tc := range []struct {
		typed string
		terms []string // terms[0] the stem, then the variants setIDF found
		want  []string
	}{
		{"Mbappe", []string{"mbapp", "mbappé"}, []string{"mbapp", "mbappé"}},
		{"Mbappé", []string{"mbappé", "mbapp"}, []string{"mbappé", "mbapp"}},
	} {
		qt := &queryTerm{word: tc.typed, low: strings.ToLower(tc.typed), terms: []string{tc.terms[0]}, name: true}
		qt.addAccents(tc.terms[1:])
		qt.terms = append(qt.terms, "centr") // a spelling variant, not an accent
		got := spellingsOf([]*queryTerm{qt})[fold(qt.low)]
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: spellings %q, want %q", tc.typed, got, tc.want)
		}
	}
}
