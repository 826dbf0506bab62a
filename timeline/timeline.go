package timeline

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// Passage is a passage relevant to a topic, as the index finds it.
type Passage struct {
	// Citation carries the passage's text and its document's title,
	// source, URL and publication date.
	corpus.Citation
	// Position is the passage's place in its document, 0 for the first.
	Position int
	// Sentences are the passage's prose sentences (no headings, credits
	// or questions), each with the share of the topic's idf mass it holds.
	Sentences []Sentence
}

// Sentence is one prose sentence of a passage.
type Sentence struct {
	Span [2]int // byte range in the passage
	// Cover is the share of the topic's idf mass the sentence holds,
	// counting words said in other words ("forces" for "troops"), as the
	// relevance cut of ask counts it, and the title's words at half
	// weight; Exact counts only the topic's own words in the sentence.
	Cover, Exact float64
	// Partial says the sentence, the one before it and the title leave
	// out a word of the topic (of a short topic) or a third of its words:
	// "Prince William" says nothing of "Prince William estate".
	Partial bool `json:",omitempty"`
}

// PassageQuery asks for the passages about a topic.
type PassageQuery struct {
	// Topic is free text with the filters ask accepts ("exact phrase",
	// -word, source:NAME, after:, before:).
	Topic string
	// Since leaves out documents published before it (undated ones stay):
	// they cannot report what happened later.
	Since time.Time
	// Limit is how many passages to rank; 0 means DefaultDepth.
	Limit int
}

// Source is where timelines read passages and, for undated documents,
// the whole text their dates are read against: the index, or serve's.
type Source interface {
	Passages(ctx context.Context, q PassageQuery) ([]Passage, error)
	Document(ctx context.Context, id string) (corpus.Document, bool, error)
}

// Query asks for a timeline.
type Query struct {
	Topic string
	// Since and Until bound the events' dates, Until exclusive; zero is
	// open. An event whose period overlaps the window is kept.
	Since, Until time.Time
	// Limit is how many events to show, the best supported ones; 0 means
	// all.
	Limit int
	// Depth is how many passages to read; 0 means DefaultDepth.
	Depth int
}

// DefaultDepth is how many of the best passages about a topic a timeline
// reads.
const DefaultDepth = 200

// maxAnchorText bounds how much of an undated document InferAnchor reads.
const maxAnchorText = 256 << 10

// maxInferred bounds the undated documents whose whole text is read for
// the year their dates belong to.
const maxInferred = 20

// Event is something that happened, with when and who reported it.
type Event struct {
	Date Date
	// Text is the sentence that reports it, verbatim from its first
	// citation.
	Text string
	// Citations are the passages reporting it, one per document, numbered
	// across the timeline; each one's Sentence is the reporting sentence
	// and its Link scrolls to it.
	Citations []corpus.Citation
}

// Timeline is the dated events about a topic, oldest first.
type Timeline struct {
	Topic  string
	Events []Event
	// More is how many events the limit left out.
	More int
}

// Empty is what a timeline without events says.
func (t Timeline) Empty() string {
	return fmt.Sprintf("No dated events about “%s” in the sources.", t.Topic)
}

// Citations are the timeline's citations in number order.
func (t Timeline) Citations() []corpus.Citation {
	var out []corpus.Citation
	for _, e := range t.Events {
		out = append(out, e.Citations...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].N < out[j].N })
	return out
}

// Make builds the timeline of a topic from src.
func Make(ctx context.Context, src Source, q Query) (Timeline, error) {
	q.Topic = strings.Join(strings.Fields(q.Topic), " ")
	if q.Topic == "" {
		return Timeline{}, &corpus.QueryError{Msg: "Give a topic for the timeline, e.g. North Korean troops in Russia."}
	}
	// A bad filter in the topic says what to fix before any search.
	if tq, err := corpus.ParseQuery(q.Topic); err != nil {
		return Timeline{}, err
	} else if tq.Empty() {
		return Timeline{}, &corpus.QueryError{Msg: fmt.Sprintf("The topic %q has no words to search for, only filters; add what the events are about.", q.Topic)}
	}
	if !q.Until.IsZero() && !q.Since.IsZero() && !q.Until.After(q.Since) {
		return Timeline{}, &corpus.QueryError{Msg: fmt.Sprintf("The window ends (%s) before it starts (%s).", q.Until.Format("2006-01-02"), q.Since.Format("2006-01-02"))}
	}
	depth := q.Depth
	if depth <= 0 {
		depth = DefaultDepth
	}
	ps, err := src.Passages(ctx, PassageQuery{Topic: q.Topic, Since: q.Since, Limit: depth})
	if err != nil {
		return Timeline{}, err
	}
	anchors := map[string]Anchor{}
	for _, p := range ps {
		if !p.Published.IsZero() || p.DocID == "" {
			continue
		}
		if _, done := anchors[p.DocID]; done || len(anchors) == maxInferred {
			continue
		}
		d, ok, err := src.Document(ctx, p.DocID)
		if err != nil {
			return Timeline{}, err
		}
		anchors[p.DocID] = Anchor{}
		if ok {
			anchors[p.DocID] = InferAnchor(d.Text)
		}
	}
	return Build(q, ps, anchors), nil
}

// InferAnchor is the year an undated text's dates belong to: the latest
// year it puts an event in ("in June 2024"), leaving out what it says
// will or may happen. A text that dates no event anchors nothing.
func InferAnchor(text string) Anchor {
	// A long text is read as far as its first part: enough for the years
	// it is about, and a bound on the time one undated document costs.
	if len(text) > maxAnchorText {
		text = strings.ToValidUTF8(text[:maxAnchorText], "")
	}
	latest := 0
	for _, s := range corpus.Sentences(text) {
		st := text[s[0]:s[1]]
		if planned(st) {
			continue
		}
		for _, m := range Resolve(st, Anchor{}) {
			if m.Event && !m.Relative && m.Date.Start.Year() > latest {
				latest = m.Date.Start.Year()
			}
		}
	}
	if latest == 0 {
		return Anchor{}
	}
	return Anchor{Date: InYear(latest), Inferred: true}
}

// Build makes the timeline from passages, best first; anchors gives the
// anchor of undated documents by id (InferAnchor).
func Build(q Query, ps []Passage, anchors map[string]Anchor) Timeline {
	t := Timeline{Topic: strings.Join(strings.Fields(q.Topic), " ")}
	reports := extract(ps, anchors, q.Since, q.Until)
	events := merge(reports, t.Topic)
	// The best supported events, when there are more than asked for:
	// those most sources report, then the most relevant.
	sort.SliceStable(events, func(i, j int) bool {
		if len(events[i].reports) != len(events[j].reports) {
			return len(events[i].reports) > len(events[j].reports)
		}
		return events[i].reports[0].rank < events[j].reports[0].rank
	})
	if q.Limit > 0 && len(events) > q.Limit {
		t.More = len(events) - q.Limit
		events = events[:q.Limit]
	}
	sort.SliceStable(events, func(i, j int) bool {
		if !events[i].date.Start.Equal(events[j].date.Start) || events[i].date.Precision != events[j].date.Precision {
			return events[i].date.Before(events[j].date)
		}
		return events[i].reports[0].rank < events[j].reports[0].rank
	})
	n := 0
	for _, e := range events {
		ev := Event{Date: e.date, Text: e.reports[0].text}
		for _, r := range e.reports {
			n++
			ev.Citations = append(ev.Citations, r.citation(n))
		}
		t.Events = append(t.Events, ev)
	}
	return t
}
