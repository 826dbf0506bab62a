package timeline

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// published is a Wednesday.
var published = time.Date(2024, 10, 16, 14, 30, 0, 0, time.UTC)

func TestResolve(t *testing.T) {
	pub := PublishedOn(published)
	inferred := Anchor{Date: InYear(2024), Inferred: true}
	tests := []struct {
		name   string
		text   string
		anchor Anchor
		want   string // the mentions as "date/event" joined by ", "; "" for none
	}{
		// Absolute dates keep their precision whatever the anchor.
		{"day month year", "Talks began on 13 October 2024 in Geneva.", Anchor{}, "2024-10-13/event"},
		{"month day, year", "Talks began on October 13, 2024, in Geneva.", Anchor{}, "2024-10-13/event"},
		{"ordinal day of month", "It opened on the 13th of October 2024.", Anchor{}, "2024-10-13/event"},
		{"ISO date", "Filed 2024-10-13 at noon.", Anchor{}, "2024-10-13/event"},
		{"month year", "The summit in June 2024 ended early.", Anchor{}, "June 2024/event"},
		{"month of year", "In October of 2023 the port reopened.", Anchor{}, "October 2023/event"},
		{"abbreviated month", "Shipments began Sept. 2023.", Anchor{}, "September 2023/event"},
		{"year in event context", "In 2022 North Korea began shipping shells.", Anchor{}, "2022/event"},
		{"year with a modifier", "In early 2022 the first shipments left.", Anchor{}, "2022/event"},
		{"season of a year", "It happened in the summer of 2023.", Anchor{}, "2023/event"},
		{"mid-year", "Shipments started in mid-2022.", Anchor{}, "2022/event"},
		// Bounds, spans and names are dates, not the time of an event.
		{"since", "Russia has secured 16,500 containers since September 2023.", Anchor{}, "September 2023/bound"},
		{"as early as", "Transfers were recorded as early as 2022.", Anchor{}, "2022/bound"},
		{"by the end of", "The plant will close by the end of 2030.", Anchor{}, "2030/bound"},
		{"year range with a dash", "Shells sent from 2022–24.", Anchor{}, "2022/bound"},
		{"year range in event context", "Shells sent in 2022–24 exceeded a million.", Anchor{}, "2022/bound"},
		{"years joined", "in 2022 and 2023 prices rose", Anchor{}, "2022/bound"},
		{"day range", "Talks on 13 and 14 October 2024 failed.", Anchor{}, "2024-10-14/bound"},
		{"day range with a dash", "Talks on 13–14 October 2024 failed.", Anchor{}, "2024-10-14/bound"},
		{"year naming a thing", "The 2024 G7 summit in Italy focused on Ukraine.", Anchor{}, "2024/bound"},
		{"year naming the games", "She sang at the 2024 Paris Olympics.", Anchor{}, "2024/bound"},
		{"bare year", "About 2024 residents voted.", Anchor{}, "2024/bound"},
		{"part of a number", "It cost 12,2024 dollars.", Anchor{}, ""},
		// Relative to the publication date (Wednesday 16 October 2024).
		{"day month, publication's year", "On 13 October, Zelensky spoke.", pub, "2024-10-13/event"},
		{"day month of the year before", "On 28 December the ship sank.", pub, "2023-12-28/event"},
		{"day month announced", "On 20 October the vote is held.", pub, "2024-10-20/event"},
		{"weekday, same week", "Officials said on Monday that troops arrived.", pub, "2024-10-14/event"},
		{"weekday, the same day", "Officials said Wednesday that troops arrived.", pub, "2024-10-16/event"},
		{"last weekday", "They met last Wednesday.", pub, "2024-10-09/event"},
		{"next weekday is not past", "They meet next Monday.", pub, ""},
		{"yesterday", "The minister resigned yesterday.", pub, "2024-10-15/event"},
		{"today", "The court ruled today.", pub, "2024-10-16/event"},
		{"today's describes", "Today's North Korea is poorer.", pub, ""},
		{"Today starting a sentence", "Today the court ruled.", pub, "2024-10-16/event"},
		{"a paper's name", "The storm was the worst in decades, USA TODAY reported.", pub, ""},
		{"since, further back", "It is the deadliest storm since Katrina in 2005.", Anchor{}, "2005/bound"},
		{"a year ago today", "A year ago today he sang.", pub, ""},
		{"days ago", "The strike began three days ago.", pub, "2024-10-13/event"},
		{"last month", "Prices rose last month.", pub, "September 2024/event"},
		{"earlier this month", "Prices rose earlier this month.", pub, "October 2024/event"},
		{"last year", "The dam burst last year.", pub, "2023/event"},
		{"earlier this year", "The dam burst earlier this year.", pub, "2024/event"},
		{"in a month", "The treaty was signed in June.", pub, "June 2024/event"},
		{"in a later month is last year's", "The treaty was signed in December.", pub, "December 2023/event"},
		{"last October", "The treaty was signed last October.", pub, "October 2023/event"},
		{"May the verb", "Officials may sign it soon.", pub, ""},
		// A year read off an undated text anchors month names only.
		{"inferred: day month", "On 13 October, Zelensky spoke.", inferred, "2024-10-13/event"},
		{"inferred: no relative dates", "Prices rose last month, yesterday and on Monday.", inferred, ""},
		// Nothing to resolve against: left out, not guessed.
		{"no anchor: day month", "On 13 October, Zelensky spoke.", Anchor{}, ""},
		{"no anchor: weekday", "Officials said on Wednesday that troops arrived.", Anchor{}, ""},
		{"no anchor: yesterday", "The minister resigned yesterday.", Anchor{}, ""},
		{"not a day", "On 31 February 2024 nothing happened.", Anchor{}, ""},
		{"not a month", "Smarch 2024 was cold.", Anchor{}, "2024/bound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range Resolve(tt.text, tt.anchor) {
				if m.Date.IsZero() {
					t.Errorf("unresolved mention returned: %+v", m)
					continue
				}
				kind := "bound"
				if m.Event {
					kind = "event"
				}
				got = append(got, m.Date.String()+"/"+kind)
				if m.Start < 0 || m.End > len(tt.text) || m.Start >= m.End {
					t.Errorf("span %d–%d outside %q", m.Start, m.End, tt.text)
				}
			}
			if g := strings.Join(got, ", "); g != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.text, g, tt.want)
			}
		})
	}
}

