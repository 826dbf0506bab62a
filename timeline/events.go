package timeline

import (
	"math"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/corpus"
)

// MinSentenceCover is the share of the topic's idf mass a sentence must
// hold, on its own or with the sentence before it, to report an event
// about the topic: more than half, so that a sentence naming only part of
// the topic ("North Korean" for North Korean troops in Russia) stays out.
// The passage has already passed ask's relevance cut, which asks less of
// a whole passage. Words near the topic's in meaning count ("forces" for
// "troops"), as that cut counts them, but the topic's own words must hold
// MinSentenceExact.
const MinSentenceCover = 0.55

// MinSentenceExact is the share of the topic's idf mass a sentence must
// hold in the topic's own words.
const MinSentenceExact = 0.25

// SameEvent is the share of words two reports have in common (weighted by
// how rare each word is among the timeline's reports, over the smaller
// report) at or above which two reports with compatible dates are one
// event. Tuned on the invented reports of TestSameEvent.
const SameEvent = 0.3

// report is one sentence reporting an event.
type report struct {
	date  Date
	text  string
	span  [2]int // in the passage
	p     *Passage
	rank  int // the passage's rank among those found, best first
	words map[string]float64
}

// extract finds the sentences that report events about the topic, with
// their dates, kept when the date overlaps [since, until).
func extract(ps []Passage, anchors map[string]Anchor, since, until time.Time) []*report {
	var out []*report
	seen := map[string]bool{} // republished text reports once
	for i := range ps {
		p := &ps[i]
		key := strings.Join(strings.Fields(p.Passage), " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		a := PublishedOn(p.Published)
		if a.Date.IsZero() {
			a = anchors[p.DocID]
		}
		var prev Sentence
		for si, s := range p.Sentences {
			cover, exact := s.Cover, s.Exact
			if si > 0 && prev.Span[1] <= s.Span[0] && startsWithPronoun(p.Passage[s.Span[0]:s.Span[1]]) {
				// "He said on Monday …" after the sentence that names the
				// topic: the pair holds it, a little less surely.
				cover = math.Max(cover, math.Min(1, s.Cover+prev.Cover)*0.9)
				exact = math.Max(exact, math.Min(1, s.Exact+prev.Exact)*0.9)
			}
			prev = s
			if s.Span[0] < 0 || s.Span[1] > len(p.Passage) || s.Span[0] >= s.Span[1] || s.Cover == 0 || s.Partial ||
				cover < MinSentenceCover || exact < MinSentenceExact {
				continue
			}
			text := p.Passage[s.Span[0]:s.Span[1]]
			if planned(text) || furniture(text) || strings.HasSuffix(strings.TrimRight(text, `"'”’)`), "?") {
				continue
			}
			d, ok := eventDate(text, a, p.Position == 0 && si == 0)
			if !ok || !d.Overlaps(since, until) {
				continue
			}
			out = append(out, &report{date: d, text: text, span: s.Span, p: p, rank: i})
		}
	}
	return out
}

// pronouns that start a sentence continuing the one before it.
var pronouns = map[string]bool{"he": true, "she": true, "it": true, "they": true, "his": true, "her": true, "its": true, "their": true}

func startsWithPronoun(s string) bool {
	toks := tokenize(s)
	return len(toks) > 0 && pronouns[toks[0].low]
}

// furniturePrefixes start notes about a page, not reports: "Editor's
// Note: This page is a summary of news … for Wednesday, Sept. 25."
var furniturePrefixes = []string{"editor's note", "editor’s note", "editors' note", "correction:", "update:", "clarification:"}

// furnitureMarks anywhere in a sentence make it a caption of a gallery:
// "Hide Caption 10 of 44 Photos: The heir apparent: …".
var furnitureMarks = []string{"hide caption", " photos: "}

func furniture(s string) bool {
	low := strings.ToLower(strings.TrimSpace(s))
	for _, p := range furniturePrefixes {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	for _, m := range furnitureMarks {
		if strings.Contains(low, m) {
			return true
		}
	}
	return false
}

// eventDate is the date a sentence puts its event at: its first date in
// event context. A sentence that dates nothing is dated by its
// publication only when it leads its document (news leads report the day's
// news); one whose dates cannot be resolved is left out. Events after the
// publication date are announced, not happened.
func eventDate(text string, a Anchor, lead bool) (Date, bool) {
	ms := Resolve(text, a)
	var d Date
	named := false
	for _, m := range ms {
		if m.Event {
			named = true
			if !m.Date.IsZero() && !aside(text, m) {
				d = m.Date
				break
			}
		}
	}
	if d.IsZero() {
		if named || len(ms) > 0 || !lead || a.Inferred || a.Date.Precision != Day || !happened(text) {
			return Date{}, false
		}
		d = a.Date
	}
	if !a.Date.IsZero() && !a.Inferred && d.Start.After(a.Date.Start) {
		return Date{}, false
	}
	return d, true
}

// aside reports whether a date sits in a clause that dates something else
// than the sentence's event: a relative clause ("an estate which last
// year delivered an income") or the first term of a comparison ("down 19%,
// from about $1.34 million in October 2019 to $1.09 million this year").
func aside(text string, m Mention) bool {
	before := strings.Fields(strings.ToLower(text[:m.Start]))
	before = before[max(0, len(before)-6):]
	for i, w := range before {
		switch strings.Trim(w, ",;:()\"“”") {
		case "which", "whose":
			return true
		case "from":
			figure := strings.ContainsAny(strings.Join(before[i+1:], " "), "0123456789$£€%")
			after := text[m.End:min(len(text), m.End+40)]
			if figure && strings.Contains(after, " to ") {
				return true
			}
		}
	}
	return false
}

// plannedWords mark a sentence about what will or may happen; reporting
// verbs mark one about what someone said, which happened whatever it
// was about.
var (
	plannedWords = map[string]bool{"will": true, "shall": true, "may": true, "might": true, "would": true, "hoped": true, "hopes": true, "won": true, "plans": true, "plan": true,
		"expected": true, "scheduled": true, "set": true, "intends": true, "aims": true}
	reportingWords = map[string]bool{"said": true, "says": true, "told": true, "announced": true, "reported": true, "stated": true,
		"confirmed": true, "claimed": true, "warned": true, "added": true, "noted": true, "declared": true, "revealed": true}
)

// planned reports whether a sentence tells what will or may happen
// rather than what did: "Trump, who may return in November 2024, …".
func planned(s string) bool {
	toks := tokenize(s)
	future := false
	for i, t := range toks {
		if reportingWords[t.low] {
			return false
		}
		switch t.low {
		case "set", "expected", "scheduled", "plans", "plan", "aims", "intends", "slated", "planned":
			// "set to", "expected to", "scheduled for": a plan, which may
			// not have happened ("was initially set for Aug. 18, was
			// delayed"); "set up" is not.
			if i+1 < len(toks) && (toks[i+1].low == "to" || toks[i+1].low == "for") {
				future = true
			}
		case "won":
			// won't
			if i+1 < len(toks) && toks[i+1].low == "t" {
				future = true
			}
		default:
			if plannedWords[t.low] && t.raw == t.low {
				future = true // "May" capitalised is a month
			}
		}
	}
	return future
}

// pastVerbs are irregular past tenses that tell of something happening.
var pastVerbs = map[string]bool{"sent": true, "met": true, "held": true, "began": true, "fled": true, "fought": true,
	"hit": true, "struck": true, "shot": true, "won": true, "lost": true, "took": true, "made": true, "gave": true,
	"came": true, "went": true, "left": true, "fell": true, "rose": true, "sold": true, "bought": true, "led": true,
	"ran": true, "broke": true, "flew": true, "drew": true, "sank": true, "froze": true, "spoke": true, "wrote": true}

// happened reports whether a sentence tells of something done: a verb in
// the past tense, or one of reporting. A lead that only describes ("The
// relationship … is no secret.") is not dated by its publication.
func happened(s string) bool {
	for _, t := range tokenize(s) {
		if reportingWords[t.low] || pastVerbs[t.low] || len(t.low) > 4 && strings.HasSuffix(t.low, "ed") && t.raw == t.low {
			return true
		}
	}
	return false
}

// event is reports of one event.
type event struct {
	date    Date
	reports []*report
}

// merge groups reports of the same event: dates that may name the same
// moment (one contains the other) and words other than the topic's alike
// enough. The most
// relevant report of each event seeds it; each document reports an event
// once.
func merge(reports []*report, topic string) []*event {
	weigh(reports, topic)
	sort.SliceStable(reports, func(i, j int) bool { return reports[i].rank < reports[j].rank })
	var events []*event
	for _, r := range reports {
		var best *event
		bestSim := 0.0
		for _, e := range events {
			if !e.date.Compatible(r.date) {
				continue
			}
			for _, o := range e.reports {
				if s := overlap(r.words, o.words); s > bestSim {
					best, bestSim = e, s
				}
			}
		}
		if best == nil || bestSim < SameEvent {
			events = append(events, &event{date: r.date, reports: []*report{r}})
			continue
		}
		if slicesContainsDoc(best.reports, r.p.DocID) {
			continue
		}
		best.reports = append(best.reports, r)
		// The most precise date of its reports dates the event; its report
		// leads.
		if r.date.Precision > best.date.Precision {
			best.date = r.date
			lead := len(best.reports) - 1
			best.reports[0], best.reports[lead] = best.reports[lead], best.reports[0]
			sort.SliceStable(best.reports[1:], func(i, j int) bool { return best.reports[1+i].rank < best.reports[1+j].rank })
		}
	}
	return events
}

func slicesContainsDoc(rs []*report, docID string) bool {
	if docID == "" {
		return false
	}
	for _, r := range rs {
		if r.p.DocID == docID {
			return true
		}
	}
	return false
}

// weigh gives each report its content words, weighted by how rare they are
// among the reports. The topic's own words, in every report by design,
// tell its events apart not at all and are left out.
func weigh(reports []*report, topic string) {
	df := map[string]int{}
	sets := make([]map[string]float64, len(reports))
	skip := contentWords(topic)
	for i, r := range reports {
		sets[i] = contentWords(r.text)
		for w := range skip {
			delete(sets[i], w)
		}
		for w := range sets[i] {
			df[w]++
		}
	}
	n := float64(len(reports))
	for i, r := range reports {
		r.words = make(map[string]float64, len(sets[i]))
		for w, weight := range sets[i] {
			r.words[w] = weight * math.Log(1+n/float64(df[w]))
		}
	}
}

// overlap is how much two reports' weighted words share, over the smaller
// of the two: one report naming more (a title, a first name) than the
// other still reports the same thing.
func overlap(a, b map[string]float64) float64 {
	var shared, na, nb float64
	for w, x := range a {
		na += x
		if y, ok := b[w]; ok {
			shared += min(x, y)
		}
	}
	for _, y := range b {
		nb += y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return shared / min(na, nb)
}

// stopwords carry no event: function words, reporting verbs and the words
// of dates (the dates are compared apart).
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but of to in on at by for from with as that this these those
		it its is was were be been being has have had do did does not no than then there their they them he she his her
		we our you your i which who whom what when where while who's also into over after before since until about
		said says say told according reported announced added would could should will can may might last this
		earlier later ago yesterday today week month year day days weeks months years first new more most some
		one two three four five six seven eight nine ten early late mid end`) {
		m[w] = true
	}
	for w := range months {
		m[w] = true
	}
	for w := range weekdays {
		m[w] = true
	}
	return m
}()

// contentWords are a sentence's words less stopwords and numbers that
// are days or years, cut to five letters so that inflections meet
// ("troops", "troop"; "Korea", "Korean"), each with its weight: names
// (capitalised inside the sentence) tell events apart best and count
// twice.
func contentWords(s string) map[string]float64 {
	out := map[string]float64{}
	for i, t := range tokenize(s) {
		if stopwords[t.low] {
			continue
		}
		if isNumber(t.low) && (len(t.low) <= 2 || len(t.low) == 4) {
			continue
		}
		w := t.low
		if utf8.RuneCountInString(w) > 5 {
			r := []rune(w)
			w = string(r[:5])
		}
		weight := 1.0
		if r, _ := utf8.DecodeRuneInString(t.raw); i > 0 && unicode.IsUpper(r) {
			weight = 2
		}
		out[w] = math.Max(out[w], weight)
	}
	return out
}

// citation is the report as citation n: its passage, with the reporting
// sentence as the one to show and to link to.
func (r *report) citation(n int) corpus.Citation {
	c := r.p.Citation
	c.N = n
	c.Sentence = r.span
	if c.URL != "" {
		c.Link = fragmentLink(c.URL, r.text)
	}
	return c
}

// fragmentLink is pageURL with a text fragment (#:~:text=start,end) that
// scrolls to text; index.TextFragmentLink does the same for passages
// (this package stays clear of the index).
func fragmentLink(pageURL, text string) string {
	words := strings.FieldsFunc(text, unicode.IsSpace)
	if len(words) == 0 {
		return pageURL
	}
	base, _, _ := strings.Cut(pageURL, "#")
	enc := func(ws []string) string {
		s := url.PathEscape(strings.Join(ws, " "))
		return strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26").Replace(s)
	}
	if len(words) <= 8 {
		return base + "#:~:text=" + enc(words)
	}
	return base + "#:~:text=" + enc(words[:4]) + "," + enc(words[len(words)-4:])
}
