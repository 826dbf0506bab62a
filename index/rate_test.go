package index

import (
	"slices"
	"testing"
)

func TestAskedRate(t *testing.T) {
	for q, want := range map[string]string{
		"How many artillery shells are fired each day?":          "day",
		"How many migrants cross per month?":                     "month",
		"How much does the plant produce annually?":              "year",
		"What does a subscription cost a year?":                  "year",
		"How many cities is Noah visiting after The Daily Show?": "",
		"How many shells has North Korea shipped?":               "",
		"What is the İstanbul daily ridership?":                  "day", // lowercasing that changes lengths
		"How many people died on the day of the storm?":          "",
	} {
		if got := askedRate(q); got != want {
			t.Errorf("askedRate(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestSaysRate(t *testing.T) {
	for _, c := range []struct {
		sentence, period string
		want             bool
	}{
		{"The shells are fired at a rate of about 10,000 a day.", "day", true},
		{"It pumps 2 million barrels daily.", "day", true},
		{"Tickets cost $5/day.", "day", true},
		{"North Korea has shipped five million shells since 2023.", "day", false},
		{"The plant produces 40 tons a year.", "day", false},
		{"Revenue grows 4% annually.", "year", true},
		{"He was arrested a day after the fire, with 10,000 rounds.", "day", false},
		{"The Daily Show airs at 11.", "day", false},
	} {
		if got := saysRate(c.sentence, c.period); got != c.want {
			t.Errorf("saysRate(%q, %q) = %v, want %v", c.sentence, c.period, got, c.want)
		}
	}
}

func FuzzAskedRate(f *testing.F) {
	for _, s := range []string{"How many shells are fired each day?", "The Daily Show daily", "İİİ daily", "per"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if p := askedRate(q); p != "" {
			if !slices.Contains([]string{"second", "minute", "hour", "day", "night", "week", "month", "year"}, p) {
				t.Fatalf("askedRate(%q) = %q, not a period", q, p)
			}
		}
	})
}
