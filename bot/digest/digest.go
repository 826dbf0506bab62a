package digest

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
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
	// Earlier are the stories earlier digests to the same channel carried:
	// a story continuing one is marked as an update and leads with what is
	// new, and one that adds nothing is folded into a count.
	Earlier []corpus.StoryRef
}

// Builder builds digests from what an index has recently ingested.
type Builder struct {
	Source Recents
	// Threshold is the similarity at which two reports are the same
	// story; 0 means DefaultThreshold.
	Threshold float64
	// MaxAge is how long before a digest's window a report may have been
	// published and still count as new (0: DefaultMaxAge; < 0: any age).
	// A backfilled archive is first seen today but is not news.
	MaxAge time.Duration
}

// DefaultMaxAge is Builder.MaxAge's default: publication dates are often
// just a day, and feeds deliver late.
const DefaultMaxAge = 48 * time.Hour

// Build makes the digest for r.
func (b Builder) Build(ctx context.Context, r Request) (corpus.Digest, error) {
	topic := strings.Join(strings.Fields(r.Topic), " ")
	d := corpus.Digest{Topic: topic, Since: r.Since, Until: r.Until, Items: []corpus.DigestItem{}}
	// Grouping and the sentences shown read a report's lead, not all of
	// it: a window of thousands of documents stays cheap to read.
	recs, err := b.Source.Recent(ctx, index.RecentQuery{After: r.Since, Until: r.Until, Topic: topic, TextLimit: leadBytes})
	if err != nil {
		return corpus.Digest{}, fmt.Errorf("digest: recent documents: %w", err)
	}
	recs, d.Older = b.published(recs, r.Since)
	d.Documents = len(recs)
	max := r.Max
	if max == 0 {
		max = DefaultMax
	}
	r.Topic, r.Max = topic, max
	items, total, rereports := Stories(recs, r, b.Threshold)
	d.More = total - len(items)
	d.Rereports = rereports
	d.Items = items
	return d, nil
}

// published keeps the reports published (undated: first seen) no earlier
// than MaxAge before since, and counts the others.
func (b Builder) published(recs []index.Recent, since time.Time) ([]index.Recent, int) {
	age := b.MaxAge
	if age == 0 {
		age = DefaultMaxAge
	}
	if age < 0 || since.IsZero() {
		return recs, 0
	}
	oldest := since.Add(-age)
	kept := recs[:0]
	for _, r := range recs {
		if reportDate(r.Doc).Before(oldest) {
			continue
		}
		kept = append(kept, r)
	}
	return kept, len(recs) - len(kept)
}

// reportDate is when a report was published, else first seen.
func reportDate(d corpus.Document) time.Time {
	if !d.Published.IsZero() {
		return d.Published
	}
	return d.FirstSeen
}

// leadBytes is how much of each report a digest reads: news puts what is
// new first, and the sentences shown come from here.
const leadBytes = 8 << 10

// Stories groups the documents into stories and ranks them, best first.
// It builds the items of the first r.Max stories (all when r.Max < 0) and
// returns how many stories there are, not counting those that only repeat
// one of r.Earlier, whose reports it counts as rereports.
func Stories(recs []index.Recent, r Request, threshold float64) (items []corpus.DigestItem, total, rereports int) {
	if len(recs) == 0 {
		return []corpus.DigestItem{}, 0, 0
	}
	docs := make([]*doc, len(recs))
	for i, rec := range recs {
		docs[i] = newDoc(rec, r.Since, r.Until, r.Topic != "")
	}
	// Rank reports before grouping, so each story is led by its best
	// report.
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].score > docs[j].score })
	groups := group(docs, threshold)
	type ranked struct {
		g     []*doc
		score float64
		first time.Time
		prev  *earlierStory
		novel map[string]bool
	}
	earlier := earlierStories(r.Earlier)
	rs := make([]ranked, 0, len(groups))
	for _, g := range groups {
		x := ranked{g: g, score: storyScore(g), first: leadOf(g).r.Doc.FirstSeen}
		if x.prev = continues(g, earlier); x.prev != nil {
			x.novel = novelTerms(g, x.prev)
			if len(x.novel) < minNovel {
				rereports += len(g)
				continue
			}
		}
		rs = append(rs, x)
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].score != rs[j].score {
			return rs[i].score > rs[j].score
		}
		return rs[i].first.After(rs[j].first)
	})
	total = len(rs)
	if r.Max >= 0 && len(rs) > r.Max {
		rs = rs[:r.Max]
	}
	topicTerms := terms(r.Topic)
	items = make([]corpus.DigestItem, 0, len(rs))
	for _, x := range rs {
		it := item(x.g, topicTerms, x.novel, x.prev, x.score)
		if x.prev != nil {
			ref := x.prev.ref
			it.UpdateOf = &ref
		}
		items = append(items, it)
	}
	return items, total, rereports
}

