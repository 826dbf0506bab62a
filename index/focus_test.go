package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index/wordvec"
)

func TestReadFocus(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string // nil: no focus
	}{
		{"How many motors drive the Space Needle's revolving glass floor?", []string{"motors"}},
		{"How many new sign-ups did the course get in April 2020?", []string{"sign-ups"}},
		{"How many of his Democratic colleagues urged him to run?", []string{"democratic", "colleagues"}},
		{"How many unfinished trucks and sport utility vehicles did Ford hold?", []string{"unfinished", "trucks", "sport", "utility", "vehicles"}},
		{"How many people were expected at the steeplechase?", []string{"people"}},
		{"Roughly how many acres does the monument cover?", []string{"acres"}},
		{"How many Golden Globes did 'Oppenheimer' collect?", []string{"golden", "globes"}},
		{"How much did the fine cost?", nil},
		{"Who won the race?", nil},
		{"Why did officials ask how many doses were left?", nil}, // not the question's own "how many"
		// A measure asks for its units.
		{"How far is Jacksonville from Miami?", measureUnits["far"]},
		{"How tall is the tower?", measureUnits["tall"]},
		{"How much did the fin whale weigh?", measureUnits["heavy"]},
		{"How fast were the winds in the 1964 hurricane?", measureUnits["fast"]},
		{"How fast is the U.S. economy growing right now?", nil}, // a rate, not a speed
		{"How fast is the virus spreading?", nil},
		{"How long did the telecast run?", measureUnits["long"]}, // a time or a length
		{"How high is inflation now?", nil},
	} {
		f := readFocus(tc.q, nil)
		var got []string
		if f != nil {
			got = f.words
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("readFocus(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestFocusCounted(t *testing.T) {
	table, err := wordvec.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		q, sentence string
		min, max    float64
	}{
		{"How many motors drive the floor?", "The mechanics include 12 motors and 48 rollers.", 1, 1},
		{"How many acres does the monument cover?", "Boosters hope to redesignate the 12,025-acre wonder.", 1, 1},
		{"How many oligarchs were hit with visa bans?", "The US will impose visa restrictions on 19 oligarchs and 47 of their relatives.", 1, 1},
		{"How many of his colleagues urged him to run?", "I am grateful that 34 of my colleagues have called me.", 1, 1},
		{"How many chickens were culled?", "The facility held 5.3 million hens.", focusCos * 0.99, 1},
		{"How many Ballon d'Or awards has Messi won?", "Messi, the eight-time Ballon d'Or winner, could fill one slot.", 0.6, 0.6},
		// Units stand for themselves, spelt out or not.
		{"How many pounds of steam does the engine use?", "It consumes approx. 4 kg (8.8 lb) of steam per kWh.", 1, 1},
		{"How many tons of sulfur dioxide did the eruption release?", "The lava stopped less than 2 miles and 160 feet from the town.", 0, 0},
		// A number that counts something else, a year, or no number.
		{"How many motors drive the floor?", "The floor turns at the 500-foot level in 20 minutes.", 0, 0},
		{"How many jobs did GM cut?", "In 2018 jobs were cut at GM.", 0, 0},
		{"How many motors drive the floor?", "Motors drive the floor.", 0, 0},
		// A measure is answered in any of its units, written out, short or
		// joined to the number.
		{"How far is Jacksonville from Miami?", "It lies about 340 miles north of Miami.", 1, 1},
		{"How far is Jacksonville from Miami?", "The 340-mile drive takes five hours.", 1, 1},
		{"How fast were the winds?", "Winds reached 110 mph near St. Augustine.", 1, 1},
		{"How much did the fin whale weigh?", "The whale weighed about 40 tons.", 1, 1},
		{"How much did the fin whale weigh?", "In May, a 50-foot fin whale beached itself and died.", 0, 0},
		{"How far is Jacksonville from Miami?", "The ports handle about half of all goods, 40% of them in Miami.", 0, 0},
		// An age is not how long something lasted.
		{"How long a prison sentence did Combs receive?", "The accuser said she was 17 years old in 2003.", 0, 0},
		{"How long a prison sentence did Barrow receive?", "Barrow is serving nine years in prison.", 1, 1},
	} {
		f := readFocus(tc.q, table)
		s := tc.sentence
		got := f.counted(sentenceWords(s, [2]int{0, len(s)}))
		if got < tc.min || got > tc.max {
			t.Errorf("%q in %q: counted %.2f, want [%.2f, %.2f]", tc.q, s, got, tc.min, tc.max)
		}
	}
}

// TestCountedPassageFirst: of two passages about the same floor, the one
// that counts the motors answers "how many motors", though the other holds
// more of the question's words and a number.
func TestCountedPassageFirst(t *testing.T) {
	docs := []corpus.Document{
		{ID: "words", Title: "Space Needle", Source: "Travel Desk", Published: day("2018-08-03"),
			Text: "The Space Needle's revolving glass floor, the world's first, drives visitors slowly around the 500-foot level of the Space Needle in 45 minutes."},
		{ID: "count", Title: "Space Needle", Source: "Travel Desk", Published: day("2018-08-03"),
			Text: "The mechanics of the Space Needle's revolving floor are visible through the glass and include 12 motors and 48 rollers."},
		{ID: "other", Title: "Ferris wheel", Source: "City Desk", Published: day("2018-08-04"),
			Text: "The Seattle Great Wheel carries 300 riders an hour on the waterfront."},
	}
	a := askText(t, datedIndex(t, nil, docs), "How many motors drive the Space Needle's revolving glass floor?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "count" {
		t.Fatalf("citations %v, want the passage counting the motors first", docIDs(a))
	}
	if !strings.Contains(a.Answer, "12 motors") {
		t.Errorf("answer %q, want the sentence with 12 motors", a.Answer)
	}
}

// FuzzFocus: any question reads to no focus or to lowercased words, and
// counting on any sentence stays within [0, 1].
func FuzzFocus(f *testing.F) {
	for _, s := range []string{"How many motors drive the floor?", "how many", "HOW MANY 12-acre s's and or", "Roughly how many Ü-böats?", "how many of of of"} {
		f.Add(s, "The 12,025-acre site has 5.3 million hens and eight-time winners.")
	}
	f.Fuzz(func(t *testing.T, q, sentence string) {
		fc := readFocus(q, nil)
		if fc != nil {
			if len(fc.words) == 0 {
				t.Fatalf("readFocus(%q): a focus without words", q)
			}
			for _, w := range fc.words {
				if w != strings.ToLower(w) || w == "" {
					t.Fatalf("readFocus(%q): word %q", q, w)
				}
			}
		}
		if v := fc.counted(sentenceWords(sentence, [2]int{0, len(sentence)})); v < 0 || v > 1 {
			t.Fatalf("counted = %v", v)
		}
	})
}

// A question asking for a unit is not answered by a count of another:
// "How many tons…" by "2 miles".
func TestUnitAskedIsCounted(t *testing.T) {
	docs := []corpus.Document{
		{ID: "lava", Title: "Eruption near Grindavík", Source: "Volcano Desk", Published: day("2024-05-30"),
			Text: "The eruption near Grindavík released sulfur dioxide and sent lava to defensive walls less than 2 miles from the town, the office said."},
		{ID: "gas", Title: "Eruption gases", Source: "Volcano Desk", Published: day("2024-05-31"),
			Text: "The eruption near Grindavík released about 50,000 tons of sulfur dioxide, the office said."},
	}
	ix := datedIndex(t, nil, docs)
	a := askText(t, ix, "How many tons of sulfur dioxide did the eruption near Grindavik release?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "gas" {
		t.Errorf("citations %v, want the passage counting tons first", docIDs(a))
	}
	a = askText(t, datedIndex(t, nil, docs[:1]), "How many tons of sulfur dioxide did the eruption near Grindavik release?")
	if !a.Declined() {
		t.Errorf("answer %q, citations %v; want declined: no source counts tons", a.Answer, docIDs(a))
	}
}

// Nights are counted as days are: a time of day does not say how many.
func TestNightsAreCounted(t *testing.T) {
	doc := corpus.Document{ID: "austin", Title: "Austin back in hospital", Source: "Pentagon Desk", Published: day("2024-02-12"),
		Text: "Defense Secretary Lloyd Austin, 70, was taken back to Walter Reed by his security detail at 2:20 p.m. Sunday, officials said."}
	q := "How many nights did Lloyd Austin spend at Walter Reed?"
	if a := askText(t, datedIndex(t, nil, []corpus.Document{doc}), q); !a.Declined() {
		t.Errorf("answer %q; want declined: no source counts the nights", a.Answer)
	}
	doc.Text += "\n\nAustin spent two nights at Walter Reed before he was released on Tuesday."
	if a := askText(t, datedIndex(t, nil, []corpus.Document{doc}), q); !strings.Contains(a.Answer, "two nights") {
		t.Errorf("answer %q; want the nights counted", a.Answer)
	}
}

// TestHowLongIsATimeOrALength: "how long" is answered by a time, a
// length, or a span from or to a date, and not by another number.
func TestHowLongIsATimeOrALength(t *testing.T) {
	f := readFocus("How long did the 96th Academy Awards telecast run?", nil)
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{"The telecast ran three hours and 23 minutes.", true},
		{"Voters waited in a two-and-a-half-hour line.", true},
		{"The coast runs 381 miles.", true},
		{"Phoenix has had no passenger trains since 1996.", true},
		{"The Summer Theatre was in operation from 1870 to 1939.", true},
		{"Plague remained a major event until the second quarter of the 19th century.", true},
		{"Almost 19.5 million viewers tuned in to see the 96th Academy Awards.", false},
		{"The show moved from ABC to NBC, with 23 presenters.", false},
		{"It aired since Sunday.", false},
	} {
		ws := sentenceWords(tc.sentence, [2]int{0, len(tc.sentence)})
		if got := f.counted(ws) > 0; got != tc.want {
			t.Errorf("counted(%q) = %v, want %v", tc.sentence, got, tc.want)
		}
	}
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "ratings", Title: "Oscars ratings", Source: "TV Desk", Published: day("2024-03-12"),
			Text: "Almost 19.5 million viewers tuned in to see the 96th Academy Awards telecast on Sunday, up from 18.7 million viewers in 2023."},
	})
	if a := askText(t, ix, "How long did the 96th Academy Awards telecast run?"); len(a.Citations) > 0 {
		t.Errorf("answered %q; want a decline, since no source gives how long it ran", a.Answer)
	}
}

