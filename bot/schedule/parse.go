package schedule

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	// Time zone names must resolve on hosts without a zoneinfo database.
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
)

// Schedule is a parsed schedule: when a digest is due.
type Schedule struct {
	// Spec is the schedule as the user should see it again, normalised
	// ("daily 08:00 Europe/London", "0 8 * * 1-5 UTC", "@every 6h").
	Spec string
	// Cron is the robfig/cron expression it runs as, with its zone.
	Cron string
	Loc  *time.Location
	s    cron.Schedule
}

// Next is the first run strictly after t.
func (s Schedule) Next(t time.Time) time.Time { return s.s.Next(t) }

// MinInterval is the shortest gap allowed between two runs: digests are
// summaries, not a firehose.
const MinInterval = 15 * time.Minute

// examples are shown with every schedule error.
var examples = []string{
	"daily 08:00",
	"weekly mon 09:00 Europe/London",
	"0 8 * * 1-5",
	"CRON_TZ=Asia/Seoul 0 8 * * *",
	"@daily",
	"@every 6h",
}

// Error is a schedule a user should fix; Msg says what is wrong and shows
// valid examples.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...) + " Valid schedules look like: `" + strings.Join(examples, "`, `") + "`."}
}

// Parse reads a whole schedule; anything left over is an error.
func Parse(s string) (Schedule, error) {
	sch, rest, err := Split(s)
	if err != nil {
		return Schedule{}, err
	}
	if rest != "" {
		return Schedule{}, errorf("%q is not part of a schedule.", rest)
	}
	return sch, nil
}

var (
	cronField = regexp.MustCompile(`^[0-9*?/,\-]+$|^[A-Za-z]{3}([-,][A-Za-z0-9]{1,3})*$`)
	clock     = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)
	// zoneShape is what an IANA zone name looks like; a word of this shape
	// that is not a known zone is reported, not taken as a topic.
	zoneShape = regexp.MustCompile(`^[A-Z][A-Za-z_+\-]*(/[A-Za-z0-9_+\-]+)+$`)
	weekdays  = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
		"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}
	descriptors = map[string]bool{"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true, "@daily": true, "@midnight": true, "@hourly": true}
)

// Split reads a schedule at the start of text and returns it with the
// rest of the text (the topic words of /brief subscribe), trimmed:
// "daily 08:00 Europe/London north korea" is the schedule "daily 08:00
// Europe/London" and the topic "north korea".
func Split(text string) (Schedule, string, error) { return SplitIn(text, "") }

