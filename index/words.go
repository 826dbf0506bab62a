package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// wordTokenizer splits text into words exactly as Bleve's unicode
// tokenizer does (Unicode word boundaries, UAX #29, in the segment
// library's reading), but five times faster on the text news is made of.
//
// The segment library runs a general state machine over every byte; that
// was two thirds of analysing a passage, and analysis a quarter of ingest
// (issue #10). Nearly all news text is Latin letters, digits and common
// punctuation, whose word-boundary classes fit in a small table, so such
// text is split here by the few rules that apply to those classes. Any
// other character (another script, a combining mark, a soft hyphen,
// invalid UTF-8) hands the whole text to the segment library, so the
// result never differs: words_test.go checks both agree, character by
// character and on fuzzed text.
type wordTokenizer struct {
	general analysis.Tokenizer // Bleve's unicode tokenizer
}

// wbClass is a character's word-boundary class, for the characters the
// fast path knows.
type wbClass uint8

const (
	wbOther     wbClass = iota // breaks on both sides
	wbLetter                   // ALetter
	wbNumeric                  // Numeric
	wbMidLetter                // MidLetter: joins letters (":", "·")
	wbMidNumLet                // MidNumLet or Single_Quote: joins letters or digits (".", "'", "’")
	wbMidNum                   // MidNum: joins digits (",", ";")
	wbExtendNum                // ExtendNumLet: "_" joins anything wordlike
	wbExtend                   // Extend or Format: belongs to the character before it
)

// classOf returns a character's class, and false for a character the fast
// path does not know. words_test.go checks each one against the segment
// library.
func classOf(r rune) (wbClass, bool) {
	switch {
	case r < utf8.RuneSelf:
		return asciiClassOf(byte(r)), true
	case r == 0xAA || r == 0xB5 || r == 0xBA: // ª µ º
		return wbLetter, true
	case r == 0xB7: // middle dot
		return wbMidLetter, true
	case r == 0xAD: // soft hyphen
		return wbExtend, true
	case r >= 0xA0 && r < 0xC0:
		return wbOther, true
	case r >= 0xC0 && r <= 0x24F: // Latin-1 letters and Latin Extended-A, -B
		if r == 0xD7 || r == 0xF7 { // × ÷
			return wbOther, true
		}
		return wbLetter, true
	case r >= 0x300 && r <= 0x36F: // combining accents
		return wbExtend, true
	case r == 0x2018 || r == 0x2019 || r == 0x2024: // ‘ ’ one dot leader
		return wbMidNumLet, true
	case r == 0x2027: // hyphenation point
		return wbMidLetter, true
	case r == 0x200C || r == 0x200D || r == 0x200E || r == 0x200F || r == 0x2060 || r == 0xFE0F: // joiners, marks, variation selector
		return wbExtend, true
	case r >= 0x2000 && r <= 0x200B, r >= 0x2010 && r <= 0x2026, r >= 0x2030 && r <= 0x203E:
		// spaces, dashes, quotes, daggers, bullets, ellipsis, primes
		return wbOther, true
	case r >= 0x20A0 && r <= 0x20C0: // currency signs
		return wbOther, true
	case r >= 0x2190 && r <= 0x23FF, r >= 0x25A0 && r <= 0x27BF: // arrows, maths, shapes, dingbats
		return wbOther, true
	}
	return 0, false
}

func asciiClassOf(c byte) wbClass {
	switch {
	case c >= '0' && c <= '9':
		return wbNumeric
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return wbLetter
	}
	switch c {
	case ':':
		return wbMidLetter
	case '.', '\'':
		return wbMidNumLet
	case ',', ';':
		return wbMidNum
	case '_':
		return wbExtendNum
	}
	return wbOther
}

func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	return t.tokenizeKeep(input, nil)
}

// tokenizeKeep is Tokenize keeping only the tokens keep accepts (all when
// keep is nil), each at its position among all of them.
func (t wordTokenizer) tokenizeKeep(input []byte, keep func(term []byte) bool) analysis.TokenStream {
	// One pass to classify, so that unknown text goes to the general
	// tokenizer before anything is built. A character's offset is its
	// index while the text is ASCII, and recorded once it is not.
	class := make([]wbClass, 0, len(input))
	var offs []int32
	for i := 0; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
		}
		c, ok := classOf(r)
		if !ok || r == utf8.RuneError {
			ts := t.general.Tokenize(input)
			if keep == nil {
				return ts
			}
			kept := ts[:0]
			for _, tok := range ts {
				if keep(tok.Term) {
					kept = append(kept, tok)
				}
			}
			return kept
		}
		if size > 1 && offs == nil {
			offs = make([]int32, len(class), len(input))
			for k := range offs {
				offs[k] = int32(k)
			}
		}
		i += size
		// WB4: an Extend or Format character takes the class of the one
		// before it, so it is simply part of that character's bytes.
		if c == wbExtend && len(class) > 0 {
			continue
		}
		if c == wbExtend {
			c = wbOther
		}
		class = append(class, c)
		if offs != nil {
			offs = append(offs, int32(i-size))
		}
	}
	at := func(k int) int {
		switch {
		case k == len(class):
			return len(input)
		case offs == nil:
			return k
		}
		return int(offs[k])
	}
	size := len(input)/5 + 1
	if keep != nil {
		size = 8
	}
	tokens := make([]analysis.Token, 0, size)
	n := 0 // tokens seen, kept or not
	for i := 0; i < len(class); {
		first := class[i]
		if first != wbLetter && first != wbNumeric && first != wbExtendNum {
			i++
			continue
		}
		letters, digits := first == wbLetter, first == wbNumeric
		j := i + 1
		for j < len(class) {
			prev, cur := class[j-1], class[j]
			if joins(prev, cur) {
				letters = letters || cur == wbLetter
				digits = digits || cur == wbNumeric
				j++
				continue
			}
			// A middle character joins only between two of a kind
			// (WB6/7: letters, WB11/12: digits).
			if j+1 < len(class) && class[j+1] == prev &&
				(prev == wbLetter && (cur == wbMidLetter || cur == wbMidNumLet) ||
					prev == wbNumeric && (cur == wbMidNum || cur == wbMidNumLet)) {
				j += 2
				continue
			}
			break
		}
		typ := analysis.Numeric
		if letters || !digits {
			typ = analysis.AlphaNumeric
		}
		start, end := at(i), at(j)
		n++
		if keep == nil || keep(input[start:end]) {
			tokens = append(tokens, analysis.Token{
				Start:    start,
				End:      end,
				Term:     input[start:end],
				Position: n,
				Type:     typ,
			})
		}
		i = j
	}
	out := make(analysis.TokenStream, len(tokens))
	for k := range tokens {
		out[k] = &tokens[k]
	}
	return out
}

// joins reports whether two adjacent characters are in one word with
// nothing between them (WB5, WB8-10, WB13a/b).
func joins(prev, cur wbClass) bool {
	word := func(c wbClass) bool { return c == wbLetter || c == wbNumeric }
	switch {
	case word(prev) && word(cur):
		return true
	case cur == wbExtendNum:
		return word(prev) || prev == wbExtendNum
	case prev == wbExtendNum:
		return word(cur)
	}
	return false
}

// fastWords gives an analyzer built like Bleve's a wordTokenizer in place
// of its tokenizer, and the same filters.
func fastWords(a analysis.Analyzer) analysis.Analyzer {
	d, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return a
	}
	fast := *d
	fast.Tokenizer = wordTokenizer{general: d.Tokenizer}
	return &fast
}
