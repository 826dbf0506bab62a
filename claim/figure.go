package claim

import (
	"math"
	"strconv"
	"strings"
)

// Kind is what a figure measures.
type Kind uint8

const (
	Count Kind = iota + 1
	Money
	Percent
	Duration
)

func (k Kind) String() string {
	switch k {
	case Count:
		return "count"
	case Money:
		return "money"
	case Percent:
		return "percent"
	case Duration:
		return "duration"
	}
	return "unknown"
}

// Value is a figure normalised: counts as numbers, money in units of its
// currency, percentages in percent, durations in days.
type Value struct {
	// Lo and Hi are equal unless the figure is a range ("30 to 40").
	Lo, Hi float64
	// Unit is "" for counts, an ISO code for money ("USD"), "%" or "pp"
	// (percentage points), or "days"; a rate adds "/hour", "/year", ….
	Unit string
	// Step is how finely the figure is written: two figures closer than
	// half the coarser Step are the same figure rounded. "13,000" counts
	// to the unit, "about 13,000" to the thousand, "$3m" to the million.
	Step float64
}

// Same reports whether a and b are the same figure, allowing for
// rounding: the same unit, and values (or a value and a range holding it)
// closer than half the coarser step.
func (a Value) Same(b Value) bool {
	if a.Unit != b.Unit {
		return false
	}
	tol := max(a.Step, b.Step) / 2
	near := func(x, y float64) bool { return math.Abs(x-y) < tol || x == y }
	switch {
	case a.Lo == a.Hi && b.Lo == b.Hi:
		return near(a.Lo, b.Lo)
	case a.Lo == a.Hi:
		return a.Lo > b.Lo-tol && a.Lo < b.Hi+tol
	case b.Lo == b.Hi:
		return b.Lo > a.Lo-tol && b.Lo < a.Hi+tol
	}
	return near(a.Lo, b.Lo) && near(a.Hi, b.Hi)
}

// figure is a figure found in a sentence's tokens.
type figure struct {
	start, end int // tokens, qualifier and units included
	num        int // token where the number starts
	kind       Kind
	val        Value
	qual       string
	approx     bool   // the qualifier or the writing says it is rounded
	from       string // "from 37 to 41": the figure before the change
	now        int    // with from: the token where the figure after the change starts
	adjective  bool   // "a 10-year sentence": the figure describes the noun after it
}

// amount is a number as written: value, the step of its last written
// digit, the step of its last non-zero digit, and where it ends.
type amount struct {
	v, exact, round float64
	scaled          bool
	next            int
}

// parseNumber reads the number at toks[i], digits or words, with a
// scale ("3 million", "$3m", "1.2bn", "three million", "a dozen").
func parseNumber(toks []token, i int) (amount, bool) {
	if i >= len(toks) {
		return amount{}, false
	}
	t := toks[i]
	if t.kind == tNum {
		s := strings.ReplaceAll(t.text, ",", "")
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return amount{}, false
		}
		a := amount{v: v, exact: 1, next: i + 1}
		if dot := strings.IndexByte(s, '.'); dot >= 0 {
			a.exact = math.Pow(10, -float64(len(s)-dot-1))
			a.round = a.exact
		} else {
			a.round = trailingStep(s)
		}
		// A scale: attached ("3m", "1.2bn") or apart ("3 million").
		if i+1 < len(toks) && toks[i+1].kind == tWord {
			n := toks[i+1]
			if m, ok := scaleWords[n.low]; ok && (adjacent(t, n) || !attachedOnly(n.low)) {
				a.v, a.exact, a.round, a.scaled, a.next = v*m, a.exact*m, a.round*m, true, i+2
			}
		}
		return a, true
	}
	if t.kind != tWord {
		return amount{}, false
	}
	return parseNumberWords(toks, i)
}

// trailingStep is the place of the last non-zero digit of an integer
// written in digits: 13000 → 1000, 16500 → 100, 41 → 1.
func trailingStep(digits string) float64 {
	step := 1.0
	for k := len(digits) - 1; k > 0 && digits[k] == '0'; k-- {
		step *= 10
	}
	return step
}

