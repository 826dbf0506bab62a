package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// showDifferences writes an answer's differences one per line, each claim
// with the source and passage of the citation its number points at, so a
// test sees that the numbers are right.
func showDifferences(t *testing.T, a corpus.Answer) string {
	t.Helper()
	var lines []string
	for _, d := range a.Differences {
		kind := "differ"
		if d.Update {
			kind = "update"
		}
		var cs []string
		for _, c := range d.Claims {
			if c.N < 1 || c.N > len(a.Citations) {
				t.Fatalf("claim %q cites [%d] of %d citations", c.Value, c.N, len(a.Citations))
			}
			cited := a.Citations[c.N-1]
			if cited.Source != c.Source || !strings.Contains(cited.Passage, c.Value) {
				t.Errorf("claim %q (%s) cites [%d], a passage of %s: %q", c.Value, c.Source, c.N, cited.Source, cited.Passage)
			}
			s := fmt.Sprintf("%s (%s", c.Value, c.Source)
			if c.By != "" {
				s += ", per " + c.By
			}
			if c.Period != "" {
				s += ", " + c.Period
			}
			cs = append(cs, s+")")
		}
		lines = append(lines, kind+": "+d.About+": "+strings.Join(cs, " · "))
	}
	return strings.Join(lines, "\n")
}

// The default corpus gives two counts of containers, from Washington and
// from Seoul, over different periods.
func TestDifferencesDefaultCorpus(t *testing.T) {
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix := openTest(t, nil)
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 3} {
		a := askLimit(t, ix, "How many containers has North Korea sent to Russia?", n)
		want := "differ: containers of munitions: more than 16,500 (briefbot default corpus, per the United States, since September 2023) · 13,000 (briefbot default corpus, per South Korea, since mid-2022)"
		if got := showDifferences(t, a); got != want {
			t.Errorf("-n %d: got\n%s\nwant\n%s", n, got, want)
		}
	}
}

// differenceIndex holds invented reports that give figures differently,
// the same figure written differently, and one source's revision.
func differenceIndex(t *testing.T) *Index {
	t.Helper()
	ix := openTest(t, nil)
	docs := []corpus.Document{
		// A fine: $2m and $1.2m.
		{ID: "fine-a", Title: "Acme Logistics fined over price sharing", Source: "Lantern Post", Published: day("2024-05-10"),
			Text: "Acme Logistics was fined $2m by the competition authority on Friday for sharing prices with two rivals.\n\nThe company said it would appeal."},
		{ID: "fine-b", Title: "Regulator penalises Acme Logistics", Source: "Quill Daily", Published: day("2024-05-11"),
			Text: "The competition authority fined Acme Logistics $1.2m for sharing prices with rivals, according to the regulator's statement.\n\nAcme Logistics employs about 14,500 people."},
		// The same fine written two ways.
		{ID: "levy-a", Title: "Borealis Shipping fined", Source: "Lantern Post", Published: day("2024-06-03"),
			Text: "Borealis Shipping was fined $2 million by the port authority for late filings, officials said."},
		{ID: "levy-b", Title: "Port authority fines Borealis Shipping", Source: "Quill Daily", Published: day("2024-06-04"),
			Text: "The port authority fined Borealis Shipping $2m over late filings, the company confirmed."},
		// A pay rise: 9% and 8.5%.
		{ID: "pay-a", Title: "Nurses accept deal", Source: "Harbor Times", Published: day("2024-03-01"),
			Text: "Nurses in Calder County will receive a 9% pay rise over two years under the deal, the union said."},
		{ID: "pay-b", Title: "Calder County nurses end strike", Source: "Valley Herald", Published: day("2024-03-02"),
			Text: "The deal gives Calder County nurses a pay rise of 8.5%, according to the health board."},
		// A toll one source revised: 37, then 41.
		{ID: "toll-1", Title: "Floods in Merrow Valley", Source: "Lantern Post", Published: day("2024-05-10"),
			Text: "At least 37 people died in the floods in Merrow Valley, the regional governor said on Friday."},
		{ID: "toll-2", Title: "Merrow Valley flood toll rises", Source: "Lantern Post", Published: day("2024-05-12"),
			Text: "The death toll from the floods in Merrow Valley rose to 41 on Sunday, the regional governor said."},
	}
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestDifferencesInvented(t *testing.T) {
	ix := differenceIndex(t)
	for _, tt := range []struct {
		question string
		n        int
		want     string
	}{
		// Both fines shown and both cited, even when only one citation
		// was asked for.
		{"How much was Acme Logistics fined?", 1,
			"differ: fine: $2m (Lantern Post) · $1.2m (Quill Daily, per the regulator's statement)"},
		{"How much was Acme Logistics fined?", 3,
			"differ: fine: $2m (Lantern Post) · $1.2m (Quill Daily, per the regulator's statement)"},
		// "$2 million" and "$2m" are one figure.
		{"How much was Borealis Shipping fined?", 3, ""},
		{"What pay rise did the Calder County nurses get?", 3,
			"differ: pay rise: 8.5% (Valley Herald, per the health board) · 9% (Harbor Times, per the union)"},
		// One source revising its own figure is an update.
		{"How many people died in the Merrow Valley floods?", 3,
			"update: dead: At least 37 (Lantern Post, per the regional governor) · 41 (Lantern Post, per the regional governor)"},
		// A question that asks for no figure gets none.
		{"Who fined Acme Logistics?", 3, ""},
	} {
		q, err := corpus.ParseQuery(tt.question)
		if err != nil {
			t.Fatal(err)
		}
		q.Limit = tt.n
		a, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := showDifferences(t, a); got != tt.want {
			t.Errorf("%q -n %d: got\n%s\nwant\n%s", tt.question, tt.n, got, tt.want)
		}
	}
}
