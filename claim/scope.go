package claim

import (
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/timeline"
)

// Two figures of one kind are one disagreement only when they are about
// the same thing: the same place and actors, and the same moment. A running
// story gives many neighbouring figures (two strikes on two days, the
// Kharkiv strike and the country's toll, Paris's athletes and Tokyo's,
// 1,000 of 3,000 troops); the scope of a claim is what its sentence says
// of where, who and when, so that Differences can keep them apart.

// scope is what a claim's sentence says of where, who and when.
type scope struct {
	// names are the lower-case capitalised words of the sentence other
	// than its speaker's, titles, months and weekdays: "kharkiv",
	// "tokyo", "helene".
	names []string
	// places are the names after a preposition of place: "in Germany,
	// Poland and Romania", "into Belarus", "on Ukraine's border".
	places []string
	// thingNames are the capitalised words of what is counted: "Minnesota
	// farms", "Russian troops".
	thingNames []string
	// words are the lower-case words of the sentence and the one before
	// it, what another claim's names are looked up in (the whole
	// passage's are read only when needed: scopeShared.passage).
	words wordList
	// sentence are the lower-case words of the sentence alone.
	sentence wordList
	// date is the day, month or year the sentence puts its event at
	// ("killed Wednesday", "on 13 October"), zero when it names none;
	// dates of a statement ("said Tuesday", "as of Friday") do not count.
	date timeline.Date
	// running says the figure is a total that grows over time: a toll,
	// "so far", "to date", "since …", "as of …".
	running bool
	// cumulative says the figure is a total that only grows: a toll, a
	// total, "so far", "to date", "since …"; total that it is a total to
	// date, cumulative or told in the present perfect ("have died").
	cumulative, total bool
	// flow says it counts what happened on one day or in one week: "100
	// people died Wednesday", "130 died last week", "1,071 new cases".
	flow bool
	// part says it counts a part of a group counted before it: "including
	// five children".
	part bool
	// lasting says the figure counts what still lasts: "100,000 were
	// still without power", "remain missing".
	lasting bool
	// rate says the figure is per head: "171 deaths per 100,000 people".
	rate bool
	// asOf is the moment a snapshot is given for, as written: "as of 3
	// p.m. EDT Monday" → "3 p.m. edt".
	asOf string
	// kind are the words that make what it counts a measure of its own:
	// "active", "new", "daily".
	kind []string
	// hedged says the figure is what may be, not what is: "36 babies are
	// at risk of dying", "up to 1,200 troops could be deployed".
	hedged bool
}

// hedgeWords near a figure make it a projection.
var hedgeWords = set("must", "need", "needs", "needed", "appeared", "appears", "peak", "peaked", "exceeded", "expects", "expect", "expecting", "aims", "hopes", "target", "goal", "risk", "could", "may", "might", "would", "expected", "feared", "likely", "projected", "forecast", "predicted", "threatened", "potentially", "possible", "planned", "plans")