// doc is one report with what ranking and grouping need.
type doc struct {
	r      index.Recent
	source string
	// lead is the first leadSentences sentence candidates, in document
	// order: what grouping reads. item finds the rest for the few stories
	// shown.
	lead []span
	// at is reportDate in Unix seconds, 0 when unknown: compared for
	// every pair of reports that share words.
	at    int64
	feats map[string]float64
	rel   float64 // topic relevance, 0..1
	fresh float64 // 0..1
	score float64
}

func newDoc(r index.Recent, since, until time.Time, hasTopic bool) *doc {
	d := &doc{r: r, source: sourceName(r.Doc)}
	d.lead = firstCandidates(r.Doc.Text, leadSentences)
	if t := reportDate(r.Doc); !t.IsZero() {
		d.at = t.Unix()
	}
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

// leadOf is the report that leads a story: its best, unless that one has
// no usable sentence and another has.
func leadOf(g []*doc) *doc {
	for _, d := range g {
		if len(d.lead) > 0 {
			return d
		}
	}
	return g[0]
}

// storyScore ranks a story: its best report, and how many sources carry
// it (the gain flattens quickly).
func storyScore(g []*doc) float64 {
	best := 0.0
	sources := map[string]bool{}
	for _, d := range g {
		best = math.Max(best, d.score)
		sources[strings.ToLower(d.source)] = true
	}
	coverage := 1 - 1/float64(len(sources))
	return math.Round((0.8*best+0.2*coverage)*1e4) / 1e4
}

// item makes the digest item of one story: its lead report, its news
// sentences and the other reports.
func item(g []*doc, topic, novel map[string]bool, prev *earlierStory, score float64) corpus.DigestItem {
	// newWords counts what each report of an update says that the earlier
	// story did not.
	var newWords map[*doc]int
	if prev != nil {
		// An update leads with the report that says most that is new.
		g = slices.Clone(g)
		newWords = make(map[*doc]int, len(g))
		for i, d := range g {
			newWords[d] = len(novelTerms(g[i:i+1], prev))
		}
		sort.SliceStable(g, func(i, j int) bool { return newWords[g[i]] > newWords[g[j]] })
	}
	lead := leadOf(g)
	doc := lead.r.Doc
	it := corpus.DigestItem{
		Title: title(doc), URL: doc.URL, Source: lead.source,
		Published: doc.Published, FirstSeen: doc.FirstSeen, DocID: doc.ID,
		Sentences: []string{}, Score: score,
	}
	for i, s := range pickSentences(doc.Text, candidates(doc.Text), terms(doc.Title), topic, novel) {
		text := doc.Text[s.start:s.end]
		it.Sentences = append(it.Sentences, text)
		c := corpus.Citation{N: i + 1, DocID: doc.ID, Title: it.Title, Source: it.Source, URL: doc.URL,
			Published: doc.Published, Passage: text, Sentence: [2]int{0, len(text)}}
		if doc.URL != "" {
			c.Link = index.TextFragmentLink(doc.URL, text)
		}
		it.Citations = append(it.Citations, c)
	}
	it.Differences = reportsDiffer(g)
	seen := map[string]bool{doc.ID: true}
	for _, d := range g {
		if seen[d.r.Doc.ID] || (d.r.Doc.URL != "" && d.r.Doc.URL == doc.URL) {
			continue
		}
		seen[d.r.Doc.ID] = true
		if prev != nil && newWords[d] < minNovel {
			it.Rereports++
			continue
		}
		o := d.r.Doc
		it.AlsoReportedBy = append(it.AlsoReportedBy, corpus.DocumentInfo{ID: o.ID, Title: title(o), Source: d.source, URL: o.URL, Published: o.Published, FirstSeen: o.FirstSeen})
	}
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
