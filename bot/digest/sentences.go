package digest

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/corpus"
)

// span is a sentence: a byte range of a document's text.
type span struct{ start, end int }

// Sentence bounds, in runes: shorter is a dateline or caption, longer is
// rarely one sentence.
const (
	minSentence = 40
	maxSentence = 450
	// maxPair bounds two sentences shown together.
	maxPair = 500
)

// boilerplate marks sentences of page furniture rather than news.
var boilerplate = []string{"subscribe", "sign up", "newsletter", "cookie", "all rights reserved", "click here",
	"read more", "advertisement", "getty images", "ap photo", "reuters/", "copyright", "©", "follow us",
	"this article", "this story", "javascript", "your browser", "privacy policy", "terms of use", "log in",
	"editor's note", "editor’s note", "forward this", "reader survey", "live updates", "contributed to this report",
	"contributed reporting", "all times"}

// byline matches an author's note ("Jane Doe is a reporter at ...").
var bylineNote = regexp.MustCompile(`(?i)^[\p{L}.'’ -]{3,60} (is|was|are) (a|an|the) [\p{L}\s,'’-]{0,60}\b(intern|writer|reporter|columnist|contributor|editor|correspondent|fellow|professor|author|student|major|graduate)\b`)

// candidates are the sentences of text that could carry the news.
func candidates(text string) []span { return candidatesIn(text, corpus.Sentences(text), -1) }

// firstCandidates are the first n candidates, found in a prefix of text
// when it holds them: splitting all of a long text for two sentences is
// most of a large digest's cost.
func firstCandidates(text string, n int) []span {
	const prefix = 2 << 10
	if len(text) > 2*prefix {
		ss := corpus.Sentences(text[:prefix])
		if len(ss) > 1 {
			// The last sentence may be cut short by the prefix.
			if c := candidatesIn(text, ss[:len(ss)-1], n); len(c) == n {
				return c
			}
		}
	}
	return candidatesIn(text, corpus.Sentences(text), n)
}

// candidatesIn keeps the sentences (byte ranges of text) that could carry
// the news, at most max of them when max >= 0.
func candidatesIn(text string, sentences [][2]int, max int) []span {
	var out []span
	for _, r := range sentences {
		if len(out) == max {
			break
		}
		s := text[r[0]:r[1]]
		n := utf8.RuneCountInString(s)
		if n < minSentence || n > maxSentence || len(strings.Fields(s)) < 6 {
			continue
		}
		first, _ := utf8.DecodeRuneInString(s)
		if unicode.IsLower(first) {
			continue // a fragment
		}
		last, _ := utf8.DecodeLastRuneInString(s)
		if !strings.ContainsRune(`.!?"'”’)`, last) {
			continue // a heading or caption
		}
		lower := strings.ToLower(s)
		skip := false
		for _, b := range boilerplate {
			if strings.Contains(lower, b) {
				skip = true
				break
			}
		}
		if skip || strings.ToUpper(s) == s || bylineNote.MatchString(s) {
			continue
		}
		out = append(out, span{r[0], r[1]})
	}
	return out
}

// pickSentences picks the one or two sentences that carry the news: early
// sentences weigh most (news puts it first), then those sharing the
// title's words and, with a topic, those about the topic. They come back
// in document order.
func pickSentences(text string, cands []span, titleTerms, topic, novel map[string]bool) []span {
	if len(cands) == 0 {
		return nil
	}
	type scored struct {
		span
		score float64
		terms map[string]bool
	}
	var ss []scored
	for i, c := range cands {
		ts := terms(text[c.start:c.end])
		score := 1 / (1 + 0.4*float64(i))
		if strings.HasSuffix(strings.TrimRight(text[c.start:c.end], `"'”’)`), "?") {
			score *= 0.3 // a question rarely carries the news
		}
		if strings.HasPrefix(text[c.start:c.end], "I ") || strings.HasPrefix(text[c.start:c.end], "I’") || strings.HasPrefix(text[c.start:c.end], "I'") {
			score *= 0.5 // nor does the writer's own voice
		}
		score += 0.6 * overlap(titleTerms, ts)
		if len(topic) > 0 {
			score += 1.2 * overlap(topic, ts)
		}
		if len(novel) > 0 {
			// An update leads with what is new since the story was carried.
			if n := countIn(novel, ts); n > 0 {
				score += 0.4 * math.Min(float64(n), 3)
			} else {
				score *= 0.5
			}
		}
		ss = append(ss, scored{c, score, ts})
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].score > ss[j].score })
	out := []span{ss[0].span}
	firstLen := utf8.RuneCountInString(text[ss[0].start:ss[0].end])
	for _, s := range ss[1:] {
		if s.score < 0.7*ss[0].score {
			break
		}
		if firstLen+utf8.RuneCountInString(text[s.start:s.end]) > maxPair || jaccard(ss[0].terms, s.terms) > 0.5 {
			continue
		}
		out = append(out, s.span)
		break
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// countIn counts want's terms found in have.
func countIn(want, have map[string]bool) int {
	n := 0
	for t := range have {
		if want[t] {
			n++
		}
	}
	return n
}

// overlap is the share of want's terms found in have.
func overlap(want, have map[string]bool) float64 {
	if len(want) == 0 {
		return 0
	}
	n := 0
	for t := range want {
		if have[t] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

func jaccard(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}
