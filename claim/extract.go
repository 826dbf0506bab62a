package claim

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/corpus"
)

// Claim is one figure a passage states.
type Claim struct {
	Kind  Kind  `json:"kind"`
	Value Value `json:"value"`
	// Text is the figure as written, its qualifier included: "more than
	// 16,500", "$2m", "30 to 40".
	Text string `json:"text"`
	// Qualifier qualifies the figure without changing it: "about", "at
	// least", "more than", "up to", "nearly".
	Qualifier string `json:"qualifier,omitempty"`
	// From is the figure before a change the sentence reports ("rose from
	// 37 to 41": "37"); the claim is the figure after it.
	From string `json:"from,omitempty"`
	// Thing is what the figure counts; zero when the text does not say.
	Thing Thing `json:"thing"`
	// By is who states the figure, when the text says so: "the United
	// States", "officials", "the regional governor".
	By string `json:"by,omitempty"`
	// Period is the time the figure covers, as written: "since September
	// 2023", "by the end of 2024".
	Period string `json:"period,omitempty"`
	// Attributive says the figure is part of a name for a kind of thing
	// ("a 30-year mortgage", "a 6-week ban"): it says what kind, not how
	// many, and Differences leaves it out.
	Attributive bool `json:"attributive,omitempty"`
	// Verb is the stem of the verb the figure goes with ("send" for "sent
	// 37 drones"), "" when none; figures of different events are not
	// compared (see sameEvent).
	Verb string `json:"verb,omitempty"`
	// Figure and Sentence are byte ranges in the passage: the figure as
	// written (Text) and the sentence holding it.
	Figure   [2]int `json:"figure"`
	Sentence [2]int `json:"sentence"`
}

// Extract returns the claims a passage states, in order. Numbers that are
// not figures (years, dates, times, phone numbers, labels such as "Article
// 4", ordinals, ages, scores, measures, parts of a group, earlier values
// and increments) are left out.
func Extract(passage string) []Claim {
	return extract(passage, nil)
}

// extract reads the sentences of passage that may hold a figure and, when
// keep is not nil, that keep accepts.
func extract(passage string, keep func(sentence string) bool) []Claim {
	var out []Claim
	var toks []token
	for _, sr := range corpus.Sentences(passage) {
		s := passage[sr[0]:sr[1]]
		if !mayHoldFigure(s) || keep != nil && !keep(s) || isHeadline(s) {
			continue
		}
		if toks == nil {
			toks = make([]token, 0, len(s)/4+8)
		}
		toks = tokenize(s, toks)
		out = appendSentence(out, passage, sr, s, toks)
	}
	return out
}

// mayHoldFigure is a cheap test that skips sentences without digits or a
// number word.
func mayHoldFigure(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			return true
		}
	}
	// Every number word holds one of these, in either case: "one",
	// "two", "three", "four", "five", "six", "seven", "eight", "nine",
	// "ten", "eleven", "twelve", "-teen", "twenty", …, "dozen".
	for i := 0; i+2 < len(s); i++ {
		switch s[i] | 0x20 {
		case 'o', 't', 'f', 's', 'e', 'n', 'd', 'h', 'm', 'b':
			switch lowerASCII3(s[i:]) {
			case "one", "two", "thr", "fou", "fiv", "six", "sev", "eig", "nin", "ten", "ele", "twe", "thi", "fif", "for", "doz", "hun", "tho", "mil", "bil":
				return true
			}
		}
	}
	return false
}

// lowerASCII3 is the first three bytes of s in ASCII lower case.
func lowerASCII3(s string) string {
	var b [3]byte
	for i := 0; i < 3; i++ {
		b[i] = s[i]
		if b[i] >= 'A' && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b[:])
}

// isHeadline reports whether a sentence is mostly capitals: a headline or
// a label, whose figures are told properly in the text.
func isHeadline(s string) bool {
	letters, upper := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters > 12 && upper*10 > letters*6
}

