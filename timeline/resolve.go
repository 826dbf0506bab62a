package timeline

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Anchor is what a text's dates without a year, and its relative dates,
// are read against: the document's publication day, or, for an undated
// document, the latest year its text names.
type Anchor struct {
	Date Date
	// Inferred says Date is a year read off the text, not a publication
	// date. Month names resolve against it ("13 October" in a text about
	// 2024); relative dates ("yesterday", "last year") do not, since the
	// text may have been written a year or more after the latest year it
	// names.
	Inferred bool
}

// PublishedOn anchors dates to a publication time, on the calendar of its
// own time zone (a report's "yesterday" is its writer's); a zero time
// anchors nothing.
func PublishedOn(t time.Time) Anchor {
	if t.IsZero() {
		return Anchor{}
	}
	return Anchor{Date: OnDay(t.Year(), t.Month(), t.Day())}
}

// Mention is a date a text names, resolved.
type Mention struct {
	Start, End int // byte range in the text
	Date       Date
	// Event says the text puts something at this date ("on 13 October",
	// "in 2022", "last month"), rather than bounding a period ("since
	// June"), spanning one ("2022–24") or naming a thing ("the 2024
	// summit").
	Event bool
	// Relative says the text gave no year: it came from the anchor.
	Relative bool
}

// Resolve finds the dates text names and resolves them against anchor, in
// order. A date it cannot resolve (a weekday without a publication date, a
// month without a year and no anchor) is left out, never guessed.
func Resolve(text string, anchor Anchor) []Mention {
	toks := tokenize(text)
	var out []Mention
	for i := 0; i < len(toks); {
		m, n := matchDate(text, toks, i, anchor)
		if n == 0 {
			i++
			continue
		}
		next := i + n
		if !m.Date.IsZero() {
			m.Start, m.End = toks[i].start, toks[next-1].end
			m.Event = m.Event && !bounded(toks, i) && !rangeBefore(text, toks, i)
			// "2022–24", "13 and 14 October", "from June to August": a
			// span, not a moment; its other end is skipped with it.
			if k, ok := rangeAfter(text, toks, next, anchor); ok {
				m.Event = false
				next = k
			}
			out = append(out, m)
		}
		i = next
	}
	return out
}

// token is a run of letters and digits in the text.
type token struct {
	raw, low   string
	start, end int
}

func tokenize(text string) []token {
	out := make([]token, 0, len(text)/6+1)
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, token{raw: text[start:i], low: strings.ToLower(text[start:i]), start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, token{raw: text[start:], low: strings.ToLower(text[start:]), start: start, end: len(text)})
	}
	return out
}

