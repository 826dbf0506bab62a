package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index/wordvec"
)

// Ask answers a question with up to q.Limit cited passages, or declines
// when no passage answers it, saying why when there is more to say (a time
// the sources do not reach, a filter that left nothing).
func (ix *Index) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	return ix.answer(ctx, q, true, func(when corpus.When, rk Ranking) ([]*candidate, uint64, error) {
		return ix.candidates(ctx, q, when, rk)
	})
}

// finder finds and reranks a question's candidate passages.
type finder func(when corpus.When, rk Ranking) ([]*candidate, uint64, error)

// answer is Ask with the candidates find gives (AskInContext adds a
// conversation's context to them). timeOnly declines a question that names
// a time and nothing else; a follow-up may ("And in 2023?").
func (ix *Index) answer(ctx context.Context, q corpus.Query, timeOnly bool, find finder) (ans corpus.Answer, err error) {
	start := time.Now()
	rk := ix.ranking()
	ans = corpus.Answer{Question: q.Raw, Query: q, Citations: []corpus.Citation{}}
	defer func() { ans.Took = time.Since(start) }()
	defer ix.trimMapped()
	limit := q.Limit
	if limit <= 0 {
		limit = corpus.DefaultLimit
	}
	limit = min(limit, 20)
	when, err := ix.readWhen(ctx, q.Text)
	if err != nil {
		return ans, err
	}
	kind := questionKind(q.Text)
	if timeOnly && !when.IsZero() && len(q.Phrases) == 0 && onlyTime(ix.questionTerms(q)) {
		ans.Notice = fmt.Sprintf("That names a time (%s) but nothing to look for in it; add what you want to know.", when.Label)
		return ans, nil
	}
	cands, matched, err := find(when, rk.withDepth(max(rk.Depth, limit*3)))
	if err != nil {
		return ans, err
	}
	// A document published before the time asked about cannot report on
	// it; undated ones (reference texts) may.
	var current []*candidate
	for _, c := range cands {
		if when.IsZero() || c.published.IsZero() || !c.published.Before(when.From) {
			current = append(current, c)
		}
	}
	// When no source is dated in or after the time asked about, the
	// sources do not cover it: undated reference texts do not report the
	// news of July 2025 either.
	if !when.IsZero() {
		newest, err := ix.newestPublished(ctx)
		if err != nil {
			return ans, err
		}
		// Without dated sources, only the future is surely not covered.
		if newest.IsZero() {
			newest = ix.opts.Now()
		}
		if newest.Before(when.From) {
			ans.Notice, ans.Related = notCovered(when, cands, rk, limit)
			return ans, nil
		}
	}
	if when.IsZero() {
		// An event named without a year that the sources date after
		// themselves: "the Milan Cortina Winter Olympics (2026)".
		newest, err := ix.newestPublished(ctx)
		if err != nil {
			return ans, err
		}
		if ev, ok := editionAfter(q.Text, cands, rk, newest); ok {
			ans.Notice, ans.Related = notCovered(ev, cands, rk, limit)
			return ans, nil
		}
	}
	if !slices.ContainsFunc(current, func(c *candidate) bool { return c.answers(rk, kind) }) {
		ans.Related = related(current, rk, limit)
		// Say which filter left nothing, so the user knows what to change.
		ans.Notice, err = ix.emptiedBy(ctx, q, when, rk.withDepth(rk.Depth))
		return ans, err
	}
	ans.Matched = matched
	picked := pickCitations(current, limit, rk, func(c *candidate) bool { return c.answers(rk, kind) })
	for _, c := range picked {
		ans.Citations = append(ans.Citations, c.citation(len(ans.Citations)+1))
	}
	ans.Sentences = compose(picked, rk, kind, when.Current > 0)
	if len(ans.Sentences) == 0 {
		// No sentence to quote is no answer.
		ans.Related, ans.Citations = ans.Citations, []corpus.Citation{}
		return ans, nil
	}
	ans.Answer = corpus.JoinAnswer(ans.Sentences)
	// Figures the sources give differently; a passage stating one is
	// cited even when it ranks below the limit.
	var extra []*candidate
	ans.Differences, extra = differences(q.Text, picked, current, rk, kind)
	for _, c := range extra {
		ans.Citations = append(ans.Citations, c.citation(len(ans.Citations)+1))
	}
	return ans, nil
}