// scopeOf reads a claim's scope off its sentence.
func scopeOf(c Sourced, sh *scopeShared) scope {
	var sc scope
	if c.Sentence[0] < 0 || c.Sentence[1] > len(c.Passage) || c.Sentence[0] > c.Sentence[1] {
		return sc
	}
	s := c.Passage[c.Sentence[0]:c.Sentence[1]]
	// The speaker's words are not names of what is counted ("the Ukraine
	// government said …"), unless the speaker is a place: "South Carolina
	// reported 46 deaths".
	bs, be := -1, -1
	if c.By != "" && !placeLike(c.By) {
		if bs = strings.Index(s, c.By); bs >= 0 {
			be = bs + len(c.By)
		}
	}
	by := func(t token) bool { return bs >= 0 && t.s >= bs && t.e <= be }
	toks := tokenize(s, sh.sentence[:0])
	sh.sentence = toks
	first := afterDateline(toks)
	for i := first; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tWord {
			continue
		}
		sc.sentence = append(sc.sentence, t.low)
		if !nameWord(toks, i, first) || by(t) {
			continue
		}
		if n := unpossessive(t.low); !slices.Contains(sc.names, n) {
			sc.names = append(sc.names, n)
		}
	}
	sc.places = placesIn(toks, first, by)
	for _, j := range jurisdiction(c.By) {
		sc.places = appendSorted(sc.places, j)
	}
	for _, w := range sc.sentence {
		if w == "statewide" || w == "nationwide" || w == "countrywide" {
			sc.places = appendSorted(sc.places, wholeArea)
		}
	}
	// "The total in the prison now encompasses 325 inmates": the place is
	// the one the sentence before named.
	if len(sc.places) == 0 && refersBack(sc.sentence) {
		if from := sentenceBefore(c.Passage, c.Sentence[0]); from < c.Sentence[0] {
			sh.scratch = tokenize(c.Passage[from:c.Sentence[0]], sh.scratch[:0])
			sc.places = placesIn(sh.scratch, 0, func(token) bool { return false })
		}
	}
	sh.scratch = tokenize(c.Thing.Text, sh.scratch[:0])
	for _, t := range sh.scratch {
		if contrastive[t.low] {
			sc.kind = appendSorted(sc.kind, t.low)
		}
		if t.kind == tWord && isCapitalised(t.text) && len(t.low) > 2 && !titleWords[t.low] && stateHeads[t.low] == "" && lemma(t.low) != c.Thing.Head && !stopWords[t.low] {
			sc.thingNames = append(sc.thingNames, t.low)
		}
	}
	sh.scratch = tokenize(c.Passage[sentenceBefore(c.Passage, c.Sentence[0]):c.Sentence[0]], sh.scratch[:0])
	for _, t := range sh.scratch {
		if t.kind == tWord {
			sc.words = append(sc.words, t.low)
		}
	}
	sc.words = append(sc.words, sc.sentence...)
	// "since Tuesday" counts a day, "since the pandemic began" a total.
	sc.cumulative = openPeriod(c.Period) && !sinceADay(c.Period)
	for i, w := range sc.sentence {
		prev := ""
		if i > 0 {
			prev = sc.sentence[i-1]
		}
		if cumulativeWords[w] && (w != "far" || prev == "so") && (w != "date" || prev == "to") {
			sc.cumulative = true
		}
		if perfect(sc.sentence, i) {
			sc.total = true
		}
		if runningWords[w] || w == "of" && prev == "as" {
			sc.running = true
		}
	}
	// The words about the figure: the last ones before it, the first after.
	var before, after []string
	f0, f1 := c.Figure[0]-c.Sentence[0], c.Figure[1]-c.Sentence[0]
	figured := f0 >= 0 && f1 <= len(s) && f0 <= f1
	if figured {
		before, after = wordsBefore(s, f0), wordsAfter(s, f1)
		near := append(slices.Clone(before[max(0, len(before)-3):]), after[:min(len(after), 5)]...)
		for _, w := range near {
			if nowWords[strings.Trim(w, ",;:")] {
				sc.running = true
			}
		}
		// "rose to 41", "hit 200", "stands at 605" — but "to" and "at"
		// only after a word of change.
		for i := len(before) - 1; i >= max(0, len(before)-2); i-- {
			if w := before[i]; changeWords[w] && w != "to" && w != "at" {
				sc.running = true
			}
		}
	}
	for i := 0; i+2 < len(sc.sentence); i++ {
		if sc.sentence[i] == "as" && sc.sentence[i+1] == "of" {
			sc.asOf = strings.Join(sc.sentence[i+2:min(len(sc.sentence), i+5)], " ")
			break
		}
	}
	sc.total = sc.total || sc.cumulative
	sc.running = sc.running || sc.total
	sc.date = eventDay(s, c.Published)
	if figured {
		sc.hedged = hedged(before, after)
		sc.part = partitive(before)
		for _, w := range append(slices.Clone(before[max(0, len(before)-2):]), after[:min(6, len(after))]...) {
			switch strings.Trim(w, ",;:") {
			case "still", "remain", "remained", "remains", "remaining":
				sc.lasting = true
			}
		}
		for i, w := range after[:min(len(after), 4)] {
			if w == "per" && i+1 < len(after) && (after[i+1] == "capita" || after[i+1] == "100,000" || after[i+1] == "million" || after[i+1] == "1,000") {
				sc.rate = true
			}
		}
		// A toll of one day ("100 people died Wednesday") is a day's; a
		// call-up on Monday is the start of what "has called up" counts.
		sc.flow = sinceADay(c.Period) || !sc.cumulative && (sc.date.Precision == timeline.Day && stateHeads[c.Thing.Head] != "" || flowWords(c, before))
	}
	return sc
}

