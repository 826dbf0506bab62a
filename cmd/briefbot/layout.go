package main

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/corpus"
)

// The terminal layout of an answer: the answer wrapped to the width, then
// each cited document once (title, source, date, link) with its passages,
// trimmed to the sentences that matched. Everything from a document passes
// corpus.Printable: a document must not drive the terminal. wrap.go lays
// the text out in lines.

const (
	// minWidth keeps room for the indents and a few words per line.
	minWidth = 40
	// defaultWidth is used when the width is not known.
	defaultWidth = 80
	// wholePassage is the length in runes under which a passage is shown
	// whole; longer ones are trimmed to about this much.
	wholePassage = 400
	// quoteIndent is how far everything under a document's title sits.
	quoteIndent = 4
	ellipsis    = "…"
)

// layoutWidth is the width to wrap to: the terminal's when stdout is one,
// else $COLUMNS, else 80; never below minWidth.
func layoutWidth(termCols int, isTerm bool, columns string) int {
	w := defaultWidth
	if n, err := strconv.Atoi(strings.TrimSpace(columns)); err == nil && n > 0 {
		w = n
	}
	if isTerm && termCols > 0 {
		w = termCols
	}
	return max(w, minWidth)
}

// useANSI reports whether escapes may be written: only to a terminal, and
// not when NO_COLOR is set (https://no-color.org) or the terminal is dumb.
func useANSI(isTerm bool, noColor, termName string) bool {
	return isTerm && noColor == "" && termName != "dumb"
}

// layout renders answers at a width with a palette.
type layout struct {
	width int
	pal   palette
}

// answer lays out a whole answer, ending in a newline.
func (l layout) answer(a corpus.Answer) string {
	var paras []string
	cites := a.Citations
	if a.Declined() {
		notice := corpus.Printable(a.Notice)
		switch {
		case notice != "" && len(a.Related) > 0:
			paras = append(paras, l.text(notice))
		case notice != "":
			paras = append(paras, l.text(corpus.NotAnswered+" "+notice))
		case len(a.Related) == 0:
			paras = append(paras, l.text(corpus.NotAnswered))
		}
		if len(a.Related) > 0 {
			paras = append(paras, l.text(corpus.RelatedHeading))
		}
		cites = a.Related
	} else if a.Answer != "" {
		paras = append(paras, l.wrap(block{words: glueCitationNumbers(splitWords([]piece{{corpus.Printable(a.Answer), plain}}))}))
		paras = append(paras, l.differences(a)...)
	}
	for _, g := range groupByDocument(cites) {
		paras = append(paras, l.document(g))
	}
	return strings.Join(paras, "\n")
}

// differences lays out figures the sources give differently, one
// paragraph each, the lead in bold: "Sources differ: 41 dead (…) [1] ·
// at least 37 (…) [2]".
func (l layout) differences(a corpus.Answer) []string {
	var out []string
	for _, d := range bot.DifferenceLines(&a) {
		var ps []piece
		if d.Lead != "" {
			ps = append(ps, piece{d.Lead, strong}, piece{" ", plain})
		}
		for i, p := range d.Parts {
			if i > 0 {
				ps = append(ps, piece{d.Sep, plain})
			}
			ps = append(ps, piece{corpus.Printable(p.Text) + " " + bot.CitationNumbers(p.Ns), plain})
		}
		out = append(out, l.wrap(block{indent: 2, words: glueCitationNumbers(splitWords(ps))}))
	}
	return out
}

// text wraps a plain paragraph.
func (l layout) text(s string) string {
	return l.wrap(block{words: splitWords([]piece{{s, plain}})})
}

// groupByDocument puts citations of the same document together, in the
// order of each document's first citation.
func groupByDocument(cs []corpus.Citation) [][]corpus.Citation {
	var groups [][]corpus.Citation
	at := map[string]int{}
	for i, c := range cs {
		key := "doc:" + c.DocID
		if c.DocID == "" {
			key = "cite:" + strconv.Itoa(i) // nothing says two are one document
		}
		if g, ok := at[key]; ok {
			groups[g] = append(groups[g], c)
			continue
		}
		at[key] = len(groups)
		groups = append(groups, []corpus.Citation{c})
	}
	return groups
}

