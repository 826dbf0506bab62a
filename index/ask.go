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

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index/wordvec"
)

// Ranking holds the knobs of retrieval and reranking. The defaults were
// tuned on XQuAD-in-news and news-2024-qa (see README).
type Ranking struct {
	Depth    int     // candidates fetched from Bleve for reranking
	Siblings int     // more passages fetched from the best documents
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
	WDoc     float64 // question terms in the passage's document
	WKey     float64 // names and numbers of the question in the passage or title
	WPeriod  float64 // published in or just after the period asked about
	WRecent  float64 // recent reporting, for questions about the present
	// RecentMargin is how far below the best score a passage may be and
	// still gain from being recent.
	RecentMargin float64
	WNear        float64 // question words next to a thing of the kind asked for
	WFocus       float64 // a number right before what a "how many" question counts
	KeyMin       float64 // share of the key terms' idf a document must hold to answer
	AnswerMin    float64 // share of the question's idf mass a passage must hold to answer
	MinCover     float64 // below this share of idf mass in the best passage: nothing relevant
	PerDoc       int     // most citations from one document (3: see README, fifth stop)
}

// DefaultRanking is what Ask uses unless SetRanking changes it.
func DefaultRanking() Ranking {
	return Ranking{
		Depth: 35, Siblings: 0, K1: 0.9, B: 0.4, KeyMin: 0.3, AnswerMin: 0.4, WRecent: 4, RecentMargin: 1,
		WBM25: 0.8, WCover: 0.1, WSent: 0.3, WWindow: 1.6, WBigram: 1.2, WTitle: 1.6, WRare: 0.2, WTyped: 0.8, WSoft: 1.2, WTopic: 2.5,
		MinCover: 0.3, PerDoc: 3, WFocus: 1, WPeriod: 1,
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
	cover    float64 // share of idf mass found anywhere in the passage
	present  map[int]bool
	posOf    map[int][]uint64 // token positions of each question term found
	titleSet map[int]bool
	spelled  map[int]bool // key words the passage or title spells a little differently
	// keyFound is the share of the key terms' (names, numbers) idf mass
	// found in the passage, its title or its document's other candidates.
	keyFound float64
	// hasTyped says a prose sentence at or beside the best one holds the
	// kind of thing asked for.
	hasTyped bool
	// topicMissing says what the question asks about ("about tariffs")
	// is not in the document: less than topicShare of its idf mass.
	topicMissing bool
	// nameMissing says what names the subject is not in the document:
	// the name holding the rarest key word, whole, or a sum the question
	// gives ("the $55 billion deal").
	nameMissing bool
	// roleUnnamed says the passage names nobody beside the role whose
	// name the question asks (readNamedRole).
	roleUnnamed bool
	// deathless says the question asks how many died and no sentence of
	// the passage says anyone did.
	deathless bool
	published time.Time
	relevant  float64 // cover, plus words said in other words: the relevance cut
	sentence  [2]int  // best sentence
	sentIdf   float64 // its idf mass
	typedIdf  float64 // idf mass of the best sentence holding the kind of answer asked for
	// facts and chooser choose the answer sentence (sentence.go).
	facts   sentenceFacts
	chooser *sentenceChooser
	// holder says a sentence, at holderAt, names the holder of the post an
	// office question asks about.
	holder   bool
	holderAt [2]int
	marks    [][2]int // byte ranges of matched terms
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

// questionTerms analyses the free text and phrases of q into distinct
// question terms with their alternatives.
func (ix *Index) questionTerms(q corpus.Query) []*queryTerm {
	text := q.Searched()
	var out []*queryTerm
	seen := map[string]bool{}
	pos := 0
	fields := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) })
	for fi, field := range fields {
		if theSource(fields, fi) {
			continue
		}
		for _, tok := range analyze(ix.text, field) {
			pos++
			stem := string(tok.Term)
			if len(stem) > 64 {
				continue
			}
			qt := &queryTerm{word: field, terms: []string{stem}, pos: pos, weight: 1}
			low := strings.ToLower(strings.Trim(field, wordEdges))
			qt.low = claim.Unpossessive(low)
			qt.key, qt.name = keyWord(strings.Trim(field, wordEdges), qt.low, fi == 0)
			if seen[stem] {
				// A word asked twice counts once, as the name it is where
				// it is one: "rugby union's … Rugby Championship".
				i := slices.IndexFunc(out, func(o *queryTerm) bool { return o.terms[0] == stem })
				if !qt.name || i < 0 || out[i].name {
					continue
				}
				out = slices.Delete(out, i, i+1)
			}
			seen[stem] = true
			if fi == 0 && !qt.key && len(fields) > 1 && !notKeys[qt.low] && isCapitalised(field) && isCapitalised(fields[1]) {
				qt.key, qt.name = true, true // the start of a name: "North Korea ..."
			}
			if afterAbout(fields, fi) && !genericWords[low] {
				// "What did X say about Y": Y is what must be answered, a
				// name ("the Inflation Reduction Act") as much as a word.
				qt.key, qt.topic = true, true
			}
			if qt.key && !qt.name && nextToMonth(fields, fi) {
				qt.key = false // the day of a date: "July 14, 2023"
			}
			if genericWords[low] || fi > 0 && measureWords[low] && strings.EqualFold(fields[fi-1], "how") {
				qt.weight = genericWeight
			}
			variants := spellingVariants(low)
			if !qt.name {
				// "did … win" of a source that writes "won".
				variants = append(variants, otherForms(low)...)
			}
			for _, v := range variants {
				for _, vt := range analyze(ix.text, v) {
					if s := string(vt.Term); !contains(qt.terms, s) {
						qt.terms = append(qt.terms, s)
					}
				}
			}
			// "O'Mara" is written "O’Mara" too. The analysed stem, not the
			// word, is respelled: the word's other tokens ("Mason-Dixon's")
			// are other terms.
			if strings.ContainsAny(stem, "'’") {
				for _, v := range []string{strings.ReplaceAll(stem, "’", "'"), strings.ReplaceAll(stem, "'", "’")} {
					if !contains(qt.terms, v) {
						qt.terms = append(qt.terms, v)
					}
				}
			}
			eq, ok := equivalents[qt.low]
			if !ok {
				eq, ok = standsFor(fields, fi)
			}
			if ok {
				for _, vt := range analyze(ix.text, eq) {
					if s := string(vt.Term); !contains(qt.terms, s) && !seen[s] {
						qt.extra = append(qt.extra, s)
					}
				}
			}
			qt.field = fi
			out = append(out, qt)
			if len(out) == 32 {
				markNameRuns(fields, out)
				return out
			}
		}
	}
	markNameRuns(fields, out)
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
		must = append(must, phraseOf(p))
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
			// A prefix of the source's name or web site, as written or
			// squashed (sourceKeys): source:reuters finds "Reuters",
			// source:"USA Today" finds usatoday.com.
			for _, m := range sourceMatches(s) {
				pq := query.NewPrefixQuery(m)
				pq.SetField(fSource)
				srcs = append(srcs, pq)
			}
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
		must = append(must, ix.publishedBetween(from, to))
	}
	bq := query.NewBooleanQuery(must, should, mustNot)
	if len(must) == 0 {
		bq.Should.(*query.DisjunctionQuery).SetMin(1)
		if rare := ix.rareTermsQuery(qts, should, mustNot); rare != nil {
			return &prunedQuery{BooleanQuery: bq, rare: rare}, nil
		}
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
			// query; their scores barely matter. "*" is the field of the
			// one bitmap Bleve makes of an unscored disjunction, such as a
			// date range in a filter clause (restricted).
			FieldCardinality: map[string]int{fText: int(st.tokens), fSource: n, fPublished: n, fDay: n, fDoc: n, "*": n},
		},
	}
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
			n, err := docFreq(ctx, r, t)
			if err != nil {
				return 0, err
			}
			df += n
		}
		return df, nil
	}
	N := float64(max(n, 1))
	for _, qt := range qts {
		if qt.name {
			vs, err := ix.accentVariants(ctx, r, qt.terms[0], qt.low)
			if err != nil {
				return err
			}
			qt.addAccents(vs)
		}
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
				qt.respelled = qt.name
				if df, err = dfOf(qt.terms); err != nil {
					return err
				}
			}
		}
		qt.df = df
		qt.idf = qt.weight * priorIDF(words, qt.low, df, N)
	}
	return nil
}