// sinceADay reports whether a period runs from a day just gone: "since
// Tuesday", "since yesterday", "since Wednesday's partial opening".
func sinceADay(period string) bool {
	ws := strings.Fields(lower(period))
	if len(ws) < 2 || ws[0] != "since" {
		return false
	}
	w := unpossessive(ws[1])
	return weekdays[w] || w == "yesterday" || w == "midnight" || w == "monday-night"
}

// contrastive words in what is counted make it a measure of its own:
// "active cases" are not "cases", "new cases" not the total.
var contrastive = set("active", "new", "daily", "weekly", "probable", "suspected", "additional", "current", "monthly")

// partitive reports whether the words before a figure make it a part of
// a group counted before it ("including five children", "of those, two
// were killed by trees") or the whole of a group it names ("all 936
// inmates are being tested", "the state's 10 electoral votes"), not a
// count of what happened.
func partitive(before []string) bool {
	n := len(before)
	for i := max(0, n-3); i < n; i++ {
		w := strings.Trim(before[i], ",;:")
		// "the state’s 10 electoral votes", "their 592 athletes": the size of
		// a group it names, not a count of what happened.
		if i == n-1 && (strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s") || w == "its" || w == "their") {
			return true
		}
		if w == "including" || w == "all" && i == n-1 || w == "among" && i+1 < n && strings.Trim(before[i+1], ",") == "them" ||
			(w == "those" || w == "them" || w == "whom") && i > 0 && before[i-1] == "of" {
			return true
		}
	}
	return false
}

