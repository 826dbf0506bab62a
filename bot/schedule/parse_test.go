package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	mon := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		in, spec, topic string
		next            time.Time // first run after mon, in UTC
	}{
		{"daily 08:00", "daily 08:00 UTC", "", time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)},
		{"daily 8:05 north korea", "daily 08:05 UTC", "north korea", time.Date(2024, 3, 4, 8, 5, 0, 0, time.UTC)},
		{"daily 08:00 Europe/London north korea", "daily 08:00 Europe/London", "north korea", time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)},
		{"daily 08:00 Asia/Seoul", "daily 08:00 Asia/Seoul", "", time.Date(2024, 3, 4, 23, 0, 0, 0, time.UTC)},
		{"weekly mon 09:00", "weekly mon 09:00 UTC", "", time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)},
		{"Weekly Friday 17:30 America/New_York trade war", "weekly fri 17:30 America/New_York", "trade war", time.Date(2024, 3, 8, 22, 30, 0, 0, time.UTC)},
		{"0 8 * * 1-5 sanctions", "0 8 * * 1-5 UTC", "sanctions", time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)},
		{"0 8 * * mon-fri", "0 8 * * mon-fri UTC", "", time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)},
		{"30 */6 * * *", "30 */6 * * * UTC", "", time.Date(2024, 3, 4, 0, 30, 0, 0, time.UTC)},
		{"CRON_TZ=Asia/Seoul 0 8 * * *", "0 8 * * * Asia/Seoul", "", time.Date(2024, 3, 4, 23, 0, 0, 0, time.UTC)},
		{"CRON_TZ=Asia/Seoul 0 8 * * * korea", "0 8 * * * Asia/Seoul", "korea", time.Date(2024, 3, 4, 23, 0, 0, 0, time.UTC)},
		{"TZ=UTC @daily", "@daily UTC", "", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"@daily", "@daily UTC", "", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"@weekly Asia/Tokyo semiconductors", "@weekly Asia/Tokyo", "semiconductors", time.Date(2024, 3, 9, 15, 0, 0, 0, time.UTC)},
		{"@every 6h", "@every 6h", "", time.Date(2024, 3, 4, 6, 0, 0, 0, time.UTC)},
		{"@every 1h30m  oil prices ", "@every 1h30m", "oil prices", time.Date(2024, 3, 4, 1, 30, 0, 0, time.UTC)},
		{"weekly mon 09:00 EST EU tariffs", "weekly mon 09:00 EST", "EU tariffs", time.Date(2024, 3, 4, 14, 0, 0, 0, time.UTC)},
		{"daily 08:00 north/south korea", "daily 08:00 UTC", "north/south korea", time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC)},
		{"daily 23:59 UTC Gaza ceasefire", "daily 23:59 UTC", "Gaza ceasefire", time.Date(2024, 3, 4, 23, 59, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		sch, topic, err := Split(tt.in)
		if err != nil {
			t.Errorf("Split(%q): %v", tt.in, err)
			continue
		}
		if sch.Spec != tt.spec || topic != tt.topic {
			t.Errorf("Split(%q) = %q, %q; want %q, %q", tt.in, sch.Spec, topic, tt.spec, tt.topic)
		}
		if got := sch.Next(mon); !got.Equal(tt.next) {
			t.Errorf("Split(%q).Next(%v) = %v, want %v", tt.in, mon, got.UTC(), tt.next)
		}
		// The normalised form parses to the same schedule.
		again, err := Parse(sch.Spec)
		if err != nil || again.Spec != sch.Spec || !again.Next(mon).Equal(tt.next) {
			t.Errorf("Parse(%q) = %q, %v: not stable", sch.Spec, again.Spec, err)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "No schedule"},
		{"north korea", `"north" does not start a schedule`},
		{"daily", "HH:MM"},
		{"daily 25:00", "HH:MM"},
		{"daily 08:00 Mars/Olympus", `"Mars/Olympus" is not a known time zone`},
		{"CRON_TZ=Nowhere/Atlantis 0 8 * * *", "not a known time zone"},
		{"CRON_TZ= 0 8 * * *", "names no time zone"},
		{"weekly someday 09:00", "not a day of the week"},
		{"weekly", "weekly needs a day"},
		{"0 8 * sanctions", "5 fields"},
		{"0 25 * * *", "too large"},
		{"0 8 * * war", "not a valid schedule"},
		{"0 0 31 2 *", "never runs"},
		{"* * * * *", "too often"},
		{"*/5 * * * *", "too often"},
		{"@every 1m", "too often"},
		{"@every soon", "not a duration"},
		{"@every", "needs a duration"},
		{"@fortnightly", "not a known schedule name"},
		{"CRON_TZ=Asia/Seoul daily 08:00 Europe/London", "Two time zones"},
	}
	for _, tt := range tests {
		_, _, err := Split(tt.in)
		var se *Error
		if !errors.As(err, &se) {
			t.Errorf("Split(%q) = %v, want a *schedule.Error", tt.in, err)
			continue
		}
		if !strings.Contains(se.Msg, tt.want) || !strings.Contains(se.Msg, "daily 08:00") || !strings.Contains(se.Msg, "@every 6h") {
			t.Errorf("Split(%q) message %q: want %q and the examples", tt.in, se.Msg, tt.want)
		}
	}
	if _, err := Parse("daily 08:00 north korea"); err == nil {
		t.Error("Parse accepted topic words")
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"daily 08:00 Europe/London north korea", "0 8 * * 1-5 sanctions", "CRON_TZ=Asia/Seoul 0 8 * * *",
		"@every 6h", "weekly mon 09:00", "0 0-5/2,7 1-31 jan-dec sun-sat", "TZ=", "5- * * * *", "@every -1h", "0 8 * * 7",
		"CRON_TZ=Japan 0 8 * * *", "TZ=EST5EDT daily 08:00", "CRON_TZ=GB weekly mon 09:00 sanctions"} {
		f.Add(s)
	}
	mon := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, in string) {
		sch, topic, err := Split(in)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || se.Msg == "" {
				t.Fatalf("Split(%q): error %v is not a user message", in, err)
			}
			return
		}
		if len(topic) > len(in) {
			t.Fatalf("topic %q longer than input", topic)
		}
		n1 := sch.Next(mon)
		if n1.IsZero() || !n1.After(mon) {
			t.Fatalf("Split(%q).Next = %v", in, n1)
		}
		if n2 := sch.Next(n1); n2.Sub(n1) < MinInterval {
			t.Fatalf("Split(%q) runs %v apart", in, n2.Sub(n1))
		}
		again, err := Parse(sch.Spec)
		if err != nil || !again.Next(mon).Equal(n1) {
			t.Fatalf("Parse(%q) of Split(%q): %v, %v", sch.Spec, in, again.Next(mon), err)
		}
	})
}
