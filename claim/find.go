package claim

import (
	"strconv"
	"strings"
)

// findFigures returns the figures among a sentence's tokens, leaving out
// numbers that are not claims: years, dates, times, phone numbers, labels
// ("Article 4", "Boeing 737", "G7"), ordinals, ages, scores, list
// markers, measures, parts of a group ("three of the"), earlier values
// ("up from 37") and increments ("another 500").
func findFigures(toks []token) []figure {
	var out []figure
	for i := 0; i < len(toks); {
		if !mayStart(toks, i) {
			i++
			continue
		}
		f, next, ok := figureAt(toks, i)
		if next <= i {
			next = i + 1
		}
		if ok {
			out = append(out, f)
		}
		i = next
	}
	return out
}

// mayStart is a cheap test of whether a figure can start at toks[i]: a
// number, a currency sign or code, or a number word.
func mayStart(toks []token, i int) bool {
	t := toks[i]
	switch t.kind {
	case tNum:
		return true
	case tSym:
		switch t.text {
		case "$", "£", "€", "¥", "₩", "₹", "₽":
			return true
		}
		return false
	}
	if i+1 < len(toks) && toks[i+1].text == "$" || len(t.text) == 3 && t.text[0] >= 'A' && t.text[0] <= 'Z' && t.text[2] >= 'A' && t.text[2] <= 'Z' {
		return true
	}
	switch t.low {
	case "a", "an", "half":
		return true
	}
	// Number words start with one of these letters.
	if t.low == "" || !strings.ContainsRune("otfsend", rune(t.low[0])) {
		return false
	}
	_, ok := numberWords[t.low]
	return ok
}

