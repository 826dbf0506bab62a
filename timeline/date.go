package timeline

import (
	"fmt"
	"time"
)

// Precision is how much of a date the text gave: a day, a month or a year.
type Precision uint8

const (
	// Unknown is the zero Date's precision: no date.
	Unknown Precision = iota
	Year
	Month
	Day
)

func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "unknown"
}

// Date is a period named by a text: a day, a month or a year. Start is the
// first instant of the period, in UTC.
type Date struct {
	Start     time.Time
	Precision Precision
}

// DayOf is the day t falls on (in UTC).
func DayOf(t time.Time) Date {
	t = t.UTC()
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), Day}
}

// OnDay is the day y-m-d; days past the month's end are not normalised
// into the next month (callers check with valid).
func OnDay(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Day}
}

// InMonth is the month m of year y.
func InMonth(y int, m time.Month) Date {
	return Date{time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Month}
}

// InYear is the year y.
func InYear(y int) Date { return Date{time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Year} }

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d.Precision == Unknown }

// End is the first instant after the period.
func (d Date) End() time.Time {
	switch d.Precision {
	case Day:
		return d.Start.AddDate(0, 0, 1)
	case Month:
		return d.Start.AddDate(0, 1, 0)
	case Year:
		return d.Start.AddDate(1, 0, 0)
	}
	return d.Start
}

// String shows the date as precise as it is: "2024-10-13", "October 2024",
// "2022".
func (d Date) String() string {
	switch d.Precision {
	case Day:
		return d.Start.Format("2006-01-02")
	case Month:
		return d.Start.Format("January 2006")
	case Year:
		return fmt.Sprint(d.Start.Year())
	}
	return ""
}

// ISO is the period's first day as YYYY-MM-DD: "2024-10-01" for October
// 2024, "2022-01-01" for 2022. Read it with Precision.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.Start.Format("2006-01-02")
}

// Contains reports whether e lies within d: October 2024 contains
// 2024-10-13, and every date contains itself.
func (d Date) Contains(e Date) bool {
	if d.IsZero() || e.IsZero() || e.Precision < d.Precision {
		return false
	}
	return !e.Start.Before(d.Start) && e.Start.Before(d.End())
}

// Compatible reports whether d and e may name the same moment: one
// contains the other.
func (d Date) Compatible(e Date) bool { return d.Contains(e) || e.Contains(d) }

// Overlaps reports whether the period touches [from, to); a zero bound is
// open.
func (d Date) Overlaps(from, to time.Time) bool {
	if !from.IsZero() && !d.End().After(from) {
		return false
	}
	return to.IsZero() || d.Start.Before(to)
}

// Before orders dates by start, then the less precise first: 2024 comes
// before October 2024, which comes before 2024-10-01.
func (d Date) Before(e Date) bool {
	if !d.Start.Equal(e.Start) {
		return d.Start.Before(e.Start)
	}
	return d.Precision < e.Precision
}