// bm25IDF is BM25's idf of a term held by df of n passages.
func bm25IDF(df, n float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// docFreq is how many passages hold the text term t.
func docFreq(ctx context.Context, r bindex.IndexReader, t string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(t), fText, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("index: term %q: %w", t, err)
	}
	defer tfr.Close()
	return tfr.Count(), nil
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
		df, err := docFreq(ctx, r, e.Term)
		if err != nil {
			return "", err
		}
		if best == "" || dist < bestDist || df > bestDF {
			best, bestDist, bestDF = e.Term, dist, df
		}
	}
	return best, nil
}

// Explained is one reranked candidate with its evidence, for tuning.
type Explained struct {
	DocID    string
	Passage  string
	Features Features
	Score    float64
	// Answers says the candidate passes the answer test (ranked first);
	// Current is how strongly the question asks about the present, which
	// scales Features.Recent.
	Answers bool
	Current float64
	// Relevant and KeyFound are what the answer test reads.
	Relevant, KeyFound float64
	TypedOK            bool
}

// Explain returns the reranked candidates for q with their features
// (evaluation and tuning only).
func (ix *Index) Explain(ctx context.Context, q corpus.Query, depth int) ([]Explained, error) {
	rk := ix.ranking()
	rk.Depth = depth
	when, err := ix.readWhen(ctx, q.Text)
	if err != nil {
		return nil, err
	}
	cands, _, err := ix.candidates(ctx, q, when, rk)
	if err != nil {
		return nil, err
	}
	kind := questionKind(q.Text)
	out := make([]Explained, 0, len(cands))
	for _, c := range cands {
		if !when.IsZero() && !c.published.IsZero() && c.published.Before(when.From) {
			continue
		}
		out = append(out, Explained{DocID: c.docID, Passage: c.text, Features: c.f, Score: c.score, Answers: c.answers(rk, kind), Current: when.Current * *ix.opts.Recency,
			Relevant: c.relevant, KeyFound: c.keyFound, TypedOK: kind == kindAny || c.hasTyped})
	}
	return out, nil
}