// citationHeader is a cited document without its passages: "[1][3]
// title", then source and date, then the link (to the reporting sentence
// when the document is cited once).
func (l layout) citationHeader(cs []corpus.Citation) string {
	c := cs[0]
	var labels strings.Builder
	for _, x := range cs {
		labels.WriteString("[" + strconv.Itoa(x.N) + "]")
	}
	var b strings.Builder
	title := oneLine(splitWords([]piece{{corpus.Printable(c.Title), strong}}))
	b.WriteString(l.wrap(block{first: labels.String() + " ", indent: quoteIndent, words: title}))
	pad := strings.Repeat(" ", quoteIndent)
	var meta []string
	for _, s := range []string{corpus.Printable(c.Source), c.PublishedString()} {
		if s = strings.TrimSpace(s); s != "" {
			meta = append(meta, s)
		}
	}
	if len(meta) > 0 {
		b.WriteString(l.wrap(block{first: pad, indent: quoteIndent, words: oneLine(splitWords([]piece{{strings.Join(meta, " · "), faint}}))}))
	}
	// One passage: its link scrolls to the quote. Several: the document's
	// address, since each passage would need its own.
	link := c.Link
	if len(cs) > 1 || link == "" {
		link = c.URL
	}
	if link = strings.Join(strings.Fields(corpus.Printable(link)), ""); link != "" {
		// A link is never broken: a terminal could not open the pieces.
		b.WriteString(l.wrap(block{first: pad, indent: quoteIndent, words: []word{{pieces: []piece{{link, faint}}}}}))
	}
	return b.String()
}

// document lays out one document's header and its passages.
func (l layout) document(cs []corpus.Citation) string {
	var b strings.Builder
	b.WriteString(l.citationHeader(cs))
	pad := strings.Repeat(" ", quoteIndent)
	for _, x := range cs {
		first := pad + "“"
		if len(cs) > 1 {
			first = pad + "[" + strconv.Itoa(x.N) + "] “"
		}
		b.WriteString(l.wrap(block{first: first, indent: displayWidth(first), words: quoteWords(x)}))
	}
	return b.String()
}

// quoteWords is a citation's passage, trimmed, with matched words marked
// and the closing quote mark attached.
func quoteWords(c corpus.Citation) []word {
	ps, cutBefore, cutAfter := excerpt(c)
	ws := splitWords(ps)
	if len(ws) == 0 {
		return []word{{pieces: []piece{{"”", plain}}}}
	}
	if cutBefore {
		ws[0].pieces = append([]piece{{ellipsis + " ", plain}}, ws[0].pieces...)
	}
	last := &ws[len(ws)-1]
	if cutAfter {
		last.pieces = append(last.pieces, piece{" " + ellipsis, plain})
	}
	last.pieces = append(last.pieces, piece{"”", plain})
	last.hard = false
	return ws
}

// excerpt is the passage to show: whole when short, else the sentences
// that matched the question (the best one first, then those with most
// matched words, then the best one's neighbours) within about
// wholePassage runes, with an ellipsis wherever text was left out.
func excerpt(c corpus.Citation) (ps []piece, cutBefore, cutAfter bool) {
	p := c.Passage
	hl := cleanHighlights(p, c.Highlights)
	spans := [][2]int{{0, len(p)}}
	if utf8.RuneCountInString(p) > wholePassage {
		spans = keptSentences(p, c.Sentence, hl)
	}
	if len(spans) == 0 {
		return nil, false, false
	}
	cutBefore = strings.TrimSpace(p[:spans[0][0]]) != ""
	cutAfter = strings.TrimSpace(p[spans[len(spans)-1][1]:]) != ""
	for i, s := range spans {
		if i > 0 {
			ps = append(ps, piece{" " + ellipsis + " ", plain})
		}
		pos := s[0]
		for _, h := range hl {
			hs, he := max(h[0], s[0]), min(h[1], s[1])
			if hs >= he {
				continue
			}
			ps = append(ps, piece{corpus.Printable(p[pos:hs]), plain}, piece{corpus.Printable(p[hs:he]), match})
			pos = he
		}
		ps = append(ps, piece{corpus.Printable(p[pos:s[1]]), plain})
	}
	return ps, cutBefore, cutAfter
}

