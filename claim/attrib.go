package claim

import "strings"

// clause is a span of a sentence's tokens that one attribution governs:
// "The United States reported that … 16,500 …, | while South Korea cited
// … 13,000 …".
type clause struct{ s, e int }

// clauses splits a sentence's tokens at semicolons and at contrasting
// words ("while", "whereas", ", but").
func clauses(toks []token) []clause {
	var out []clause
	start := 0
	for k, t := range toks {
		cut := -1
		switch {
		case t.kind == tSym && (t.text == ";" || t.text == "—" && k > 0 && !adjacent(toks[k-1], t)):
			cut = k
		case t.kind == tWord && (t.low == "while" || t.low == "whereas") && k > start:
			cut = k
		case t.kind == tWord && clauseBreaks[t.low] && k > 0 && toks[k-1].text == ",":
			cut = k
		}
		if cut > start {
			out = append(out, clause{start, cut})
			start = cut
		}
	}
	return append(out, clause{start, len(toks)})
}

// attribution is "X said", "said X" or "according to X" in a clause.
type attribution struct {
	by       string
	at       int  // the token of the verb (or "according")
	forward  bool // "X said (that) …": governs what follows
	resolved bool // a name, not a pronoun
}

// attributions finds who states what in a sentence's clause.
func attributions(toks []token, sentence string, c clause) []attribution {
	var out []attribution
	for k := c.s; k < c.e; k++ {
		t := toks[k]
		if t.kind != tWord {
			continue
		}
		if t.low == "according" && isWord(toks, k+1, "to") {
			np := k + 2
			end := np
			for end < c.e && end-np < 9 && (toks[end].kind == tWord && !endsSpeaker[toks[end].low] || isSym(toks, end, "-’'&") && end > np || isSym(toks, end, ".") && end > np && end+1 < c.e && toks[end+1].kind == tWord && adjacent(toks[end-1], toks[end])) {
				end++
			}
			for end > np && (toks[end-1].kind != tWord || stopWords[toks[end-1].low]) {
				end--
			}
			if end > np {
				out = append(out, attribution{by: byText(toks, sentence, np, end), at: k, forward: np == c.s+2 || toks[end-1].e < len(sentence) && end < c.e && toks[end].text == ",", resolved: true})
			}
			continue
		}
		// A capitalised "States" or "Reports" is a name, not a verb.
		if !reportVerbs[t.low] || isCapitalised(t.text) {
			continue
		}
		// "Intelligence estimates suggest": the first is a noun.
		if k+1 < c.e && reportVerbs[toks[k+1].low] && reportNouns[t.low] {
			continue
		}
		// "container counts points to": a plural noun, not a verb, unless
		// what follows is what it states.
		if nounToo[t.low] && !statesNext(toks, k+1) {
			continue
		}
		// "employers added 175,000 jobs": adding a figure is not stating
		// it.
		if (t.low == "added" || t.low == "adds") && k+1 < c.e && !(toks[k+1].low == "that" || toks[k+1].kind == tSym) {
			continue
		}
		if isWord(toks, k-1, "to") || isWord(toks, k-1, "be") || isWord(toks, k-1, "been") && !isWord(toks, k-2, "have") {
			continue // "to say", "was reported": no speaker here
		}
		// "X said", "X has said", "X reportedly said".
		b := k
		for b > c.s && toks[b-1].kind == tWord && (toks[b-1].low == "has" || toks[b-1].low == "have" || toks[b-1].low == "had" || toks[b-1].low == "also" || toks[b-1].low == "previously" || toks[b-1].low == "earlier" || toks[b-1].low == "reportedly" || toks[b-1].low == "publicly" || toks[b-1].low == "initially" || toks[b-1].low == "later" || toks[b-1].low == "now" || toks[b-1].low == "separately" || toks[b-1].low == "itself") {
			b--
		}
		// "Jo Lee, who voted against it, said", "Yahya Sarea, a Houthi
		// spokesman, said": the speaker is before the relative clause or
		// the apposition.
		if b > c.s && toks[b-1].text == "," {
			for r := b - 2; r > c.s && b-r < 14; r-- {
				if toks[r].text == "," && r+1 < b && (toks[r+1].low == "who" || toks[r+1].low == "which" || toks[r+1].low == "a" || toks[r+1].low == "an" || toks[r+1].low == "the") {
					b = r
					break
				}
			}
		}
		s := speakerBefore(toks, b, c.s)
		// "11,613 hate crimes reported in 2022": a participle after a
		// counted thing, not a speaker.
		if s > 0 && s < b && (toks[s-1].kind == tNum || numberWords[toks[s-1].low] > 0 || scaleWords[toks[s-1].low] > 0) {
			continue
		}
		if s > 0 || s == 0 && b > c.s {
			np := s
			if np < b {
				who := byText(toks, sentence, np, b)
				pron := np == b-1 && pronouns[toks[np].low]
				out = append(out, attribution{by: who, at: k, forward: true, resolved: !pron})
				continue
			}
		}
		// ", said X": the speaker follows.
		if k > c.s && (toks[k-1].text == "," || toks[k-1].text == "”" || toks[k-1].text == "\"") {
			end := k + 1
			for end < c.e && end-k <= 8 && (toks[end].kind == tWord && (!stopWords[toks[end].low] || toks[end].low == "the" || toks[end].low == "of" || toks[end].low == "a" || toks[end].low == "an" || toks[end].low == "and") || isSym(toks, end, "-’'.&") && end > k+1) {
				end++
			}
			for end > k+1 && (toks[end-1].kind != tWord || stopWords[toks[end-1].low]) {
				end--
			}
			// "…, said the rebel group sent 37 drones" reports what
			// follows; ", said Tom Reyes." names the speaker and ends.
			if end < c.e && toks[end].kind == tWord {
				continue
			}
			if end > k+1 {
				pron := end == k+2 && pronouns[toks[k+1].low]
				out = append(out, attribution{by: byText(toks, sentence, k+1, end), at: k, resolved: !pron})
			}
		}
	}
	return out
}

