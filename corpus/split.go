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
// boundaries. Each passage's Text is Text[Start:End], verbatim.
func Split(docID, text string) []Passage {
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
		if p[1]-p[0] > paragraphMax {
			flush()
			for _, c := range chunkSentences(text, p[0], p[1]) {
				add(c[0], c[1])
			}
			continue
		}
		if curStart >= 0 && (curEnd-curStart >= passageTarget || p[1]-curStart > passageMax) {
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
// about passageMax bytes.
func chunkSentences(text string, start, end int) [][2]int {
	var out [][2]int
	cs := -1
	ce := -1
	for _, s := range Sentences(text[start:end]) {
		s0, s1 := s[0]+start, s[1]+start
		if cs >= 0 && s1-cs > passageMax {
			out = append(out, [2]int{cs, ce})
			cs = -1
		}
		if cs < 0 {
			cs = s0
		}
		ce = s1
	}
	if cs >= 0 {
		out = append(out, [2]int{cs, ce})
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
	"est": true, "fig": true, "vol": true, "ft": true, "mt": true,
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
	if i := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' }); i >= 0 {
		w = w[i+1:]
	}
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}
