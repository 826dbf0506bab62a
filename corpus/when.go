package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// When is the time a question asks about, read from its words: a year or
// month ("in 2025", "July 2024"), a relative period ("last year", "this
// week"), or an edition of a recurring event ("the 151st Kentucky Derby",
// "Super Bowl LX"). Words it cannot read ("Smarch") stay plain words.
type When struct {
	// From and To bound the period asked about, To exclusive; zero when the
	// question names no time. A document published before From cannot
	// report what happened then.
	From, To time.Time
	// Label names the period for people: "July 2025", "2024", "Super Bowl LX (2026)".
	Label string
	// Current is how strongly the question asks about the present: 1 for
	// words of recency ("current", "latest", "now", "new", "still"), 0.5 for
	// a question in the present tense ("Who is…", "Who runs…"), 0 otherwise.
	Current float64
	// Future says the question asks what will happen then ("Which sport
	// is set to debut at the Paris 2024 Olympics?"): a report from before
	// may say what is planned.
	Future bool
}

// IsZero reports whether the question names no period.
func (w When) IsZero() bool { return w.From.IsZero() }

var monthNames = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// recencyWords ask for the present state of things.
var recencyWords = map[string]bool{
	"current": true, "currently": true, "now": true, "latest": true, "new": true, "newest": true,
	"still": true, "present": true, "presently": true, "incumbent": true, "today": true, "recent": true,
	"recently": true, "nowadays": true, "anymore": true,
}

// recencyPairs are two words asking about now: "these days", "so far".
var recencyPairs = map[string]bool{"these days": true, "so far": true, "to date": true}

// determiners before "new" or "present" make it about the present: "the
// new prime minister", "at present".
var determiners = map[string]bool{"the": true, "a": true, "at": true, "its": true, "their": true, "his": true, "her": true}

// strongRecency ask for the newest even in a question in the past tense.
var strongRecency = map[string]bool{"latest": true, "newest": true, "now": true, "currently": true, "current": true, "still": true}

// pastTense reports whether the question's verb, after its question word,
// is in the past: "What was…", "How long did…".
func pastTense(words []whenWord) bool {
	for i := 0; i+1 < len(words); i++ {
		if !questionWordsForTense[words[i].low] {
			continue
		}
		for _, w := range words[i+1 : min(len(words), i+4)] {
			switch w.low {
			case "was", "were", "did", "had":
				return true
			case "is", "are", "does", "do", "has", "have":
				return false
			}
		}
		return false
	}
	return false
}

// AsksPast reports whether a question asks what happened: a verb in the
// past after its question word ("What was…", "Who won…", "Which team
// took…"), not what will.
func AsksPast(text string) bool { return asksPast(whenWords(text)) }

func asksPast(words []whenWord) bool {
	if pastTense(words) {
		return true
	}
	for i := 0; i+1 < len(words); i++ {
		if !questionWordsForTense[words[i].low] {
			continue
		}
		for _, w := range words[i+1 : min(len(words), i+4)] {
			if outcomeVerbs[w.low] {
				return true
			}
		}
		return false
	}
	return false
}

// outcomeVerbs say how an event ended: "Who won…", "Which team took…".
var outcomeVerbs = map[string]bool{
	"won": true, "took": true, "claimed": true, "captured": true, "finished": true, "placed": true,
	"beat": true, "defeated": true, "lost": true, "earned": true, "scored": true, "triumphed": true,
}

// presentVerbs after a question word mark a question about the present.
var presentVerbs = map[string]bool{
	"is": true, "are": true, "runs": true, "leads": true, "heads": true, "owns": true, "holds": true,
	"controls": true, "chairs": true, "coaches": true, "manages": true, "governs": true, "does": true, "do": true,
	"has": true, "have": true,
}

var questionWordsForTense = map[string]bool{"who": true, "what": true, "which": true, "where": true, "how": true, "whose": true}

