package feed

import (
	"fmt"
	"time"
)

// Summary is the status in one line for /brief sources, relative to now:
// "ok, checked 5m ago, 12 new items, next check in 25m" or
// "failing: HTTP 404 (checked 5m ago, last ok 3d ago), next check in 25m".
func (s Status) Summary(now time.Time) string {
	var line string
	switch {
	case s.LastPoll.IsZero():
		return "not checked yet"
	case s.LastError == "":
		line = "ok, checked " + ago(now, s.LastPoll)
		if s.Items > 0 {
			line += fmt.Sprintf(", %d new %s since start", s.Items, plural(s.Items, "item", "items"))
		}
	default:
		last := "never ok"
		if !s.LastOK.IsZero() {
			last = "last ok " + ago(now, s.LastOK)
		}
		line = "failing: " + s.LastError + " (checked " + ago(now, s.LastErrorAt) + ", " + last + ")"
	}
	if !s.NextPoll.IsZero() {
		if d := s.NextPoll.Sub(now); d > 0 {
			line += ", next check in " + short(d)
		} else {
			line += ", next check now"
		}
	}
	return line
}

func ago(now, t time.Time) string {
	d := now.Sub(t)
	if d < time.Minute {
		return "just now"
	}
	return short(d) + " ago"
}

// short writes a duration the way people say it: 45s, 25m, 3h, 2d.
func short(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute)/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Round(time.Hour)/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
