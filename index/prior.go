package index

import (
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/index/wordvec"
)

// priorPassages is how many passages of general English a question word's
// passage count is smoothed with. In a small corpus, a common word that
// happens to be absent ("personnel", "claim") would otherwise weigh as
// much as a rare name, so a paraphrased question covered too little of
// the passage that answers it and was declined: on the default corpus
// alone, 42% of answerable questions were. A thousand passages are
// nothing beside news-2024's 157,000 (no ranking moves there, nor at
// 18,000) and most of a few hundred.
const priorPassages = 1000

// priorIDF is the idf of a word held by df of n passages, counting the
// passages of general English it is smoothed with (priorPassages) as
// passages of the corpus. Both ways: in a corpus of a dozen passages about
// North Korea, "North Korea" is not worthless either. (Taking the smaller
// of this and the corpus's own idf kept none of the gain.)
func priorIDF(t *wordvec.Table, low string, df uint64, n float64) float64 {
	pdf := float64(df) + priorPassages*backgroundShare(t, low, float64(df)/n)
	return bm25IDF(pdf, n+priorPassages)
}

// unknownShare is the share of news passages holding a word the word
// table lacks (a name, a rare word): the median over the dev questions'
// such words in news-2024.
const unknownShare = 3e-5

// backgroundShare estimates the share of news passages that hold a word,
// from its frequency rank in general English (GloVe's corpus) by Zipf's
// law: about 10/rank, as measured on news-2024 for the dev questions'
// words (the median share times the rank is 6–18 from rank 32 to 32,768).
// A number's share is local, its share in the corpus: how common "2022"
// or "5" is depends on what the corpus is about, not on English.
func backgroundShare(t *wordvec.Table, low string, local float64) float64 {
	if strings.ContainsFunc(low, unicode.IsDigit) {
		return local
	}
	ws := vectorWords(low)
	if t == nil || len(ws) != 1 {
		return unknownShare
	}
	i := t.Index(ws[0])
	if i < 0 {
		return unknownShare
	}
	return min(0.5, 10/float64(i+20))
}