// figureAt reads the figure starting at toks[i] (a currency sign or a
// number). next is where to look for the next figure: past a number that
// was read and refused too, so "2022–24" is not read again as 24.
func figureAt(toks []token, i int) (figure, int, bool) {
	cur, n := currencyBefore(toks, i)
	if n >= len(toks) || (toks[n].kind != tNum && toks[n].kind != tWord) {
		return figure{}, i + 1, false
	}
	if cur == "" && toks[n].kind == tWord && numberWords[toks[n].low] == 0 && toks[n].low != "a" && toks[n].low != "an" && toks[n].low != "half" {
		return figure{}, i + 1, false
	}
	if cur != "" && toks[n].kind != tNum {
		return figure{}, i + 1, false
	}
	a, ok := parseNumber(toks, n)
	if !ok {
		return figure{}, i + 1, false
	}
	if toks[n].kind == tNum {
		if skip, next := notAFigure(toks, n, a, cur); skip {
			return figure{}, max(next, a.next), false
		}
	} else if n > 0 && isSym(toks, n-1, dashes) && adjacent(toks[n-1], toks[n]) {
		return figure{}, a.next, false // "Su-twenty" and the like
	} else if isSym(toks, a.next, "-") && a.next+1 < len(toks) && fractions[toks[a.next+1].low] {
		return figure{}, a.next + 2, false // "two-thirds"
	} else if n > 0 && isCapitalised(toks[n].text) && !(n == 1 && toks[0].kind == tSym) && !isQualifierWord(toks[n-1].low) && toks[n-1].kind == tWord {
		return figure{}, a.next, false // "the book Three Cups of Tea"
	}
	kind, unit, dstep, k, adj, skip := unitAfter(toks, a.next, cur)
	if skip {
		return figure{}, max(k, a.next), false
	}
	f := figure{start: i, num: n, kind: kind, end: k}
	// "a nine-story building", "a 16-member panel": the figure names a
	// kind of the thing after it.
	if !adj && isSym(toks, a.next, "-") && a.next+1 < len(toks) && toks[a.next+1].kind == tWord && adjacent(toks[a.next-1], toks[a.next]) && adjacent(toks[a.next], toks[a.next+1]) {
		adj = true
	}
	lo := a.v
	exact, round := a.exact, a.round
	if kind == Duration {
		lo, exact, round = lo*dstep, exact*dstep, round*dstep
	}
	if dstep != 0 && kind == Money { // cents
		lo, exact, round = lo*dstep, exact*dstep, round*dstep
	}
	f.val = Value{Lo: lo, Hi: lo, Unit: unit}
	f.adjective = adj

	// A range or a change: "30 to 40", "30-40", "$2m-$3m", "between 30
	// and 40", "from 37 to 41".
	q0 := qualifierStart(toks, i)
	fromWord := isWord(toks, q0-1, "from")
	between := isWord(toks, q0-1, "between")
	if r, ok := rangeAfter(toks, f.end, kind, unit, cur, between); ok {
		hiA := r.a
		hi := hiA.v
		if kind == Count && r.kind != Count {
			// "30-40%", "two to three years": the unit is written once,
			// after the second.
			kind, f.kind, f.val.Unit = r.kind, r.kind, r.unit
			if r.kind == Duration {
				lo, exact, round = lo*r.dstep, exact*r.dstep, round*r.dstep
			}
		}
		if kind == Duration {
			hi, hiA.exact, hiA.round = hi*dstepOr(r.dstep, dstep), hiA.exact*dstepOr(r.dstep, dstep), hiA.round*dstepOr(r.dstep, dstep)
		}
		if !a.scaled && hiA.scaled && r.raw > 0 {
			// "2 to 3 million": the scale is written once.
			if scale := hiA.v / r.raw; lo*scale < hi {
				lo, exact, round = lo*scale, exact*scale, round*scale
			}
		}
		switch {
		case fromWord && !between:
			// A change: the figure now is the second; the first was.
			f.from = strings.TrimSpace(joinTokens(toks, n, r.sep))
			f.now = r.sep + 1
			lo = hi
			exact, round = hiA.exact, hiA.round
			f.val.Lo, f.val.Hi = hi, hi
			f.end = r.next
		case lo < hi:
			f.val.Lo, f.val.Hi = lo, hi
			exact, round = min(exact, hiA.exact), min(round, hiA.round)
			f.end = r.next
		case r.dash:
			return figure{}, r.next, false // "won 3-1", "a 5-4 ruling": a score
		}
	} else if fromWord && !between {
		// "up from 37", "rose to 41 from 37": a value before the one
		// now.
		return figure{}, f.end, false
	}
	// "from 1 to 5 p.m.": hours of the day.
	if kind == Count && f.end < len(toks) && toks[f.end].kind == tWord && timeWords[toks[f.end].low] {
		return figure{}, f.end + 1, false
	}
	if kind == Count || kind == Money || kind == Percent {
		if rate, k := rateAfter(toks, f.end); rate != "" && kind != Count {
			f.val.Unit += rate
			f.end = k
		}
	}
	// Qualifiers and increments before the figure.
	f.qual = qualifierText(toks, q0, i)
	f.start = q0
	if incrementBefore(toks, q0) || isWord(toks, f.end, "more") && kind == Count || isWord(toks, f.end, "additional") {
		return figure{}, f.end, false // "another 500", "500 more troops": an increment
	}
	if isWord(toks, q0-1, "compared") || isWord(toks, q0-1, "versus") || isWord(toks, q0-1, "vs") || isWord(toks, q0-2, "compared") {
		return figure{}, f.end, false // "compared with 37": a value to compare against
	}
	// Spans of time relative to now are not figures: "the past four
	// seasons", "in three weeks", "the next two years".
	if isWord(toks, q0-1, "past") || isWord(toks, q0-1, "last") || isWord(toks, q0-1, "next") || isWord(toks, q0-1, "previous") || isWord(toks, q0-1, "coming") || isWord(toks, q0-1, "first") && kind != Money ||
		kind == Duration && (isWord(toks, q0-1, "in") || isWord(toks, q0-1, "within") || isWord(toks, q0-1, "after")) {
		return figure{}, f.end, false
	}
	// "over two years" spreads something over a time; it claims no
	// length of time.
	if kind == Duration && f.qual == "over" {
		return figure{}, f.end, false
	}
	// Comparisons name the figure compared with: "fewer than the 240,000
	// economists had expected".
	if isWord(toks, q0-1, "than") || isWord(toks, q0-2, "than") && (isWord(toks, q0-1, "the") || isWord(toks, q0-1, "a")) {
		return figure{}, f.end, false
	}
	// Ratios: "1 in 5 residents", "three out of four".
	if kind == Count && (isWord(toks, f.end, "in") || isWord(toks, f.end, "out") && isWord(toks, f.end+1, "of")) {
		k := f.end + 1
		if toks[f.end].low == "out" {
			k++
		}
		if k < len(toks) && (toks[k].kind == tNum || numberWords[toks[k].low] > 0) {
			return figure{}, k + 1, false
		}
	}
	// Ages: "residents 70 and older", "18 or over".
	if (isWord(toks, f.end, "and") || isWord(toks, f.end, "or")) && f.end+1 < len(toks) && ageWords[toks[f.end+1].low] {
		return figure{}, f.end + 2, false
	}
	// So much each: "countries each with at least 100 million people".
	if isWord(toks, q0-1, "each") || isWord(toks, q0-1, "with") && isWord(toks, q0-2, "each") {
		return figure{}, f.end, false
	}
	// A group already named: "the two countries", "its three sons".
	if (kind == Count || kind == Duration) && a.v < 10 && (f.qual == "" || f.qual == "only") && q0 > 0 && toks[q0-1].kind == tWord && definite[toks[q0-1].low] {
		return figure{}, f.end, false
	}
	// "his first of three goals", "one of five": a place in a group.
	if isWord(toks, q0-1, "of") && q0 >= 2 && (ordinals[toks[q0-2].low] || toks[q0-2].low == "one") {
		return figure{}, f.end, false
	}
	// A part of a group: "three of the victims", "two of them".
	if kind == Count && isWord(toks, f.end, "of") && f.end+1 < len(toks) && partitives[toks[f.end+1].low] {
		return figure{}, f.end, false
	}
	f.approx = f.qual != "" && f.qual != "only" && f.qual != "just" || toks[n].kind == tWord
	// Big round numbers are rounded too: "13,000" and "12,950" are
	// one figure; "20" and "24" are not.
	if f.approx || (a.v >= 1000 && round >= 100) {
		f.val.Step = round
	} else {
		f.val.Step = exact
	}
	return f, f.end, true
}