// parseNumberWords reads numbers in words: "three million", "twenty-five",
// "a dozen", "half a million", "two hundred and fifty". A lone "one" is
// not a figure ("one of the", "no one").
func parseNumberWords(toks []token, i int) (amount, bool) {
	j := i
	half := false
	if isWord(toks, j, "half") && isWord(toks, j+1, "a") {
		half, j = true, j+2
	}
	total, cur := 0.0, 0.0
	step := 1.0
	seen, scaled := false, false
	if isWord(toks, j, "a") || isWord(toks, j, "an") {
		if j+1 < len(toks) && (toks[j+1].low == "dozen" || toks[j+1].low == "hundred" || toks[j+1].low == "thousand" || toks[j+1].low == "million" || toks[j+1].low == "billion" || toks[j+1].low == "trillion") {
			cur, j = 1, j+1
		} else {
			return amount{}, false
		}
	}
	for j < len(toks) && toks[j].kind == tWord {
		w := toks[j].low
		if v, ok := numberWords[w]; ok && w != "dozen" {
			if seen && cur != 0 && math.Mod(cur, 100) != 0 && v >= 1 && cur < 20 {
				break // "two three" is two numbers
			}
			cur += v
			seen = true
			j++
			// "twenty-five"
			if v >= 20 && j+1 < len(toks) && isSym(toks, j, "-") && adjacent(toks[j-1], toks[j]) && adjacent(toks[j], toks[j+1]) {
				if u, ok := numberWords[toks[j+1].low]; ok && u < 10 {
					cur += u
					j += 2
				}
			}
			continue
		}
		switch {
		case w == "dozen":
			cur = max(cur, 1) * 12
			seen = true
		case w == "hundred":
			cur = max(cur, 1) * 100
			seen = true
		case w == "thousand" || w == "million" || w == "billion" || w == "trillion":
			m := scaleWords[w]
			total += max(cur, 1) * m
			cur = 0
			step = m
			seen, scaled = true, true
		case w == "and" && seen && (total > 0 || cur >= 100) && j+1 < len(toks) && numberWords[toks[j+1].low] > 0:
		default:
			goto done
		}
		j++
	}
done:
	v := total + cur
	if !seen || v == 0 {
		return amount{}, false
	}
	if v == 1 && !scaled && toks[j-1].low == "one" {
		return amount{}, false
	}
	if cur != 0 && scaled {
		step = trailingStep(strconv.FormatFloat(v, 'f', 0, 64))
	}
	if half {
		v /= 2
		step /= 2
	}
	return amount{v: v, exact: step, round: max(step, trailingStep(strconv.FormatFloat(v, 'f', 0, 64))), scaled: scaled, next: j}, true
}

// currencyBefore reads a currency sign or code at toks[i] followed by a
// number: "$", "US$", "£", "EUR". It returns the ISO code and the index of
// the number.
func currencyBefore(toks []token, i int) (string, int) {
	if i >= len(toks) {
		return "", i
	}
	t := toks[i]
	if t.kind == tSym {
		if c, ok := currencyWords[t.text]; ok {
			return c, i + 1
		}
		return "", i
	}
	if t.kind != tWord {
		return "", i
	}
	// "US$", "A$", "HK$": letters attached to the sign.
	if i+1 < len(toks) && toks[i+1].text == "$" && adjacent(t, toks[i+1]) {
		if c, ok := currencyWords[t.low+"$"]; ok {
			return c, i + 2
		}
	}
	// ISO codes are written in capitals before the number: "USD 3m".
	if len(t.text) == 3 && strings.ToUpper(t.text) == t.text {
		if c, ok := currencyWords[t.low]; ok && i+1 < len(toks) && toks[i+1].kind == tNum {
			return c, i + 1
		}
	}
	return "", i
}

