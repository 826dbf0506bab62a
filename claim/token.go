package claim

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token is: a word, a run of digits, or one other
// character (punctuation, a currency sign).
type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tSym
)

// token is one word, number or symbol of a sentence, with its byte range
// in the sentence.
type token struct {
	s, e int
	kind tokKind
	text string // as written
	low  string // lower case (words); text otherwise
}

// tokenize splits s into tokens, reusing buf. Words keep inner
// apostrophes ("Korea’s", "don't") and inner dots between single letters
// ("U.S.", "a.m."); numbers keep thousands commas and a decimal point
// ("16,500", "1.2"); anything else but space is a one-character symbol.
func tokenize(s string, buf []token) []token {
	out := buf[:0]
	// One lower-case copy of the sentence serves every word, when lower
	// case keeps the byte offsets (it nearly always does).
	ls := lower(s)
	if len(ls) != len(s) {
		ls = ""
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case r >= '0' && r <= '9':
			j := scanNumber(s, i)
			out = append(out, token{s: i, e: j, kind: tNum, text: s[i:j], low: s[i:j]})
			i = j
		case unicode.IsLetter(r):
			j := scanWord(s, i)
			w := s[i:j]
			low := ""
			if ls != "" {
				low = ls[i:j]
			} else {
				low = lower(w)
			}
			out = append(out, token{s: i, e: j, kind: tWord, text: w, low: low})
			i = j
		default:
			out = append(out, token{s: i, e: i + n, kind: tSym, text: s[i : i+n], low: s[i : i+n]})
			i += n
		}
	}
	return out
}

// scanNumber returns the end of the number starting at i: digits, commas
// followed by exactly three digits, and one decimal point followed by a
// digit.
func scanNumber(s string, i int) int {
	j := i
	digits := func() {
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	}
	digits()
	for j+3 < len(s) && s[j] == ',' && isDigits(s[j+1:j+4]) && (j+4 == len(s) || s[j+4] < '0' || s[j+4] > '9') {
		j += 4
	}
	if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
		j++
		digits()
	}
	return j
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scanWord returns the end of the word starting at i.
func scanWord(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			j += n
			continue
		}
		// An apostrophe or a dot between letters stays inside the word.
		if r == '\'' || r == '’' || r == '.' {
			next, _ := utf8.DecodeRuneInString(s[j+n:])
			if j+n < len(s) && unicode.IsLetter(next) && (r != '.' || singleLetterBefore(s[i:j])) {
				j += n
				continue
			}
			// "U.S." keeps its last dot.
			if r == '.' && strings.Contains(s[i:j], ".") && singleLetterBefore(s[i:j]) {
				j += n
			}
		}
		break
	}
	return j
}

// singleLetterBefore reports whether w ends in a letter that follows a dot
// or starts w: the "S" of "U.S".
func singleLetterBefore(w string) bool {
	_, n := utf8.DecodeLastRuneInString(w)
	rest := w[:len(w)-n]
	return rest == "" || strings.HasSuffix(rest, ".")
}

// lower is strings.ToLower without allocating for words already in lower
// case.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
}

// adjacent reports whether token b follows token a with no space between.
func adjacent(a, b token) bool { return a.e == b.s }

// isCapitalised reports whether a word starts with an upper-case letter.
func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isWord reports whether toks[i] exists and is the word w (lower case).
func isWord(toks []token, i int, w string) bool {
	return i >= 0 && i < len(toks) && toks[i].kind == tWord && toks[i].low == w
}

// isSym reports whether toks[i] exists and is one of the symbols in set.
func isSym(toks []token, i int, set string) bool {
	return i >= 0 && i < len(toks) && toks[i].kind == tSym && strings.Contains(set, toks[i].text)
}

// dashes join ranges and compounds.
const dashes = "-–—"
