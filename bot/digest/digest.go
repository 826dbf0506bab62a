package digest

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// Recents finds the documents first ingested in a time range; index.Index
// is one.
type Recents interface {
	Recent(ctx context.Context, q index.RecentQuery) ([]index.Recent, error)
}

// DefaultMax is how many stories a digest shows.
const DefaultMax = 10

// Request says what a digest covers.
type Request struct {
	// Since and Until bound when documents were first seen: (Since, Until].
	Since, Until time.Time
	// Topic keeps only documents relevant to it; "" keeps all.
	Topic string
	// Max is how many stories to show: 0 means DefaultMax, < 0 all.
	Max int
}

// Builder builds digests from what an index has recently ingested.
type Builder struct {
	Source Recents
	// Threshold is the similarity at which two reports are the same
	// story; 0 means DefaultThreshold.
	Threshold float64
}

// Build makes the digest for r.
func (b Builder) Build(ctx context.Context, r Request) (corpus.Digest, error) {
	topic := strings.Join(strings.Fields(r.Topic), " ")
	d := corpus.Digest{Topic: topic, Since: r.Since, Until: r.Until, Items: []corpus.DigestItem{}}
	recs, err := b.Source.Recent(ctx, index.RecentQuery{After: r.Since, Until: r.Until, Topic: topic})
	if err != nil {
		return corpus.Digest{}, fmt.Errorf("digest: recent documents: %w", err)
	}
	d.Documents = len(recs)
	items := Stories(recs, topic, r.Since, r.Until, b.Threshold)
	max := r.Max
	if max == 0 {
		max = DefaultMax
	}
	if max > 0 && len(items) > max {
		d.More = len(items) - max
		items = items[:max]
	}
	d.Items = items
	return d, nil
}

// Stories groups the documents into stories and ranks them, best first.
func Stories(recs []index.Recent, topic string, since, until time.Time, threshold float64) []corpus.DigestItem {
	if len(recs) == 0 {
		return []corpus.DigestItem{}
	}
	docs := make([]*doc, len(recs))
	for i, r := range recs {
		docs[i] = newDoc(r, since, until, topic != "")
	}
	// Rank reports before grouping, so each story is led by its best
	// report.
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].score > docs[j].score })
	groups := group(docs, threshold)
	topicTerms := terms(topic)
	items := make([]corpus.DigestItem, 0, len(groups))
	for _, g := range groups {
		items = append(items, item(g, topicTerms))
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Score != items[j].Score {
			return items[i].Score > items[j].Score
		}
		return items[i].FirstSeen.After(items[j].FirstSeen)
	})
	return items
}

// doc is one report with what ranking and grouping need.
type doc struct {
	r      index.Recent
	source string
	lead   []span // sentence candidates, in document order
	feats  map[string]float64
	rel    float64 // topic relevance, 0..1
	fresh  float64 // 0..1
	score  float64
}

func newDoc(r index.Recent, since, until time.Time, hasTopic bool) *doc {
	d := &doc{r: r, source: sourceName(r.Doc)}
	d.lead = candidates(r.Doc.Text)
	d.fresh = freshness(r.Doc, since, until)
	if hasTopic {
		d.rel = math.Max(0, math.Min(1, r.Score))
		d.score = 0.75*d.rel + 0.25*d.fresh
	} else {
		d.score = d.fresh
	}
	return d
}

// freshness is 1 for a report published (or, without a date, first seen)
// inside the range, decaying with age before it: a search result from two
// years ago that was ingested today is not news.
func freshness(doc corpus.Document, since, until time.Time) float64 {
	t := doc.Published
	if t.IsZero() || (!until.IsZero() && t.After(until.Add(48*time.Hour))) {
		t = doc.FirstSeen
	}
	if t.IsZero() || since.IsZero() {
		return 1
	}
	// Publication dates are often just a day; allow two days' slack.
	age := since.Add(-48 * time.Hour).Sub(t)
	if age <= 0 {
		return 1
	}
	return 1 / (1 + age.Hours()/(24*7))
}

// item makes the digest item of one story: its lead report, its news
// sentences and the other reports.
func item(g []*doc, topic map[string]bool) corpus.DigestItem {
	lead := g[0]
	// A report with no usable sentence should not lead when another can.
	for _, d := range g {
		if len(d.lead) > 0 {
			lead = d
			break
		}
	}
	doc := lead.r.Doc
	it := corpus.DigestItem{
		Title: title(doc), URL: doc.URL, Source: lead.source,
		Published: doc.Published, FirstSeen: doc.FirstSeen, DocID: doc.ID,
		Sentences: []string{},
	}
	for i, s := range pickSentences(doc.Text, lead.lead, terms(doc.Title), topic) {
		text := doc.Text[s.start:s.end]
		it.Sentences = append(it.Sentences, text)
		c := corpus.Citation{N: i + 1, DocID: doc.ID, Title: it.Title, Source: it.Source, URL: doc.URL,
			Published: doc.Published, Passage: text, Sentence: [2]int{0, len(text)}}
		if doc.URL != "" {
			c.Link = index.TextFragmentLink(doc.URL, text)
		}
		it.Citations = append(it.Citations, c)
	}
	seen := map[string]bool{doc.ID: true}
	best := 0.0
	for _, d := range g {
		best = math.Max(best, d.score)
		if seen[d.r.Doc.ID] || (d.r.Doc.URL != "" && d.r.Doc.URL == doc.URL) {
			continue
		}
		seen[d.r.Doc.ID] = true
		o := d.r.Doc
		it.AlsoReportedBy = append(it.AlsoReportedBy, corpus.DocumentInfo{ID: o.ID, Title: title(o), Source: d.source, URL: o.URL, Published: o.Published, FirstSeen: o.FirstSeen})
	}
	// Stories many sources carry matter more; the gain flattens quickly.
	sources := map[string]bool{}
	for _, d := range g {
		sources[strings.ToLower(d.source)] = true
	}
	coverage := 1 - 1/float64(len(sources))
	it.Score = math.Round((0.8*best+0.2*coverage)*1e4) / 1e4
	return it
}

func title(d corpus.Document) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	if d.URL != "" {
		return d.URL
	}
	return d.ID
}

// sourceName is the document's source, else its web site's name.
func sourceName(d corpus.Document) string {
	if s := strings.TrimSpace(d.Source); s != "" {
		return s
	}
	if u, err := url.Parse(d.URL); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return ""
}
