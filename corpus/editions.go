package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Editions of events a question names by number ("the 151st Kentucky
// Derby", "Super Bowl LX") or by season ("the 2024-25 season"), and the
// years they fall in.

// recurringEvent is an event whose editions are numbered: edition N is
// held in base+N, in month.
type recurringEvent struct {
	words []string // lowercased, consecutive
	base  int
	month time.Month
}

var recurring = []recurringEvent{
	{[]string{"super", "bowl"}, 1966, time.February},
	{[]string{"kentucky", "derby"}, 1874, time.May},
	{[]string{"academy", "awards"}, 1928, time.March},
	{[]string{"oscars"}, 1928, time.March},
	{[]string{"grammy", "awards"}, 1958, time.February},
	{[]string{"grammys"}, 1958, time.February},
	{[]string{"emmy", "awards"}, 1948, time.September},
	{[]string{"emmys"}, 1948, time.September},
	{[]string{"golden", "globes"}, 1943, time.January},
	{[]string{"golden", "globe", "awards"}, 1943, time.January},
	{[]string{"boston", "marathon"}, 1896, time.April},
	{[]string{"preakness", "stakes"}, 1875, time.May},
	{[]string{"belmont", "stakes"}, 1868, time.June},
	{[]string{"masters"}, 1933, time.April},
	// Numbered without gaps since the Second World War; earlier editions
	// would be misdated, and are not what users ask about.
	{[]string{"tour", "de", "france"}, 1913, time.July},
	{[]string{"indianapolis", "500"}, 1916, time.May},
	{[]string{"indy", "500"}, 1916, time.May},
	{[]string{"wimbledon"}, 1887, time.July},
	{[]string{"world", "series"}, 1904, time.October},
	{[]string{"daytona", "500"}, 1958, time.February},
	{[]string{"eurovision"}, 1956, time.May},
	{[]string{"eurovision", "song", "contest"}, 1956, time.May},
}

// seasonAt reports whether words i and i+1 are a season written with a
// dash, "2024-25", "2024–2025", and returns its first year.
func seasonAt(text string, words []whenWord, i int) (int, bool) {
	if !isYear(words[i].raw) {
		return 0, false
	}
	y, _ := strconv.Atoi(words[i].raw)
	next := words[i+1].raw
	switch {
	case len(next) == 2 && next == fmt.Sprintf("%02d", (y+1)%100):
	case next == strconv.Itoa(y+1):
	default:
		return 0, false
	}
	for _, dash := range []string{"-", "–", "/"} {
		if strings.Contains(text, words[i].raw+dash+next) {
			return y, true
		}
	}
	return 0, false
}

// asksOutcome reports whether a question asks what happened and who
// won or was named: "Who was named MVP for the 2024-25 season?".
func asksOutcome(words []whenWord) bool {
	if !asksPast(words) {
		return false
	}
	for _, w := range words {
		if outcomeWords[w.low] {
			return true
		}
	}
	return false
}

// outcomeWords name what a season ends with.
var outcomeWords = map[string]bool{
	"won": true, "named": true, "awarded": true, "crowned": true, "champion": true, "champions": true,
	"mvp": true, "title": true, "winner": true, "winners": true, "clinched": true,
}

// ordinal reads "151st", "2nd", "3rd", "60th".
func ordinal(s string) (int, bool) {
	low := strings.ToLower(s)
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if num, ok := strings.CutSuffix(low, suf); ok && num != "" {
			n, err := strconv.Atoi(num)
			return n, err == nil && n > 0 && n < 400
		}
	}
	return 0, false
}

// roman reads an upper-case Roman numeral of up to 399 ("LX", "LIX").
func roman(s string) (int, bool) {
	if s == "" || len(s) > 12 || strings.ToUpper(s) != s {
		return 0, false
	}
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	n := 0
	for i := 0; i < len(s); i++ {
		v, ok := val[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && val[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	return n, n > 0 && toRoman(n) == s
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// editionFiller may stand between an edition's number and its event: "the
// 96th annual Academy Awards", "the 150th running of the Kentucky Derby".
var editionFiller = map[string]bool{"annual": true, "primetime": true, "running": true, "of": true, "the": true, "edition": true}

// matchRecurring reports whether words[i:] start with a recurring event's
// name, and how many words it takes.
func matchRecurring(words []whenWord, i int) (ev recurringEvent, span int, ok bool) {
	for _, r := range recurring {
		if i+len(r.words) > len(words) {
			continue
		}
		match := true
		for k, w := range r.words {
			if words[i+k].low != w {
				match = false
				break
			}
		}
		if match {
			return r, len(r.words), true
		}
	}
	return ev, 0, false
}