// readWhen reads the time a question asks about. A question about what
// will happen then ("Which sport is set to debut at the Paris 2024
// Olympics?") is not bound to reporting from then, since a report from
// before may say what is planned; unless the time is past every source,
// where the sources stop before the outcome ("Who will win the 2030 World
// Cup?"), and saying so is the answer.
func (ix *Index) readWhen(ctx context.Context, text string) (corpus.When, error) {
	w := corpus.ReadWhen(text, ix.opts.Now())
	if !w.Future {
		return w, nil
	}
	newest, err := ix.newestPublished(ctx)
	if err != nil {
		return w, err
	}
	if !newest.IsZero() && newest.Before(w.From) {
		return w, nil
	}
	return corpus.When{Current: w.Current}, nil
}

// notCovered says that the sources stop before the time asked about, and
// offers the latest relevant reporting.
func notCovered(when corpus.When, cands []*candidate, rk Ranking, limit int) (string, []corpus.Citation) {
	// The closest passages, newest first; undated ones (reference texts)
	// may still say what came before.
	var rel []*candidate
	for _, c := range cands {
		if c.covers(rk) {
			rel = append(rel, c)
		}
	}
	rel = dedupe(rel, min(limit, 3))
	sort.SliceStable(rel, func(i, j int) bool { return rel[i].published.After(rel[j].published) })
	msg := fmt.Sprintf("The sources don't cover %s.", when.Label)
	if len(rel) > 0 && !rel[0].published.IsZero() {
		msg = fmt.Sprintf("The sources don't cover %s; the latest on this is from %s.", when.Label, rel[0].published.Format("2006-01-02"))
	}
	return msg, citeAll(rel)
}

// related are the passages closest to a question the sources do not
// answer, for a separate "Related" list.
func related(cands []*candidate, rk Ranking, limit int) []corpus.Citation {
	var rel []*candidate
	for _, c := range cands {
		if c.covers(rk) {
			rel = append(rel, c)
		}
	}
	return citeAll(dedupe(rel, min(limit, 3)))
}

func citeAll(cs []*candidate) []corpus.Citation {
	out := make([]corpus.Citation, len(cs))
	for i, c := range cs {
		out[i] = c.citation(i + 1)
	}
	return out
}

// dedupe keeps the first n candidates with distinct text and documents.
func dedupe(cs []*candidate, n int) []*candidate {
	var out []*candidate
	seen := map[string]bool{}
	for _, c := range cs {
		if len(out) == n {
			break
		}
		key := strings.Join(strings.Fields(c.text), " ")
		if seen[key] || seen[c.docID] {
			continue
		}
		seen[key], seen[c.docID] = true, true
		out = append(out, c)
	}
	return out
}

// candidates searches Bleve for q and reranks the top rk.Depth passages.
// When the question names a time, the top passages published since then
// are fetched too, so that older reporting cannot crowd them out.
func (ix *Index) candidates(ctx context.Context, q corpus.Query, when corpus.When, rk Ranking) ([]*candidate, uint64, error) {
	qts := ix.questionTerms(q)
	if len(qts) == 0 {
		return nil, 0, nil
	}
	words := ix.wordTable()
	if err := ix.setIDF(ctx, qts, words); err != nil {
		return nil, 0, err
	}
	bq, err := ix.buildQuery(q, qts)
	if err != nil {
		return nil, 0, err
	}
	return ix.searchAndRerank(ctx, q, bq, qts, words, when, rk)
}