// endsSpeaker are words a speaker's name does not run past: "according to
// the ministry, which …", "according to officials who …".
var endsSpeaker = set("that", "which", "who", "whom", "whose", "said", "says", "is", "are", "was", "were", "has", "have", "had", "will", "would", "on", "in", "since", "as", "when", "while", "after", "before", "but", "because", "if", "though", "although", "to", "by", "than")

// speakerBefore returns the first token of the speaker ending just before
// toks[b] (a name or a noun phrase, up to seven words, back to a comma,
// "that" or the clause start), or b when there is none.
func speakerBefore(toks []token, b, floor int) int {
	k := b
	for k > floor && b-k < 8 {
		t := toks[k-1]
		// "Analysts at the Institute for Security Studies": short words
		// inside a name.
		inName := (t.low == "for" || t.low == "at" || t.low == "on" || t.low == "in") && k < b && (isCapitalised(toks[k].text) && !weekdays[toks[k].low] && !months[toks[k].low] || toks[k].low == "the" && k+1 < b && isCapitalised(toks[k+1].text))
		switch {
		case t.kind == tWord && (!stopWords[t.low] || t.low == "the" || t.low == "of" || t.low == "and" || inName || pronouns[t.low] && k == b):
			if (t.low == "the" || t.low == "of" || t.low == "and") && k == b {
				return b
			}
			if t.low == "that" || t.low == "which" || t.low == "who" {
				return k
			}
			k--
			if pronouns[t.low] {
				return k
			}
			continue
		case t.kind == tSym && (t.text == "’" || t.text == "'" || t.text == "-" || t.text == "." || t.text == "&") && k < b:
			k--
			continue
		}
		break
	}
	// Trim leading function words: "and officials" → "officials"; and
	// what ends at an "and" before a name: "idle and the Gaza Health
	// Ministry" → "the Gaza Health Ministry".
	for j := b - 1; j > k; j-- {
		if toks[j].low == "and" && j+1 < b && (toks[j+1].low == "the" || isCapitalised(toks[j+1].text)) && !isCapitalised(toks[j-1].text) {
			k = j + 1
			break
		}
	}
	for k < b && toks[k].kind == tWord && (toks[k].low == "and" || toks[k].low == "of") {
		k++
	}
	return k
}

// byText is the speaker's words as written, a leading "The" in lower case
// ("the United States"); at most 60 bytes.
func byText(toks []token, sentence string, a, b int) string {
	// A speaker holds no figure ("total of four variants found") and
	// names someone: not "so far", "last week".
	named := false
	for k := a; k < b; k++ {
		if toks[k].kind == tNum || numberWords[toks[k].low] > 0 {
			return ""
		}
		if toks[k].kind == tWord && !stopWords[toks[k].low] && !periodWords[toks[k].low] && !weekdays[toks[k].low] {
			named = true
		}
	}
	if !named {
		return ""
	}
	s := sentence[toks[a].s:toks[b-1].e]
	if strings.HasPrefix(s, "The ") {
		s = "the " + s[4:]
	}
	if len(s) > 60 {
		cut := strings.LastIndexByte(s[:60], ' ')
		if cut <= 0 {
			cut = 60
		}
		s = s[:cut]
	}
	return strings.TrimSpace(s)
}

// speakerFor picks who states the figure at token i in clause c: the
// nearest "X said" before it in the clause, else "according to X" in the
// clause, else ", X said" after it in the clause, else a clause of the
// sentence that holds only an attribution (", officials said.").
func speakerFor(i int, c clause, attrs [][]attribution, ci int, figs []int) string {
	best := -1
	var by string
	for _, a := range attrs[ci] {
		if a.forward && a.at < i && a.at > best {
			best, by = a.at, a.by
			if !a.resolved {
				by = ""
			}
		}
	}
	if best >= 0 {
		return by
	}
	for _, a := range attrs[ci] {
		if a.at > i {
			if !a.resolved {
				return ""
			}
			return a.by
		}
	}
	for _, a := range attrs[ci] {
		if !a.forward && a.resolved {
			return a.by
		}
	}
	for cj, as := range attrs {
		if cj == ci || len(as) == 0 || figs[cj] > 0 {
			continue
		}
		if as[0].resolved {
			return as[0].by
		}
	}
	return ""
}

