package feed

import (
	"testing"
	"time"
)

func TestStatusSummary(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		st   Status
		want string
	}{
		{Status{}, "not checked yet"},
		{Status{LastPoll: now.Add(-5 * time.Minute), LastOK: now.Add(-5 * time.Minute), Items: 12, NextPoll: now.Add(25 * time.Minute)},
			"ok, checked 5m ago, 12 new items since start, next check in 25m"},
		{Status{LastPoll: now.Add(-10 * time.Second), LastOK: now.Add(-10 * time.Second), Items: 1, NextPoll: now.Add(-time.Second)},
			"ok, checked just now, 1 new item since start, next check now"},
		{Status{LastPoll: now.Add(-5 * time.Minute), LastErrorAt: now.Add(-5 * time.Minute), LastError: "HTTP 404", LastOK: now.Add(-72 * time.Hour), NextPoll: now.Add(3 * time.Hour)},
			"failing: HTTP 404 (checked 5m ago, last ok 3d ago), next check in 3h"},
		{Status{LastPoll: now.Add(-time.Hour), LastErrorAt: now.Add(-time.Hour), LastError: "private address refused (10.0.0.1 is private)"},
			"failing: private address refused (10.0.0.1 is private) (checked 1h ago, never ok)"},
	} {
		if got := c.st.Summary(now); got != c.want {
			t.Errorf("Summary = %q\n     want %q", got, c.want)
		}
	}
}