// searchAndRerank runs bq and reranks its top rk.Depth passages for q's
// terms qts: with a period asked about, the best passages published since
// then join, and the best documents' other passages too.
func (ix *Index) searchAndRerank(ctx context.Context, q corpus.Query, bq query.Query, qts []*queryTerm, words *wordvec.Table, when corpus.When, rk Ranking) ([]*candidate, uint64, error) {
	res, err := ix.firstStage(ctx, bq, rk.Depth)
	if err != nil {
		return nil, 0, err
	}
	hits, total := res.Hits, res.Total
	// A period asked about: the best passages published since then join
	// the candidates, so older reporting cannot crowd them out.
	if since := when.From; !since.IsZero() && countSince(hits, since) < sinceEnough {
		more, err := ix.publishedSince(ctx, bq, since, hits, rk)
		if err != nil {
			return nil, 0, err
		}
		hits = append(hits, more...)
	}
	// And the best passages published in the period, or soon after, when
	// few of the candidates are: "What did Chipotle raise its wage to in
	// May 2021?" is told in May 2021, not in the years since.
	if !when.From.IsZero() {
		more, err := ix.inPeriodHits(ctx, bq, when, hits)
		if err != nil {
			return nil, 0, err
		}
		hits = append(hits, more...)
	}
	// Questions about the present look for newer reporting below, but not
	// when the best match is undated reference text: the question is
	// about how things are there.
	newsFirst := *ix.opts.Recency > 0 && len(hits) > 0 && dated(hits[0])
	nq, isNow := readNowQuestion(q.Text)
	// Words of recency ("now", "latest", "so far"): the best passages of
	// the newest source's last year join, however many recent ones the
	// first search found, since the one with today's figure often matches
	// fewer words than last year's stories.
	if when.From.IsZero() && when.Current >= 1 && newsFirst {
		more, err := ix.lastYear(ctx, bq, hits, rk)
		if err != nil {
			return nil, 0, err
		}
		hits = append(hits, more...)
	}
	// A question about who holds a post now: the newest reports naming a
	// holder join, since the best-matching ones are often stale.
	var now nowQuestion
	if isNow && when.IsZero() && newsFirst {
		more, err := ix.holderHits(ctx, nq, bq, hits, spellingsOf(qts))
		if err != nil {
			return nil, 0, err
		}
		hits = append(hits, more...)
		now = nq
	}
	// -word keeps out documents whose title has the word, as well as
	// passages that do: the title is stored, not indexed, so it is checked
	// here.
	hits = ix.withoutExcludedTitles(hits, q.Exclude)
	if len(hits) == 0 {
		return nil, 0, nil
	}
	// The best documents' other passages: the one holding the answer often
	// leaves its subject to the title and the paragraphs around it.
	more, err := ix.siblings(ctx, bq, hits, rk)
	if err != nil {
		return nil, 0, err
	}
	hits = append(hits, more...)
	kind, figure := readKind(q.Text)
	// The question's words include its quoted phrases: "Bob" in
	// `the last name of "Bob," the schoolteacher` is a name it gives.
	qi := questionInfo{kind: kind, words: questionWords(q.Searched()), sem: newSemantics(words, qts), when: when, recency: *ix.opts.Recency, now: now, focus: readFocus(q.Text, words), figure: figure, head: whichHead(q.Text), rate: askedRate(q.Text), asksName: namingAsked(q.Text), role: readNamedRole(q.Text), said: readAttribution(q.Text, qts, kind),
		outcome: outcomeQuestion.MatchString(strings.ToLower(q.Text)), deaths: asksDeaths(q.Text, kind)}
	return rerank(ix, hits, qts, qi, rk), total, nil
}

// pickCitations takes the best candidates, covering ones first, at most
// rk.PerDoc from one document while others are on offer, and none that
// covers too little of the question, and always the best answering one.
func pickCitations(cands []*candidate, limit int, rk Ranking, answers func(*candidate) bool) []*candidate {
	ordered := slices.Clone(cands)
	sort.SliceStable(ordered, func(i, j int) bool {
		a, b := ordered[i].covers(rk), ordered[j].covers(rk)
		if a != b {
			return a
		}
		return ordered[i].score > ordered[j].score
	})
	var out, held []*candidate
	perDoc := map[string]int{}
	seen := map[string]bool{}
	for _, c := range ordered {
		if len(out) == limit || c.relevant < rk.MinCover/2 && !c.holder {
			break
		}
		// The same text republished (wire copy, syndication) is cited once.
		key := strings.Join(strings.Fields(c.text), " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		if perDoc[c.docID] >= rk.PerDoc {
			held = append(held, c)
			continue
		}
		perDoc[c.docID]++
		out = append(out, c)
	}
	for _, c := range held {
		if len(out) == limit {
			break
		}
		out = append(out, c)
	}
	// The answer must quote a citation: when the best answering passage
	// ranks below the limit, it takes the last place.
	if !slices.ContainsFunc(out, answers) {
		if i := slices.IndexFunc(ordered, answers); i >= 0 {
			if len(out) == limit {
				out = out[:limit-1]
			}
			out = append(out, ordered[i])
		}
	}
	return out
}

