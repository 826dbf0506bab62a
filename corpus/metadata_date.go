package corpus

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a date in the forms documents, front matter and filters
// use, returning it in UTC (midnight when no time is given; a time without
// a zone is taken as UTC):
//
//   - RFC 3339 and ISO 8601: 2025-03-05, 2025-03-05T10:00:00+01:00,
//     2025-03-05 10:00, 2025/03/05, 2025-3-5
//   - RFC 1123, RFC 822 and RFC 850 (feeds, mail headers): Wed, 05 Mar 2025
//     10:00:00 GMT, with or without the weekday
//   - written out, in either order: 5 March 2025, March 5, 2025, Mar. 5th
//     2025, Wednesday, 5 March 2025, each with an optional time (10:00,
//     10:00 AM, 10.00, "at 3 p.m.") and zone (UTC, GMT, +01:00, EST)
//   - day.month.year with dots: 05.03.2025
//   - with slashes or dashes and the year last, only when the order is
//     plain: 13/03/2025 is 13 March and 03/13/2025 is March 13, but
//     05/03/2025 is refused as ambiguous (5 March or May 3) rather than
//     guessed, since a wrong date misplaces a document in digests and
//     date filters without anyone noticing.
//
// A month without a day ("March 2025") and two-digit years are refused.
func ParseDate(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}, &dateError{s: s, why: "empty"}
	}
	// Machine formats first, as time.Parse reads them.
	for _, layout := range [...]string{
		time.RFC3339Nano, time.RFC3339,
		"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00",
		"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05 -07:00", "2006-01-02 15:04:05 -0700 MST", "2006-01-02 15:04:05.999999999 -0700 MST",
		"2006-01-02", "2006/01/02 15:04:05", "2006/01/02 15:04", "2006/01/02",
		time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, time.RFC850, time.ANSIC, time.UnixDate,
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return parseDateWords(s)
}

// dateError is a date ParseDate cannot read, and why.
type dateError struct {
	s   string
	why string // "" for not a date at all
}

func (e *dateError) Error() string {
	if e.why != "" {
		return fmt.Sprintf("corpus: date %q is %s", e.s, e.why)
	}
	return fmt.Sprintf("corpus: unrecognised date %q", e.s)
}

