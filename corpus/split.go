package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage sizes, in bytes. Short paragraphs (datelines, one-line quotes) are
// packed with their neighbours so a passage carries enough context to rank
// and to read; very long paragraphs are cut at sentence ends.
const (
	passageTarget = 400  // pack paragraphs until a passage is this long
	passageMax    = 1000 // never pack past this
	paragraphMax  = 1500 // split paragraphs longer than this
)

// Split cuts a document's text into passages along paragraph and sentence
// boundaries, none longer than DefaultMaxPassage bytes. Each passage's Text
// is Text[Start:End], verbatim.
func Split(docID, text string) []Passage { return SplitMax(docID, text, DefaultMaxPassage) }

// SplitMax is Split with passages of at most maxPassage bytes (at least
// MinPassage; 0 means DefaultMaxPassage, as in Limits). A sentence longer
// than that, such as a run of text without sentence ends, is cut between
// words, or between characters when it has no spaces.
func SplitMax(docID, text string, maxPassage int) []Passage {
	if maxPassage <= 0 {
		maxPassage = DefaultMaxPassage
	}
	maxPassage = max(maxPassage, MinPassage)
	target, packMax, paraMax := min(passageTarget, maxPassage), min(passageMax, maxPassage), min(paragraphMax, maxPassage)
	var out []Passage
	add := func(start, end int) {
		out = append(out, Passage{DocID: docID, N: len(out), Text: text[start:end], Start: start, End: end})
	}
	curStart, curEnd := -1, -1
	flush := func() {
		if curStart >= 0 {
			add(curStart, curEnd)
			curStart, curEnd = -1, -1
		}
	}
	for _, p := range paragraphs(text) {
		if p[1]-p[0] > paraMax {
			flush()
			for _, c := range chunkSentences(text, p[0], p[1], packMax, maxPassage) {
				add(c[0], c[1])
			}
			continue
		}
		if curStart >= 0 && (curEnd-curStart >= target || p[1]-curStart > packMax) {
			flush()
		}
		if curStart < 0 {
			curStart = p[0]
		}
		curEnd = p[1]
	}
	flush()
	return out
}

// paragraphs returns the byte ranges of non-blank lines, trimmed.
func paragraphs(text string) [][2]int {
	var out [][2]int
	start := 0
	for start < len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		s, e := trimRange(text, start, end)
		if s < e {
			out = append(out, [2]int{s, e})
		}
		start = end + 1
	}
	return out
}

// chunkSentences groups the sentences of text[start:end] into chunks of
// about size bytes. A sentence longer than hard is cut into pieces of at
// most size bytes first.
func chunkSentences(text string, start, end, size, hard int) [][2]int {
	var out [][2]int
	cs := -1
	ce := -1
	add := func(s0, s1 int) {
		if cs >= 0 && s1-cs > size {
			out = append(out, [2]int{cs, ce})
			cs = -1
		}
		if cs < 0 {
			cs = s0
		}
		ce = s1
	}
	for _, s := range Sentences(text[start:end]) {
		s0, s1 := s[0]+start, s[1]+start
		if s1-s0 <= hard {
			add(s0, s1)
			continue
		}
		for _, w := range wordPieces(text, s0, s1, size) {
			add(w[0], w[1])
		}
	}
	if cs >= 0 {
		out = append(out, [2]int{cs, ce})
	}
	return out
}

// wordPieces cuts text[start:end] into trimmed pieces of at most size
// bytes: after the last space in each, when that is past half of it, else
// after the last whole character.
func wordPieces(text string, start, end, size int) [][2]int {
	var out [][2]int
	for start < end {
		s, e := trimRange(text, start, end)
		if s >= e {
			break
		}
		if e-s <= size {
			out = append(out, [2]int{s, e})
			break
		}
		cut := s + size
		for cut > s && !utf8.RuneStart(text[cut]) {
			cut--
		}
		if sp := strings.LastIndexFunc(text[s:cut], unicode.IsSpace); sp > (cut-s)/2 {
			cut = s + sp
		}
		if cut == s { // a character longer than size: cannot happen for size >= 4
			cut = s + size
		}
		ps, pe := trimRange(text, s, cut)
		if ps < pe {
			out = append(out, [2]int{ps, pe})
		}
		start = cut
	}
	return out
}

func trimRange(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// abbreviations that end with a period but rarely end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "cmdr": true, "adm": true, "gov": true,
	"sen": true, "rep": true, "pres": true, "rev": true, "hon": true, "no": true, "vs": true, "etc": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"e.g": true, "i.e": true, "u.s": true, "u.k": true, "u.n": true, "a.m": true, "p.m": true, "approx": true,
	"est": true, "fig": true, "vol": true, "ft": true, "mt": true, "bros": true, "dept": true, "univ": true, "messrs": true,
}

// Sentences returns the byte ranges of the sentences in text, trimmed of
// surrounding space. A sentence ends at . ! or ? (with any closing quotes
// or brackets) followed by space and a capital, digit or opening quote, or at
// a line break; common abbreviations and initials do not end one.
func Sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		s, e := trimRange(text, start, end)
		if s < e {
			out = append(out, [2]int{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			emit(i)
			continue
		}
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(text) && strings.IndexByte(`"')]’”»`, text[j]) >= 0 {
			j++
		}
		for j < len(text) && (text[j] == 0xE2) && j+2 < len(text) && (text[j:j+3] == "’" || text[j:j+3] == "”") {
			j += 3
		}
		if j >= len(text) {
			break
		}
		if text[j] != ' ' && text[j] != '\n' && text[j] != '\t' {
			continue
		}
		k := j
		for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		if k >= len(text) {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'‘“(«[`, r)) {
			continue
		}
		if c == '.' && isAbbreviation(text[start:i]) {
			continue
		}
		emit(j)
	}
	emit(len(text))
	return out
}

// isAbbreviation reports whether the word ending just before a period is an
// abbreviation or an initial ("J. R. R. Tolkien", "U.S.").
func isAbbreviation(before string) bool {
	w := before
	if i := strings.LastIndexFunc(w, unicode.IsSpace); i >= 0 {
		w = w[i+1:]
	}
	// An abbreviation may open a quote or a bracket: “Mr. Morale…”.
	w = strings.TrimLeft(w, "\"'([“‘«")
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)] || initials(w)
}

// initials reports whether w is a person's initials, "J.B" of "J.B.
// Bickerstaff"; the initials of places (U.S., D.C.) often end sentences.
func initials(w string) bool {
	if placeInitials[w] {
		return false
	}
	parts := strings.Split(w, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		r, size := utf8.DecodeRuneInString(p)
		if size != len(p) || !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

var placeInitials = map[string]bool{"U.S": true, "U.K": true, "U.N": true, "E.U": true, "D.C": true, "L.A": true, "N.Y": true}