// ReadWhen reads the time a question asks about; now anchors relative
// periods ("last year", "this week").
func ReadWhen(text string, now time.Time) When {
	now = now.UTC()
	words := whenWords(text)
	var w When
	set := func(from, to time.Time, label string) {
		// The earliest period named bounds what can report on it; the
		// latest ends it ("between 2022 and 2024").
		if w.From.IsZero() || from.Before(w.From) {
			w.From = from
		}
		if to.After(w.To) {
			w.To = to
		}
		if w.Label == "" {
			w.Label = label
		} else if !strings.Contains(w.Label, label) {
			w.Label += "–" + label
		}
	}
	used := make([]bool, len(words))
	// Seasons: "the 2024-25 season" runs from the first year's July to
	// the second's. Who won it, or was named its best, is known at its
	// end: a report from before the second year cannot say.
	for i := 0; i+1 < len(words); i++ {
		y, ok := seasonAt(text, words, i)
		if !ok {
			continue
		}
		from, to := time.Date(y, time.July, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.July, 1, 0, 0, 0, 0, time.UTC)
		if asksOutcome(words) {
			from = time.Date(y+1, time.January, 1, 0, 0, 0, 0, time.UTC)
		}
		set(from, to, fmt.Sprintf("the %d-%02d season", y, (y+1)%100))
		used[i], used[i+1] = true, true
	}
	// Editions of recurring events.
	for i, wd := range words {
		n, ok := ordinal(wd.raw)
		if !ok {
			continue
		}
		// "the 77th Primetime Emmy Awards", "the 150th running of the
		// Kentucky Derby".
		at := i + 1
		for at < len(words) && at < i+4 && editionFiller[words[at].low] {
			at++
		}
		if ev, span, ok := matchRecurring(words, at); ok {
			y := ev.base + n
			if y >= 1800 && y <= 2200 {
				from := time.Date(y, ev.month, 1, 0, 0, 0, 0, time.UTC)
				set(from, from.AddDate(0, 1, 0), fmt.Sprintf("the %s %s (%d)", wd.raw, strings.Join(rawOf(words[i+1:at+span]), " "), y))
				used[i] = true
			}
		}
	}
	for i := range words {
		if ev, span, ok := matchRecurring(words, i); ok && i+span < len(words) {
			if n, ok := roman(words[i+span].raw); ok && n >= 2 {
				y := ev.base + n
				from := time.Date(y, ev.month, 1, 0, 0, 0, 0, time.UTC)
				set(from, from.AddDate(0, 1, 0), fmt.Sprintf("%s %s (%d)", strings.Join(rawOf(words[i:i+span]), " "), words[i+span].raw, y))
				used[i+span] = true
			}
		}
	}
	for i, wd := range words {
		if used[i] {
			continue
		}
		switch {
		case isYear(wd.raw):
			y, _ := strconv.Atoi(wd.raw)
			from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			label := wd.raw
			to := from.AddDate(1, 0, 0)
			// "July 2025", "July of 2025", "5 July 2025", "July 5, 2025"
			if m, day, ok := monthBefore(words, i); ok {
				from = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
				to = from.AddDate(0, 1, 0)
				label = m.String() + " " + wd.raw
				// A day the month lacks ("31 February") leaves the month.
				if d := time.Date(y, m, day, 0, 0, 0, 0, time.UTC); day > 0 && d.Day() == day {
					from, to = d, d.AddDate(0, 0, 1)
					label = from.Format("2 January 2006")
				}
			} else if f, t, l, ok := partOfYear(words, i, y); ok {
				// "the third quarter of 2024", "spring 2022", "mid-2023"
				from, to, label = f, t, l
			}
			set(from, to, label)
		case wd.low == "year" && i > 0 && (words[i-1].low == "last" || words[i-1].low == "this" || words[i-1].low == "next"):
			y := now.Year() + map[string]int{"last": -1, "this": 0, "next": 1}[words[i-1].low]
			from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			set(from, from.AddDate(1, 0, 0), strconv.Itoa(y))
		case wd.low == "month" && i > 0 && (words[i-1].low == "last" || words[i-1].low == "this"):
			from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
			if words[i-1].low == "last" {
				from = from.AddDate(0, -1, 0)
			}
			set(from, from.AddDate(0, 1, 0), from.Format("January 2006"))
		case wd.low == "week" && i > 0 && (words[i-1].low == "last" || words[i-1].low == "this" || words[i-1].low == "past"):
			day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			if words[i-1].low == "last" {
				// The calendar week before this one, Monday to Sunday.
				monday := day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
				from := monday.AddDate(0, 0, -7)
				set(from, monday, "the week of "+from.Format("2 January 2006"))
				break
			}
			// "This week" in the news is the seven days to today, today
			// included.
			set(day.AddDate(0, 0, -6), day.AddDate(0, 0, 1), "the week to "+day.Format("2 January 2006"))
		case wd.low == "yesterday":
			// "today" asks for the present state, not for news of one day.
			day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
			set(day, day.AddDate(0, 0, 1), day.Format("2 January 2006"))
		}
	}
	w.Current = currentness(words)
	w.Future = !w.IsZero() && asksFuture(words)
	return w
}