// appendSentence adds the claims of one sentence s, at range sr of the
// passage.
func appendSentence(out []Claim, passage string, sr [2]int, s string, toks []token) []Claim {
	figs := findFigures(toks)
	if len(figs) == 0 {
		return out
	}
	cls := clauses(toks)
	attrs := make([][]attribution, len(cls))
	figsIn := make([]int, len(cls))
	clauseOf := func(i int) int {
		for ci, c := range cls {
			if i >= c.s && i < c.e {
				return ci
			}
		}
		return len(cls) - 1
	}
	for ci, c := range cls {
		attrs[ci] = attributions(toks, s, c)
	}
	for _, f := range figs {
		figsIn[clauseOf(f.num)]++
	}
	bounds := numberBounds(toks)
	var last Thing
	var lastVerb string
	var lastKind Kind
	var lastUnit string
	for _, f := range figs {
		ci := clauseOf(f.num)
		// A period belongs to the nearest figure: it is looked for
		// between this figure and the numbers around it, and not far
		// before it.
		span := cls[ci]
		span.s = max(span.s, f.start-10)
		for _, k := range bounds {
			if k < f.start {
				span.s = max(span.s, k+1)
			} else if k >= f.end {
				span.e = min(span.e, k)
				break
			}
		}
		th, ok, compared := thingFor(toks, s, f)
		// "Brazil’s four goals" are not Portugal’s.
		if ok && f.start > 0 && toks[f.start-1].kind == tWord && isCapitalised(toks[f.start-1].text) && (strings.HasSuffix(toks[f.start-1].text, "’s") || strings.HasSuffix(toks[f.start-1].text, "'s")) {
			th.Mods = appendSorted(slices.Clone(th.Mods), lemma(toks[f.start-1].low))
		}
		if compared {
			continue // "2.9 million people more than China": a difference, not a count
		}
		verb := verbOf(toks, f, f.end, cls[ci])
		if !ok && !last.IsZero() && lastKind == f.kind && lastUnit == f.val.Unit && elliptic(toks, f) {
			// "…, while South Korea cited a lower figure of 13,000": the
			// thing the sentence already counted, and its event.
			th, ok, verb = last, true, lastVerb
		}
		if ok {
			last, lastKind, lastUnit, lastVerb = th, f.kind, f.val.Unit, verb
		}
		fs, fe := toks[f.start].s, toks[f.end-1].e
		c := Claim{
			Kind: f.kind, Value: f.val, Text: s[fs:fe], Qualifier: f.qual, From: f.from, Attributive: f.adjective,
			Thing:    th,
			Verb:     verb,
			By:       speakerFor(f.num, cls[ci], attrs, ci, figsIn),
			Period:   periodIn(toks, s, span, f.start, f.end),
			Figure:   [2]int{sr[0] + fs, sr[0] + fe},
			Sentence: sr,
		}
		if f.from != "" {
			// The claim is the figure now: "41", not "from 37 to 41".
			c.Text = s[toks[f.now].s:fe]
			c.Figure[0] = sr[0] + toks[f.now].s
			c.Qualifier = ""
		}
		if !finite(c.Value) {
			continue
		}
		out = append(out, c)
	}
	return out
}

func finite(v Value) bool {
	for _, x := range []float64{v.Lo, v.Hi, v.Step} {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return false
		}
	}
	return true
}

// thingFor finds what a figure counts: the noun phrase after it ("16,500
// containers of munitions", "41 dead", "a 10-year sentence"), what
// happened to a counted group ("41 people were killed"), the phrase before
// "of" ("a fine of $2m", "a death toll of 41"), a verb that names it
// ("fined Acme $2m", "killing 41"), or the subject of a verb of change
// ("the death toll rose to 41", "inflation was 3.2%").
func thingFor(toks []token, s string, f figure) (th Thing, ok, compared bool) {
	th, ok = thingNear(toks, s, f)
	return th, ok, comparedAfter(toks, f.end)
}