// rangeEnd is the second half of a range.
type rangeEnd struct {
	a         amount
	raw       float64 // its number before its scale
	sep, next int
	dash      bool
	kind      Kind
	unit      string
	dstep     float64 // days per unit of a duration
}

func dstepOr(a, b float64) float64 {
	if a != 0 {
		return a
	}
	return b
}

// rangeAfter reads the second figure of a range starting at toks[k]: a
// dash, "to" or (after "between") "and", then the same kind of figure.
func rangeAfter(toks []token, k int, kind Kind, unit, cur string, between bool) (rangeEnd, bool) {
	if k >= len(toks) {
		return rangeEnd{}, false
	}
	dash := isSym(toks, k, dashes+"/")
	if !(dash || isWord(toks, k, "to") || between && isWord(toks, k, "and")) {
		return rangeEnd{}, false
	}
	if toks[k].text == "/" {
		return rangeEnd{}, false
	}
	j := k + 1
	c2, j2 := currencyBefore(toks, j)
	if c2 != "" && cur != "" && c2 != cur {
		return rangeEnd{}, false
	}
	j = j2
	if c2 != "" && kind != Money && !(kind == Count && cur == "") {
		return rangeEnd{}, false // "rose 0.2% to $34.75"
	}
	if c2 != "" {
		cur = c2
	}
	if j >= len(toks) || toks[j].kind != tNum && (kind != Count || numberWords[toks[j].low] == 0) {
		return rangeEnd{}, false
	}
	a, ok := parseNumber(toks, j)
	if !ok {
		return rangeEnd{}, false
	}
	raw := a.v
	if toks[j].kind == tNum {
		raw, _ = strconv.ParseFloat(strings.ReplaceAll(toks[j].text, ",", ""), 64)
	}
	kind2, unit2, dstep2, next, _, skip := unitAfter(toks, a.next, cur)
	if skip {
		return rangeEnd{}, false
	}
	// "30% to 40%", "30-40%" and "$2m-$3m" are ranges; "30% to $40" is not.
	if kind2 != kind && !(kind == Count && cur == "") && kind2 != Count {
		return rangeEnd{}, false
	}
	if kind2 == Count && kind != Count {
		kind2, unit2, dstep2 = kind, unit, 0
		next = a.next
	}
	if kind2 == kind && unit2 != unit {
		return rangeEnd{}, false
	}
	return rangeEnd{a: a, raw: raw, sep: k, next: next, dash: dash, kind: kind2, unit: unit2, dstep: dstep2}, true
}