// gap is the text between token i-1 and token i.
func gap(text string, toks []token, i int) string {
	if i <= 0 || i >= len(toks) {
		return ""
	}
	return text[toks[i-1].end:toks[i].start]
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// monthAt reads a capitalised month name: "may" and "march" in lower case
// are verbs.
func monthAt(toks []token, i int) (time.Month, bool) {
	if i < 0 || i >= len(toks) {
		return 0, false
	}
	m, ok := months[toks[i].low]
	r, _ := utf8.DecodeRuneInString(toks[i].raw)
	return m, ok && unicode.IsUpper(r)
}

// dayAt reads a day of the month: "13", "13th", "1st".
func dayAt(toks []token, i int) (int, bool) {
	if i < 0 || i >= len(toks) {
		return 0, false
	}
	s := toks[i].low
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(s, suf); ok {
			s = n
			break
		}
	}
	if len(s) == 0 || len(s) > 2 || !isNumber(s) {
		return 0, false
	}
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

// yearAt reads a four-digit year from 1800 to 2199 that is not part of a
// larger number ("1,2024", "2024.5").
func yearAt(text string, toks []token, i int) (int, bool) {
	if i < 0 || i >= len(toks) || len(toks[i].low) != 4 || !isNumber(toks[i].low) {
		return 0, false
	}
	y, err := strconv.Atoi(toks[i].low)
	if err != nil || y < 1800 || y > 2199 {
		return 0, false
	}
	if g := gap(text, toks, i); (g == "," || g == ".") && isNumber(toks[i-1].low) {
		return 0, false
	}
	if g := gap(text, toks, i+1); (g == "," || g == ".") && isNumber(toks[i+1].low) {
		return 0, false
	}
	return y, true
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// space reports whether g is only blanks, optionally around one comma.
func space(g string, comma bool) bool {
	g = strings.TrimSpace(g)
	return g == "" || (comma && g == ",")
}

// valid reports whether the day exists in its month ("31 February" does not).
func valid(y int, m time.Month, d int) bool {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Day() == d
}

// matchDate reads one date starting at token i and returns it with the
// number of tokens it takes; n is 0 when no date starts there, and the
// date is zero when one does but cannot be resolved.
func matchDate(text string, toks []token, i int, a Anchor) (m Mention, n int) {
	m.Event = true
	// 2024-10-13
	if y, ok := yearAt(text, toks, i); ok && i+2 < len(toks) && gap(text, toks, i+1) == "-" && gap(text, toks, i+2) == "-" &&
		len(toks[i+1].low) == 2 && len(toks[i+2].low) == 2 {
		mo, e1 := strconv.Atoi(toks[i+1].low)
		d, e2 := strconv.Atoi(toks[i+2].low)
		if e1 == nil && e2 == nil && mo >= 1 && mo <= 12 && d >= 1 && valid(y, time.Month(mo), d) {
			m.Date = OnDay(y, time.Month(mo), d)
			return m, 3
		}
	}
	// 13 October [2024], 13th of October
	if d, ok := dayAt(toks, i); ok && space(gap(text, toks, i+1), false) {
		j := i + 1
		if j < len(toks) && toks[j].low == "of" && space(gap(text, toks, j+1), false) {
			j++
		}
		if mo, ok := monthAt(toks, j); ok {
			return dayMonth(text, toks, j+1, d, mo, a, m)
		}
	}
	if mo, ok := monthAt(toks, i); ok {
		j := i + 1
		// October 13[,] [2024]; "Oct. 13"
		if d, ok := dayAt(toks, j); ok && space(strings.TrimPrefix(gap(text, toks, j), "."), false) {
			return dayMonth(text, toks, j+1, d, mo, a, m)
		}
		// October [of] 2024; "Sept. 2023"
		if j < len(toks) && toks[j].low == "of" && space(gap(text, toks, j), false) {
			j++
		}
		if y, ok := yearAt(text, toks, j); ok && space(strings.TrimPrefix(gap(text, toks, j), "."), true) {
			m.Date = InMonth(y, mo)
			return m, j - i + 1
		}
		// in October, last October: the month named before the anchor.
		last := i > 0 && toks[i-1].low == "last"
		if prev := before(toks, i); prev == "in" || prev == "during" || last || boundWords[prev] {
			m.Relative = true
			if a.Date.IsZero() {
				return m, 1
			}
			ay := a.Date.Start.Year()
			switch {
			case last:
				if a.Inferred {
					return m, 1
				}
				if mo >= a.Date.Start.Month() {
					ay--
				}
			case a.Date.Precision >= Month && InMonth(ay, mo).Start.After(a.Date.Start.AddDate(0, 0, 31)):
				ay--
			}
			m.Date = InMonth(ay, mo)
			return m, 1
		}
		return m, 0
	}
	// in 2022: a year alone puts something at a time only after "in" or
	// "during"; elsewhere it bounds ("since 2022") or names ("the 2024
	// summit").
	if y, ok := yearAt(text, toks, i); ok {
		m.Date = InYear(y)
		prev := before(toks, i)
		// "at the 2024 Paris Olympics": the year names the Games.
		m.Event = (prev == "in" || prev == "during" || prev == "at") && (i == 0 || toks[i-1].low != "the")
		return m, 1
	}
	return relative(text, toks, i, a, m)
}

// dayMonth finishes "13 October" or "October 13" with the year that may
// follow at token j, else the anchor's.
func dayMonth(text string, toks []token, j, d int, mo time.Month, a Anchor, m Mention) (Mention, int) {
	start := j - 2
	if j-2 >= 0 && toks[j-2].low == "of" {
		start = j - 3
	}
	if y, ok := yearAt(text, toks, j); ok && space(gap(text, toks, j), true) {
		if valid(y, mo, d) {
			m.Date = OnDay(y, mo, d)
		}
		return m, j - start + 1
	}
	n := j - start
	m.Relative = true
	if a.Date.IsZero() {
		return m, n
	}
	y := a.Date.Start.Year()
	// Without a year, the day is the one nearest before the publication
	// date; a day up to a month after it is an announced one.
	if a.Date.Precision == Day && valid(y, mo, d) && OnDay(y, mo, d).Start.After(a.Date.Start.AddDate(0, 0, 31)) {
		y--
	}
	if valid(y, mo, d) {
		m.Date = OnDay(y, mo, d)
	}
	return m, n
}

// relative reads dates given relative to the publication day:
// yesterday, today, (last) Wednesday, last/this month, last/this year,
// earlier this year, three days ago.
func relative(text string, toks []token, i int, a Anchor, m Mention) (Mention, int) {
	t := toks[i]
	m.Relative = true
	day := a.Date.Precision == Day && !a.Inferred
	if i > 0 && toks[i-1].low == "ago" {
		// "a year ago today", "a year ago Thursday": counted back from a
		// day, by more than this reads.
		day = false
	}
	switch t.low {
	case "yesterday", "today":
		// "USA TODAY" is a paper; "Today," may start a sentence.
		if r, _ := utf8.DecodeRuneInString(t.raw); t.raw != t.low && (i > 0 || strings.ToUpper(t.raw) == t.raw && unicode.IsUpper(r) && len(t.raw) > 1) {
			return m, 0
		}
		// "today's" describes, it does not date.
		if g := gap(text, toks, i+1); i+1 < len(toks) && toks[i+1].low == "s" && (g == "'" || g == "’") {
			return m, 0
		}
		if day {
			m.Date = a.Date
			if t.low == "yesterday" {
				m.Date = DayOf(a.Date.Start.AddDate(0, 0, -1))
			}
		}
		return m, 1
	case "month", "year":
		prev := ""
		if i > 0 {
			prev = toks[i-1].low
		}
		if prev != "last" && prev != "this" {
			return m, 0
		}
		if a.Inferred || a.Date.IsZero() {
			return m, 1
		}
		back := 0
		if prev == "last" {
			back = -1
		}
		if t.low == "year" {
			m.Date = InYear(a.Date.Start.Year() + back)
		} else if a.Date.Precision >= Month {
			s := a.Date.Start
			m.Date = InMonth(s.Year(), s.Month()).shift(back)
		}
		return m, 1
	}
	// three days ago
	if n, ok := count(t.low); ok && i+2 < len(toks) && (toks[i+1].low == "days" || toks[i+1].low == "day") && toks[i+2].low == "ago" {
		if day {
			m.Date = DayOf(a.Date.Start.AddDate(0, 0, -n))
		}
		return m, 3
	}
	wd, ok := weekdays[t.low]
	if r, _ := utf8.DecodeRuneInString(t.raw); !ok || !unicode.IsUpper(r) {
		return m, 0
	}
	prev := ""
	if i > 0 {
		prev = toks[i-1].low
	}
	if prev == "next" || prev == "coming" {
		return m, 0 // announced, not happened
	}
	// "on a Tuesday night in mid-July", "every Friday": some Tuesday, not
	// the last one.
	if prev == "a" || prev == "every" || prev == "each" || prev == "one" {
		return m, 1
	}
	if day {
		back := (int(a.Date.Start.Weekday()) - int(wd) + 7) % 7
		if back == 0 && prev == "last" {
			back = 7
		}
		m.Date = DayOf(a.Date.Start.AddDate(0, 0, -back))
	}
	return m, 1
}

// shift moves a month-precise date by n months.
func (d Date) shift(n int) Date {
	return InMonth(d.Start.AddDate(0, n, 0).Year(), d.Start.AddDate(0, n, 0).Month())
}

var smallNumbers = map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// count reads "3" or "three", up to 31 days.
func count(s string) (int, bool) {
	if n, ok := smallNumbers[s]; ok {
		return n, true
	}
	if !isNumber(s) || len(s) > 2 {
		return 0, false // and no error value made for every word
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 31
}

// modifiers may stand between a preposition and its date: "in early
// 2022", "by the end of 2022", "in the summer of 2023", "earlier this year".
var modifiers = map[string]bool{
	"early": true, "mid": true, "late": true, "the": true, "end": true, "start": true, "beginning": true,
	"middle": true, "summer": true, "spring": true, "autumn": true, "fall": true, "winter": true, "of": true,
	"first": true, "second": true, "half": true, "last": true, "this": true, "earlier": true, "later": true,
	"same": true,
}

// boundWords before a date make it a bound or the start of a span, not
// the time of an event: "since June", "by 2030", "as early as 2022".
var boundWords = map[string]bool{
	"since": true, "until": true, "till": true, "by": true, "before": true, "after": true, "from": true,
	"between": true, "through": true, "throughout": true, "as": true, "to": true, "starting": true,
	"prior": true, "ending": true, "ahead": true,
}

// before is the word before token i, past any modifiers.
func before(toks []token, i int) string {
	for j := i - 1; j >= 0 && j >= i-5; j-- {
		if !modifiers[toks[j].low] {
			return toks[j].low
		}
	}
	return ""
}

// bounded reports whether a bound word stands before the date at token i;
// "since" binds a little further ("the deadliest since Katrina in 2005").
func bounded(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if toks[j].low == "since" {
			return true
		}
	}
	for j := i - 1; j >= 0 && j >= i-5; j-- {
		if boundWords[toks[j].low] {
			// "prior to", "ahead of": the bound word may come first.
			return true
		}
		if !modifiers[toks[j].low] && toks[j].low != "to" && toks[j].low != "of" {
			return false
		}
	}
	return false
}

// rangeAfter reports whether a range connector follows the date ending
// before token k ("–24", " to 2024", " and 14 October") and returns the
// token after the range's other end.
func rangeAfter(text string, toks []token, k int, a Anchor) (int, bool) {
	if k >= len(toks) {
		return k, false
	}
	g := strings.TrimSpace(gap(text, toks, k))
	if g == "–" || g == "-" || g == "—" || g == "/" {
		if isNumber(toks[k].low) || len(toks[k].low) > 0 && monthOK(toks, k) {
			if _, n := matchDate(text, toks, k, a); n > 0 {
				return k + n, true
			}
			return k + 1, true
		}
		return k, false
	}
	if g != "" || k+1 >= len(toks) {
		return k, false
	}
	switch toks[k].low {
	case "to", "and", "or", "through", "until", "till":
		if _, n := matchDate(text, toks, k+1, a); n > 0 {
			return k + 1 + n, true
		}
		if _, ok := dayAt(toks, k+1); ok {
			// "13 and 14 October"
			if _, n := matchDate(text, toks, k+1, a); n > 0 {
				return k + 1 + n, true
			}
		}
	}
	return k, false
}

func monthOK(toks []token, k int) bool { _, ok := monthAt(toks, k); return ok }

// rangeBefore reports whether the date at token i ends a span of days
// whose start is a bare number: "13 and 14 October", "13–14 October".
func rangeBefore(text string, toks []token, i int) bool {
	if i >= 1 && isNumber(toks[i-1].low) {
		if g := strings.TrimSpace(gap(text, toks, i)); g == "–" || g == "-" || g == "—" {
			return true
		}
	}
	if i >= 2 && (toks[i-1].low == "and" || toks[i-1].low == "to" || toks[i-1].low == "or") {
		_, ok := dayAt(toks, i-2)
		return ok
	}
	return false
}
