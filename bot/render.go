package bot

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/corpus"
)

// Ellipsis marks text left out of a trimmed passage.
const Ellipsis = "…"

// Segment is a run of excerpt text, highlighted when it matched the
// question.
type Segment struct {
	Text      string
	Highlight bool
}

// Excerpt is a passage trimmed for display: plain segments, so each
// platform escapes and marks them its own way after trimming and never cuts
// through its own markup.
type Excerpt struct {
	Segments []Segment
	// CutBefore and CutAfter say text was left out at either end.
	CutBefore, CutAfter bool

	start, end int // byte span of the passage shown
}

// Trim cuts a citation's passage to at most limit characters (runes, not
// counting ellipses). It keeps the best sentence (Citation.Sentence),
// starting the excerpt where that sentence starts and adding the text after
// it, then before it, as room allows. Cuts fall on word boundaries; a word is
// split only when a single word is longer than limit. Highlights outside the
// excerpt are dropped and those across a cut are clipped.
func Trim(c corpus.Citation, limit int) Excerpt {
	p := c.Passage
	if limit <= 0 {
		limit = 1
	}
	start, end := 0, len(p)
	if utf8.RuneCountInString(p) > limit {
		start, end = window(p, c.Sentence, limit)
	}
	// Trim whitespace at the cut ends so ellipses sit against words.
	for start < end {
		r, n := utf8.DecodeRuneInString(p[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(p[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	ex := Excerpt{CutBefore: strings.TrimSpace(p[:start]) != "", CutAfter: strings.TrimSpace(p[end:]) != "", start: start, end: end}
	pos := start
	for _, h := range CleanRanges(p, c.Highlights) {
		hs, he := max(h[0], start), min(h[1], end)
		if hs >= he {
			continue
		}
		if hs > pos {
			ex.Segments = append(ex.Segments, Segment{Text: p[pos:hs]})
		}
		ex.Segments = append(ex.Segments, Segment{Text: p[hs:he], Highlight: true})
		pos = he
	}
	if pos < end {
		ex.Segments = append(ex.Segments, Segment{Text: p[pos:end]})
	}
	return ex
}

// Render joins the excerpt with ellipses at the cuts: escape is applied to
// every segment and mark to highlighted (already escaped) text. Either may
// be nil.
func (e Excerpt) Render(escape, mark func(string) string) string {
	var b strings.Builder
	if e.CutBefore {
		b.WriteString(Ellipsis)
	}
	for _, s := range e.Segments {
		t := s.Text
		if escape != nil {
			t = escape(t)
		}
		if s.Highlight && mark != nil && strings.TrimSpace(t) != "" {
			t = mark(t)
		}
		b.WriteString(t)
	}
	if e.CutAfter {
		b.WriteString(Ellipsis)
	}
	return b.String()
}

// Plain is the excerpt as unmarked text with ellipses.
func (e Excerpt) Plain() string { return e.Render(nil, nil) }

// window picks the byte range [start, end) of at most limit runes of p that
// best shows sentence.
func window(p string, sentence [2]int, limit int) (int, int) {
	s0, s1 := sentence[0], sentence[1]
	if s0 < 0 || s1 > len(p) || s0 >= s1 || !utf8.RuneStart(p[s0]) {
		s0 = 0
	}
	// A sentence starts at a word; back up to it if the range does not.
	for s0 > 0 && !endsSpace(p[:s0]) && !startsSpace(p[s0:]) {
		_, size := utf8.DecodeLastRuneInString(p[:s0])
		s0 -= size
	}
	start := s0
	end := advance(p, start, limit)
	if used := utf8.RuneCountInString(p[start:end]); end == len(p) && used < limit {
		// The passage ends before the room does: spend the rest before the
		// sentence.
		start = retreat(p, start, limit-used)
		if start > 0 {
			start = wordStart(p, start, s0)
		}
		return start, end
	}
	if end < len(p) {
		end = wordEnd(p, start, end)
	}
	return start, end
}

// advance returns the byte offset n runes after i (or len(p)).
func advance(p string, i, n int) int {
	for ; n > 0 && i < len(p); n-- {
		_, size := utf8.DecodeRuneInString(p[i:])
		i += size
	}
	return i
}

// retreat returns the byte offset n runes before i (or 0).
func retreat(p string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(p[:i])
		i -= size
	}
	return i
}

// wordEnd moves a cut at end back to the last word boundary after start, so
// no word is split; a cut inside the only word stays where it is.
func wordEnd(p string, start, end int) int {
	if end >= len(p) || startsSpace(p[end:]) || endsSpace(p[:end]) {
		return end
	}
	for i := end; i > start; {
		r, size := utf8.DecodeLastRuneInString(p[:i])
		if unicode.IsSpace(r) {
			return i - size
		}
		i -= size
	}
	return end
}

// wordStart moves a cut at start forward to the next word start, but not
// past limit.
func wordStart(p string, start, limit int) int {
	if start == 0 || endsSpace(p[:start]) || startsSpace(p[start:]) {
		return start
	}
	for i := start; i < limit; {
		r, size := utf8.DecodeRuneInString(p[i:])
		if unicode.IsSpace(r) {
			return i + size
		}
		i += size
	}
	return limit
}

func startsSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func endsSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

// CleanRanges keeps the highlight ranges that are usable: inside p, on rune
// boundaries, sorted and not overlapping.
func CleanRanges(p string, rs [][2]int) [][2]int {
	out := make([][2]int, 0, len(rs))
	for _, r := range rs {
		if r[0] < 0 || r[1] > len(p) || r[0] >= r[1] || !utf8.RuneStart(p[r[0]]) || (r[1] < len(p) && !utf8.RuneStart(p[r[1]])) {
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	merged := out[:0]
	for _, r := range out {
		if n := len(merged); n > 0 && r[0] < merged[n-1][1] {
			if r[1] > merged[n-1][1] {
				merged[n-1][1] = r[1]
			}
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// Byline joins the non-empty parts with " · ": "title · source · date".
func Byline(parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

// Date formats a publication date as YYYY-MM-DD, or "" when unknown.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// Truncate shortens s to at most limit runes at a word boundary, ending with an
// ellipsis when it cut; for titles, headings and fallbacks.
func Truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit <= 1 {
		return Ellipsis
	}
	end := wordEnd(s, 0, advance(s, 0, limit-1))
	return strings.TrimRightFunc(s[:end], unicode.IsSpace) + Ellipsis
}

// AnswerPart is one sentence of a composed answer with the number and
// link of the citation it is quoted from.
type AnswerPart struct {
	Text string
	N    int
	Link string // the citation's text-fragment link, else its URL, else ""
}

// AnswerParts splits an answer into its sentences for platforms that link
// each citation number to its quote, shortening the text to at most limit
// runes in all: whole sentences while they fit, the last one cut.
func AnswerParts(a *corpus.Answer, limit int) []AnswerPart {
	var out []AnswerPart
	left := limit
	for _, s := range a.Sentences {
		if left <= 20 {
			break
		}
		p := AnswerPart{Text: s.Text, N: s.N}
		if s.N >= 1 && s.N <= len(a.Citations) {
			c := a.Citations[s.N-1]
			p.Link = c.Link
			if p.Link == "" {
				p.Link = c.URL
			}
		}
		if utf8.RuneCountInString(p.Text) > left {
			p.Text = Truncate(p.Text, left)
		}
		left -= utf8.RuneCountInString(p.Text) + 5
		out = append(out, p)
	}
	return out
}

// DifferenceLine is one difference in figures as every surface shows it:
// a lead ("Sources differ:", none for an update) and parts joined by
// Sep, each part followed by the numbers of the citations it is quoted
// from.
type DifferenceLine struct {
	Lead  string
	Parts []DifferencePart
	Sep   string
}

// DifferencePart is one figure of a difference, or a whole update.
type DifferencePart struct {
	Text string
	Ns   []int
}

// DifferencesLead stands before figures that sources give differently.
const DifferencesLead = "Sources differ:"

// DifferenceLines lays out an answer's differences in figures:
//
//	Sources differ: 41 dead (Lantern Post, 12 May 2024, per the emergency office) [1] · at least 37 (Quill Daily, 12 May 2024, per the governor) [2]
//	Lantern Post updated from 37 to 41 dead (10 May 2024 → 12 May 2024) [2][1]
//
// The first figure names what is counted; each gives its period when the
// source states one.
func DifferenceLines(a *corpus.Answer) []DifferenceLine {
	var out []DifferenceLine
	for _, d := range a.Differences {
		if len(d.Claims) < 2 {
			continue
		}
		if d.Update {
			out = append(out, updateLine(d))
			continue
		}
		l := DifferenceLine{Lead: DifferencesLead, Sep: " · "}
		for i, c := range d.Claims {
			text := c.Value
			if i == 0 && d.About != "" {
				text += " " + d.About
			}
			if c.Period != "" {
				text += " " + c.Period
			}
			var meta []string
			for _, m := range []string{c.Source, longDate(c.Published), per(c.By)} {
				if m = strings.TrimSpace(m); m != "" {
					meta = append(meta, m)
				}
			}
			if len(meta) > 0 {
				text += " (" + strings.Join(meta, ", ") + ")"
			}
			l.Parts = append(l.Parts, DifferencePart{Text: text, Ns: []int{c.N}})
		}
		out = append(out, l)
	}
	return out
}

// updateLine is one source's revisions: "Lantern Post updated from 37 to
// 41 dead (10 May 2024 → 12 May 2024)".
func updateLine(d corpus.Difference) DifferenceLine {
	var b strings.Builder
	first, last := d.Claims[0], d.Claims[len(d.Claims)-1]
	if first.Source != "" {
		b.WriteString(first.Source + " updated from ")
	} else {
		b.WriteString("Updated from ")
	}
	var ns []int
	for i, c := range d.Claims {
		if i > 0 {
			b.WriteString(" to ")
		}
		b.WriteString(c.Value)
		if !slices.Contains(ns, c.N) {
			ns = append(ns, c.N)
		}
	}
	if d.About != "" {
		b.WriteString(" " + d.About)
	}
	var meta []string
	if from, to := longDate(first.Published), longDate(last.Published); from != "" && to != "" {
		meta = append(meta, from+" → "+to)
	}
	if p := per(last.By); p != "" {
		meta = append(meta, p)
	}
	if len(meta) > 0 {
		b.WriteString(" (" + strings.Join(meta, ", ") + ")")
	}
	return DifferenceLine{Parts: []DifferencePart{{Text: b.String(), Ns: ns}}}
}

// Plain is the line as text: "Sources differ: 41 dead (…) [1] · …".
func (l DifferenceLine) Plain() string {
	var b strings.Builder
	b.WriteString(l.Lead)
	for i, p := range l.Parts {
		if i > 0 {
			b.WriteString(l.Sep)
		} else if l.Lead != "" {
			b.WriteByte(' ')
		}
		b.WriteString(p.Text)
		b.WriteByte(' ')
		b.WriteString(CitationNumbers(p.Ns))
	}
	return b.String()
}

// CitationNumbers writes "[1]" or "[2][1]".
func CitationNumbers(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return b.String()
}

func per(by string) string {
	if by = strings.TrimSpace(by); by == "" {
		return ""
	}
	return "per " + by
}

// longDate is a date for people, "12 May 2024", or "" when unknown.
func longDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 January 2006")
}