// flowWords reports whether a claim counts what happened in one day or
// week: "last week", "in the latest 24-hour period", "increases of 1,071
// cases", "new cases", "nine more deaths".
func flowWords(c Sourced, before []string) bool {
	p := lower(c.Period)
	for _, w := range []string{"last week", "this week", "past day", "past week", "24 hours", "24-hour", "overnight", "yesterday", "today"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	for _, w := range before[max(0, len(before)-2):] {
		switch strings.Trim(w, ",;:") {
		case "increase", "increases", "another", "additional":
			return true
		}
	}
	for _, t := range tokenize(c.Thing.Text, nil) {
		switch t.low {
		case "new", "daily", "weekly", "more", "additional":
			return true
		}
	}
	return false
}

// perfect reports whether words[i] begins a present perfect, which gives a
// figure to date: "Israel has called up 360,000", "have died".
func perfect(words []string, i int) bool {
	if words[i] != "has" && words[i] != "have" {
		return false
	}
	for _, w := range words[i+1 : min(len(words), i+3)] {
		if w == "been" || strings.HasSuffix(w, "ed") || irregularVerbs[w] != "" {
			return true
		}
	}
	return false
}

// wordWindow is how many bytes about a figure are read for the words
// next to it: more than the eight words any rule looks at.
const wordWindow = 160

// wordsBefore are the lower-case words of s before byte i, the last few;
// wordsAfter those from byte i on, the first few.
func wordsBefore(s string, i int) []string {
	from := max(0, i-wordWindow)
	ws := strings.Fields(lower(s[from:i]))
	if from > 0 && len(ws) > 0 {
		ws = ws[1:] // maybe cut
	}
	return ws
}

func wordsAfter(s string, i int) []string {
	to := min(len(s), i+wordWindow)
	ws := strings.Fields(lower(s[i:to]))
	if to < len(s) && len(ws) > 0 {
		ws = ws[:len(ws)-1]
	}
	return ws
}

// hedged reports whether the words just before a figure or after it make
// it a projection.
func hedged(before, after []string) bool {
	bw, aw := before[max(0, len(before)-6):], after[:min(len(after), 8)]
	for _, w := range append(bw, aw...) {
		if hedgeWords[strings.Trim(w, ".,;:!?\"“”’'()")] {
			return true
		}
	}
	return false
}

// statementWords before a date make it the date of a statement or of a
// count, not of the event: "officials said Tuesday", "as of Friday".
var statementWords = set("said", "says", "told", "announced", "reported", "confirmed", "stated", "added", "of", "updated", "estimated", "tweeted", "wrote")

// eventDay is the date a sentence puts its event at, read against the
// publication date: the first date in event context that no statement
// verb or "as of" leads.
func eventDay(s string, published time.Time) timeline.Date {
	if published.IsZero() {
		return timeline.Date{}
	}
	for _, m := range timeline.Resolve(s, timeline.PublishedOn(published)) {
		if !m.Event || m.Date.IsZero() {
			continue
		}
		before := strings.Fields(lower(s[:m.Start]))
		if n := len(before); n > 0 && (statementWords[before[n-1]] || n > 1 && before[n-1] == "on" && statementWords[before[n-2]]) {
			continue
		}
		return m.Date
	}
	return timeline.Date{}
}

// sameScope reports whether two claims may be about the same place,
// actors and moment:
//   - each names something (a place, an event, a person) the other's
//     sentence and the one before leave out: Paris and Tokyo, Helene and
//     Milton, Al Maghazi and Jabaliya — two things;
//   - both name places after a preposition, and not the same ones: "in
//     Germany, Poland and Romania" holds "to Romania", a part of it;
//   - what one counts is narrowed by a name the other's sentence lacks:
//     "two Minnesota farms" are some of "40 farms";
//   - their events are dated and the dates cannot be the same moment, or
//     one's event is dated after the other was published (unless either
//     counts a running total, whose count grows from day to day);
//   - their reports are further apart than a week, unless both count a
//     running total (then the 30-day window).
//
// Two figures one sentence sets against each other ("the United States
// reported 16,500, while South Korea cited 13,000") share their scope.
func sameScope(a, b Sourced, scopes scopeCache) bool {
	return scopeConflict(a, b, scopes.of(a), scopes.of(b), scopes.shared) == ""
}

// scopeConflict says why two claims are not about the same place, actors
// and moment (see sameScope), "" when they may be.
func scopeConflict(a, b Sourced, sa, sb scope, sh *scopeShared) string {
	if a.Doc == b.Doc && a.Sentence == b.Sentence {
		// One sentence that sets two figures against each other ("the
		// United States reported 16,500, while South Korea cited 13,000")
		// gives one thing twice; one that lists them ("Stearns County has
		// reported 17 deaths, Sherburne County two") gives two things.
		if contrasted(a, b) {
			return ""
		}
		return "listed in one sentence"
	}
	// "People" says nothing of what is counted but for its verb: 2.23
	// million people live in Gaza, 400,000 have fled.
	if genericPeople[a.Thing.Head] && (a.Verb == "" || a.Verb != b.Verb) {
		return "people doing different things"
	}
	// "690,000 displaced Palestinians were sheltering" counts those in
	// shelters, "1.5 million people have been displaced" all of them.
	if stateHeads[a.Thing.Head] != "" && (a.Verb == "") != (b.Verb == "") && !lightVerbs[a.Verb+b.Verb] {
		return "a state and what some in it did"
	}
	// "Fewer than 100,000 were still without power" on Monday is not
	// Friday's "more than one million".
	if (sa.lasting || sb.lasting) && !sameDay(a.Published, b.Published) {
		return "what lasted, on two days"
	}
	if sa.asOf != "" && sb.asOf != "" && sa.asOf != sb.asOf {
		return "counts as of different moments"
	}
	if exclusive(sa.names, sb.words) && exclusive(sb.names, sa.words) {
		return "names"
	}
	if len(sa.places) > 0 && len(sb.places) > 0 && (!(covers(sa.places, wordList(sb.places)) && covers(sb.places, wordList(sa.places))) || slices.Contains(sa.places, wholeArea) != slices.Contains(sb.places, wholeArea)) {
		return "places"
	}
	// A place one names that the other's whole report never does: "in
	// Kyiv" and a report of Moscow.
	if len(sa.places) > 0 && !covers(sa.places, sh.passage(b.Passage)) || len(sb.places) > 0 && !covers(sb.places, sh.passage(a.Passage)) {
		return "place not in the other report"
	}
	if !covers(sa.thingNames, sb.sentence) || !covers(sb.thingNames, sa.sentence) {
		return "thing names"
	}
	// What may be, would be or must be is no count to disagree with.
	if sa.hedged || sb.hedged {
		return "hedged"
	}
	if sa.rate || sb.rate {
		return "rate"
	}
	if sa.part != sb.part {
		return "part of a group"
	}
	if !slices.Equal(sa.kind, sb.kind) {
		return "measure"
	}
	// A day's or a week's count is not a total to date, nor another
	// day's count.
	if sa.flow && sb.total && !sb.flow || sb.flow && sa.total && !sa.flow {
		return "flow and total"
	}
	if sa.flow && sb.flow && !sameDay(flowDay(sa, a), flowDay(sb, b)) {
		return "flows of different days"
	}
	// A running total's date is that of its count, which grows: only
	// the dates of two events tell them apart.
	if !sa.running && !sb.running {
		if !sa.date.IsZero() && !sb.date.IsZero() && !sa.date.Compatible(sb.date) {
			return "dates"
		}
		if reportedBefore(sa.date, b.Published) || reportedBefore(sb.date, a.Published) {
			return "reported before"
		}
	}
	// "August 1999 in Turkey: 18,000 people died" is a record, not this
	// week's count.
	if longBefore(sa.date, b.Published) || longBefore(sb.date, a.Published) {
		return "dated long before"
	}
	if !(sa.total && sb.total) && !a.Published.IsZero() && !b.Published.IsZero() {
		if d := a.Published.Sub(b.Published); d > eventWindow || d < -eventWindow {
			return "published apart"
		}
	}
	return ""
}

// contrasted reports whether a word that sets one clause against another
// ("while", "but", "whereas") stands between two figures of one sentence.
func contrasted(a, b Sourced) bool {
	from, to := min(a.Figure[1], b.Figure[1]), max(a.Figure[0], b.Figure[0])
	if from < 0 || to > len(a.Passage) || from > to {
		return false
	}
	for _, t := range tokenize(a.Passage[from:to], nil) {
		if t.kind == tWord && clauseBreaks[t.low] {
			return true
		}
	}
	return false
}

// flowDay is the day a flow counts: its event's, else its report's.
func flowDay(s scope, c Sourced) time.Time {
	if s.date.Precision == timeline.Day {
		return s.date.Start
	}
	return c.Published
}

// eventWindow is how far apart two reports of one event's figure may be
// published: an event's count is reported within days.
const eventWindow = 5 * 24 * time.Hour

// reportedBefore reports whether a report published on p came out before
// the event dated d happened, so cannot be about it.
func reportedBefore(d timeline.Date, p time.Time) bool {
	if d.IsZero() || p.IsZero() {
		return false
	}
	y, m, dd := p.UTC().Date()
	return d.Start.After(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC))
}

