package claim

import (
	"slices"
	"strings"
)

// Topic is what a question asks a figure of: the things it names and the
// kinds of figure that can answer it.
type Topic struct {
	heads map[string]bool
	kinds []Kind // nil: any
	// figure says the question asks for a figure: "how many", "how
	// much", "what share", or a word such as "toll", "cost" or "fine".
	figure bool
	// words are the question's content words (lemmas).
	words []string
	// forms are what a sentence must hold for a claim in it to be about
	// a word of the question (see formsOf).
	forms []string
	// names are the question's names, lower case, cut to five letters so
	// that "Ukrainian" finds "Ukraine": a passage about the question
	// holds them all.
	names []string
}

// questionWords frame a question without naming what it asks about.
var questionWords = set("how", "many", "much", "what", "which", "who", "whom", "when", "where", "why", "whose", "did", "does", "do", "has", "have", "had", "is", "are", "was", "were", "number", "figure", "total", "amount", "percentage", "percent", "share", "proportion", "rate", "long", "big", "large", "according", "estimate", "estimated", "reported", "report", "say", "said", "says", "tell", "latest", "current", "now", "so", "far", "far?")

// ParseTopic reads a question: "How many containers has North Korea sent
// to Russia?" asks for a count of containers; "How much was Acme fined?"
// for an amount (a fine); "What pay rise did nurses get?" for a pay rise.
func ParseTopic(question string) Topic {
	toks := tokenize(question, nil)
	t := Topic{heads: map[string]bool{}}
	low := strings.ToLower(question)
	switch {
	case strings.Contains(low, "what percentage") || strings.Contains(low, "what percent") || strings.Contains(low, "what share") || strings.Contains(low, "what proportion") || strings.Contains(low, "what fraction") || strings.Contains(low, "by what percent"):
		t.kinds = []Kind{Percent}
	case strings.Contains(low, "how long"):
		t.kinds = []Kind{Duration}
	case strings.Contains(low, "how many"):
		t.kinds = []Kind{Count, Duration}
	case strings.Contains(low, "how much"):
		t.kinds = []Kind{Money, Count, Percent, Duration}
	}
	t.figure = t.kinds != nil
	state := false
	for i, tk := range toks {
		if tk.kind == tWord && i > 0 && isCapitalised(tk.text) && !questionWords[tk.low] && !stopWords[tk.low] && !months[tk.low] && !weekdays[tk.low] && !nameTitles[tk.low] {
			n := tk.low
			if len(n) > 5 {
				n = n[:5]
			}
			if !slices.Contains(t.names, n) {
				t.names = append(t.names, n)
			}
		}
		if figureNouns[tk.low] {
			t.figure = true
		}
		if tk.kind != tWord || stopWords[tk.low] && stateHeads[tk.low] == "" || questionWords[tk.low] {
			continue
		}
		l := lemma(tk.low)
		if s := stateHeads[tk.low]; s != "" {
			l, state = s, true
		} else if v, ok := verbThings[tk.low]; ok && !(i > 0 && toks[i-1].low == "the") {
			t.heads[v] = true
		}
		t.heads[l] = true
		if isCapitalised(tk.text) || !genericPeople[l] {
			t.words = append(t.words, l)
		}
	}
	if state {
		for p := range genericPeople {
			delete(t.heads, p)
		}
	}
	// "How many containers …", "What pay rise …": when the question names
	// the thing it asks a figure of, only that thing (and what happened
	// to people: "died") is asked about; its other words are the subject.
	if asked := askedPhrase(toks); len(asked) > 0 {
		heads := map[string]bool{}
		for _, w := range asked {
			heads[w] = true
		}
		for h := range t.heads {
			if stateHeads[h] == h || h == "fine" && t.heads["fine"] {
				heads[h] = true
			}
		}
		if state {
			for p := range genericPeople {
				delete(heads, p)
			}
		}
		if len(heads) > 0 {
			t.heads = heads
		}
	}
	seen := map[string]bool{}
	for h := range t.heads {
		for _, f := range formsOf(h) {
			if !seen[f] && f != "" {
				seen[f] = true
				t.forms = append(t.forms, f)
			}
		}
	}
	slices.Sort(t.forms) // a fixed order, for repeatable work
	return t
}

// nameTitles stand before names and are often left out: "Hurricane
// Helene" is "Helene", "President Biden" is "Biden".
var nameTitles = set("hurricane", "storm", "tropical", "typhoon", "cyclone", "tornado", "wildfire", "fire", "mount", "mt", "lake", "river", "president", "gov", "governor", "sen", "senator", "rep", "representative", "judge", "justice", "dr", "prime", "minister", "king", "queen", "prince", "princess", "pope", "saint", "st", "fort", "camp", "university", "county", "city", "state", "mayor", "secretary", "general", "gen", "former", "vice", "chief", "ceo", "mr", "mrs", "ms", "sir", "lady", "lord", "the")

// figureNouns in a question ask for a figure without "how many".
var figureNouns = set("toll", "number", "numbers", "total", "figure", "figures", "count", "tally", "amount", "cost", "costs", "price", "prices", "rate", "share", "percentage", "percent", "fine", "fined", "salary", "wage", "wages", "budget", "value", "worth", "population", "size", "margin", "estimate", "estimates", "sum", "penalty", "raise", "rise", "increase", "pay", "paid")

