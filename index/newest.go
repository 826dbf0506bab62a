package index

import (
	"math"
	"sort"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// nowFirst puts the newest answer to a question about the present first:
// for who holds a post now, the newest report naming the holder; for a
// figure now (asked with a word of recency, or in the present tense about
// a rate, toll, price…), the newest report giving it, unless a reference
// text matches best.
func nowFirst(cands []*candidate, qi questionInfo, rk Ranking) {
	if qi.recency <= 0 {
		return
	}
	if qi.now != nil {
		holdersFirst(cands, rk)
		return
	}
	if qi.when.IsZero() && figureKind(qi.kind) && (qi.when.Current >= 1 || qi.when.Current > 0 && qi.figure && !referenceFirst(cands)) {
		figuresFirst(cands, rk, qi.kind)
	}
}

func figureKind(k answerKind) bool {
	return k == kindNumber || k == kindPercent || k == kindMoney || k == kindAge
}

// figuresFirst ranks the passages that give a figure next to the words of
// a question about a figure now ("What is the latest inflation rate?")
// above the others, newest reporting first: figures change, and the
// newest report's is the one now.
func figuresFirst(cands []*candidate, rk Ranking, kind answerKind) {
	var top, near float64
	for _, c := range cands {
		top = max(top, c.score)
		if c.answers(rk, kind) {
			near = max(near, c.f.Near)
		}
	}
	if near == 0 {
		return
	}
	var fs []*candidate
	for _, c := range cands {
		if c.answers(rk, kind) && c.f.Near >= figureNear*near {
			fs = append(fs, c)
		}
	}
	newestFirst(fs, top)
}

// referenceFirst reports whether the best candidate is undated: a
// reference text, which says how things are ("the population of the
// Greater Los Angeles Area"), rather than a report of what they came to.
func referenceFirst(cands []*candidate) bool {
	var best *candidate
	for _, c := range cands {
		if best == nil || c.score > best.score {
			best = c
		}
	}
	return best != nil && best.published.IsZero()
}

// figureNear is how close to the best a passage's figure must stand to
// the question's words to count as giving the figure asked for.
const figureNear = 0.7

// newestFirst puts cs above every candidate scoring up to top, newest
// first; undated texts come after dated ones.
func newestFirst(cs []*candidate, top float64) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i].published, cs[j].published
		if !a.Equal(b) {
			return a.After(b)
		}
		return cs[i].score > cs[j].score
	})
	for i, c := range cs {
		c.score = top + 1 + float64(len(cs)-i)*0.01
	}
}

// holdersFirst ranks the passages naming a holder of the post asked about
// above all others, newest reporting first: the holder now is the one the
// latest report names. Undated texts come after dated ones.
func holdersFirst(cands []*candidate, rk Ranking) {
	var top float64
	var hs []*candidate
	for _, c := range cands {
		top = max(top, c.score)
		if c.holder && c.answers(rk, kindName) {
			hs = append(hs, c)
		}
	}
	newestFirst(hs, top)
}

// recency scores a publication date against the newest among the
// candidates: 1 for the newest, halving every year older.
func recency(published, newest time.Time) float64 {
	if newest.IsZero() {
		return 0
	}
	if published.IsZero() {
		// Undated texts (reference material) are not stale news: only
		// dated reporting is ordered by age.
		return 1
	}
	days := newest.Sub(published).Hours() / 24
	return math.Pow(0.5, math.Max(days, 0)/365)
}

// inPeriod scores a publication date against the period a question asks
// about: 1 inside it, then falling off by half every period's length
// after it (at least two weeks, at most a year), so that the story of a
// day asked about is one from that day or the next, and a month's review
// of its events comes soon after; 0 before it, and 0 without a period.
// An undated text (reference material) scores 1: it may be about any
// time, and is not passed over for lacking a date (the default corpus's
// analysis is undated).
func inPeriod(published time.Time, w corpus.When) float64 {
	if w.IsZero() {
		return 0
	}
	if published.IsZero() {
		return 1
	}
	if published.Before(w.From) {
		return 0
	}
	after := published.Sub(w.To).Hours() / 24
	if after <= 0 {
		return 1
	}
	return math.Pow(0.5, after/(periodHalfLife(w).Hours()/24))
}

// periodHalfLife is the half-life of a period's reporting after it ends:
// the period's length, two weeks at least and a year at most.
func periodHalfLife(w corpus.When) time.Duration {
	return min(max(w.To.Sub(w.From), 14*24*time.Hour), 365*24*time.Hour)
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
	Doc    float64 // share of the question's idf mass in the document: title and candidate passages
	Key    float64 // share of the key terms' (names, numbers) idf mass in the passage or title
	Recent float64 // publication date against the newest candidate's
	Period float64 // published in or just after the period asked about
	// Near is the idf share of question words standing next to a thing of
	// the kind asked for ("12 motors"), in the best sentence for it.
	Near float64
	// Focus says a number stands right before what a "how many"
	// question counts, or before a word meaning it: 1 for the word itself
	// (focus.go).
	Focus float64
}