// comparedAfter reports whether a figure is a difference between two
// things: "2.9 million people more than China", "3% higher than".
func comparedAfter(toks []token, j int) bool {
	for n := 0; n < 4 && j < len(toks); j, n = j+1, n+1 {
		t := toks[j]
		if t.kind != tWord {
			return false
		}
		if (t.low == "more" || t.low == "fewer" || t.low == "less" || t.low == "higher" || t.low == "lower" || t.low == "greater" || t.low == "bigger" || t.low == "larger" || t.low == "smaller") && isWord(toks, j+1, "than") {
			return true
		}
		if stopWords[t.low] {
			return false
		}
	}
	return false
}

func thingNear(toks []token, s string, f figure) (Thing, bool) {
	j := f.end
	allowOf := f.kind != Percent
	np, npEnd := npAfter(toks, j, allowOf)
	if f.kind == Percent && np.empty() && isWord(toks, j, "of") {
		// "76.6 per cent of South Koreans expressed the belief": a share
		// of a group, narrowed by what it did.
		np, npEnd = npAfter(toks, skipDeterminers(toks, j+1), false)
		if th, ok := thingOf(toks, s, np); ok {
			for k, n := npEnd, 0; k < len(toks) && n < 3; k++ {
				if toks[k].kind != tWord || toks[k].low == "that" || toks[k].low == "who" {
					break
				}
				if auxWords[toks[k].low] || toks[k].low == "their" || toks[k].low == "the" || toks[k].low == "a" {
					continue
				}
				if !contentWord(toks, k) {
					break
				}
				th.Mods = appendSorted(th.Mods, lemma(toks[k].low))
				n++
			}
			return th, true
		}
	}
	// "73 Old Dublin Pike", "10 Downing Street": a name, not a count.
	if len(np.words) >= 1 && f.kind == Count && isCapitalised(toks[np.words[0]].text) && isCapitalised(toks[np.words[len(np.words)-1]].text) && !(len(np.words) == 1 && f.qual != "") {
		return Thing{}, false
	}
	th, ok := thingOf(toks, s, np)
	if ok {
		if genericPeople[th.Head] || personLike(th.Head) {
			if st := stateAfter(toks, npEnd); st != "" {
				if !genericPeople[th.Head] {
					th.Mods = appendSorted(th.Mods, th.Head)
				}
				th.Head = st
				th.Text += " " + st
				return th, true
			}
		}
		// "killed 12 civilians"
		if genericPeople[th.Head] || personLike(th.Head) {
			if st := stateVerbBefore(toks, f.start); st != "" {
				if !genericPeople[th.Head] {
					th.Mods = appendSorted(th.Mods, th.Head)
				}
				th.Head = st
				th.Text = st
				return th, true
			}
		}
		if !genericPeople[th.Head] {
			return th, true
		}
	}
	people := th
	// "41 were killed", "1,000 are missing"
	if np.empty() {
		if st := stateAfter(toks, j); st != "" {
			return Thing{Head: st, Text: st}, true
		}
	}
	q := f.start
	// "a fine of $2m", "a death toll of 41", "a pay rise of 9%"
	if isWord(toks, q-1, "of") {
		if pre, ok := thingOf(toks, s, mustNP(npBefore(toks, q-1))); ok {
			return pre, true
		}
	}
	// "paid artists a total of £6.5m", "reached a record 210,000": the
	// words that only frame the figure.
	for q > 0 && toks[q-1].kind == tWord && framing[toks[q-1].low] {
		q--
	}
	// "fined Acme $2m", "killing at least 41", "sentenced to five years"
	for k := q - 1; k >= 0 && k >= q-4; k-- {
		t := toks[k]
		if t.kind != tWord {
			break
		}
		if !inflected(t.low) && !onlyLinks(toks, k+1, q) {
			continue // "pay" in "a pay rise over …" is a noun
		}
		if v, ok := verbThings[t.low]; ok && !(t.low == "cut" && f.kind == Percent) {
			if st := stateHeads[t.low]; st != "" {
				v = st
			}
			// "fined Acme $2m": the object narrows the fine.
			th := Thing{Head: v, Text: v}
			for o := k + 1; o < q; o++ {
				if contentWord(toks, o) && !isVerbish(toks[o].low) {
					th.Mods = appendSorted(th.Mods, lemma(toks[o].low))
				}
			}
			return th, true
		}
		if s := stateHeads[t.low]; s != "" && (s == "dead" || s == "injured") && isVerbish(t.low) {
			return Thing{Head: s, Text: s}, true
		}
	}
	// "the death toll rose to 41", "inflation was 3.2%", "put the toll at 41",
	// "rose from 37 to 41"
	if f.from != "" && isWord(toks, q-1, "from") {
		q--
	}
	b := q - 1
	level := isWord(toks, b, "to") || isWord(toks, b, "at")
	if level || isWord(toks, b, "by") {
		b--
	}
	level = level || f.from != ""
	if b >= 0 && toks[b].kind == tWord && (changeVerbs[toks[b].low] || valueVerbs[toks[b].low]) {
		v := b
		for v > 0 && toks[v-1].kind == tWord && (auxWords[toks[v-1].low] || changeVerbs[toks[v-1].low] || strings.HasSuffix(toks[v-1].low, "ly")) && b-v < 3 {
			v--
		}
		np := subjectBefore(toks, v)
		subj, ok := thingOf(toks, s, np)
		dir := motion[toks[b].low]
		if !ok && dir != "" && !level && len(np.words) > 0 {
			// "its shares fell 4.5%": a generic word is enough to say
			// what changed.
			w := np.words[len(np.words)-1]
			subj, ok = Thing{Head: lemma(toks[w].low), Text: toks[w].text}, true
		}
		if ok {
			// "wages rose 9%", "bitcoin jumps $400": the change, not the
			// level ("rose to 41").
			if dir != "" && !level {
				subj.Mods = appendSorted(slices.DeleteFunc(subj.Mods, func(m string) bool { return m == subj.Head }), subj.Head)
				subj.Head = dir
			}
			return subj, true
		}
	}
	if isWord(toks, q-1, "at") || isWord(toks, q-1, "to") {
		// "put the death toll at 41", "updated the toll to 115": the
		// phrase between the verb and "at" or "to".
		np, k := npBefore(toks, q-1)
		if k > 0 && valueVerbs[toks[skipDeterminersBack(toks, k-1)].low] {
			if th, ok := thingOf(toks, s, np); ok {
				return th, true
			}
		}
	}
	if !people.IsZero() {
		return people, true
	}
	return Thing{}, false
}

