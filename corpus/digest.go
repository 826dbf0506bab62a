package corpus

import (
	"fmt"
	"strings"
	"time"
)

// Digest is a summary of what is new since a point in time.
type Digest struct {
	Topic string `json:"topic,omitempty"`
	// Since and Until bound when the covered documents were first seen:
	// (Since, Until].
	Since time.Time    `json:"since"`
	Until time.Time    `json:"until"`
	Items []DigestItem `json:"items"`
	// More counts items left out beyond the shown ones.
	More int `json:"more"`
	// Documents counts the documents the items were made from, before
	// reports of the same story were grouped.
	Documents int `json:"documents"`
	// Older counts documents first seen in the window but published well
	// before it (a backfill), left out as not new.
	Older int `json:"older,omitempty"`
	// Rereports counts reports of stories an earlier digest to the same
	// channel carried that add nothing new: folded into a count.
	Rereports int `json:"rereports,omitempty"`
}

// RereportNote says how many reports added nothing to stories carried
// before, "" when none.
func (d Digest) RereportNote() string {
	switch d.Rereports {
	case 0:
		return ""
	case 1:
		return "1 more report on a story already carried adds nothing new."
	}
	return fmt.Sprintf("%d more reports on stories already carried add nothing new.", d.Rereports)
}

// OlderNote says how many documents were left out as published before the
// window, "" when none were.
func (d Digest) OlderNote() string {
	switch d.Older {
	case 0:
		return ""
	case 1:
		return "1 document ingested in this window was published earlier and is not counted as new."
	}
	return fmt.Sprintf("%d documents ingested in this window were published earlier and are not counted as new.", d.Older)
}

// DigestItem is one story: the best report of it, and the other sources
// that reported the same story.
type DigestItem struct {
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// FirstSeen is when the report was ingested; Date falls back to it
	// when the publication date is unknown.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	DocID     string    `json:"doc_id"`
	// Sentences carry the news, verbatim from the document, in document
	// order; Citations[i] cites Sentences[i].
	Sentences      []string       `json:"sentences"`
	Citations      []Citation     `json:"citations,omitempty"`
	AlsoReportedBy []DocumentInfo `json:"also_reported_by,omitempty"`
	Score          float64        `json:"score"`
	// UpdateOf is the story an earlier digest to the same channel carried
	// that this one continues; its sentences then lead with what is new.
	UpdateOf *StoryRef `json:"update_of,omitempty"`
	// Rereports counts this update's other reports that add nothing to
	// the story as carried: counted, not listed.
	Rereports int `json:"rereports,omitempty"`
	// Differences are figures the story's reports give differently (N is
	// 0: a digest cites reports, not passages). Reports that differ are
	// never shown as confirming each other.
	Differences []Difference `json:"differences,omitempty"`
}

// DifferNote is a story's "Reports differ: 41 dead (Lantern Post, 12 May)
// · at least 37 (Quill Daily, 12 May)" line, or "Lantern Post updated dead
// from 37 to 41"; "" when the reports agree.
func (it DigestItem) DifferNote() string {
	var lines []string
	for _, d := range it.Differences {
		if len(d.Claims) < 2 {
			continue
		}
		if d.Update {
			first, last := d.Claims[0], d.Claims[len(d.Claims)-1]
			about := ""
			if d.About != "" {
				about = " " + d.About
			}
			lines = append(lines, fmt.Sprintf("%s updated%s from %s to %s", first.Source, about, first.Value, last.Value))
			continue
		}
		parts := make([]string, 0, len(d.Claims))
		for i, c := range d.Claims {
			text := c.Value
			if i == 0 && d.About != "" {
				text += " " + d.About
			}
			var meta []string
			for _, m := range []string{c.Source, dayMonth(c.Published), perWhom(c.By)} {
				if m != "" {
					meta = append(meta, m)
				}
			}
			if len(meta) > 0 {
				text += " (" + strings.Join(meta, ", ") + ")"
			}
			parts = append(parts, text)
		}
		lines = append(lines, "Reports differ: "+strings.Join(parts, " · "))
	}
	return strings.Join(lines, "; ")
}

func dayMonth(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan")
}

func perWhom(by string) string {
	if by = strings.TrimSpace(by); by == "" {
		return ""
	}
	return "per " + by
}

// StoryRef is a story a digest carried: enough to know it again later.
type StoryRef struct {
	Title string    `json:"title"`
	Text  string    `json:"text"` // the sentences shown
	Date  time.Time `json:"date"` // the date shown
}

// Ref is what a later digest needs to know this story again.
func (it DigestItem) Ref() StoryRef {
	text := ""
	for i, s := range it.Sentences {
		if i > 0 {
			text += " "
		}
		text += s
	}
	return StoryRef{Title: it.Title, Text: text, Date: it.Date()}
}

// RereportNote counts the update's reports that add nothing new, "" when
// none do.
func (it DigestItem) RereportNote() string {
	switch it.Rereports {
	case 0:
		return ""
	case 1:
		return "1 more report adds nothing new"
	}
	return fmt.Sprintf("%d more reports add nothing new", it.Rereports)
}

// UpdateNote marks an update: "Update to the story of May 12".
func (it DigestItem) UpdateNote() string {
	if it.UpdateOf == nil {
		return ""
	}
	return "Update to the story of " + it.UpdateOf.Date.UTC().Format("Jan 2")
}

// Date is the item's date to show: published, else first seen.
func (it DigestItem) Date() time.Time {
	if !it.Published.IsZero() {
		return it.Published
	}
	return it.FirstSeen
}

// Empty reports whether there is nothing new.
func (d Digest) Empty() bool { return len(d.Items) == 0 }

// Heading is a one-line title for the digest, also its plain-text
// fallback.
func (d Digest) Heading() string {
	n := len(d.Items) + d.More
	what := "stories"
	if n == 1 {
		what = "story"
	}
	about := ""
	if d.Topic != "" {
		about = fmt.Sprintf(" on “%s”", d.Topic)
	}
	if n == 0 {
		return fmt.Sprintf("Nothing new%s since %s.", about, formatWhen(d.Since))
	}
	return fmt.Sprintf("%d new %s%s since %s", n, what, about, formatWhen(d.Since))
}

// MoreNote is the line shown after the items when some were left out, ""
// when none were.
func (d Digest) MoreNote() string {
	if d.More <= 0 {
		return ""
	}
	return fmt.Sprintf("and %d more (`/brief digest` for all)", d.More)
}

func formatWhen(t time.Time) string {
	if t.IsZero() {
		return "the start"
	}
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("Jan 2, 2006")
	}
	return t.Format("Jan 2, 2006 15:04 UTC")
}

// AlsoReportedNames names the other reports of the story: each source
// once, with its number of reports when more than one ("usatoday.com
// (3)"), or a report's title when its source is unknown.
func (it DigestItem) AlsoReportedNames() []string {
	var names []string
	count := map[string]int{}
	for _, o := range it.AlsoReportedBy {
		n := o.Source
		if n == "" {
			n = o.Title
		}
		if count[n] == 0 {
			names = append(names, n)
		}
		count[n]++
	}
	for i, n := range names {
		if c := count[n]; c > 1 {
			names[i] = fmt.Sprintf("%s (%d)", n, c)
		}
	}
	return names
}