// parseDateWords reads the written and numeric forms of ParseDate: a date
// (words or one numeric token), then optionally a time and a zone, or the
// time first. Every word must be understood, so a sentence that starts
// with a date is not one.
func parseDateWords(s string) (time.Time, error) {
	toks := dateTokens(s)
	if len(toks) > maxDateTokens {
		return time.Time{}, &dateError{s: s}
	}
	t, err := dateFromTokens(s, toks)
	if err == nil {
		return t, nil
	}
	// "10:02 GMT, 5 March 2025": the time moved after the date.
	for k := 1; k <= 3 && k < len(toks) && strings.ContainsAny(toks[0], "0123456789"); k++ {
		if _, _, ok := timeOfDay(toks[:k]); ok {
			if t, err := dateFromTokens(s, append(slices.Clone(toks[k:]), toks[:k]...)); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, err
}

// maxDateTokens is the most words a date has: "Wednesday 5 March 2025 10:02
// pm GMT".
const maxDateTokens = 7

// dateFromTokens reads a date, then optionally a time and a zone, from the
// words of s.
func dateFromTokens(s string, toks []string) (time.Time, error) {
	fail := &dateError{s: s}
	if len(toks) > 0 && isWeekday(toks[0]) {
		toks = toks[1:]
	}
	var y, d int
	var m time.Month
	switch {
	case len(toks) >= 1 && strings.ContainsAny(toks[0], "/.-") && toks[0][0] >= '0' && toks[0][0] <= '9':
		var err error
		if y, m, d, err = numericDate(s, toks[0]); err != nil {
			return time.Time{}, err
		}
		toks = toks[1:]
	case len(toks) >= 3:
		// D Month Y or Month D Y.
		dayTok, monTok := toks[0], toks[1]
		if _, ok := monthNames[toks[0]]; ok {
			dayTok, monTok = toks[1], toks[0]
		}
		var ok bool
		if m, ok = monthNames[monTok]; !ok {
			return time.Time{}, fail
		}
		if d, ok = dayNumber(dayTok); !ok {
			return time.Time{}, fail
		}
		if y, ok = yearNumber(toks[2]); !ok {
			return time.Time{}, fail
		}
		toks = toks[3:]
	default:
		return time.Time{}, fail
	}
	if d > daysIn(m, y) {
		return time.Time{}, &dateError{s: s, why: "not a day of the calendar"}
	}
	clock, off, ok := timeOfDay(toks)
	if !ok {
		return time.Time{}, fail
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Add(clock - off)
	return t, nil
}

// dateTokens lowercases s and splits it into words, dropping commas, the
// periods of abbreviations ("Mar.") and separators between a date and its
// time ("·", "|", "at").
func dateTokens(s string) []string {
	s = strings.ToLower(s)
	s = strings.NewReplacer(",", " ", "·", " ", "|", " ", "—", " ", "–", " ", " - ", " ", "a.m.", "am", "p.m.", "pm").Replace(s)
	var out []string
	for _, f := range strings.Fields(s) {
		if f == "at" || f == "-" {
			continue
		}
		if _, isMonth := monthNames[strings.TrimSuffix(f, ".")]; isMonth || isWeekday(strings.TrimSuffix(f, ".")) {
			f = strings.TrimSuffix(f, ".")
		}
		out = append(out, f)
	}
	return out
}

func isWeekday(s string) bool {
	switch s {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun":
		return true
	}
	return false
}

// dayNumber reads "5", "05" or "5th".
func dayNumber(s string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(s, suf); ok {
			s = n
			break
		}
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

// yearNumber reads a four-digit year; two-digit years are refused.
func yearNumber(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y > 0
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// numericDate reads one token of three numbers: year first (any of - / .),
// day.month.year with dots, or day and month with / or - when their order
// is plain.
func numericDate(s, tok string) (int, time.Month, int, error) {
	fail := &dateError{s: s}
	sep := tok[strings.IndexAny(tok, "/.-")]
	parts := strings.Split(tok, string(sep))
	if len(parts) != 3 {
		return 0, 0, 0, fail
	}
	n := [3]int{}
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return 0, 0, 0, fail
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return 0, 0, 0, fail
		}
		n[i] = v
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		y, m, d = n[0], n[1], n[2]
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		y = n[2]
		switch {
		case sep == '.' || n[0] > 12:
			d, m = n[0], n[1]
		case n[1] > 12 || n[0] == n[1]:
			m, d = n[0], n[1]
		default:
			return 0, 0, 0, &dateError{s: s, why: fmt.Sprintf("ambiguous (%d %s or %s %d?)",
				n[0], time.Month(n[1]), time.Month(n[0]), n[1])}
		}
	default:
		return 0, 0, 0, fail
	}
	if m < 1 || m > 12 || d < 1 || y < 1 {
		return 0, 0, 0, fail
	}
	return y, time.Month(m), d, nil
}

// timeOfDay reads what may follow a date: nothing, or a time ("10:00",
// "10:00:30", "10.00", "3 pm", "3:04pm") and an optional zone. It returns
// the time since midnight and the zone's offset east of UTC.
func timeOfDay(toks []string) (clock, off time.Duration, ok bool) {
	if len(toks) == 0 {
		return 0, 0, true
	}
	t := toks[0]
	toks = toks[1:]
	half := ""
	for _, suf := range []string{"am", "pm"} {
		if c, ok := strings.CutSuffix(t, suf); ok && c != "" {
			t, half = c, suf
		}
	}
	if half == "" && len(toks) > 0 && (toks[0] == "am" || toks[0] == "pm") {
		half, toks = toks[0], toks[1:]
	}
	sep := ":"
	if !strings.Contains(t, ":") {
		sep = "."
	}
	parts := strings.Split(t, sep)
	if len(parts) > 3 || (len(parts) == 1 && half == "") {
		return 0, 0, false
	}
	var hms [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 2 || (i > 0 && len(p) != 2) {
			return 0, 0, false
		}
		hms[i] = v
	}
	h := hms[0]
	switch {
	case half != "" && (h < 1 || h > 12):
		return 0, 0, false
	case half == "pm" && h != 12:
		h += 12
	case half == "am" && h == 12:
		h = 0
	}
	if h > 23 || hms[1] > 59 || hms[2] > 60 {
		return 0, 0, false
	}
	clock = time.Duration(h)*time.Hour + time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second
	switch len(toks) {
	case 0:
		return clock, 0, true
	case 1:
		off, ok = zoneOffset(toks[0])
		return clock, off, ok
	}
	return 0, 0, false
}

// zoneOffset reads a zone: UTC, GMT, Z, a numeric offset (+01:00, +0100,
// -5), UTC+1, or a common abbreviation.
func zoneOffset(z string) (time.Duration, bool) {
	z = strings.TrimSuffix(strings.TrimPrefix(z, "("), ")")
	for _, p := range []string{"utc", "gmt"} {
		if rest, ok := strings.CutPrefix(z, p); ok && rest != "" {
			z = rest
		}
	}
	if z != "" && (z[0] == '+' || z[0] == '-') {
		sign := time.Duration(1)
		if z[0] == '-' {
			sign = -1
		}
		digits := strings.ReplaceAll(z[1:], ":", "")
		if len(digits) == 0 || len(digits) > 4 {
			return 0, false
		}
		if len(digits) <= 2 {
			digits += "00" // hours alone
		}
		if len(digits) == 3 {
			digits = "0" + digits
		}
		h, err1 := strconv.Atoi(digits[:2])
		m, err2 := strconv.Atoi(digits[2:])
		if err1 != nil || err2 != nil || h > 14 || m > 59 {
			return 0, false
		}
		return sign * (time.Duration(h)*time.Hour + time.Duration(m)*time.Minute), true
	}
	hours := 0.0
	switch z {
	case "utc", "gmt", "z", "ut", "wet":
	case "bst", "cet", "wat", "west":
		hours = 1
	case "cest", "eet", "sast", "cat":
		hours = 2
	case "eest", "msk", "eat", "ast":
		hours = 3
	case "ist":
		hours = 5.5
	case "ict", "wib":
		hours = 7
	case "hkt", "sgt", "awst", "pht":
		hours = 8
	case "kst", "jst":
		hours = 9
	case "aest":
		hours = 10
	case "aedt":
		hours = 11
	case "nzst":
		hours = 12
	case "nzdt":
		hours = 13
	case "edt":
		hours = -4
	case "est", "cdt":
		hours = -5
	case "cst", "mdt":
		hours = -6
	case "mst", "pdt":
		hours = -7
	case "pst", "akdt":
		hours = -8
	case "akst":
		hours = -9
	case "hst":
		hours = -10
	default:
		return 0, false
	}
	return time.Duration(hours * float64(time.Hour)), true
}

// Document dates are kept as nanoseconds since 1970 in an int64 by the
// index, so years outside this range cannot be stored.
const (
	minDocYear = 1700
	maxDocYear = 2200
)

// docDate reads a document's date for a loader: the date, or a message
// saying why it was dropped (naming the value, and how to write it).
func docDate(s string) (time.Time, string) {
	t, err := ParseDate(s)
	if err != nil {
		why := "cannot be read"
		if de, ok := err.(*dateError); ok && de.why != "" {
			why = "is " + de.why
		}
		return time.Time{}, fmt.Sprintf("date %q %s; dropped (write it as YYYY-MM-DD)", s, why)
	}
	if y := t.Year(); y < minDocYear || y > maxDocYear {
		return time.Time{}, fmt.Sprintf("date %q is out of range (years %d to %d); dropped", s, minDocYear, maxDocYear)
	}
	return t, ""
}
