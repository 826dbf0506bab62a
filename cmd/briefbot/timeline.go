package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/timeline"
)

// defaultTimelineEvents is how many events `briefbot timeline` shows
// without -n.
const defaultTimelineEvents = 20

// timelineHelp is what `briefbot help timeline` says beyond its table line.
var timelineHelp = fmt.Sprintf(`One line per event: its date, as precise as the sources give it
(2024-10-13, October 2024, 2022), the sentence that reports it, and the
numbers of the citations reporting it; then each cited document once
(title, source, date, link). Dates are read from the text ("on 13
October", "last month", "in 2022") against the document's publication
date; a sentence that gives no date is dated by its publication only when
it leads its document. The same event from several sources is one line.
Passages count only when they are relevant as ask measures it.

flags:
  --json          write JSON: {"topic", "events": [{"date" (the period's
                  first day, YYYY-MM-DD), "precision" (day|month|year),
                  "text", "citations" (as in ask --json)}]}
  --since T       events from T on: a date (2024-10-01) or a duration back
                  from now (30d, 72h)
  --until T       events up to T, inclusive for a date
  -n N            events to show, the best supported first, 0 for all
                  (default %d)

The topic takes the filters of ask ("exact phrase", -word, source:NAME,
after:DATE, before:DATE on publication dates).
`, defaultTimelineEvents)

// timelineJSON is the `timeline --json` contract.
type timelineJSON struct {
	Topic  string              `json:"topic"`
	Events []timelineEventJSON `json:"events"`
	// More counts the events -n left out; Notice says there are none.
	More   int    `json:"more,omitempty"`
	Notice string `json:"notice,omitempty"`
}

type timelineEventJSON struct {
	Date      string         `json:"date"`
	Precision string         `json:"precision"`
	Text      string         `json:"text"`
	Citations []citationJSON `json:"citations"`
}

func timelineToJSON(t timeline.Timeline) timelineJSON {
	out := timelineJSON{Topic: t.Topic, Events: []timelineEventJSON{}, More: t.More}
	for _, e := range t.Events {
		out.Events = append(out.Events, timelineEventJSON{Date: e.Date.ISO(), Precision: e.Date.Precision.String(), Text: e.Text, Citations: citationsJSON(e.Citations)})
	}
	if len(t.Events) == 0 {
		out.Notice = t.Empty()
	}
	return out
}

func (m *Main) runTimeline(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("timeline", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "write JSON")
	since := fs.String("since", "", "events from this date or duration back")
	until := fs.String("until", "", "events up to this date or duration back")
	n := fs.Int("n", defaultTimelineEvents, "events to show (0: all)")
	words, err := parseLeading(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	if err != nil {
		return usageError{"timeline: " + err.Error()}
	}
	topic := strings.Join(strings.Fields(strings.Join(words, " ")), " ")
	if topic == "" {
		return usageError{`timeline: no topic given; try: briefbot timeline North Korean troops in Russia`}
	}
	if *n < 0 {
		return usageError{"timeline: -n must be 0 (all) or more"}
	}
	now := m.Now()
	q := timeline.Query{Topic: topic, Limit: *n}
	if q.Since, err = timelineBound("--since", *since, now, false); err != nil {
		return usageError{"timeline: " + err.Error()}
	}
	if q.Until, err = timelineBound("--until", *until, now, true); err != nil {
		return usageError{"timeline: " + err.Error()}
	}
	lib, err := m.openLibrary(ctx)
	if err != nil {
		return err
	}
	t, err := timeline.Make(ctx, lib, q)
	var qe *corpus.QueryError
	if errors.As(err, &qe) {
		return questionError{"timeline: " + qe.Msg}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(timelineToJSON(t))
	}
	_, err = io.WriteString(m.Stdout, m.layoutFor(m.Stdout).timeline(t))
	return err
}

// timelineBound reads --since or --until: a date or time, or a duration
// back from now (30d, 72h). A date --until takes in its whole day.
func timelineBound(name, s string, now time.Time, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if d, ok := parseDays(s); ok {
		return now.Add(-d), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	t, err := corpus.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not a date or a duration; write e.g. %s 2024-10-01 or %s 30d", name, s, name, name)
	}
	if end && t.Equal(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())) {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// timeline lays out a timeline: one line per event (its date in a column,
// the sentence, its citation numbers), then each cited document once with
// its title, source, date and link.
func (l layout) timeline(t timeline.Timeline) string {
	if len(t.Events) == 0 {
		return l.text(corpus.Printable(t.Empty()))
	}
	col := 0
	for _, e := range t.Events {
		col = max(col, displayWidth(e.Date.String()))
	}
	var b strings.Builder
	for _, e := range t.Events {
		d := e.Date.String()
		first := d + strings.Repeat(" ", col-displayWidth(d)+2)
		ws := splitWords([]piece{{corpus.Printable(strings.Join(strings.Fields(e.Text), " ")), plain}})
		var nums strings.Builder
		for _, c := range e.Citations {
			nums.WriteString("[" + strconv.Itoa(c.N) + "]")
		}
		// The numbers stay on the line of the sentence's last word.
		if n := len(ws); n > 0 {
			ws[n-1].pieces = append(ws[n-1].pieces, piece{" " + nums.String(), plain})
		}
		b.WriteString(l.wrap(block{first: first, indent: col + 2, words: ws}))
	}
	if t.More > 0 {
		b.WriteString(l.text(corpus.Printable(fmt.Sprintf("…and %d more; briefbot timeline -n 0 %s shows all.", t.More, t.Topic))))
	}
	paras := []string{b.String()}
	for _, g := range groupByDocument(t.Citations()) {
		paras = append(paras, l.citationHeader(g))
	}
	return strings.Join(paras, "\n")
}