// notAFigure reports whether the number at toks[n] is a year, a date, a
// time, a phone number, a label, an ordinal, an age or a list marker, and
// where reading may resume.
func notAFigure(toks []token, n int, a amount, cur string) (bool, int) {
	t := toks[n]
	prev := func(k int) token {
		if n-k >= 0 {
			return toks[n-k]
		}
		return token{kind: tSym, s: -2, e: -2}
	}
	next := func(k int) token {
		if n+k < len(toks) {
			return toks[n+k]
		}
		return token{kind: tSym, s: -3, e: -3}
	}
	p1, n1 := prev(1), next(1)
	// Glued to letters: "G7", "A330", "MH17", "COVID-19", "F-16", "mid-2022".
	if cur == "" && p1.kind == tWord && adjacent(p1, t) {
		return true, skipGroup(toks, n)
	}
	if p1.kind == tSym && strings.Contains(dashes, p1.text) && adjacent(p1, t) && prev(2).kind == tWord && adjacent(prev(2), p1) {
		return true, skipGroup(toks, n)
	}
	// A calibre or a decimal without its zero: "a .38 revolver".
	if p1.text == "." && adjacent(p1, t) && prev(2).kind != tNum {
		return true, n + 1
	}
	// A minus sign: "-13℃".
	if p1.kind == tSym && (p1.text == "-" || p1.text == "−") && adjacent(p1, t) && !adjacent(prev(2), p1) {
		return true, n + 1
	}
	// "at the age of 42"
	if p1.low == "of" && prev(2).low == "age" {
		return true, n + 1
	}
	if n1.kind == tWord && adjacent(t, n1) {
		if _, ok := scaleWords[n1.low]; !ok && n1.low != "pc" {
			return true, n + 2 // "5G", "13th", "1990s", "3D"
		}
	}
	// Times and fractions: "10:30", "3/4", "12/05/2024"; phone numbers.
	if n1.kind == tSym && (n1.text == ":" || n1.text == "/") && adjacent(t, n1) && next(2).kind == tNum && adjacent(n1, next(2)) {
		return true, skipGroup(toks, n)
	}
	if p1.kind == tSym && (p1.text == "/" || p1.text == ":") && adjacent(p1, t) {
		return true, n + 1
	}
	if phone, end := phoneNumber(toks, n); phone {
		return true, end
	}
	if n1.kind == tWord && timeWords[n1.low] || n1.kind == tWord && (n1.low == "a" || n1.low == "p") && next(2).text == "." {
		return true, n + 2
	}
	// Dates: "13 October", "October 13", "Oct. 13", "Tuesday 13".
	pw := n - 1
	if pw >= 0 && toks[pw].text == "." {
		pw--
	}
	if pw >= 0 && toks[pw].kind == tWord && (months[toks[pw].low] || weekdays[toks[pw].low]) {
		if toks[pw].low != "may" || isCapitalised(toks[pw].text) {
			return true, n + 1
		}
	}
	// Signed numbers are differences ("+7 goal differential"); a number
	// then a colon at the start is a list or a heading ("52: With …").
	if (p1.text == "+" || p1.text == "±") && adjacent(p1, t) || n == 0 && n1.text == ":" {
		return true, n + 2
	}
	// A number as a capitalised word inside a sentence starts a title:
	// "the book Three Cups of Tea".
	if n1.kind == tWord && months[n1.low] && (n1.low != "may" || isCapitalised(n1.text)) && a.v <= 31 {
		return true, n + 2
	}
	if n1.kind == tWord && n1.low == "of" && n+2 < len(toks) && months[toks[n+2].low] && a.v <= 31 {
		return true, n + 3
	}
	// Years: 1900–2099 written bare, and a year range after one
	// ("2022–24", "2023/24").
	if cur == "" && isYear(t.text) && !isPercentAfter(toks, n+1) {
		if _, scaled := scaleWords[n1.low]; !scaled || n1.kind != tWord {
			end := n + 1
			if n1.kind == tSym && strings.Contains(dashes+"/", n1.text) && adjacent(t, n1) && next(2).kind == tNum {
				end = n + 3
			}
			return true, end
		}
	}
	if t.text[0] == '0' && len(t.text) > 1 && !strings.HasPrefix(t.text, "0.") {
		return true, n + 1 // "007", codes
	}
	// Labels: "Article 4", "page 12", "No. 1", "#5", "Boeing 737".
	if p1.kind == tWord && labelWords[p1.low] && !(p1.low == "no" && !isCapitalised(p1.text) && p1.e != t.s-1) {
		return true, n + 1
	}
	if p1.text == "." && prev(2).kind == tWord && (prev(2).low == "no" || prev(2).low == "nos" || prev(2).low == "p" || prev(2).low == "pp" || prev(2).low == "vol" || prev(2).low == "art") {
		return true, n + 1
	}
	if p1.text == "#" || p1.text == "№" {
		return true, n + 1
	}
	if cur == "" && p1.kind == tWord && isCapitalised(p1.text) && n >= 2 && !isQualifierWord(p1.low) && !stopWords[p1.low] && !strings.HasSuffix(p1.low, "’s") && !strings.HasSuffix(p1.low, "'s") && !months[p1.low] && p1.text != strings.ToUpper(p1.text) {
		return true, n + 1
	}
	// Ordinals and list markers: "1.", "(1)" at the start.
	if n == 0 && n1.kind == tSym && (n1.text == "." || n1.text == ")") {
		return true, n + 2
	}
	if p1.text == "(" && n1.text == ")" && a.v < 100 && n >= 1 && (n == 1 || prev(2).kind == tWord && isCapitalised(prev(2).text)) {
		return true, n + 2 // "(1)", "Kim (40)"
	}
	// Ages: "aged 45", "Smith, 45, said".
	if p1.kind == tWord && (p1.low == "aged" || p1.low == "age" || p1.low == "ages") {
		return true, n + 1
	}
	if p1.text == "," && n1.kind == tSym && (n1.text == "," || n1.text == ")" || n1.text == "." && n+2 == len(toks)) && a.v < 120 && a.v == float64(int(a.v)) && prev(2).kind == tWord && isCapitalised(prev(2).text) {
		return true, n + 1
	}
	return false, n + 1
}