// asksFuture reports whether a question asks what will happen: "will",
// "won't", "is expected / scheduled / slated to". "Where was the capsule
// slated to touch down in June 2024?" asks about June 2024.
func asksFuture(words []whenWord) bool {
	for i, wd := range words {
		switch wd.low {
		case "will", "won't", "won’t":
			return true
		case "forecast", "forecasts", "forecasted", "predict", "predicts", "predicted", "project", "projects", "projected", "projection", "projections":
			// A forecast for the end of 2024 is made before it.
			return true
		case "expected", "scheduled", "slated", "going", "planned", "poised", "set":
			if i+1 < len(words) && words[i+1].low == "to" && presentBefore(words[:i]) {
				return true
			}
		}
	}
	return false
}

// presentBefore reports whether the last form of "be" among words is a
// present one: "What are the Fed's rates expected to…", not "Where was
// Starliner slated to…".
func presentBefore(words []whenWord) bool {
	for j := len(words) - 1; j >= 0; j-- {
		switch w := words[j].low; {
		case presentBe[w]:
			return true
		case w == "was" || w == "were":
			return false
		}
	}
	return false
}

// presentBe are the present forms of "be" that make "expected to" a
// question about what is to come.
var presentBe = map[string]bool{"is": true, "are": true, "am": true}

// currentness reads how strongly a question asks about the present.
func currentness(words []whenWord) float64 {
	past := pastTense(words)
	for i := 0; i+1 < len(words); i++ {
		if !past && recencyPairs[words[i].low+" "+words[i+1].low] {
			return 1
		}
	}
	for i, wd := range words {
		// "New South Wales", "Still Life": a capital inside the question
		// makes the word part of a name.
		if !recencyWords[wd.low] || i > 0 && wd.raw != wd.low {
			continue
		}
		// "the new prime minister", "at present": not "new areas" or
		// "no husband present".
		if (wd.low == "new" || wd.low == "present") && (i == 0 || !determiners[words[i-1].low]) {
			continue
		}
		// "Who was the new king?" asks about then; "What was the latest
		// figure?" still asks for the latest.
		if past && !strongRecency[wd.low] {
			continue
		}
		return 1
	}
	for i := 0; i+1 < len(words); i++ {
		if !questionWordsForTense[words[i].low] {
			continue
		}
		next := words[i+1].low
		if next == "many" || next == "much" {
			if i+3 < len(words) {
				next = words[i+3].low
			}
		}
		// "How old is Mitch McConnell?" asks his age now.
		if next == "old" && i+2 < len(words) {
			next = words[i+2].low
		}
		if presentVerbs[next] || words[i+1].raw == "'s" {
			return 0.5
		}
		// "Who's", "What's"
		if strings.HasSuffix(words[i].raw, "'s") || strings.HasSuffix(words[i].raw, "’s") {
			return 0.5
		}
		return 0
	}
	return 0
}

type whenWord struct{ raw, low string }

func whenWords(text string) []whenWord {
	var out []whenWord
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		f = strings.Trim(f, "'’")
		if f == "" {
			continue
		}
		low := strings.ToLower(f)
		if q, ok := strings.CutSuffix(strings.ReplaceAll(low, "’", "'"), "'s"); ok && questionWordsForTense[q] {
			out = append(out, whenWord{f[:len(q)], q}, whenWord{"'s", "is"})
			continue
		}
		out = append(out, whenWord{f, low})
	}
	return out
}