// maxScore is the best BM25 score among hits merged from several searches.
func maxScore(hits search.DocumentMatchCollection) float64 {
	var m float64
	for _, h := range hits {
		m = max(m, h.Score)
	}
	return m
}

// siblingDocs is how many of the best documents have their other matching
// passages added to the candidates.
const siblingDocs = 3

// siblings returns passages of the first siblingDocs documents among hits
// that match the question but are not among hits.
func (ix *Index) siblings(ctx context.Context, bq query.Query, hits search.DocumentMatchCollection, rk Ranking) (search.DocumentMatchCollection, error) {
	var docs []query.Query
	seenDoc := map[string]bool{}
	for _, h := range hits {
		d, _ := h.Fields[fDoc].(string)
		if d == "" || seenDoc[d] || len(docs) == siblingDocs {
			continue
		}
		seenDoc[d] = true
		tq := query.NewTermQuery(d)
		tq.SetField(fDoc)
		docs = append(docs, tq)
	}
	if len(docs) == 0 || rk.Siblings <= 0 {
		return nil, nil
	}
	res, err := ix.firstStage(ctx, query.NewConjunctionQuery([]query.Query{bq, query.NewDisjunctionQuery(docs)}), rk.Siblings)
	if err != nil {
		return nil, err
	}
	return notAmong(res.Hits, hits), nil
}

// notAmong returns the hits of found that hits does not hold: a second
// search's new candidates.
func notAmong(found, hits search.DocumentMatchCollection) search.DocumentMatchCollection {
	have := make(map[string]bool, len(hits))
	for _, h := range hits {
		have[h.ID] = true
	}
	var out search.DocumentMatchCollection
	for _, h := range found {
		if !have[h.ID] {
			out = append(out, h)
		}
	}
	return out
}

// publishedBetween matches passages published from from to to, inclusive;
// a zero time leaves that end open. On an index with day terms (days.go)
// the days are whole and the date does not score; an older index is
// filtered on Bleve's date terms.
func (ix *Index) publishedBetween(from, to time.Time) query.Query {
	if ix.days {
		return daysQuery(from, to)
	}
	yes := true
	dq := query.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
	dq.SetField(fPublished)
	return dq
}

// publishedSince returns the best passages for bq published since t that
// are not among hits: the date filters the search, unscored (restricted).
// Nothing is published after the newest source, so a time past it is
// not searched for: that would read every posting to find nothing.
func (ix *Index) publishedSince(ctx context.Context, bq query.Query, t time.Time, hits search.DocumentMatchCollection, rk Ranking) (search.DocumentMatchCollection, error) {
	newest, err := ix.newestPublished(ctx)
	if err != nil {
		return nil, err
	}
	if !newest.IsZero() && newest.Before(t) {
		return nil, nil
	}
	return ix.searchSince(ctx, bq, t, hits, rk)
}

// searchSince is publishedSince without asking whether anything is
// published after t.
func (ix *Index) searchSince(ctx context.Context, bq query.Query, t time.Time, hits search.DocumentMatchCollection, rk Ranking) (search.DocumentMatchCollection, error) {
	res, err := ix.firstStage(ctx, restricted(bq, ix.publishedBetween(t, time.Time{})), rk.Depth)
	if err != nil {
		return nil, err
	}
	return notAmong(res.Hits, hits), nil
}

