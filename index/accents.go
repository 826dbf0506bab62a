package index

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	bindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold returns s without diacritics: "mbappé" → "mbappe", "erdoğan" →
// "erdogan". Readers type names without the accents the sources print,
// and sometimes the other way round.
func fold(s string) string {
	if isASCII(s) {
		return s
	}
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// accentVariants returns the indexed terms that spell a question word with
// other diacritics: "mbappé" for "Mbappe" (whose stem is "mbapp"), "mbapp"
// for "Mbappé". stem is the word's index term, low the word as typed,
// lowercased. Only names are looked up (a dictionary walk per word would
// cost every question), and only those of four letters or more.
func (ix *Index) accentVariants(ctx context.Context, r bindex.IndexReader, stem, low string) ([]string, error) {
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok || len(stem) < 4 || strings.IndexFunc(low, func(c rune) bool { return !unicode.IsLetter(c) }) >= 0 {
		return nil, nil
	}
	plain := fold(low)
	var out []string
	if plain != low {
		// Typed with accents: the plain spelling, when the sources use it.
		for _, tok := range analyze(ix.text, plain) {
			if t := string(tok.Term); t != stem {
				n, err := docFreq(ctx, r, t)
				if err != nil {
					return nil, err
				}
				if n > 0 {
					out = append(out, t)
				}
			}
		}
	}
	// Spellings one accent away from the stem that fold to the word or its
	// stem. One: two-edit automata cost a twentieth of a question's time,
	// one-edit ones a fiftieth. The first letter is kept: an accent there
	// is rare, and a fixed prefix keeps the walk short.
	base := fold(stem)
	d, _, err := fr.FieldDictFuzzyAutomaton(fText, base, 1, base[:1])
	if err != nil {
		return nil, fmt.Errorf("index: accents of %q: %w", low, err)
	}
	defer d.Close()
	var accented []string
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("index: accents of %q: %w", low, err)
		}
		if e == nil {
			break
		}
		if e.Term != stem && !isASCII(e.Term) && (fold(e.Term) == plain || fold(e.Term) == base) {
			accented = append(accented, e.Term)
		}
	}
	if len(accented) == 0 {
		return out, nil
	}
	// A spelling counts when the sources use it for the name often enough:
	// "Mbappé" beside "Mbappe", not "América" (of "Copa América") beside
	// "America".
	typed, err := docFreq(ctx, r, stem)
	if err != nil {
		return nil, err
	}
	for _, a := range accented {
		n, err := docFreq(ctx, r, a)
		if err != nil {
			return nil, err
		}
		if n*accentShare >= typed {
			out = append(out, a)
		}
	}
	return out, nil
}

// accentShare: a spelling with other accents counts when it is at least
// 1/accentShare as frequent as the one typed.
const accentShare = 10