// periodIn finds the period a figure covers in its clause: the first
// phrase after it, else the last before it ("since September 2023", "by
// the end of 2024", "in the first half of 2024", "so far this year").
func periodIn(toks []token, sentence string, c clause, fs, fe int) string {
	if p := periodFrom(toks, sentence, fe, c.e, true); p != "" {
		return p
	}
	return periodFrom(toks, sentence, c.s, fs, false)
}

func periodFrom(toks []token, sentence string, from, to int, first bool) string {
	found := ""
	for k := from; k < to; k++ {
		t := toks[k]
		// "August 1999 in Turkey: 18,000 died" dates without a
		// preposition.
		if t.kind == tWord && months[t.low] && isCapitalised(t.text) && k+1 < to && isYear(toks[k+1].text) {
			found = sentence[t.s:toks[k+1].e]
			if first {
				return found
			}
			continue
		}
		if t.kind != tWord || !periodStarts[t.low] {
			continue
		}
		end, ok := dateExpr(toks, k, to)
		if !ok {
			continue
		}
		// "… a 16 point margin and in 2016 … by 11 points": a period
		// after "and" opens the next figure's phrase.
		if first && k > from && toks[k-1].kind == tWord && (toks[k-1].low == "and" || toks[k-1].low == "or" || toks[k-1].low == "but") {
			return ""
		}
		found = sentence[t.s:toks[end-1].e]
		if first {
			return found
		}
		k = end - 1
	}
	return found
}

// dateExpr reads a period from toks[k] (a preposition or "this"/"last"):
// it must name a month, a year, or a stretch of time relative to now.
func dateExpr(toks []token, k, to int) (int, bool) {
	j := k + 1
	switch toks[k].low {
	case "as":
		if !isWord(toks, j, "of") {
			return 0, false
		}
		j++
	case "so":
		if !isWord(toks, j, "far") {
			return 0, false
		}
		j++
	case "this", "last":
		j = k
	}
	dated := toks[k].low == "so"
	end := j
	for j < to && j-k < 9 {
		t := toks[j]
		ok := false
		switch t.kind {
		case tNum:
			// A day beside a month, or a count of periods ("two years"):
			// "from 52 last year" holds no date in "52".
			ok = isYear(t.text) || len(t.text) <= 2 && (j+1 < to && (months[toks[j+1].low] || periodWords[toks[j+1].low]) || j > k && months[toks[j-1].low] || j >= 2 && isSym(toks, j-1, dashes+"/") && isYear(toks[j-2].text))
			if isYear(t.text) {
				dated = true
			}
		case tWord:
			switch {
			case months[t.low] && (t.low != "may" || isCapitalised(t.text)):
				ok, dated = true, true
			case periodWords[t.low]:
				ok = true
				if j > k && (toks[j-1].low == "this" || toks[j-1].low == "last" || toks[j-1].low == "past" || toks[j-1].low == "next" || toks[j-1].low == "previous" || toks[j-1].low == "far" || toks[j-1].low == "so") {
					dated = true
				}
				if t.low == "today" || t.low == "yesterday" || t.low == "far" {
					dated = true
				}
			case t.low == "the" || t.low == "of" || t.low == "mid" || t.low == "early" || t.low == "late" || t.low == "first" || t.low == "second" || t.low == "third" || t.low == "fourth" || t.low == "this" || t.low == "last" || t.low == "past" || t.low == "previous" || t.low == "and" || t.low == "to" || t.low == "end" || weekdays[t.low]:
				ok = true
			default:
				_, ok = numberWords[t.low]
			}
		case tSym:
			ok = strings.Contains(dashes+"/,", t.text) && j+1 < to && (toks[j+1].kind == tNum || toks[j+1].kind == tWord && months[toks[j+1].low])
		}
		if !ok {
			break
		}
		j++
		if t.kind == tNum || t.kind == tWord && (months[t.low] || periodWords[t.low]) {
			end = j
		}
	}
	if !dated || end <= k+1 && toks[k].low != "this" && toks[k].low != "last" {
		return 0, false
	}
	return end, true
}

// nounToo are reporting verbs that are also plural nouns: "counts",
// "reports", "estimates".
var nounToo = set("counts", "reports", "estimates", "records", "claims", "notes", "shows", "states", "documents", "lists", "tracks", "finds", "projects", "forecasts", "puts", "adds", "show", "report", "estimate", "claim", "count", "records", "suggest", "indicate", "believe", "say")

// statesNext reports whether toks[k] starts what a verb of reporting
// states: "that", a figure, or a qualified figure.
func statesNext(toks []token, k int) bool {
	if k >= len(toks) {
		return false
	}
	t := toks[k]
	if t.kind == tNum || t.kind == tSym && currencyWords[t.text] != "" || t.kind == tSym && t.text == "," {
		return true
	}
	if t.kind != tWord {
		return false
	}
	return t.low == "that" || t.low == "the" || t.low == "a" || t.low == "an" || isQualifierWord(t.low) || numberWords[t.low] > 0 || isCapitalised(t.text)
}