func mustNP(np nounPhrase, _ int) nounPhrase { return np }

// framing words stand between a verb and its figure without naming
// anything: "a total of", "a record", "a combined".
var framing = set("a", "an", "the", "of", "total", "record", "combined", "further", "whopping", "staggering", "mere", "reported", "estimated")

// inflected reports whether a word is a verb form that cannot be a bare
// noun: "fined", "killing", "pays".
func inflected(w string) bool {
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || w == "paid" || w == "spent" || w == "sold" || w == "owes" || w == "costs" || w == "pays" || w == "earns" || w == "lent" || w == "bought" || w == "laid"
}

// onlyLinks reports whether toks[a:b] are only words that link a verb to
// its figure: "cost between £85 and £260", "pay up to $2m".
func onlyLinks(toks []token, a, b int) bool {
	for k := a; k < b; k++ {
		switch toks[k].low {
		case "between", "to", "at", "by", "up", "a", "an", "the", "them", "him", "her", "it", "us", "about", "nearly", "roughly", "around":
		default:
			return false
		}
	}
	return true
}

func skipDeterminers(toks []token, k int) int {
	for k < len(toks) && toks[k].kind == tWord && (toks[k].low == "the" || toks[k].low == "a" || toks[k].low == "an" || toks[k].low == "its" || toks[k].low == "their" || toks[k].low == "all") {
		k++
	}
	return k
}

func skipDeterminersBack(toks []token, k int) int {
	for k > 0 && toks[k].kind == tWord && (toks[k].low == "the" || toks[k].low == "a" || toks[k].low == "an" || toks[k].low == "its" || toks[k].low == "their") {
		k--
	}
	return k
}