func rawOf(ws []whenWord) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.raw
	}
	return out
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1900 && y <= 2100
}

// monthBefore finds a month name just before the year at i: "July 2025",
// "July of 2025", "5 July 2025", "July 5 2025".
func monthBefore(words []whenWord, i int) (time.Month, int, bool) {
	j := i - 1
	if j >= 0 && words[j].low == "of" {
		j--
	}
	day := 0
	if j >= 0 {
		if d, err := strconv.Atoi(strings.TrimRight(words[j].low, "stndrh")); err == nil && d >= 1 && d <= 31 && len(words[j].low) <= 4 {
			day = d
			j--
		}
	}
	if j < 0 {
		return 0, 0, false
	}
	m, ok := monthNames[words[j].low]
	if !ok || (words[j].low == "may" && words[j].raw == "may") {
		return 0, 0, false
	}
	if day == 0 && j > 0 {
		if d, err := strconv.Atoi(strings.TrimRight(words[j-1].low, "stndrh")); err == nil && d >= 1 && d <= 31 && len(words[j-1].low) <= 4 {
			day = d
		}
	}
	return m, day, true
}

// partOfYear reads the part of year y that the words before it name: a
// quarter ("the third quarter of 2024", "Q3 2024"), a half ("the first
// half of 2020", "H2 2024"), a season ("spring 2022", "autumn of 2023")
// or a stretch ("early", "mid-", "late 2018", "the end of 2023"). Winter
// is left as the year: "winter 2024" is January as often as December. A
// fiscal year is not the calendar's, so its quarters are not read.
func partOfYear(words []whenWord, i, y int) (from, to time.Time, label string, ok bool) {
	j := i - 1
	of := j >= 0 && words[j].low == "of"
	if of {
		j--
	}
	if j < 0 || words[j].low == "fiscal" {
		return from, to, "", false
	}
	start := func(m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	year := strconv.Itoa(y)
	w := words[j].low
	if len(w) == 2 && (w[0] == 'q' || w[0] == 'h') && w[1] >= '1' && w[1] <= '4' {
		n := int(w[1] - '0')
		if w[0] == 'q' {
			from = start(time.Month(3*n - 2))
			return from, from.AddDate(0, 3, 0), "Q" + w[1:] + " " + year, true
		}
		if n <= 2 {
			from = start(time.Month(6*n - 5))
			return from, from.AddDate(0, 6, 0), "H" + w[1:] + " " + year, true
		}
		return from, to, "", false
	}
	if (w == "quarter" || w == "half") && j > 0 {
		n, ok := ordinalWords[words[j-1].low]
		if !ok {
			n, ok = ordinal(words[j-1].raw) // "3rd quarter"
		}
		if !ok || n > 4 || w == "half" && n > 2 {
			return from, to, "", false
		}
		months := 3
		if w == "half" {
			months = 6
		}
		from = start(time.Month(months*(n-1) + 1))
		return from, from.AddDate(0, months, 0), "the " + words[j-1].low + " " + w + " of " + year, true
	}
	if s, ok := seasons[w]; ok {
		from = start(s)
		return from, from.AddDate(0, 3, 0), w + " " + year, true
	}
	// "The beginning", "the middle", "the end" are of the year ("a close
	// 2024 race" is not its end); "early", "mid-" and "late" stand before it.
	if of != (w == "beginning" || w == "start" || w == "middle" || w == "end" || w == "close") {
		return from, to, "", false
	}
	switch w {
	case "early", "beginning", "start":
		return start(1), start(5), "early " + year, true
	case "mid", "middle":
		return start(4), start(10), "mid-" + year, true
	case "late", "end", "close":
		return start(9), start(1).AddDate(1, 0, 0), "late " + year, true
	}
	return from, to, "", false
}

// seasons start in the month given (the northern meteorological seasons
// that news copy means).
var seasons = map[string]time.Month{"spring": time.March, "summer": time.June, "fall": time.September, "autumn": time.September}

// ordinalWords number quarters and halves.
var ordinalWords = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4}
