package corpus

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		// Machine formats.
		{"2025-03-05", day(2025, 3, 5)},
		{"2025/03/05", day(2025, 3, 5)},
		{"2025-3-5", day(2025, 3, 5)},
		{"2025.03.05", day(2025, 3, 5)},
		{"2025-03-05T10:00:00Z", at(2025, 3, 5, 10, 0)},
		{"2025-03-05T10:00:00+01:00", at(2025, 3, 5, 9, 0)},
		{"2025-03-05T10:00:00.123+01:00", at(2025, 3, 5, 9, 0).Add(123 * time.Millisecond)},
		{"2025-03-05T10:00", at(2025, 3, 5, 10, 0)},
		{"2025-03-05 10:00:00", at(2025, 3, 5, 10, 0)},
		{"2025-03-05 10:00:00 +0100", at(2025, 3, 5, 9, 0)},
		{"2025-03-05T10:00:00+0100", at(2025, 3, 5, 9, 0)},
		{"Wed, 05 Mar 2025 10:00:00 GMT", at(2025, 3, 5, 10, 0)},
		{"Wed, 05 Mar 2025 10:00:00 +0100", at(2025, 3, 5, 9, 0)},
		{"Wed, 5 Mar 2025 10:00:00 +0100", at(2025, 3, 5, 9, 0)},
		{"5 Mar 2025 10:00:00 -0500", at(2025, 3, 5, 15, 0)},
		{"Wednesday, 05-Mar-25 10:00:00 UTC", at(2025, 3, 5, 10, 0)},
		{"  2025-03-05\n", day(2025, 3, 5)},
		// Written out.
		{"5 March 2025", day(2025, 3, 5)},
		{"05 March 2025", day(2025, 3, 5)},
		{"5th March 2025", day(2025, 3, 5)},
		{"5 Mar. 2025", day(2025, 3, 5)},
		{"March 5, 2025", day(2025, 3, 5)},
		{"March 5 2025", day(2025, 3, 5)},
		{"Mar. 5th, 2025", day(2025, 3, 5)},
		{"MARCH 5, 2025", day(2025, 3, 5)},
		{"Wednesday, 5 March 2025", day(2025, 3, 5)},
		{"Wednesday, March 5, 2025", day(2025, 3, 5)},
		{"Sept 1, 2024", day(2024, 9, 1)},
		{"29 February 2024", day(2024, 2, 29)},
		{"March 5, 2025 10:02", at(2025, 3, 5, 10, 2)},
		{"March 5, 2025, 10:02 AM", at(2025, 3, 5, 10, 2)},
		{"March 5, 2025 at 3 p.m.", at(2025, 3, 5, 15, 0)},
		{"March 5, 2025 at 12:30 a.m.", at(2025, 3, 5, 0, 30)},
		{"March 5, 2025 3:04pm EST", at(2025, 3, 5, 20, 4)},
		{"5 March 2025 10.02 GMT", at(2025, 3, 5, 10, 2)},
		{"5 March 2025 10:02 UTC+9", at(2025, 3, 5, 1, 2)},
		{"5 March 2025 · 10:02 +05:30", at(2025, 3, 5, 4, 32)},
		{"10:02 GMT, 5 March 2025", at(2025, 3, 5, 10, 2)},
		{"5 March 2025 at 11 p.m. EST", at(2025, 3, 6, 4, 0)},
		// Numeric with the year last.
		{"05.03.2025", day(2025, 3, 5)},
		{"13/03/2025", day(2025, 3, 13)},
		{"03/13/2025", day(2025, 3, 13)},
		{"3/13/2025", day(2025, 3, 13)},
		{"05/05/2025", day(2025, 5, 5)},
		{"13-03-2025", day(2025, 3, 13)},
	} {
		got, err := ParseDate(c.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	for in, why := range map[string]string{
		"":                                 "empty",
		"soon":                             "unrecognised",
		"05/03/2025":                       "ambiguous (5 March or May 3?)",
		"1/2/2025":                         "ambiguous (1 February or January 2?)",
		"March 2025":                       "unrecognised", // no day
		"2025":                             "unrecognised",
		"5 March 25":                       "unrecognised", // two-digit year
		"05/03/25":                         "unrecognised",
		"31 February 2025":                 "not a day of the calendar",
		"2025-02-30":                       "not a day of the calendar",
		"32 March 2025":                    "unrecognised",
		"5 Smarch 2025":                    "unrecognised",
		"5 March 2025 was a Wednesday":     "unrecognised", // a sentence that starts with a date
		"March 5, 2025 at noon":            "unrecognised",
		"March 5, 2025 25:00":              "unrecognised",
		"March 5, 2025 13 pm":              "unrecognised",
		"March 5, 2025 10:00 Mars/Olympus": "unrecognised",
		"2025-13-01":                       "unrecognised",
		"1.2.3.2025":                       "unrecognised",
	} {
		_, err := ParseDate(in)
		if err == nil || !strings.Contains(err.Error(), why) || !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("ParseDate(%q) = %v; want an error naming it, saying %q", in, err, why)
		}
	}
}

func TestDocDate(t *testing.T) {
	if got, msg := docDate("5 March 2025"); msg != "" || !got.Equal(time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("docDate: %v %q", got, msg)
	}
	for in, want := range map[string]string{
		"soon":       `date "soon" cannot be read; dropped (write it as YYYY-MM-DD)`,
		"05/03/2025": `date "05/03/2025" is ambiguous (5 March or May 3?); dropped (write it as YYYY-MM-DD)`,
		"0099-01-01": `date "0099-01-01" is out of range (years 1700 to 2200); dropped`,
		"9999-01-01": `date "9999-01-01" is out of range (years 1700 to 2200); dropped`,
	} {
		if got, msg := docDate(in); msg != want || !got.IsZero() {
			t.Errorf("docDate(%q) = %v, %q; want %q", in, got, msg, want)
		}
	}
}