func TestPublishedOnOwnCalendar(t *testing.T) {
	seoul := time.FixedZone("KST", 9*3600)
	// 8:00 on the 14th in Seoul is still the 13th in UTC.
	a := PublishedOn(time.Date(2024, 10, 14, 8, 0, 0, 0, seoul))
	if got := Resolve("The strike began yesterday.", a); len(got) != 1 || got[0].Date.String() != "2024-10-13" {
		t.Errorf("yesterday from Seoul: %+v", got)
	}
	if PublishedOn(time.Time{}) != (Anchor{}) {
		t.Error("a zero time anchors")
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		d                     Date
		str, iso, prec, until string
	}{
		{OnDay(2024, 10, 13), "2024-10-13", "2024-10-13", "day", "2024-10-14"},
		{InMonth(2024, 10), "October 2024", "2024-10-01", "month", "2024-11-01"},
		{InYear(2022), "2022", "2022-01-01", "year", "2023-01-01"},
		{Date{}, "", "", "unknown", "0001-01-01"},
	}
	for _, tt := range tests {
		if tt.d.String() != tt.str || tt.d.ISO() != tt.iso || tt.d.Precision.String() != tt.prec || tt.d.End().Format("2006-01-02") != tt.until {
			t.Errorf("%#v: %q %q %q %s", tt.d, tt.d.String(), tt.d.ISO(), tt.d.Precision, tt.d.End().Format("2006-01-02"))
		}
	}
	if !InMonth(2024, 10).Contains(OnDay(2024, 10, 13)) || OnDay(2024, 10, 13).Contains(InMonth(2024, 10)) || !InYear(2024).Compatible(OnDay(2024, 10, 13)) {
		t.Error("containment")
	}
	if InMonth(2024, 9).Compatible(OnDay(2024, 10, 13)) || OnDay(2024, 10, 12).Compatible(OnDay(2024, 10, 13)) {
		t.Error("incompatible dates compatible")
	}
	if !InYear(2024).Before(InMonth(2024, 1)) || !InMonth(2024, 1).Before(OnDay(2024, 1, 1)) || OnDay(2024, 1, 2).Before(InMonth(2024, 1)) {
		t.Error("order")
	}
	from, to := time.Date(2024, 10, 14, 0, 0, 0, 0, time.UTC), time.Date(2024, 10, 20, 0, 0, 0, 0, time.UTC)
	if !InMonth(2024, 10).Overlaps(from, to) || OnDay(2024, 10, 13).Overlaps(from, to) || OnDay(2024, 10, 20).Overlaps(from, to) || !OnDay(2024, 10, 13).Overlaps(time.Time{}, to) {
		t.Error("overlaps")
	}
}

func TestInferAnchor(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		// The latest year an event is put in; what will or may happen and
		// what is bounded do not count.
		{"A summit in June 2024 sealed it. Trump may return in November 2025. Shipments since 2026 are unknown.", "2024"},
		{"In 2019 it began. In 2021 it grew.", "2021"},
		{"No dates here at all.", ""},
		{"On 13 October, nothing else.", ""},
	}
	for _, tt := range tests {
		a := InferAnchor(tt.text)
		if got := a.Date.String(); got != tt.want || (got != "" && !a.Inferred) {
			t.Errorf("InferAnchor(%q) = %+v, want %q", tt.text, a, tt.want)
		}
	}
}

// FuzzResolve: any text, any anchor: no panic, spans inside the text on
// rune boundaries, every date resolved and no more precise than a day.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"On 13 October, Zelensky said", "in 2022–24", "last month", "13th of", "2024-10-", "October 31, 2024", "3 days ago", "Wednesday", "in the summer of 2023", "May", "\xff13 October"} {
		f.Add(s, int64(published.Unix()), uint8(3), false)
	}
	f.Fuzz(func(t *testing.T, text string, unix int64, prec uint8, inferred bool) {
		a := Anchor{Inferred: inferred}
		if prec = prec % 4; prec > 0 {
			a.Date = Date{time.Unix(unix%(300*365*86400), 0).UTC().Truncate(24 * time.Hour), Precision(prec)}
		}
		for _, m := range Resolve(text, a) {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !utf8.RuneStart(text[m.Start]) {
				t.Fatalf("bad span %d–%d in %q", m.Start, m.End, text)
			}
			if m.Date.IsZero() || m.Date.Precision > Day {
				t.Fatalf("unresolved or bad date %+v", m)
			}
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	text := "On 13 October, Ukrainian President Volodymyr Zelensky said that North Korea was transferring people to the armed forces in Russia. " +
		"Intelligence estimates suggest North Korea has sent over three million artillery shells from 2022–24, and officials said on Wednesday that " +
		"more arrived last month, after a summit in June 2024."
	a := PublishedOn(published)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Resolve(text, a)
	}
}
