package index

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index/wordvec"
)

// Ranking holds the knobs of retrieval and reranking. The defaults were
// tuned on XQuAD-in-news and news-2024-qa (see README).
type Ranking struct {
	Depth    int     // candidates fetched from Bleve for reranking
	K1, B    float64 // BM25
	WBM25    float64 // weight of the normalised BM25 score
	WSent    float64 // best sentence's share of the question's idf mass
	WWindow  float64 // best two-sentence window's share
	WBigram  float64 // share of question word pairs found adjacent
	WTitle   float64 // share of the question's idf mass found in the title
	WCover   float64 // share of the question's idf mass found in the passage
	WRare    float64 // rarest term found
	WTyped   float64 // best sentence holding the kind of answer asked for
	WSoft    float64 // absent question terms said in other words
	WTopic   float64 // question and passage about the same thing
	MinCover float64 // below this share of idf mass in the best passage: nothing relevant
	PerDoc   int     // most citations from one document
}

// DefaultRanking is what Ask uses unless SetRanking changes it.
func DefaultRanking() Ranking {
	return Ranking{
		Depth: 30, K1: 0.9, B: 0.4,
		WBM25: 0.8, WCover: 0.1, WSent: 0.3, WWindow: 1.6, WBigram: 1.2, WTitle: 1.6, WRare: 0.2, WTyped: 0.8, WSoft: 1.2, WTopic: 2.5,
		MinCover: 0.3, PerDoc: 2,
	}
}

var bm25Once sync.Once

// setBM25Params sets Bleve's BM25 constants, which it keeps as package
// variables. Done once; every index in the process shares them.
func setBM25Params(k1, b float64) {
	bm25Once.Do(func() {
		search.BM25_k1 = k1
		search.BM25_b = b
	})
}

// candidate is one passage under reranking.
type candidate struct {
	hit      *search.DocumentMatch
	text     string
	title    string
	docID    string
	bm25     float64
	score    float64
	f        Features
	cover    float64  // share of idf mass found anywhere in the passage
	relevant float64  // cover, plus words said in other words: the relevance cut
	sentence [2]int   // best sentence
	sentIdf  float64  // its idf mass
	typed    [2]int   // best sentence holding the kind of answer asked for
	typedIdf float64  // its idf mass
	marks    [][2]int // byte ranges of matched terms
}

// Ask answers a question with up to q.Limit cited passages.
func (ix *Index) Ask(ctx context.Context, q corpus.Query) (corpus.Answer, error) {
	start := time.Now()
	rk := ix.ranking()
	ans := corpus.Answer{Question: q.Raw, Query: q, Citations: []corpus.Citation{}}
	limit := q.Limit
	if limit <= 0 {
		limit = corpus.DefaultLimit
	}
	limit = min(limit, 20)
	cands, matched, err := ix.candidates(ctx, q, rk.withDepth(max(rk.Depth, limit*3)))
	if err != nil {
		return ans, err
	}
	// Relevant when some candidate covers enough of the question, though
	// it need not rank first: a passage that says the question's rarest
	// word in other words covers more than one that matches commoner
	// words exactly.
	if !slices.ContainsFunc(cands, func(c *candidate) bool { return c.relevant >= rk.MinCover }) {
		ans.Took = time.Since(start)
		return ans, nil
	}
	ans.Matched = matched
	picked := pickCitations(cands, limit, rk)
	for _, c := range picked {
		ans.Citations = append(ans.Citations, c.citation(len(ans.Citations)+1))
	}
	ans.Answer = answerSentence(picked)
	ans.Took = time.Since(start)
	return ans, nil
}

func (ix *Index) ranking() Ranking {
	ix.statsMu.RLock()
	defer ix.statsMu.RUnlock()
	if ix.rank != nil {
		return *ix.rank
	}
	return DefaultRanking()
}