// personLike heads count people whose fate may follow: "41 civilians were
// killed" counts the dead among civilians.
func personLike(head string) bool {
	switch head {
	case "civilian", "soldier", "troop", "child", "woman", "man", "worker", "passenger", "student", "migrant", "resident", "patient", "victim", "officer", "fighter", "militant", "journalist", "hostage", "prisoner", "refugee", "member", "employee", "adult", "teenager", "firefighter", "miner", "crew", "tourist", "visitor", "pilgrim", "protester", "demonstrator", "inmate", "staff", "personnel":
		return true
	}
	return false
}

func appendSorted(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	out := append(ss[:len(ss):len(ss)], s)
	for i := len(out) - 1; i > 0 && out[i] < out[i-1]; i-- {
		out[i], out[i-1] = out[i-1], out[i]
	}
	return out
}

// FormatValue writes a value for people: "16,500", "$2 million", "30–40",
// "8.5%", "5 years". Claims keep the figure as written (Claim.Text); this
// is for values that have no writing of their own.
func FormatValue(v Value) string {
	one := func(x float64) string { return formatNumber(x) }
	s := one(v.Lo)
	if v.Hi != v.Lo {
		s += "–" + one(v.Hi)
	}
	unit, rate, _ := strings.Cut(v.Unit, "/")
	switch unit {
	case "":
	case "%":
		s += "%"
	case "pp":
		s += " percentage points"
	case "days":
		s += " days"
	case "USD":
		s = "$" + s
	default:
		s = unit + " " + s
	}
	if rate != "" {
		s += " a " + rate
	}
	return s
}

func formatNumber(x float64) string {
	switch {
	case math.Abs(x) >= 1e9 && math.Mod(x, 1e7) == 0:
		return strconv.FormatFloat(x/1e9, 'f', -1, 64) + " billion"
	case math.Abs(x) >= 1e6 && math.Mod(x, 1e4) == 0:
		return strconv.FormatFloat(x/1e6, 'f', -1, 64) + " million"
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

func allCapitalised(toks []token, ix []int) bool {
	for _, k := range ix {
		if !isCapitalised(toks[k].text) {
			return false
		}
	}
	return true
}

// numberBounds are the tokens of numbers that are not dates: figures, and
// numbers refused as figures ("from 52 last year"). A period does not
// reach past one to the figure beyond.
func numberBounds(toks []token) []int {
	var out []int
	for k, t := range toks {
		if t.kind != tNum || isYear(t.text) {
			continue
		}
		if len(t.text) <= 2 && (k > 0 && months[toks[k-1].low] || k+1 < len(toks) && months[toks[k+1].low]) {
			continue
		}
		if k >= 2 && isSym(toks, k-1, dashes+"/") && isYear(toks[k-2].text) {
			continue // "2022–24"
		}
		out = append(out, k)
	}
	return out
}

// elliptic reports whether a figure without a thing leaves it to the
// sentence's earlier figure: "a lower figure of 13,000", "the total at
// 16,500", or a bare figure at the end of a clause ("…, while Seoul says
// 13,000."), not an item of a list ("Kentucky and seven other states").
func elliptic(toks []token, f figure) bool {
	if isWord(toks, f.start-1, "of") || isWord(toks, f.start-1, "at") || isWord(toks, f.start-1, "to") {
		return true
	}
	if f.start > 0 && (toks[f.start-1].low == "and" || toks[f.start-1].low == "or" || toks[f.start-1].text == ",") {
		return false
	}
	return f.end >= len(toks) || toks[f.end].kind == tSym || periodStarts[toks[f.end].low]
}

// stateVerbBefore reads a verb of harm just before a figure: "killed 12
// civilians", "killing at least 41", "injuring 7".
func stateVerbBefore(toks []token, q int) string {
	for k := q - 1; k >= 0 && k >= q-3; k-- {
		t := toks[k]
		if t.kind != tWord {
			return ""
		}
		if st := stateHeads[t.low]; st != "" && isVerbish(t.low) && onlyLinks(toks, k+1, q) {
			return st
		}
	}
	return ""
}