// longBefore reports whether the event dated d ended more than the
// comparison window before a report published on p.
func longBefore(d timeline.Date, p time.Time) bool {
	return !d.IsZero() && !p.IsZero() && d.End().Before(p.Add(-window))
}

// scopeCache keeps each claim's scope, read once however many claims are
// compared with it.
type scopeCache struct {
	scopes map[claimKey]scope
	shared *scopeShared
}

// scopeShared is what reading scopes shares: each passage's words, and
// token buffers reused from claim to claim.
type scopeShared struct {
	passages          map[string]lexicon
	sentence, scratch []token
}

// passage is the words of a passage, read once.
func (sh *scopeShared) passage(text string) lexicon {
	if l, ok := sh.passages[text]; ok {
		return l
	}
	sh.scratch = tokenize(text, sh.scratch[:0])
	words := make([]string, 0, len(sh.scratch))
	for _, t := range sh.scratch {
		if t.kind == tWord {
			words = append(words, t.low)
		}
	}
	l := lexiconOf(words)
	sh.passages[text] = l
	return l
}

func newScopeCache() scopeCache {
	return scopeCache{scopes: map[claimKey]scope{}, shared: &scopeShared{passages: map[string]lexicon{}}}
}

func (sc scopeCache) of(c Sourced) scope {
	k := keyOf(c)
	if s, ok := sc.scopes[k]; ok {
		return s
	}
	s := scopeOf(c, sc.shared)
	sc.scopes[k] = s
	return s
}
