package claim

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// What a figure counts, who states it and for when.
func TestExtractThingByPeriod(t *testing.T) {
	for _, tt := range []struct {
		sentence, figure string
		head             string
		mods             []string
		by, period       string
	}{
		{"The United States reported that Russia has secured more than 16,500 containers of munitions from North Korea since September 2023, while South Korea cited a lower figure of 13,000 since mid-2022.",
			"more than 16,500", "container", []string{"munition"}, "the United States", "since September 2023"},
		{"The United States reported that Russia has secured more than 16,500 containers of munitions from North Korea since September 2023, while South Korea cited a lower figure of 13,000 since mid-2022.",
			"13,000", "container", []string{"munition"}, "South Korea", "since mid-2022"},
		{"The death toll from the floods rose to 41 on Tuesday, the regional governor said.", "41", "dead", []string{"flood"}, "the regional governor", ""},
		{"At least 37 people were killed, according to the emergency office.", "At least 37", "dead", nil, "the emergency office", ""},
		{"Officials said 41 people died in the blast by the end of 2024.", "41", "dead", nil, "Officials", "by the end of 2024"},
		{"The blast killed 12 civilians, police said.", "12", "dead", []string{"civilian"}, "police", ""},
		{"Acme was fined $2m by the regulator.", "$2m", "fine", nil, "", ""},
		{"The regulator fined Acme $1.2m on Friday.", "$1.2m", "fine", []string{"acme"}, "", ""},
		{"Nurses will get a 9% pay rise, the union said.", "9%", "rise", []string{"pay"}, "the union", ""},
		{"The union agreed a pay rise of 8.5% for nurses.", "8.5%", "rise", []string{"pay"}, "", ""},
		{"Wages rose 4% in the first half of 2024.", "4%", "rise", []string{"wage"}, "", "in the first half of 2024"},
		{"August 1999 in Turkey: 18,000 people died in a quake.", "18,000", "dead", nil, "", "August 1999"},
		{"Inflation was 3.2% in October, the statistics office said.", "3.2%", "inflation", nil, "the statistics office", "in October"},
		{"Some 76.6 per cent of South Koreans back nuclear weapons.", "Some 76.6 per cent", "korean", []string{"back", "nuclear", "south", "weapon"}, "", ""},
		{"Twelve people are missing after the landslide.", "Twelve", "missing", nil, "", ""},
		{"More than 3,000 residents have been evacuated so far this year.", "More than 3,000", "evacuated", []string{"resident"}, "", "so far this year"},
		{"Analysts at the Institute for Security Studies said three million shells had been sent.", "three million", "shell", nil, "Analysts at the Institute for Security Studies", ""},
		{"Ticket sales reached a record 210,000, organisers said.", "210,000", "sales", []string{"ticket"}, "organisers", ""},
		{"He said 500 troops had arrived.", "500", "troop", nil, "", ""}, // a pronoun names no one
	} {
		var c *Claim
		cs := Extract(tt.sentence)
		for i := range cs {
			if cs[i].Text == tt.figure {
				c = &cs[i]
			}
		}
		if c == nil {
			t.Errorf("%q: no figure %q among %+v", tt.sentence, tt.figure, cs)
			continue
		}
		if c.Thing.Head != tt.head || !slices.Equal(c.Thing.Mods, tt.mods) || c.By != tt.by || c.Period != tt.period {
			t.Errorf("%q %q:\n got thing %q %q, by %q, period %q\nwant thing %q %q, by %q, period %q", tt.sentence, tt.figure,
				c.Thing.Head, c.Thing.Mods, c.By, c.Period, tt.head, tt.mods, tt.by, tt.period)
		}
	}
}

// A change names the figure after it; the earlier figure is kept apart.
func TestExtractChange(t *testing.T) {
	c := only(t, "The death toll rose from 37 to 41, officials said.")
	if c.Value.Lo != 41 || c.From != "37" || c.Text != "41" || c.Thing.Head != "dead" || c.By != "officials" {
		t.Errorf("got %+v", c)
	}
}

// "A 30-year mortgage" names a kind of mortgage.
func TestExtractAttributive(t *testing.T) {
	c := only(t, "Rates on a 30-year mortgage climbed.")
	if !c.Attributive || c.Kind != Duration {
		t.Errorf("got %+v, want an attributive duration", c)
	}
	c = only(t, "A nine-story building was hit.")
	if !c.Attributive || c.Kind != Count {
		t.Errorf("got %+v, want an attributive count", c)
	}
}

// Byte ranges point at the figure and its sentence in the passage.
func TestExtractRanges(t *testing.T) {
	p := "Floods hit the north. The death toll rose to 41 on Tuesday. Rescuers are still searching."
	c := only(t, p)
	if got := p[c.Figure[0]:c.Figure[1]]; got != "41" {
		t.Errorf("figure range holds %q", got)
	}
	if got := p[c.Sentence[0]:c.Sentence[1]]; got != "The death toll rose to 41 on Tuesday." {
		t.Errorf("sentence range holds %q", got)
	}
}

func FuzzExtract(f *testing.F) {
	b, err := os.ReadFile("testdata/passages.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range splitBlank(string(b)) {
		f.Add(p)
	}
	for _, s := range []string{"", "$", "30-", "between 3 and", "from 37 to", "1,000,000,000,000,000,000,000,000 dollars", "9e999", "£", "US$", "-", "half a", "a dozen", "1.2.3.4", "०१२ ٣", "$1e308bn", strings.Repeat("9", 400) + " people"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		for _, c := range Extract(p) {
			s, f := c.Sentence, c.Figure
			if s[0] < 0 || s[1] > len(p) || s[0] > s[1] || f[0] < s[0] || f[1] > s[1] || f[0] >= f[1] {
				t.Fatalf("ranges %v %v out of the sentence or passage (%d bytes): %q", f, s, len(p), p)
			}
			if p[f[0]:f[1]] != c.Text && c.From == "" {
				t.Fatalf("figure range holds %q, text %q", p[f[0]:f[1]], c.Text)
			}
			if !utf8.ValidString(c.Text) && utf8.ValidString(p) {
				t.Fatalf("text %q is not valid UTF-8", c.Text)
			}
			for _, v := range []float64{c.Value.Lo, c.Value.Hi, c.Value.Step} {
				if math.IsInf(v, 0) || math.IsNaN(v) {
					t.Fatalf("value %+v not finite for %q", c.Value, c.Text)
				}
			}
			if c.Value.Lo > c.Value.Hi {
				t.Fatalf("range %+v inverted for %q", c.Value, c.Text)
			}
		}
	})
}
