package index

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// readNowQuestion reads a question about who or what holds a place now,
// or how old someone is now.
func readNowQuestion(q string) (nowQuestion, bool) {
	if a, ok := readAgeNow(q); ok {
		return a, true
	}
	if o, ok := readOffice(q); ok {
		return o, true
	}
	if a, ok := readAffiliation(q); ok {
		return a, true
	}
	return nil, false
}

// holderLookback is how far back from the newest source the first search
// for a holder looks; older reporting is searched only when that
// finds no one.
const holderLookback = 365 * 24 * time.Hour

// nowQuestion is a question about who or what holds a place now: a post
// (office) or a player's team (affiliation). The newest report naming the
// holder answers it.
type nowQuestion interface {
	// holder finds the sentence of text naming a holder; title is the
	// title of the text's document.
	holder(text, title string) ([2]int, bool)
	// holderOnly says only a passage naming a holder answers: nothing
	// else gives someone's age, while a post's holder may be named in
	// ways the holder test does not read.
	holderOnly() bool
	// must are the queries a passage naming a holder matches; sp gives
	// the index's spellings of the question's words.
	must(sp spellings) []query.Query
}

// spellings maps a question word, lowercased without diacritics, to the
// index terms that count as it in a name: its stem and the same stem with
// other accents ("mbappe", "mbappé").
type spellings map[string][]string

// spellingsOf collects the spellings of the question's terms: the stem
// and its accent variants. Other variants ("centre"/"center") are not
// names, and a name phrase keeps its words as typed.
func spellingsOf(qts []*queryTerm) spellings {
	sp := spellings{}
	for _, qt := range qts {
		sp[fold(qt.low)] = append([]string{qt.terms[0]}, qt.accents...)
	}
	return sp
}

// phraseQuery matches the words in a row, each in any of its spellings.
func phraseQuery(words []string, sp spellings) query.Query {
	slots := make([][]string, len(words))
	for i, w := range words {
		slots[i] = sp[w]
		if len(slots[i]) == 0 {
			// Not a question word of its own (a stop word): the phrase is
			// analysed as typed.
			return phraseOf(strings.Join(words, " "))
		}
	}
	return &wordsInRow{slots: slots}
}

// holderHits finds passages naming a holder, newest reporting first, that
// are not among hits. bq keeps the question's filters (source:, -word,
// phrases) and scores the passages like the question's other candidates.
func (ix *Index) holderHits(ctx context.Context, nq nowQuestion, bq query.Query, hits search.DocumentMatchCollection, sp spellings) (search.DocumentMatchCollection, error) {
	must := append([]query.Query{bq}, nq.must(sp)...)
	newest, err := ix.newestPublished(ctx)
	if err != nil {
		return nil, err
	}
	read := 0 // passages the last search read
	find := func(back time.Duration, among search.DocumentMatchCollection) (search.DocumentMatchCollection, error) {
		m := must
		if back > 0 {
			m = append(slices.Clone(must), ix.publishedBetween(newest.Add(-back), time.Time{}))
		}
		res, err := ix.firstStage(ctx, query.NewConjunctionQuery(m), holderDepth)
		if err != nil {
			return nil, err
		}
		read = len(res.Hits)
		var out search.DocumentMatchCollection
		for _, h := range notAmong(res.Hits, among) {
			text, _ := h.Fields[fText].(string)
			title, _ := h.Fields[fTitle].(string)
			if _, ok := holderAsOf(nq, text, title, hitPublished(h)); ok {
				out = append(out, h)
			}
		}
		return out, nil
	}
	if newest.IsZero() {
		return find(0, hits)
	}
	out, err := find(holderLookback, hits)
	if err != nil {
		return nil, err
	}
	// A holder much in the news (a star, a president) is named in more of
	// last year's passages than one search reads, and the best-matching
	// of them are often the older: when none is of the newest quarter,
	// that quarter is searched too (not when the year had no passage to
	// read: its quarter has none either).
	quarter := newest.Add(-holderLookback / 4)
	if read > 0 && !slices.ContainsFunc(out, func(h *search.DocumentMatch) bool { return !hitPublished(h).Before(quarter) }) {
		more, err := find(holderLookback/4, append(slices.Clip(hits), out...))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	// None in the last year: the two years, then the four and the eight
	// before the newest source, then all the reporting. Reading all at
	// once would read the best-matching, not the newest.
	for back := 2 * holderLookback; len(out) == 0 && back <= 8*holderLookback; back *= 2 {
		if out, err = find(back, hits); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return find(0, hits)
	}
	return out, nil
}

// unquoted is s without what it quotes; a sentence that closes a quote
// opened before it is quoted up to the close.
func unquoted(s string) string {
	var b strings.Builder
	in, seen := false, false
	for _, r := range s {
		switch r {
		case '“':
			in, seen = true, true
			continue
		case '”':
			if !seen {
				b.Reset() // the quote opened in an earlier sentence
			}
			in, seen = false, true
			continue
		case '"':
			in, seen = !in, true
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hitPublished is a hit's publication date; zero when it has none.
func hitPublished(h *search.DocumentMatch) time.Time {
	ps, _ := h.Fields[fPublished].(string)
	published, _ := time.Parse(time.RFC3339, ps)
	return published
}

// holderDepth is how many passages each search for a holder reads.
const holderDepth = 50

// holderAsOf finds the sentence of text naming a holder, passing over
// sentences about long before the text was published: "Pakistan's Prime
// Minister Liaquat Ali Khan … in New Delhi, 1947" in a caption of 2022.
func holderAsOf(nq nowQuestion, text, title string, published time.Time) ([2]int, bool) {
	for off := 0; off < len(text); {
		r, ok := nq.holder(text[off:], title)
		if !ok {
			break
		}
		r = [2]int{r[0] + off, r[1] + off}
		if !longBefore(text[r[0]:r[1]], published) {
			return r, true
		}
		off = r[1]
	}
	return [2]int{}, false
}

// historyYears is how many years before its publication a sentence's year
// must be for the sentence to be history rather than news.
const historyYears = 5

// longBefore reports whether sentence s names a year historyYears or
// more before published, other than as the start of what still holds
// ("since 2015") or inside a quote: "…discontinued in 1970,” said Amtrak
// CEO Stephen Gardner names the CEO of the day.
func longBefore(s string, published time.Time) bool {
	if published.IsZero() {
		return false
	}
	ws := strings.FieldsFunc(unquoted(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range ws {
		if !anyYear(w) {
			continue
		}
		y, _ := strconv.Atoi(w)
		if y <= published.Year()-historyYears && (i == 0 || !strings.EqualFold(ws[i-1], "since")) {
			return true
		}
	}
	return false
}
