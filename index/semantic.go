package index

import (
	"math"
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/index/wordvec"
)

// nearCos is the cosine at which a passage word stands in for an absent
// question word when judging whether a passage is relevant at all:
// "troops" for "forces" (.92), "biggest" for "largest" (.86), not "contest"
// for "election" (.67).
const nearCos = 0.75

// commonRanks is how many of the most frequent words carry no topic: "the",
// "said", "year" are in every passage.
const commonRanks = 150

// semantics is a question seen through word vectors: evidence for passages
// that say what the question asks in other words.
type semantics struct {
	table *wordvec.Table
	terms []wordvec.Vector // per question term; zero when the word has none
	topic []float32        // idf-weighted centroid of the question's words
	// Scratch for features, which the rerank calls once per candidate;
	// each goroutine has its own (questionInfo.withOwnScratch).
	vecs     []wordvec.Vector
	centroid []float32
	seen     map[int]bool
}

// withOwnScratch is qi with scratch of its own for semantics.features, for
// another goroutine to use.
func (qi questionInfo) withOwnScratch() questionInfo {
	if qi.sem != nil {
		s := *qi.sem
		s.vecs, s.centroid, s.seen = nil, nil, nil
		qi.sem = &s
	}
	return qi
}

// newSemantics looks up the question's words; nil when there is no table or
// no word has a vector.
func newSemantics(t *wordvec.Table, qts []*queryTerm) *semantics {
	if t == nil {
		return nil
	}
	s := &semantics{table: t, terms: make([]wordvec.Vector, len(qts)), topic: make([]float32, wordvec.Dims)}
	found := false
	for i, qt := range qts {
		ws := vectorWords(qt.word)
		if len(ws) == 0 {
			continue
		}
		if v, ok := t.Lookup(ws[0]); ok {
			s.terms[i] = v
			v.AddTo(s.topic, float32(qt.idf))
			found = true
		}
	}
	if !found {
		return nil
	}
	return s
}

// vectorWords splits text into lower-case words as the table spells them.
func vectorWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
}

// features returns three pieces of evidence for a passage, each in [0, 1]
// or near it:
//   - soft: the idf mass of question terms absent from the passage, each
//     counted by its best cosine to a passage word, over the question's
//     total;
//   - near: the same, counting only words said in other words (cosine at
//     least nearCos), for the relevance cut;
//   - topic: the cosine between the question's centroid and the passage's,
//     where rarer words weigh more.
func (s *semantics) features(words []string, present map[int]bool, qts []*queryTerm, total float64) (soft, near, topic float64) {
	if s == nil || total == 0 {
		return 0, 0, 0
	}
	if s.centroid == nil {
		s.centroid, s.seen = make([]float32, wordvec.Dims), map[int]bool{}
	}
	vecs, centroid, seen := s.vecs[:0], s.centroid, s.seen
	clear(centroid)
	clear(seen)
	defer func() { s.vecs = vecs[:0] }()
	for _, w := range words {
		i := s.table.Index(w)
		if i < commonRanks || seen[i] { // not in the table (-1), or common
			continue
		}
		seen[i] = true
		v := s.table.At(i)
		vecs = append(vecs, v)
		v.AddTo(centroid, float32(math.Log(1+float64(v.Rank)/commonRanks)))
	}
	for i, q := range s.terms {
		if present[i] || q.IsZero() {
			continue
		}
		var best float64
		for _, v := range vecs {
			best = math.Max(best, q.Cos(v))
		}
		soft += qts[i].idf * best
		if best >= nearCos {
			near += qts[i].idf * best
		}
	}
	return soft / total, near / total, wordvec.Cosine(s.topic, centroid)
}