// citation renders a candidate as the n-th citation.
func (c *candidate) citation(n int) corpus.Citation {
	h := c.hit
	ct := corpus.Citation{N: n, DocID: c.docID, Title: c.title, Passage: c.text, Score: round3(c.score), Sentence: c.sentence}
	ct.Source, _ = h.Fields[fSourceRaw].(string)
	ct.URL, _ = h.Fields[fURL].(string)
	ct.Published = hitPublished(h)
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

// standsFor reads a country named by what stands for it, as the
// equivalents do for capitals: "the North" (capitalised, a noun: "the
// North's nukes", not "the North Atlantic") and "Kim's regime" are North
// Korea.
func standsFor(fields []string, i int) (string, bool) {
	w := strings.Trim(fields[i], wordEdges)
	low := claim.Unpossessive(strings.ToLower(w))
	prev := ""
	if i > 0 {
		prev = strings.ToLower(strings.Trim(fields[i-1], wordEdges))
	}
	next, nextLow := "", ""
	if i+1 < len(fields) {
		next = strings.Trim(fields[i+1], wordEdges)
		nextLow = strings.ToLower(next)
	}
	switch {
	case low == "north" && w[0] == 'N' && prev == "the" && !isCapitalised(next):
		return "north korea", true
	case low == "kim" && (nextLow == "regime" || nextLow == "government" || nextLow == "dictatorship"):
		return "north korea", true
	}
	return "", false
}