// unitAfter reads what follows a number: a percent sign or words, a
// currency, a unit of time (also joined by a hyphen: "10-year"). skip says
// the number is not a figure: a measure ("5 km"), an age ("13-year-old"),
// a time ago ("two years ago"), a time of day.
func unitAfter(toks []token, k int, cur string) (kind Kind, unit string, step float64, next int, adjective, skip bool) {
	kind, next = Count, k
	if cur != "" {
		kind, unit = Money, cur
	}
	if k >= len(toks) {
		return
	}
	t := toks[k]
	switch {
	case t.text == "%" || t.text == "٪":
		return Percent, "%", 0, k + 1, false, false
	case t.low == "per" && isWord(toks, k+1, "cent"), t.low == "percent", t.low == "pct", t.low == "pc" && adjacent(toks[k-1], t):
		n := k + 1
		if t.low == "per" {
			n = k + 2
		}
		return Percent, "%", 0, n, false, false
	case t.low == "percentage" && (isWord(toks, k+1, "points") || isWord(toks, k+1, "point")):
		return Percent, "pp", 0, k + 2, false, false
	case t.low == "cents" && cur == "":
		return Money, "USD", 0.01, k + 1, false, false
	}
	if cur == "" && t.kind == tWord {
		// "US dollars"
		w, n := t.low, k+1
		if (w == "us" || w == "u.s." || w == "american") && isWord(toks, k+1, "dollars") {
			w, n = "dollars", k+2
		}
		if c, ok := currencyWords[w]; ok && len(w) > 1 && t.kind == tWord {
			// "500 pounds of cocaine" weighs; "won" after a number is
			// more often the verb's object than Korean money.
			if !(w == "pounds" || w == "pound") || !isWord(toks, n, "of") {
				if w != "won" {
					return Money, c, 0, n, false, false
				}
			}
		}
	}
	// Units of time, maybe joined by a hyphen: "10 years", "10-year".
	u, hy := k, false
	if isSym(toks, k, "-") && k+1 < len(toks) && adjacent(toks[k-1], toks[k]) && adjacent(toks[k], toks[k+1]) {
		u, hy = k+1, true
	}
	if u < len(toks) && toks[u].kind == tWord {
		w := toks[u].low
		if days, ok := durationWords[w]; ok {
			after := u + 1
			if isSym(toks, after, "-") && isWord(toks, after+1, "old") || isWord(toks, after, "old") || isSym(toks, after, "-") && isWord(toks, after+1, "olds") {
				return 0, "", 0, 0, false, true // an age
			}
			if isWord(toks, after, "ago") || isWord(toks, after, "earlier") || isWord(toks, after, "later") || isWord(toks, after, "after") || isWord(toks, after, "before") || isWord(toks, after, "from") && !hy {
				return 0, "", 0, 0, false, true // a time, not a length of time
			}
			if cur != "" {
				return Money, cur, 0, k, false, false // "$5 a year" is a rate, read later
			}
			return Duration, "days", days, after, hy, false
		}
		if w == "point" || w == "points" || w == "pts" {
			// "a 16-point margin", "fell 500 points": points are a unit.
			if cur == "" {
				return Count, "points", 0, u + 1, hy, false
			}
		}
		if measureWords[w] || hy && measureWords[w] {
			return 0, "", 0, 0, false, true
		}
		if c, ok := currencyWords[w]; ok && len(w) == 3 && strings.ToUpper(toks[u].text) == toks[u].text && cur == "" && !hy {
			return Money, c, 0, u + 1, false, false // "3 million USD"
		}
	}
	if t.kind == tSym && t.text == "°" {
		return 0, "", 0, 0, false, true
	}
	return
}

// rateAfter reads "a year", "per share", "an hour", "annually" after a
// figure: the figure is a rate, and its unit says of what.
func rateAfter(toks []token, k int) (string, int) {
	if k >= len(toks) || toks[k].kind != tWord {
		return "", k
	}
	switch toks[k].low {
	case "annually", "yearly":
		return "/year", k + 1
	case "monthly":
		return "/month", k + 1
	case "weekly":
		return "/week", k + 1
	case "daily":
		return "/day", k + 1
	case "hourly":
		return "/hour", k + 1
	case "a", "an", "per", "each", "every":
		if k+1 < len(toks) && toks[k+1].kind == tWord {
			w := toks[k+1].low
			switch w {
			case "hour", "day", "week", "month", "year", "share", "person", "head", "barrel", "gallon", "ton", "tonne", "kilo", "capita", "annum", "unit", "night", "game", "season", "ticket", "vote", "household", "student", "pupil", "patient", "employee", "worker", "user", "customer", "mile", "litre", "liter":
				if w == "annum" {
					w = "year"
				}
				return "/" + w, k + 2
			}
		}
	}
	return "", k
}
