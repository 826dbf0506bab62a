package corpus

import (
	"strings"
	"testing"
	"time"
)

func TestReadWhen(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		q        string
		from, to time.Time
		label    string
		current  float64
	}{
		{"Who won the Tour de France in July 2025?", d(2025, 7, 1), d(2025, 8, 1), "July 2025", 0},
		{"Who won the Boston Marathon in April 2025?", d(2025, 4, 1), d(2025, 5, 1), "April 2025", 0},
		{"How many seats did Labour win in 2024?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"What happened on 5 March 2025?", d(2025, 3, 5), d(2025, 3, 6), "5 March 2025", 0},
		{"What happened on March 5, 2025?", d(2025, 3, 5), d(2025, 3, 6), "5 March 2025", 0},
		{"What did the Fed do in July of 2024?", d(2024, 7, 1), d(2024, 8, 1), "July 2024", 0},
		{"Who won the 151st Kentucky Derby?", d(2025, 5, 1), d(2025, 6, 1), "the 151st Kentucky Derby (2025)", 0},
		{"Who won drama series at the 77th Primetime Emmy Awards?", d(2025, 9, 1), d(2025, 10, 1), "the 77th Primetime Emmy Awards (2025)", 0},
		{"Who won the 150th running of the Kentucky Derby?", d(2024, 5, 1), d(2024, 6, 1), "the 150th running of the Kentucky Derby (2024)", 0},
		{"Who hosted the 96th annual Academy Awards?", d(2024, 3, 1), d(2024, 4, 1), "the 96th annual Academy Awards (2024)", 0},
		// A season runs July to July; who won it or was named its best is
		// known at its end.
		{"Who was named NBA MVP for the 2024-25 season?", d(2025, 1, 1), d(2025, 7, 1), "the 2024-25 season", 0},
		{"Which club won the 2024–2025 Premier League title?", d(2025, 1, 1), d(2025, 7, 1), "the 2024-25 season", 0},
		{"How many flu deaths did Delaware count in the 2017-18 season?", d(2017, 7, 1), d(2018, 7, 1), "the 2017-18 season", 0},
		{"Where did the meteor CNEOS 2014-01-08 land?", d(2014, 1, 1), d(2015, 1, 1), "2014", 0},
		{"Who won Super Bowl LX?", d(2026, 2, 1), d(2026, 3, 1), "Super Bowl LX (2026)", 0},
		{"Who won the 112th Tour de France?", d(2025, 7, 1), d(2025, 8, 1), "the 112th Tour de France (2025)", 0},
		{"Who won the 121st World Series?", d(2025, 10, 1), d(2025, 11, 1), "the 121st World Series (2025)", 0},
		{"What was decided last year?", d(2025, 1, 1), d(2026, 1, 1), "2025", 0},
		{"What happened this week in Congress?", d(2026, 11, 23), d(2026, 11, 30), "the week to 29 November 2026", 0},
		{"What happened in the past week?", d(2026, 11, 23), d(2026, 11, 30), "the week to 29 November 2026", 0},
		{"What did Congress pass last week?", d(2026, 11, 16), d(2026, 11, 23), "the week of 16 November 2026", 0}, // now is a Sunday
		{"Where did prices go between 2022 and 2024?", d(2022, 1, 1), d(2025, 1, 1), "2022–2024", 0},
		{"Who is the new prime minister of France?", time.Time{}, time.Time{}, "", 1},
		{"Who is the prime minister of France?", time.Time{}, time.Time{}, "", 0.5},
		{"Who's the Speaker of the House?", time.Time{}, time.Time{}, "", 0.5},
		{"Who runs Boeing?", time.Time{}, time.Time{}, "", 0.5},
		{"What is the latest inflation figure?", time.Time{}, time.Time{}, "", 1},
		{"How many people live in the city now?", time.Time{}, time.Time{}, "", 1},
		{"How many shells has North Korea sent?", time.Time{}, time.Time{}, "", 0.5},
		{"Who won the election?", time.Time{}, time.Time{}, "", 0},
		{"How old is Mitch McConnell?", time.Time{}, time.Time{}, "", 0.5},
		{"How old was Bobby Bowden when he died?", time.Time{}, time.Time{}, "", 0},
		// Parts of a year: quarters, halves, seasons, stretches.
		{"How much did Starliner lose in the third quarter of 2024?", d(2024, 7, 1), d(2024, 10, 1), "the third quarter of 2024", 0},
		{"What did it earn in the 3rd quarter of 2023?", d(2023, 7, 1), d(2023, 10, 1), "the 3rd quarter of 2023", 0},
		{"What did Boeing report for Q4 2023?", d(2023, 10, 1), d(2024, 1, 1), "Q4 2023", 0},
		{"How many requests came in the first half of 2020?", d(2020, 1, 1), d(2020, 7, 1), "the first half of 2020", 0},
		{"What happened in H2 2024?", d(2024, 7, 1), d(2025, 1, 1), "H2 2024", 0},
		{"Since spring 2022, how many migrants came?", d(2022, 3, 1), d(2022, 6, 1), "spring 2022", 0},
		{"Who left in the autumn of 2023?", d(2023, 9, 1), d(2023, 12, 1), "autumn 2023", 0},
		{"What did the price rise to in mid-2020?", d(2020, 4, 1), d(2020, 10, 1), "mid-2020", 0},
		{"How many jobs went in its late-2018 restructuring?", d(2018, 9, 1), d(2019, 1, 1), "late 2018", 0},
		{"Which law was signed in early 2023?", d(2023, 1, 1), d(2023, 5, 1), "early 2023", 0},
		{"What was the estimate at the end of 2023?", d(2023, 9, 1), d(2024, 1, 1), "late 2023", 0},
		// Not parts of a year: winter, a fiscal year's quarter, a close race,
		// a fifth quarter.
		{"What fell in winter 2024?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"What did it earn in the second quarter of fiscal 2024?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"Who won the close 2024 Senate race?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"What happened in the fifth quarter of 2024?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"What happened in H3 2024?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},

		{"When was the colony of New South Wales founded?", time.Time{}, time.Time{}, "", 0},
		{"Now who runs it?", time.Time{}, time.Time{}, "", 1},
		// "new" and "present" ask about now only after "the", "a" or "at";
		// a question in the past tense asks about then.
		{"How long does it take for new areas to produce oil?", time.Time{}, time.Time{}, "", 0},
		{"What was the share of households with no husband present?", time.Time{}, time.Time{}, "", 0},
		{"Who is the king at present?", time.Time{}, time.Time{}, "", 1},
		{"Who was the new king crowned then?", time.Time{}, time.Time{}, "", 0},
		{"What was the latest inflation figure?", time.Time{}, time.Time{}, "", 1},
		{"Who's Virginia's governor these days?", time.Time{}, time.Time{}, "", 1},
		{"How much debt has been forgiven so far?", time.Time{}, time.Time{}, "", 1},
		// Unreadable dates are plain words; the year still reads.
		{"What happened on 31 February 2025?", d(2025, 2, 1), d(2025, 3, 1), "February 2025", 0},
		{"What happened in Smarch 2024?", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"It may 2024 be", d(2024, 1, 1), d(2025, 1, 1), "2024", 0},
		{"What did 3,000 troops do?", time.Time{}, time.Time{}, "", 0},
		{"Who won Super Bowl LXXXXX?", time.Time{}, time.Time{}, "", 0},
		{"Who won the 9999th Kentucky Derby?", time.Time{}, time.Time{}, "", 0},
	} {
		w := ReadWhen(tc.q, now)
		if !w.From.Equal(tc.from) || !w.To.Equal(tc.to) || w.Label != tc.label || w.Current != tc.current {
			t.Errorf("ReadWhen(%q) = %v..%v %q current %v; want %v..%v %q current %v", tc.q, w.From, w.To, w.Label, w.Current, tc.from, tc.to, tc.label, tc.current)
		}
	}
}

// A question about what will happen then, or is set to, is marked, so
// that reports from before may answer; what was to happen then is not.
func TestReadWhenFuture(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		q      string
		future bool
	}{
		{"What minimum hourly rate will New York City's delivery workers reach by April 2025?", true},
		{"Who will win Super Bowl LX?", true},
		{"Which new sport is set to debut at the Paris 2024 Olympics?", true},
		{"What are the Fed's rates expected to be in 2025?", true},
		{"Where was Starliner slated to touch down in June 2024?", false},
		{"What gold price did the strategist forecast for the end of 2024?", true},
		{"What deficit did the CBO project for 2025?", true},
		{"How hot was Wilmington expected to get in June 2024?", false},
		{"Who won the Tour de France in July 2025?", false},
		// No time, nothing to mark.
		{"Who will win the election?", false},
	} {
		if w := ReadWhen(tc.q, now); w.Future != tc.future {
			t.Errorf("ReadWhen(%q).Future = %v, want %v", tc.q, w.Future, tc.future)
		}
	}
}