// Claims returns the claims of passage about the topic. It reads only the
// sentences that hold a word of the question in some form ("died" for the
// dead, "rose" for a rise), so it costs a fraction of Extract.
func (t Topic) Claims(passage string) []Claim {
	if len(t.forms) == 0 {
		return nil
	}
	var out []Claim
	for _, c := range extract(passage, t.mentionsAny) {
		if t.About(c, passage) {
			out = append(out, c)
		}
	}
	return out
}

// mentionsAny reports whether a sentence holds one of the forms of the
// question's words.
func (t Topic) mentionsAny(s string) bool {
	ls := lower(s)
	for _, f := range t.forms {
		if strings.Contains(ls, f) {
			return true
		}
	}
	return false
}

// formsOf are the strings a sentence holds when it speaks of head: its
// stem, and for a canonical head every word that maps to it.
func formsOf(head string) []string {
	stem := head
	if len(stem) > 4 {
		stem = strings.TrimRight(stem, "eyi")
	}
	out := []string{stem}
	for _, table := range []map[string]string{stateHeads, changeNouns, motion, verbThings} {
		for w, c := range table {
			if c == head && !strings.Contains(w, stem) {
				out = append(out, w)
			}
		}
	}
	if head == "dead" {
		out = append(out, "toll")
	}
	return out
}

// AsksFigure reports whether the question asks for a figure.
func (t Topic) AsksFigure() bool { return t.figure }

// About reports whether a claim of passage counts what the question asks
// about: its thing's head is a word of the question (or its canonical
// form: "died" asks about the dead), its kind can answer the question, and
// its sentence names something else the question names ("North Korea",
// "Russia"), so that a count of containers elsewhere is not taken for
// this one.
func (t Topic) About(c Claim, passage string) bool {
	if c.Thing.IsZero() {
		return false
	}
	// "the rate on a 30-year mortgage" is about mortgages; "the death
	// toll" about the dead.
	if !t.heads[c.Thing.Head] && !(genericHeads[c.Thing.Head] && slices.ContainsFunc(c.Thing.Mods, func(m string) bool { return t.heads[m] })) {
		return false
	}
	if t.kinds != nil && !slices.Contains(t.kinds, c.Kind) {
		return false
	}
	// A figure in a passage that leaves out a name the question gives is
	// about something else: the Jabaliya strike of another day, the
	// parks of another state.
	if len(t.names) > 0 {
		low := lower(passage)
		for _, n := range t.names {
			if !strings.Contains(low, n) {
				return false
			}
		}
	}
	var subject []string
	for _, w := range t.words {
		if w != c.Thing.Head && !slices.Contains(c.Thing.Mods, w) {
			subject = append(subject, w)
		}
	}
	if len(subject) == 0 || c.Sentence[0] < 0 || c.Sentence[1] > len(passage) || c.Sentence[0] > c.Sentence[1] {
		return len(subject) == 0
	}
	// The sentence before may name the subject: "… the hurricane made
	// landfall. Officials updated the death toll to 115."
	in := lemmas(passage[sentenceBefore(passage, c.Sentence[0]):c.Sentence[1]])
	for _, w := range subject {
		if in[w] {
			return true
		}
	}
	return false
}

// sentenceBefore is where the sentence before the one starting at start
// begins (0 when there is none).
func sentenceBefore(passage string, start int) int {
	for i := start - 2; i > 0; i-- {
		if c := passage[i]; c == '\n' || (c == ' ' && i > 0 && strings.IndexByte(".!?", passage[i-1]) >= 0) {
			return i + 1
		}
	}
	return 0
}

// lemmas are the lemmas of a text's words, states in their canonical form.
func lemmas(text string) map[string]bool {
	toks := tokenize(text, nil)
	in := make(map[string]bool, len(toks))
	for _, tk := range toks {
		if tk.kind == tWord {
			l := lemma(tk.low)
			if s := stateHeads[tk.low]; s != "" {
				l = s
			}
			in[l] = true
		}
	}
	return in
}

// askedPhrase is the lemmas of the noun phrase a question asks a figure
// of: after "how many", "how much", "what" or "which" ("What is the", "What
// was Acme's" skipped), up to a verb or a function word, without words
// that only frame the question ("number", "share"). Nil when there is
// none: "How much was Acme fined?".
func askedPhrase(toks []token) []string {
	k := -1
	for i, t := range toks {
		switch {
		case (t.low == "how") && (isWord(toks, i+1, "many") || isWord(toks, i+1, "much")):
			k = i + 2
		case t.low == "what" || t.low == "which":
			k = i + 1
			for k < len(toks) && (toks[k].low == "is" || toks[k].low == "was" || toks[k].low == "are" || toks[k].low == "were" || toks[k].low == "the" || toks[k].low == "a") {
				k++
			}
		default:
			continue
		}
		break
	}
	if k < 0 {
		return nil
	}
	var out []string
	for ; k < len(toks) && len(out) < 5; k++ {
		t := toks[k]
		if t.kind == tSym && (t.text == "-" || t.text == "’" || t.text == "'") {
			continue
		}
		if t.kind != tWord {
			break
		}
		if t.low == "of" || t.low == "the" || t.low == "a" || t.low == "an" {
			continue
		}
		if stopWords[t.low] && stateHeads[t.low] == "" || isVerbish(t.low) && stateHeads[t.low] == "" && changeNouns[t.low] == "" && len(out) > 0 {
			break
		}
		l := lemma(t.low)
		if s := stateHeads[t.low]; s != "" {
			l = s
		} else if c := changeNouns[l]; c != "" {
			l = c
		}
		if !questionWords[t.low] && !genericHeads[l] && !genericPeople[l] {
			out = append(out, l)
		}
	}
	return out
}