// lastYear returns the best passages of the newest source's last
// year that are not among hits, and the best few of its last quarter:
// a figure much reported (inflation, the debt) fills a search of the
// year with stories that match more words than the newest.
func (ix *Index) lastYear(ctx context.Context, bq query.Query, hits search.DocumentMatchCollection, rk Ranking) (search.DocumentMatchCollection, error) {
	newest, err := ix.newestPublished(ctx)
	if err != nil || newest.IsZero() {
		return nil, err
	}
	year, err := ix.searchSince(ctx, bq, newest.AddDate(-1, 0, 0), hits, rk)
	if err != nil {
		return nil, err
	}
	quarter, err := ix.searchSince(ctx, bq, newest.AddDate(0, -3, 0), append(slices.Clip(hits), year...), rk.withDepth(quarterDepth))
	if err != nil {
		return nil, err
	}
	return append(year, quarter...), nil
}

// quarterDepth is how many passages of the last quarter lastYear adds.
const quarterDepth = 15

// sinceEnough is how many candidates from the time asked about make a
// second search for more of them needless.
const sinceEnough = 5

// dated reports whether a hit's document has a publication date.
func dated(h *search.DocumentMatch) bool {
	_, ok := h.Fields[fPublished].(string)
	return ok
}

// countSince counts hits published since t, or undated (reference texts,
// which no date rules out).
func countSince(hits search.DocumentMatchCollection, t time.Time) int {
	n := 0
	for _, h := range hits {
		s, ok := h.Fields[fPublished].(string)
		if !ok {
			n++
			continue
		}
		if p, err := time.Parse(time.RFC3339, s); err == nil && !p.Before(t) {
			n++
		}
	}
	return n
}

// newestPublished is the latest publication date of any document, kept
// in the document store as documents arrive.
func (ix *Index) newestPublished(ctx context.Context) (time.Time, error) {
	ix.statsMu.RLock()
	t, ok := ix.newest, ix.newestOK
	ix.statsMu.RUnlock()
	if ok {
		return t, nil
	}
	t, err := ix.store.newestPublished()
	if err != nil {
		return time.Time{}, fmt.Errorf("index: newest publication date: %w", err)
	}
	ix.statsMu.Lock()
	ix.newest, ix.newestOK = t, true
	ix.statsMu.Unlock()
	return t, nil
}

// onlyTime reports whether a question's words all name times or frame the
// question ("in 2023", "what happened last year"): nothing to search for.
func onlyTime(qts []*queryTerm) bool {
	for _, qt := range qts {
		if qt.weight < 1 || months[qt.low] || dateWord(qt.low) || isYearWord(qt.low) || timeFrames[qt.low] {
			continue
		}
		return false
	}
	return true
}

// timeFrames place a time relative to now: "last year", "next week".
var timeFrames = map[string]bool{"last": true, "next": true, "this": true, "past": true, "ago": true, "recent": true, "recently": true}

// periodDepth is how many passages from the period asked about join the
// candidates when few of them are from then.
const periodDepth = 10

// inPeriodHits returns the best passages for bq published in the period w
// or within its half-life after (inPeriod), not among hits, when fewer
// than sinceEnough of hits are; none for a period longer than a year.
func (ix *Index) inPeriodHits(ctx context.Context, bq query.Query, w corpus.When, hits search.DocumentMatchCollection) (search.DocumentMatchCollection, error) {
	span := w.To.Sub(w.From)
	if span > 366*24*time.Hour {
		return nil, nil
	}
	end := w.To.Add(periodHalfLife(w))
	// Only when the reporting found reaches back to the period: "in 1882"
	// over news of the 2010s is a question about history, and another
	// search would find nothing.
	n, reaches := 0, false
	for _, h := range hits {
		p := hitPublished(h)
		if !p.Before(w.From) && p.Before(end) {
			n++
		}
		reaches = reaches || !p.IsZero() && p.Before(end)
	}
	if n >= sinceEnough || !reaches {
		return nil, nil
	}
	res, err := ix.firstStage(ctx, restricted(bq, ix.publishedBetween(w.From, end)), periodDepth)
	if err != nil {
		return nil, err
	}
	return notAmong(res.Hits, hits), nil
}