// skipGroup is the token after a run of joined digits and symbols starting
// at n: the rest of "COVID-19", "10:30", "3/4".
func skipGroup(toks []token, n int) int {
	j := n + 1
	for j < len(toks) && adjacent(toks[j-1], toks[j]) && (toks[j].kind == tNum || toks[j].kind == tSym && strings.Contains(dashes+"/:.", toks[j].text)) {
		j++
	}
	return j
}

// phoneNumber reports whether a phone number starts at toks[n]: groups of
// digits without thousands commas joined by hyphens, dots or spaces,
// seven digits or more in at least two groups ("555-1234", "020 7946 0958",
// "(02) 9876 5432"), and where it ends.
func phoneNumber(toks []token, n int) (bool, int) {
	digits, groups := 0, 0
	j := n
	plus := n > 0 && toks[n-1].text == "+"
	paren := n > 0 && toks[n-1].text == "(" && n+1 < len(toks) && toks[n+1].text == ")"
	for j < len(toks) && toks[j].kind == tNum && !strings.ContainsAny(toks[j].text, ",.") && len(toks[j].text) <= 5 {
		digits += len(toks[j].text)
		groups++
		j++
		if j < len(toks) && (toks[j].text == "-" || toks[j].text == "." || toks[j].text == ")") && j+1 < len(toks) && toks[j+1].kind == tNum {
			j++
			continue
		}
		if j < len(toks) && toks[j].kind == tNum && (plus || paren || groups > 1 || len(toks[j-1].text) >= 3 && len(toks[j].text) >= 3) {
			continue
		}
		break
	}
	if groups >= 2 && digits >= 7 || (plus || paren) && digits >= 7 {
		// "1,000 2,000" never gets here: commas are thousands.
		if groups == 2 && !plus && !paren {
			// Two groups: 3+4 digits joined by a hyphen or a space.
			first := toks[n].text
			if len(first) < 3 || j-1 < n || len(toks[j-1].text) < 4 {
				return false, n + 1
			}
		}
		return true, j
	}
	return false, n + 1
}