// A question about what happened: a past verb after the question word.
func TestAsksPast(t *testing.T) {
	for q, want := range map[string]bool{
		"Who won the men's downhill at the Milan Cortina Winter Olympics?": true,
		"Which team took the Stanley Cup?":                                 true,
		"What was the final score?":                                        true,
		"How many medals did the U.S. win?":                                true,
		"Who will win the downhill?":                                       false,
		"Where are the Milan Cortina Winter Olympics held?":                false,
		"Who is favored to win the downhill?":                              false,
		"In the end, who won the downhill?":                                true,
	} {
		if got := AsksPast(q); got != want {
			t.Errorf("AsksPast(%q) = %v, want %v", q, got, want)
		}
	}
}

// A curly apostrophe, as phones type it, reads as a straight one.
func TestReadWhenCurlyApostrophe(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, q := range []string{
		"What's the latest inflation rate?",
		"Who's the mayor of Boise?",
		"What's been the biggest storm of 2024?",
		"Who's won the Tour de France in July 2025?",
	} {
		curly := strings.ReplaceAll(q, "'", "’")
		if a, b := ReadWhen(q, now), ReadWhen(curly, now); a != b {
			t.Errorf("ReadWhen(%q) = %+v, ReadWhen(%q) = %+v", q, a, curly, b)
		}
	}
}

func FuzzReadWhen(f *testing.F) {
	for _, s := range []string{"in July 2025", "the 2024-25 season", "2024–2025", "the third quarter of 2024", "H2 2024", "mid-2023", "the end of 2023", "Super Bowl LX", "the 151st Kentucky Derby", "last year", "5 March 2025", "May 2024", "Who's"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		w := ReadWhen(s, now)
		if !w.IsZero() && !w.To.After(w.From) {
			t.Fatalf("ReadWhen(%q): empty period %v..%v", s, w.From, w.To)
		}
		if w.Current < 0 || w.Current > 1 {
			t.Fatalf("ReadWhen(%q): current %v", s, w.Current)
		}
	})
}
