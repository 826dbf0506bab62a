package index

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A passage's publication day is indexed as three terms of the field
// fDay: its year, month and day ("y2024", "m202407", "d20240721"). A date
// range is then at most five term ranges: the days before the first whole
// month, the months before the first whole year, the whole years, and the
// same at the other end.
//
// Bleve's own date field indexes sixteen terms per passage (a prefix of
// the nanosecond time at every fourth bit), which was a sixth of ingest's
// CPU (issue #12). The questions and filters that read dates ask for whole
// days, so three terms say all they need.
const fDay = "day"

// keyDayTerms, in Bleve's internal store, marks an index whose passages
// carry fDay. Indexes made before it keep Bleve's date terms on
// fPublished until `briefbot reindex`, and are filtered on those.
const keyDayTerms = "briefbot.dayterms"

// minDayYear and maxDayYear bound the years a day term can spell.
const minDayYear, maxDayYear = 0, 9999

// dayTerms spells t's day, in UTC, as the text of the fDay field.
func dayTerms(t time.Time) string {
	t = t.UTC()
	y, m, d := t.Date()
	return fmt.Sprintf("y%04d m%04d%02d d%04d%02d%02d", y, y, m, y, m, d)
}

// dayAnalyzer splits the fDay field's text at spaces, without changing a
// term.
type dayAnalyzer struct{}

func (dayAnalyzer) Analyze(b []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != ' ' {
			continue
		}
		if i > start {
			out = append(out, &analysis.Token{Term: b[start:i], Start: start, End: i, Position: len(out) + 1, Type: analysis.AlphaNumeric})
		}
		start = i + 1
	}
	return out
}

// dayRange is one inclusive range of day terms of one kind.
type dayRange struct{ min, max string }

// dayRanges covers the days from from to to, inclusive, in UTC, with the
// fewest ranges of year, month and day terms. A zero from or to leaves
// that end open; a from after to covers nothing.
func dayRanges(from, to time.Time) []dayRange {
	first := time.Date(minDayYear, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(maxDayYear, 12, 31, 0, 0, 0, 0, time.UTC)
	f, t := first, last
	if !from.IsZero() {
		f = dayOf(from)
	}
	if !to.IsZero() {
		t = dayOf(to)
	}
	if f.Before(first) {
		f = first
	}
	if t.After(last) {
		t = last
	}
	if f.After(t) {
		return nil
	}
	// Whole months fm to tm, whole years fy to ty. Terms of one kind
	// sort by date, so the days or months before and after them are one
	// range each, and so are the days of a span without a whole month.
	fm := monthStart(f)
	if f.Day() != 1 {
		fm = fm.AddDate(0, 1, 0)
	}
	tm := monthStart(t)
	if t.AddDate(0, 0, 1).Day() != 1 {
		tm = tm.AddDate(0, -1, 0)
	}
	if fm.After(tm) {
		return []dayRange{{f.Format(dayLayout), t.Format(dayLayout)}}
	}
	var out []dayRange
	if f.Before(fm) {
		out = append(out, dayRange{f.Format(dayLayout), fm.AddDate(0, 0, -1).Format(dayLayout)})
	}
	if end := tm.AddDate(0, 1, -1); t.After(end) {
		out = append(out, dayRange{end.AddDate(0, 0, 1).Format(dayLayout), t.Format(dayLayout)})
	}
	fy, ty := fm.Year(), tm.Year()
	if fm.Month() != time.January {
		fy++
	}
	if tm.Month() != time.December {
		ty--
	}
	if fy > ty {
		return append(out, dayRange{fm.Format(monthLayout), tm.Format(monthLayout)})
	}
	if y := time.Date(fy, 1, 1, 0, 0, 0, 0, time.UTC); fm.Before(y) {
		out = append(out, dayRange{fm.Format(monthLayout), y.AddDate(0, -1, 0).Format(monthLayout)})
	}
	if y := time.Date(ty, 12, 1, 0, 0, 0, 0, time.UTC); tm.After(y) {
		out = append(out, dayRange{y.AddDate(0, 1, 0).Format(monthLayout), tm.Format(monthLayout)})
	}
	return append(out, dayRange{fmt.Sprintf("y%04d", fy), fmt.Sprintf("y%04d", ty)})
}

// The layouts of day and month terms.
const dayLayout, monthLayout = "d20060102", "m200601"

// dayOf is the start of t's day in UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// daysQuery matches passages published on the days from from to to,
// inclusive, without scoring them: a date filters, it does not rank.
func daysQuery(from, to time.Time) query.Query {
	yes := true
	var qs []query.Query
	for _, r := range dayRanges(from, to) {
		q := query.NewTermRangeInclusiveQuery(r.min, r.max, &yes, &yes)
		q.SetField(fDay)
		q.SetBoost(0)
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return query.NewMatchNoneQuery()
	}
	if len(qs) == 1 {
		return qs[0]
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetBoost(0)
	return d
}
