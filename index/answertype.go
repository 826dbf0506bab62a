package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// answerKind is what kind of thing a question asks for, read off its first
// words; a sentence that contains such a thing (not already in the
// question) is more likely to answer it.
type answerKind int

const (
	kindAny    answerKind = iota
	kindNumber            // how many, when, what year...
	kindName              // who, where, which city...
)

var kindPrefixes = []struct {
	prefix string
	kind   answerKind
}{
	{"how many", kindNumber}, {"how much", kindNumber}, {"how long", kindNumber}, {"how old", kindNumber},
	{"how far", kindNumber}, {"how big", kindNumber}, {"how large", kindNumber}, {"how high", kindNumber},
	{"what year", kindNumber}, {"which year", kindNumber}, {"in what year", kindNumber}, {"in which year", kindNumber},
	{"when", kindNumber}, {"what percentage", kindNumber}, {"what percent", kindNumber}, {"what date", kindNumber},
	{"what age", kindNumber}, {"what is the size", kindNumber}, {"what was the size", kindNumber},
	{"who", kindName}, {"whom", kindName}, {"whose", kindName}, {"where", kindName},
	{"what city", kindName}, {"which city", kindName}, {"what country", kindName}, {"which country", kindName},
	{"in what city", kindName}, {"in which city", kindName}, {"in what country", kindName}, {"in which country", kindName},
	{"what company", kindName}, {"which company", kindName}, {"which team", kindName}, {"what team", kindName},
}

func questionKind(q string) answerKind {
	l := strings.ToLower(strings.TrimSpace(q))
	for _, p := range kindPrefixes {
		if strings.HasPrefix(l, p.prefix+" ") || strings.HasPrefix(l, p.prefix+"'") || strings.HasPrefix(l, p.prefix+"?") {
			return p.kind
		}
	}
	return kindAny
}

var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "dozen": true, "dozens": true, "hundred": true,
	"hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true, "billion": true, "billions": true,
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// hasKind reports whether sentence holds a thing of kind k that the
// question (its lowercased words) does not already name.
func hasKind(sentence string, k answerKind, qwords map[string]bool) bool {
	if k == kindAny {
		return true
	}
	first := true
	for _, w := range strings.FieldsFunc(sentence, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		lw := strings.ToLower(w)
		isFirst := first
		first = false
		if qwords[lw] {
			continue
		}
		switch k {
		case kindNumber:
			if strings.IndexFunc(w, unicode.IsDigit) >= 0 || numberWords[lw] || months[lw] {
				return true
			}
		case kindName:
			r, _ := utf8.DecodeRuneInString(w)
			if !isFirst && unicode.IsUpper(r) && !months[lw] {
				return true
			}
		}
	}
	return false
}

func questionWords(q string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		out[strings.ToLower(w)] = true
	}
	return out
}