// SetRanking replaces the ranking knobs (evaluation and tuning only; K1 and
// B are fixed at the first Open).
func (ix *Index) SetRanking(r Ranking) {
	ix.statsMu.Lock()
	ix.rank = &r
	ix.statsMu.Unlock()
}

func (rk Ranking) withDepth(d int) Ranking { rk.Depth = d; return rk }

// candidates searches Bleve for q and reranks the top rk.Depth passages.
func (ix *Index) candidates(ctx context.Context, q corpus.Query, rk Ranking) ([]*candidate, uint64, error) {
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
	req := bleve.NewSearchRequestOptions(bq, rk.Depth, 0, false)
	req.Fields = []string{fText, fTitle, fDoc, fSourceRaw, fURL, fPublished}
	req.IncludeLocations = true
	req.PreSearchData = ix.bm25Data()
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("index: search: %w", err)
	}
	if len(res.Hits) == 0 {
		return nil, 0, nil
	}
	cands := rerank(ix, res.Hits, qts, questionInfo{kind: questionKind(q.Text), words: questionWords(q.Text), sem: newSemantics(words, qts)}, rk)
	return cands, res.Total, nil
}

// questionTerms analyses the free text and phrases of q into distinct
// question terms with their alternatives.
func (ix *Index) questionTerms(q corpus.Query) []*queryTerm {
	text := q.Text
	for _, p := range q.Phrases {
		text += " " + p
	}
	var out []*queryTerm
	seen := map[string]bool{}
	pos := 0
	for _, field := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) }) {
		for _, tok := range analyze(ix.text, field) {
			pos++
			stem := string(tok.Term)
			if seen[stem] || len(stem) > 64 {
				continue
			}
			seen[stem] = true
			qt := &queryTerm{word: field, terms: []string{stem}, pos: pos, weight: 1}
			low := strings.ToLower(strings.Trim(field, `.,;:!?"'()[]{}“”‘’`))
			if genericWords[low] {
				qt.weight = genericWeight
			}
			for _, v := range spellingVariants(low) {
				for _, vt := range analyze(ix.text, v) {
					if s := string(vt.Term); !contains(qt.terms, s) {
						qt.terms = append(qt.terms, s)
					}
				}
			}
			if eq, ok := equivalents[low]; ok {
				for _, vt := range analyze(ix.text, eq) {
					if s := string(vt.Term); !contains(qt.terms, s) && !seen[s] {
						qt.extra = append(qt.extra, s)
					}
				}
			}
			out = append(out, qt)
			if len(out) == 32 {
				return out
			}
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// buildQuery turns the question into Bleve's query: a disjunction of the
// question's terms, constrained by the filters.
func (ix *Index) buildQuery(q corpus.Query, qts []*queryTerm) (query.Query, error) {
	var should []query.Query
	for _, qt := range qts {
		for i, t := range qt.terms {
			tq := query.NewTermQuery(t)
			tq.SetField(fText)
			b := qt.weight
			if i > 0 {
				b *= 0.9
			}
			if b != 1 {
				tq.SetBoost(b)
			}
			should = append(should, tq)
		}
		for _, t := range qt.extra {
			tq := query.NewTermQuery(t)
			tq.SetField(fText)
			tq.SetBoost(0.4 * qt.weight)
			should = append(should, tq)
		}
	}
	var must, mustNot []query.Query
	for _, p := range q.Phrases {
		pq := query.NewMatchPhraseQuery(p)
		pq.SetField(fText)
		pq.Analyzer = analyzerText
		must = append(must, pq)
	}
	for _, w := range q.Exclude {
		for _, tok := range analyze(ix.text, w) {
			tq := query.NewTermQuery(string(tok.Term))
			tq.SetField(fText)
			mustNot = append(mustNot, tq)
		}
	}
	if len(q.Sources) > 0 {
		var srcs []query.Query
		for _, s := range q.Sources {
			// A prefix of the source's name: source:reuters finds
			// "Reuters", source:usatoday finds "usatoday.com".
			pq := query.NewPrefixQuery(strings.ToLower(s))
			pq.SetField(fSource)
			srcs = append(srcs, pq)
		}
		must = append(must, query.NewDisjunctionQuery(srcs))
	}
	if !q.After.IsZero() || !q.Before.IsZero() {
		var from, to time.Time
		if !q.After.IsZero() {
			from = q.After
		}
		if !q.Before.IsZero() {
			to = q.Before.Add(24*time.Hour - time.Nanosecond)
		}
		yes := true
		dq := query.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
		dq.SetField(fPublished)
		must = append(must, dq)
	}
	bq := query.NewBooleanQuery(must, should, mustNot)
	if len(must) == 0 {
		bq.Should.(*query.DisjunctionQuery).SetMin(1)
	}
	return bq, nil
}

// bm25Data hands Bleve the true corpus statistics: its own estimate of
// the average field length counts distinct dictionary terms, far below the
// real length.
func (ix *Index) bm25Data() map[string]interface{} {
	ix.statsMu.RLock()
	st := ix.stats
	ix.statsMu.RUnlock()
	if st.passages == 0 {
		return nil
	}
	n := int(st.passages)
	return map[string]interface{}{
		search.BM25PreSearchDataKey: &search.BM25Stats{
			DocCount: float64(st.passages),
			// Filter fields need statistics too, or Bleve refuses the
			// query; their scores barely matter.
			FieldCardinality: map[string]int{fText: int(st.tokens), fSource: n, fPublished: n, fDoc: n},
		},
	}
}

// pickCitations takes the best candidates, at most rk.PerDoc from one
// document while others are on offer, and none that covers too little of
// the question.
func pickCitations(cands []*candidate, limit int, rk Ranking) []*candidate {
	var out, held []*candidate
	perDoc := map[string]int{}
	seen := map[string]bool{}
	for _, c := range cands {
		if len(out) == limit || c.relevant < rk.MinCover/2 {
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
	// Passages that cover the question (exactly or in other words) come
	// before those that only come close.
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := out[i].relevant >= rk.MinCover, out[j].relevant >= rk.MinCover; a != b {
			return a
		}
		return out[i].score > out[j].score
	})
	return out
}

// setIDF computes each question term's BM25 idf from its document
// frequency (the sum over its alternatives). A word neither the index nor
// the dictionary of word vectors knows is taken for a typo and gains the
// nearest indexed spelling; a real word the sources lack ("Eurovision")
// stays unmatched rather than turning into a neighbour ("provision").
func (ix *Index) setIDF(ctx context.Context, qts []*queryTerm, words *wordvec.Table) error {
	ix.statsMu.RLock()
	n := ix.stats.passages
	ix.statsMu.RUnlock()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return fmt.Errorf("index: reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("index: reader: %w", err)
	}
	defer r.Close()
	dfOf := func(terms []string) (uint64, error) {
		var df uint64
		for _, t := range terms {
			tfr, err := r.TermFieldReader(ctx, []byte(t), fText, false, false, false)
			if err != nil {
				return 0, fmt.Errorf("index: term %q: %w", t, err)
			}
			df += tfr.Count()
			tfr.Close()
		}
		return df, nil
	}
	N := float64(max(n, 1))
	for _, qt := range qts {
		df, err := dfOf(qt.terms)
		if err != nil {
			return err
		}
		if df == 0 && !isWord(words, qt.word) {
			fix, err := nearestTerm(ctx, r, qt.terms[0])
			if err != nil {
				return err
			}
			if fix != "" {
				qt.terms = append(qt.terms, fix)
				if df, err = dfOf(qt.terms); err != nil {
					return err
				}
			}
		}
		qt.idf = qt.weight * math.Log(1+(N-float64(df)+0.5)/(float64(df)+0.5))
	}
	return nil
}

// isWord reports whether the dictionary knows the word typed. Without a
// dictionary every word counts as known, so none is "corrected".
func isWord(t *wordvec.Table, typed string) bool {
	if t == nil {
		return true
	}
	ws := vectorWords(typed)
	if len(ws) != 1 {
		return false
	}
	_, ok := t.Lookup(ws[0])
	return ok
}

// nearestTerm returns the indexed term closest in spelling to the unknown
// term t, the most frequent among equally close ones, or "" when nothing is
// close: one edit for words of up to five letters, two for longer ones.
// Numbers and short words are left alone; there a near miss is usually a
// different word.
func nearestTerm(ctx context.Context, r bindex.IndexReader, t string) (string, error) {
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok || len(t) < 4 || strings.IndexFunc(t, func(c rune) bool { return !unicode.IsLetter(c) }) >= 0 {
		return "", nil
	}
	fuzz := 1
	if len(t) > 5 {
		fuzz = 2
	}
	d, fa, err := fr.FieldDictFuzzyAutomaton(fText, t, fuzz, "")
	if err != nil {
		return "", fmt.Errorf("index: near %q: %w", t, err)
	}
	defer d.Close()
	var best string
	var bestDist uint8
	var bestDF uint64
	for {
		e, err := d.Next()
		if err != nil {
			return "", fmt.Errorf("index: near %q: %w", t, err)
		}
		if e == nil {
			break
		}
		_, dist := fa.MatchAndDistance(e.Term)
		if best != "" && dist > bestDist {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(e.Term), fText, false, false, false)
		if err != nil {
			return "", fmt.Errorf("index: term %q: %w", e.Term, err)
		}
		df := tfr.Count()
		tfr.Close()
		if best == "" || dist < bestDist || df > bestDF {
			best, bestDist, bestDF = e.Term, dist, df
		}
	}
	return best, nil
}

// questionInfo is what the reranker reads off the question's wording.
type questionInfo struct {
	kind  answerKind
	words map[string]bool
	sem   *semantics
}

// rerank scores the candidates on passage, sentence, proximity and title
// evidence and sorts them best first.
func rerank(ix *Index, hits search.DocumentMatchCollection, qts []*queryTerm, qi questionInfo, rk Ranking) []*candidate {
	termOf := map[string]int{} // index term -> question term
	var total float64
	for i, qt := range qts {
		for _, t := range qt.extra {
			termOf[t] = i
		}
		for _, t := range qt.terms {
			termOf[t] = i
		}
		total += qt.idf
	}
	if total == 0 {
		return nil
	}
	// Adjacent question-word pairs, for phrase evidence.
	var pairIdf float64
	for i := 1; i < len(qts); i++ {
		if qts[i].pos == qts[i-1].pos+1 {
			pairIdf += qts[i].idf + qts[i-1].idf
		}
	}
	maxBM := hits[0].Score
	titleTerms := map[string]map[int]bool{}
	cands := make([]*candidate, 0, len(hits))
	for _, h := range hits {
		c := &candidate{hit: h, bm25: h.Score}
		c.text, _ = h.Fields[fText].(string)
		c.title, _ = h.Fields[fTitle].(string)
		c.docID, _ = h.Fields[fDoc].(string)
		var occs []occurrence
		for term, locs := range h.Locations[fText] {
			qi, ok := termOf[term]
			if !ok {
				continue
			}
			for _, l := range locs {
				occs = append(occs, occurrence{q: qi, pos: l.Pos, start: int(l.Start)})
				if int(l.End) <= len(c.text) {
					c.marks = append(c.marks, [2]int{int(l.Start), int(l.End)})
				}
			}
		}
		sents := corpus.Sentences(c.text)
		if len(sents) == 0 {
			sents = [][2]int{{0, len(c.text)}}
		}
		sentSets := make([]map[int]bool, len(sents))
		present := map[int]bool{}
		posOf := map[int][]uint64{}
		for _, o := range occs {
			present[o.q] = true
			posOf[o.q] = append(posOf[o.q], o.pos)
			si := sort.Search(len(sents), func(i int) bool { return sents[i][1] > o.start })
			if si == len(sents) {
				si = len(sents) - 1
			}
			if sentSets[si] == nil {
				sentSets[si] = map[int]bool{}
			}
			sentSets[si][o.q] = true
		}
		c.cover = idfSum(qts, present) / total
		var best, bestWin, typed float64
		for i, set := range sentSets {
			v := idfSum(qts, set)
			if v > best || (v == best && c.sentIdf == 0) {
				best, c.sentence = v, sents[i]
			}
			if v > typed && hasKind(c.text[sents[i][0]:sents[i][1]], qi.kind, qi.words) {
				typed, c.typed, c.typedIdf = v, sents[i], v
			}
			if i > 0 {
				u := map[int]bool{}
				for k := range set {
					u[k] = true
				}
				for k := range sentSets[i-1] {
					u[k] = true
				}
				bestWin = math.Max(bestWin, idfSum(qts, u))
			}
		}
		bestWin = math.Max(bestWin, best)
		c.sentIdf = best
		var bigram float64
		for i := 1; i < len(qts); i++ {
			if qts[i].pos != qts[i-1].pos+1 {
				continue
			}
			if adjacent(posOf[i-1], posOf[i]) {
				bigram += qts[i].idf + qts[i-1].idf
			}
		}
		tset, ok := titleTerms[c.title]
		if !ok {
			tset = map[int]bool{}
			for _, tok := range analyze(ix.text, c.title) {
				if qi, ok := termOf[string(tok.Term)]; ok {
					tset[qi] = true
				}
			}
			titleTerms[c.title] = tset
		}
		c.f = Features{BM25: c.bm25 / maxBM, Cover: c.cover, Sent: best / total, Window: bestWin / total, Title: idfSum(qts, tset) / total, Typed: typed / total}
		var near float64
		c.f.Soft, near, c.f.Topic = qi.sem.features(c.text, present, qts, total)
		c.relevant = c.cover + near
		if pairIdf > 0 {
			c.f.Bigram = bigram / pairIdf
		}
		var maxIdf, maxFound float64
		for qi, qt := range qts {
			maxIdf = math.Max(maxIdf, qt.idf)
			if present[qi] {
				maxFound = math.Max(maxFound, qt.idf)
			}
		}
		if maxIdf > 0 {
			c.f.Rare = maxFound / maxIdf
		}
		c.score = rk.score(c.f)
		cands = append(cands, c)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	return cands
}

// Features are the reranking evidence for one candidate passage, each
// scaled to [0, 1].
type Features struct {
	BM25   float64 // BM25 score over the best candidate's
	Cover  float64 // share of the question's idf mass found in the passage
	Sent   float64 // ... in its best sentence
	Window float64 // ... in its best two consecutive sentences
	Bigram float64 // share of adjacent question-word pairs found adjacent
	Title  float64 // share of the question's idf mass found in the title
	Rare   float64 // the rarest question term found, over the rarest overall
	Typed  float64 // share of idf mass in the best sentence holding the kind of thing asked for
	Soft   float64 // idf mass of absent question terms, by their best cosine to a passage word
	Topic  float64 // cosine of question and passage word-vector centroids
}

func (rk Ranking) score(f Features) float64 {
	return rk.WBM25*f.BM25 + rk.WSent*f.Sent + rk.WWindow*f.Window + rk.WBigram*f.Bigram + rk.WTitle*f.Title + rk.WCover*f.Cover +
		rk.WRare*f.Rare + rk.WTyped*f.Typed + rk.WSoft*f.Soft + rk.WTopic*f.Topic
}

// Explained is one reranked candidate with its evidence, for tuning.
type Explained struct {
	DocID    string
	Passage  string
	Features Features
	Score    float64
}

// Explain returns the reranked candidates for q with their features
// (evaluation and tuning only).
func (ix *Index) Explain(ctx context.Context, q corpus.Query, depth int) ([]Explained, error) {
	rk := ix.ranking()
	rk.Depth = depth
	cands, _, err := ix.candidates(ctx, q, rk)
	if err != nil {
		return nil, err
	}
	out := make([]Explained, len(cands))
	for i, c := range cands {
		out[i] = Explained{DocID: c.docID, Passage: c.text, Features: c.f, Score: c.score}
	}
	return out, nil
}

type occurrence struct {
	q     int    // question term
	pos   uint64 // token position
	start int    // byte offset
}

// idfSum adds the idf of the question terms in set, in question order so
// that equal evidence always scores the same, bit for bit.
func idfSum(qts []*queryTerm, set map[int]bool) float64 {
	var v float64
	for qi, qt := range qts {
		if set[qi] {
			v += qt.idf
		}
	}
	return v
}

// adjacent reports whether some position in b follows one in a by at most
// two tokens (a stop word may sit between).
func adjacent(a, b []uint64) bool {
	for _, x := range a {
		for _, y := range b {
			if y > x && y-x <= 2 {
				return true
			}
		}
	}
	return false
}

// answerSentence picks the sentence that best answers: among the top
// passages' best sentences, the one covering most of the question while
// saying something the question does not.
func answerSentence(cands []*candidate) string {
	best, bestScore := "", 0.0
	for i, c := range cands {
		if i == 2 {
			break
		}
		decay := 1 - 0.2*float64(i)
		for _, s := range []struct {
			r     [2]int
			idf   float64
			bonus float64
		}{{c.sentence, c.sentIdf, 1}, {c.typed, c.typedIdf, 1.25}} {
			if s.r[1] <= s.r[0] {
				continue
			}
			if v := s.idf * s.bonus * decay; v > bestScore {
				best, bestScore = strings.TrimSpace(c.text[s.r[0]:s.r[1]]), v
			}
		}
	}
	return best
}

// citation renders a candidate as the n-th citation.
func (c *candidate) citation(n int) corpus.Citation {
	h := c.hit
	ct := corpus.Citation{N: n, DocID: c.docID, Title: c.title, Passage: c.text, Score: round3(c.score), Sentence: c.sentence}
	ct.Source, _ = h.Fields[fSourceRaw].(string)
	ct.URL, _ = h.Fields[fURL].(string)
	if s, ok := h.Fields[fPublished].(string); ok {
		ct.Published, _ = time.Parse(time.RFC3339, s)
	}
	ct.Highlights = mergeRanges(c.marks)
	if ct.URL != "" {
		ct.Link = TextFragmentLink(ct.URL, c.text)
	}
	return ct
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

func mergeRanges(r [][2]int) [][2]int {
	if len(r) == 0 {
		return nil
	}
	sort.Slice(r, func(i, j int) bool { return r[i][0] < r[j][0] })
	out := [][2]int{r[0]}
	for _, x := range r[1:] {
		last := &out[len(out)-1]
		if x[0] <= last[1] {
			last[1] = max(last[1], x[1])
			continue
		}
		out = append(out, x)
	}
	return out
}

// TextFragmentLink returns pageURL with a text fragment
// (#:~:text=start,end) that makes browsers scroll to and highlight passage.
func TextFragmentLink(pageURL, passage string) string {
	words := strings.Fields(passage)
	if len(words) == 0 {
		return pageURL
	}
	base := pageURL
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base = base[:i]
	}
	enc := func(ws []string) string {
		// Text fragments reserve '-', ',' and '&' as syntax.
		s := url.PathEscape(strings.Join(ws, " "))
		s = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26").Replace(s)
		return s
	}
	if len(words) <= 8 {
		return base + "#:~:text=" + enc(words)
	}
	return base + "#:~:text=" + enc(words[:4]) + "," + enc(words[len(words)-4:])
}