// isYear reports whether a bare number is a year from 1900 to 2099.
func isYear(s string) bool {
	if len(s) != 4 || !isDigits(s) {
		return false
	}
	return s[:2] == "19" || s[:2] == "20"
}

func isPercentAfter(toks []token, k int) bool {
	return isSym(toks, k, "%") || isWord(toks, k, "percent") || isWord(toks, k, "per") && isWord(toks, k+1, "cent")
}

func isQualifierWord(w string) bool {
	for _, q := range qualifierList {
		if q.words[0] == w {
			return true
		}
	}
	return false
}

// qualifierStart is the index of the first token of a qualifier ending
// just before toks[i] ("more than", "about"), or i.
func qualifierStart(toks []token, i int) int {
	for _, q := range qualifierList {
		k := len(q.words)
		if i-k < 0 {
			continue
		}
		match := true
		for x, w := range q.words {
			t := toks[i-k+x]
			if t.kind != tWord || t.low != strings.TrimSuffix(w, ".") {
				match = false
				break
			}
		}
		if match {
			return i - k
		}
	}
	return i
}

// qualifierText is the qualifier between q0 and i, in lower case.
func qualifierText(toks []token, q0, i int) string {
	if q0 == i {
		return ""
	}
	var b strings.Builder
	for k := q0; k < i; k++ {
		if k > q0 {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].low)
	}
	return b.String()
}

// incrementBefore reports whether the figure adds to an earlier one:
// "another 500", "a further $2m", "an additional 3,000".
func incrementBefore(toks []token, q0 int) bool {
	if q0 == 0 || toks[q0-1].kind != tWord {
		return false
	}
	w := toks[q0-1].low
	return w == "another" || w == "further" || w == "additional" || w == "extra"
}

// joinTokens is the text from toks[a] to the end of toks[b-1].
func joinTokens(toks []token, a, b int) string {
	if a >= b {
		return ""
	}
	var sb strings.Builder
	for k := a; k < b; k++ {
		if k > a && !adjacent(toks[k-1], toks[k]) {
			sb.WriteByte(' ')
		}
		sb.WriteString(toks[k].text)
	}
	return sb.String()
}

// definite words before a small count refer to a group already known:
// "the two allies".
var definite = set("the", "these", "those", "its", "their", "his", "her", "our", "your", "my", "both", "all")

// ageWords after "70 and" or "18 or" make the number an age.
var ageWords = set("older", "over", "up", "younger", "under", "above", "below")

// fractions after a hyphen make a number word a fraction: "two-thirds".
var fractions = set("half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths", "sixth", "sixths", "eighth", "eighths")

// ordinals before "of" make the figure the size of a group: "the first of
// three".
var ordinals = set("first", "second", "third", "fourth", "fifth", "last", "latest", "final")