// SplitIn is Split with defaultZone (an IANA name; "" is UTC) for a
// schedule that names no zone of its own.
func SplitIn(text, defaultZone string) (Schedule, string, error) {
	toks := strings.Fields(text)
	if len(toks) == 0 {
		return Schedule{}, "", errorf("No schedule given.")
	}
	var zone string
	if k, v, ok := strings.Cut(toks[0], "="); ok && (strings.EqualFold(k, "CRON_TZ") || strings.EqualFold(k, "TZ")) {
		if v == "" {
			return Schedule{}, "", errorf("%s names no time zone.", toks[0])
		}
		zone = v
		toks = toks[1:]
		if len(toks) == 0 {
			return Schedule{}, "", errorf("%s is a time zone but no schedule follows it.", zone)
		}
	}
	var spec, shown string // cron expression and its user-facing form
	first := strings.ToLower(toks[0])
	switch {
	case first == "@every":
		if len(toks) < 2 {
			return Schedule{}, "", errorf("@every needs a duration, e.g. @every 6h.")
		}
		d, err := time.ParseDuration(toks[1])
		if err != nil || d <= 0 {
			return Schedule{}, "", errorf("%q is not a duration; write e.g. 6h, 90m or 1h30m.", toks[1])
		}
		if d < MinInterval {
			return Schedule{}, "", errorf("@every %s is too often; digests run at most every %s.", toks[1], shortDur(MinInterval))
		}
		if d%time.Second != 0 {
			return Schedule{}, "", errorf("@every %s: give whole seconds.", toks[1])
		}
		spec, shown = "@every "+d.String(), "@every "+shortDur(d)
		toks = toks[2:]
	case strings.HasPrefix(first, "@"):
		if !descriptors[first] {
			return Schedule{}, "", errorf("%q is not a known schedule name; use @hourly, @daily, @weekly, @monthly or @every <duration>.", toks[0])
		}
		spec, shown = first, first
		toks = toks[1:]
	case first == "daily" || first == "weekly":
		var dow, at string
		rest := toks[1:]
		if first == "weekly" {
			if len(rest) == 0 {
				return Schedule{}, "", errorf("weekly needs a day and a time, e.g. weekly mon 09:00.")
			}
			d, ok := weekdays[strings.ToLower(rest[0])]
			if !ok {
				return Schedule{}, "", errorf("%q is not a day of the week; write mon, tue, wed, thu, fri, sat or sun.", rest[0])
			}
			dow = strconv.Itoa(d)
			rest = rest[1:]
		}
		if len(rest) == 0 || !clock.MatchString(rest[0]) {
			got := "nothing"
			if len(rest) > 0 {
				got = strconv.Quote(rest[0])
			}
			return Schedule{}, "", errorf("%s needs a time of day as HH:MM (00:00 to 23:59) after it, not %s.", first, got)
		}
		m := clock.FindStringSubmatch(rest[0])
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		at = fmt.Sprintf("%02d:%02d", h, mi)
		if first == "daily" {
			spec, shown = fmt.Sprintf("%d %d * * *", mi, h), "daily "+at
		} else {
			spec, shown = fmt.Sprintf("%d %d * * %s", mi, h, dow), "weekly "+dayName(dow)+" "+at
		}
		toks = rest[1:]
	case cronField.MatchString(toks[0]) && !weekdayOrMonthWord(toks[0]):
		n := 0
		for n < len(toks) && n < 5 && cronField.MatchString(toks[n]) {
			n++
		}
		if n < 5 {
			return Schedule{}, "", errorf("A cron schedule has 5 fields (minute hour day-of-month month day-of-week); %q has %d.", strings.Join(toks[:n], " "), n)
		}
		spec = strings.Join(toks[:5], " ")
		shown = spec
		toks = toks[5:]
	default:
		return Schedule{}, "", errorf("%q does not start a schedule.", toks[0])
	}
	// A trailing time zone.
	if len(toks) > 0 {
		t := toks[0]
		if t == "UTC" || t == "GMT" || zoneShape.MatchString(t) || zoneAbbrev(t) {
			if zone != "" {
				return Schedule{}, "", errorf("Two time zones given (%s and %s); give one.", zone, t)
			}
			zone = t
			toks = toks[1:]
		}
	}
	if zone == "" {
		zone = "UTC"
		if defaultZone != "" {
			if _, err := time.LoadLocation(defaultZone); err == nil && !strings.EqualFold(defaultZone, "local") {
				zone = defaultZone
			}
		}
	}
	if strings.EqualFold(zone, "local") {
		return Schedule{}, "", errorf("Local is not a time zone others can read; name one, e.g. Europe/London or UTC.")
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return Schedule{}, "", errorf("%q is not a known time zone; use an IANA name such as Europe/London, America/New_York, Asia/Seoul or UTC.", zone)
	}
	if strings.HasPrefix(spec, "@every") {
		// Intervals run from the last run, whatever the zone.
		zone = ""
	}
	sch, err := build(spec, loc)
	if err != nil {
		return Schedule{}, "", err
	}
	if z := loc.String(); zone != "" {
		// Written back the way it reads again: a trailing zone when it
		// looks like one, else the CRON_TZ= prefix (Japan, EST5EDT).
		if z == "UTC" || z == "GMT" || zoneShape.MatchString(z) || zoneAbbrev(z) {
			shown += " " + z
		} else {
			shown = "CRON_TZ=" + z + " " + shown
		}
	}
	sch.Spec = shown
	return sch, strings.Join(toks, " "), nil
}

var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// build parses spec in loc and checks it runs, and not too often.
func build(spec string, loc *time.Location) (sch Schedule, err error) {
	full := "CRON_TZ=" + loc.String() + " " + spec
	defer func() {
		// robfig/cron panics on a few malformed ranges; that is bad input.
		if p := recover(); p != nil {
			err = errorf("%q is not a valid schedule.", spec)
		}
	}()
	s, perr := parser.Parse(full)
	if perr != nil {
		return Schedule{}, errorf("%q is not a valid schedule: %s.", spec, cronReason(perr))
	}
	sch = Schedule{Cron: full, Loc: loc, s: s}
	if strings.HasPrefix(spec, "@every") {
		return sch, nil
	}
	// Check the gaps between the next few runs from a fixed point, so the
	// check is the same whenever it is made.
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	prev := s.Next(t)
	if prev.IsZero() {
		return Schedule{}, errorf("%q never runs (no date matches it).", spec)
	}
	for range 200 {
		next := s.Next(prev)
		if next.IsZero() {
			break
		}
		if next.Sub(prev) < MinInterval {
			return Schedule{}, errorf("%q runs too often; digests run at most every %s.", spec, shortDur(MinInterval))
		}
		prev = next
	}
	return sch, nil
}

// cronReason makes robfig/cron's error readable.
func cronReason(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "above maximum"):
		return "a value is too large (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6)"
	case strings.Contains(s, "below minimum"):
		return "a value is too small (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6)"
	case strings.Contains(s, "failed to parse int"):
		return "a field is not a number, range or name"
	}
	return s
}

// zoneAbbrev reports whether s is an upper-case zone name such as EST or
// CET that the zone database knows.
func zoneAbbrev(s string) bool {
	if len(s) < 3 || len(s) > 4 || strings.ToUpper(s) != s {
		return false
	}
	_, err := time.LoadLocation(s)
	return err == nil
}

func weekdayOrMonthWord(s string) bool {
	return s != "" && (s[0] < '0' || s[0] > '9') && s[0] != '*' && s[0] != '?'
}

func dayName(dow string) string {
	return [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}[dow[0]-'0']
}

// shortDur writes 6h0m0s as 6h and 1h30m0s as 1h30m.
func shortDur(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