// TestMeasureAnsweredInItsUnits: "How far…" is answered by the passage
// giving a distance, though another holds more of the question's words
// and a number; and a weight no source gives is not answered by a length.
func TestMeasureAnsweredInItsUnits(t *testing.T) {
	ix := datedIndex(t, nil, []corpus.Document{
		{ID: "ports", Title: "Florida ports", Source: "Ports Desk", Published: day("2024-10-01"),
			Text: "The ports of Jacksonville and Miami handle about half of all goods shipped from Florida, and Miami alone handles 40% of them."},
		{ID: "city", Title: "Jacksonville, Florida", Source: "Reference", Published: day("2024-01-01"),
			Text: "Jacksonville lies on the St. Johns River, about 340 miles north of Miami."},
		{ID: "whale", Title: "Whale dies on beach", Source: "Coast Desk", Published: day("2024-05-20"),
			Text: "In May, a 50-foot fin whale beached itself and died at Delaware Seashore State Park, and crews buried it on the beach."},
	})
	a := askText(t, ix, "How far is Jacksonville from Miami?")
	if len(a.Citations) == 0 || a.Citations[0].DocID != "city" || !strings.Contains(a.Answer, "340 miles") {
		first := ""
		if len(a.Citations) > 0 {
			first = a.Citations[0].DocID
		}
		t.Errorf("answer %q, first citation %q; want the distance from city", a.Answer, first)
	}
	if a := askText(t, ix, "How much did the fin whale that beached at Delaware Seashore State Park weigh?"); len(a.Citations) > 0 {
		t.Errorf("answered %q; want a decline, since no source gives its weight", a.Answer)
	}
}