// keptSentences picks the byte spans of p to show, in order, adjacent
// sentences joined into one span.
func keptSentences(p string, best [2]int, hl [][2]int) [][2]int {
	sents := corpus.Sentences(p)
	if len(sents) == 0 {
		return nil
	}
	hits := make([]int, len(sents))
	for i, s := range sents {
		for _, h := range hl {
			if h[0] < s[1] && h[1] > s[0] {
				hits[i]++
			}
		}
	}
	b := -1
	for i, s := range sents {
		if best[0] < best[1] && best[0] < s[1] && best[1] > s[0] {
			b = i
			break
		}
	}
	if b < 0 {
		b = 0
		for i := range sents {
			if hits[i] > hits[b] {
				b = i
			}
		}
	}
	runes := func(i int) int { return utf8.RuneCountInString(p[sents[i][0]:sents[i][1]]) }
	if runes(b) > wholePassage*3/2 {
		// One sentence longer than a passage: show the words around its
		// first match.
		return [][2]int{sentenceWindow(p, sents[b], hl)}
	}
	order := []int{}
	for i := range sents {
		if i != b && hits[i] > 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if hits[i] != hits[j] {
			return hits[i] > hits[j]
		}
		return abs(i-b) < abs(j-b)
	})
	order = append(order, b+1, b-1)
	keep := make([]bool, len(sents))
	keep[b] = true
	used := runes(b)
	for _, i := range order {
		if i < 0 || i >= len(sents) || keep[i] || used+runes(i) > wholePassage {
			continue
		}
		keep[i] = true
		used += runes(i)
	}
	var spans [][2]int
	for i, s := range sents {
		if !keep[i] {
			continue
		}
		if n := len(spans); n > 0 && keep[i-1] {
			spans[n-1][1] = s[1]
			continue
		}
		spans = append(spans, s)
	}
	return spans
}

// sentenceWindow is about wholePassage runes of sentence s starting at the
// word of its first match, moved back to show the sentence's end when the
// window would run past it. Cuts fall between words where there are any.
func sentenceWindow(p string, s [2]int, hl [][2]int) [2]int {
	start := s[0]
	for _, h := range hl {
		if h[0] >= s[0] && h[0] < s[1] {
			start = h[0]
			break
		}
	}
	end := start
	for n := 0; n < wholePassage && end < s[1]; n++ {
		_, size := utf8.DecodeRuneInString(p[end:])
		end += size
	}
	for n := utf8.RuneCountInString(p[start:end]); n < wholePassage && start > s[0]; n++ {
		_, size := utf8.DecodeLastRuneInString(p[:start])
		start -= size
	}
	start = wordCut(p, start, s[0])
	if e := wordCut(p, end, start); e > start {
		end = e
	}
	return [2]int{start, end}
}

// wordCut moves a cut at byte i back to the nearest point between words,
// but not past floor nor more than a long word's length: text without
// spaces (Chinese, Japanese) keeps its cut.
func wordCut(p string, i, floor int) int {
	for j, n := i, 0; j >= floor && n < 30; n++ {
		if betweenWords(p, j) {
			return j
		}
		_, size := utf8.DecodeLastRuneInString(p[:j])
		j -= size
	}
	return i
}

// betweenWords reports whether a cut at byte i of p splits no word.
func betweenWords(p string, i int) bool {
	if i <= 0 || i >= len(p) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(p[:i])
	after, _ := utf8.DecodeRuneInString(p[i:])
	return unicode.IsSpace(before) || unicode.IsSpace(after)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// cleanHighlights keeps the ranges inside p on rune boundaries, sorted and
// not overlapping (bot.CleanRanges), and joins touching ones, so that a
// phrase is marked as one.
func cleanHighlights(p string, rs [][2]int) [][2]int {
	out := bot.CleanRanges(p, rs)
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r[0] == merged[n-1][1] {
			merged[n-1][1] = r[1]
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// glueCitationNumbers keeps each "[n]" of an answer on the line of the
// word before it, so a number never starts a line of its own.
func glueCitationNumbers(ws []word) []word {
	var out []word
	for _, w := range ws {
		if n := len(out); n > 0 && out[n-1].space && !out[n-1].hard && isCitationNumber(w) {
			prev := &out[n-1]
			prev.pieces = append(append(prev.pieces, piece{" ", plain}), w.pieces...)
			prev.space, prev.hard = w.space, w.hard
			continue
		}
		out = append(out, w)
	}
	return out
}

func isCitationNumber(w word) bool {
	var s strings.Builder
	for _, p := range w.pieces {
		s.WriteString(p.text)
	}
	t := s.String()
	if len(t) < 3 || t[0] != '[' || t[len(t)-1] != ']' {
		return false
	}
	_, err := strconv.Atoi(t[1 : len(t)-1])
	return err == nil
}
