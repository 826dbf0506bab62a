package claim

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Sourced is a claim with where it comes from.
type Sourced struct {
	Claim
	// Source is the publication ("Lantern Post"); Published its date,
	// zero when unknown.
	Source    string
	Published time.Time
	// Doc is the document's id; Ref is the caller's reference to the
	// passage (a citation number).
	Doc string
	Ref int
	// Passage is the text the claim's byte ranges point into; when given,
	// an update must come from the same story (see sameStory).
	Passage string
}

// Difference is a figure that sources give differently, or that one
// source revised.
type Difference struct {
	// About is what the figures count: "containers of munitions", "dead".
	About string
	// Update says one source revised its own figure over time: Claims are
	// its figures, oldest first. Otherwise Claims are the differing
	// figures, one for each value, in the order of their Ref.
	Update bool
	Claims []Sourced
}

// Differences finds the figures about the same thing that differ beyond
// rounding among claims from several sources (or from several speakers in
// one source: "the United States reported 16,500, while South Korea cited
// 13,000"), and the figures one source revised over time ("updated from
// 37 to 41"). Equal figures, however written, are not a difference;
// claims without a thing are left out.
func Differences(claims []Sourced) []Difference {
	var out []Difference
	words := storyCache{}
	scopes := newScopeCache()
	for _, g := range groupByThing(claims) {
		// One figure however often given: nothing to compare.
		if !slices.ContainsFunc(g, func(c Sourced) bool { return !c.Value.Same(g[0].Value) }) {
			continue
		}
		for _, near := range clustersOf(g, words, scopes) {
			if len(near) > 1 {
				out = append(out, differencesIn(near, words, scopes)...)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return firstRef(out[i]) < firstRef(out[j]) })
	return out
}

func firstRef(d Difference) int {
	m := int(^uint(0) >> 1)
	for _, c := range d.Claims {
		m = min(m, c.Ref)
	}
	return m
}

// groupByThing puts together claims of the same kind and unit whose
// things are compatible with every claim of the group. The same figure
// quoted twice from one passage counts once.
func groupByThing(claims []Sourced) [][]Sourced {
	var groups [][]Sourced
	type at struct {
		doc string
		fig [2]int
		ref int
	}
	seen := map[at]bool{}
next:
	for _, c := range claims {
		if c.Thing.IsZero() {
			continue
		}
		key := at{c.Doc, c.Figure, c.Ref}
		if seen[key] {
			continue
		}
		seen[key] = true
		for i, g := range groups {
			if g[0].Kind != c.Kind || g[0].Value.Unit != c.Value.Unit {
				continue
			}
			ok := true
			for _, x := range g {
				if !x.Thing.Compatible(c.Thing) || !sameEvent(x.Verb, c.Verb) {
					ok = false
					break
				}
			}
			if ok {
				groups[i] = append(g, c)
				continue next
			}
		}
		groups = append(groups, []Sourced{c})
	}
	return groups
}

// window is how far apart in publication two reports may be and still
// give figures for the same moment: further apart, the thing itself may
// have changed (a count that grew, a record broken).
const window = 30 * 24 * time.Hour

// updateWindow is how far apart a source's reports may be for the later
// to revise the earlier: a toll rises over days, not months.
const updateWindow = 14 * 24 * time.Hour

// sameSourceWords is how many words two reports of one source must share
// (one fewer within three days) to tell one story.
const sameSourceWords = 3

// differencesIn compares the claims of one cluster (clustersOf), about
// the moment and the period of its first claim: each source's figures over
// time (updates), then the latest figure of each voice against the
// others. A voice is a source, or within one sentence of a source, each
// speaker it sets against another ("the United States reported 16,500,
// while South Korea cited 13,000").
func differencesIn(near []Sourced, words storyCache, scopes scopeCache) []Difference {
	anchor := near[0]
	about := aboutText(near)
	// Who speaks for each claim, worked out once.
	voices := voicesOf(near)
	voiceOf := func(c Sourced, _ []Sourced) string { return voices[keyOf(c)] }
	// Each voice's figures over time: a revision is a voice's, not its
	// publication's (a paper quoting the UN, then Kyiv, revises nothing).
	byVoice := map[string][]Sourced{}
	var order []string
	for _, c := range near {
		k := voiceOf(c, near)
		if _, ok := byVoice[k]; !ok {
			order = append(order, k)
		}
		byVoice[k] = append(byVoice[k], c)
	}
	var out []Difference
	var latest []Sourced
	for _, k := range order {
		cs := slices.Clone(byVoice[k])
		// A source's other stories are not revisions of this one.
		story := cs[0]
		if voiceOf(anchor, near) == k {
			story = anchor
		}
		cs = slices.DeleteFunc(cs, func(c Sourced) bool {
			d := c.Published.Sub(story.Published)
			return !words.sameStory(c, story) || d > updateWindow || d < -updateWindow
		})
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].Published.Before(cs[j].Published) })
		// The figures of each date; an update needs two dates and one
		// figure on each.
		var chain []Sourced
		var lastDay []Sourced
		ambiguous := false
		for i := 0; i < len(cs); {
			j := i
			for j < len(cs) && sameDay(cs[j].Published, cs[i].Published) {
				j++
			}
			day := cs[i:j]
			lastDay = day
			switch {
			case !oneValue(day):
				ambiguous = true
			case !day[0].Published.IsZero() && (len(chain) == 0 || !chain[len(chain)-1].Value.Same(day[0].Value)):
				chain = append(chain, day[0])
			}
			i = j
		}
		if len(chain) > 1 && !ambiguous && !returns(chain) && !shrinks(chain, scopes) && revises(chain, scopes) {
			out = append(out, Difference{About: about, Update: true, Claims: chain})
		}
		latest = append(latest, lastDay...)
	}
	sort.SliceStable(latest, func(i, j int) bool { return latest[i].Ref < latest[j].Ref })
	// One claim for each distinct figure; each voice gives one, so two
	// figures always come from two voices.
	seen := map[string]bool{}
	var reps []Sourced
	for _, c := range latest {
		v := voiceOf(c, near)
		if seen[v] {
			continue
		}
		seen[v] = true
		if !slices.ContainsFunc(reps, func(r Sourced) bool {
			return r.Value.Same(c.Value) || bounds(r.Claim, c.Claim) || bounds(c.Claim, r.Claim)
		}) {
			reps = append(reps, c)
		}
	}
	if len(reps) > 1 {
		out = append(out, Difference{About: about, Claims: reps})
	}
	return out
}

// clustersOf splits a group of claims about one thing into those about
// one moment, place and story, in the order of their Ref: each claim
// joins the first cluster whose first claim (the best cited) it can be
// compared with and whose every claim shares its scope (sameScope), else
// starts its own.
func clustersOf(g []Sourced, words storyCache, scopes scopeCache) [][]Sourced {
	sort.SliceStable(g, func(i, j int) bool { return g[i].Ref < g[j].Ref })
	var out [][]Sourced
next:
	for _, c := range g {
		if c.Attributive {
			continue
		}
		for i, cl := range out {
			if comparable(cl[0], c, words) && !slices.ContainsFunc(cl, func(o Sourced) bool { return !sameScope(o, c, scopes) }) {
				out[i] = append(cl, c)
				continue next
			}
		}
		out = append(out, []Sourced{c})
	}
	return out
}

// comparable reports whether c's figure can be compared with anchor's: of
// comparable periods (both today's, or the same record), reported close
// enough in time, and telling the same story.
func comparable(anchor, c Sourced, words storyCache) bool {
	if !comparablePeriods(anchor.Period, c.Period) || !withinWindow(anchor.Published, c.Published) || historical(c) != historical(anchor) || historical(c) && norm(c.Period) != norm(anchor.Period) {
		return false
	}
	// Another report of the same thing must tell the same story.
	if !words.sameStory(c, anchor) {
		return false
	}
	if d := c.Published.Sub(anchor.Published); norm(c.Source) == norm(anchor.Source) && c.Doc != anchor.Doc && (d > updateWindow || d < -updateWindow) {
		return false
	}
	// A day's new cases are not the next day's.
	return !(flow(c) || flow(anchor)) || c.Doc == anchor.Doc || sameDay(c.Published, anchor.Published)
}

// boundSlack is how far past its bound a figure may lie and still agree
// with it: "more than 20,600" offices and 20,708 are one count; "at least
// 37" and 41 dead are not.
const boundSlack = 0.02

// bounds reports whether a figure given as a bound ("more than 20,600",
// "nearly 2,000") agrees with b, which lies just past it on its side.
func bounds(a, b Claim) bool {
	if a.Value.Unit != b.Value.Unit || a.Value.Lo <= 0 {
		return false
	}
	x, y := a.Value.Lo, b.Value.Lo
	switch a.Qualifier {
	case "more than", "over", "at least", "upwards of", "in excess of", "just over", "above", "no fewer than":
		return y >= x && y <= x*(1+boundSlack)
	case "fewer than", "less than", "under", "nearly", "almost", "just under", "just shy of", "below", "no more than", "up to", "at most":
		return y <= x && y >= x*(1-boundSlack)
	}
	return false
}

// claimKey tells claims apart.
type claimKey struct {
	doc    string
	figure [2]int
	ref    int
}

func keyOf(c Sourced) claimKey { return claimKey{c.Doc, c.Figure, c.Ref} }

// voicesOf says who gives each claim: its source and the speaker it
// names. A claim naming no speaker is its source's only speaker's, if it
// has one. Within one document, speakers count apart only when one
// sentence sets their figures against each other ("the United States
// reported 16,500, while South Korea cited 13,000"); elsewhere a report
// quoting its own data, its authors and its agency is one voice.
func voicesOf(all []Sourced) map[claimKey]string {
	src := make([]string, len(all))
	by := make([]string, len(all))
	for i, c := range all {
		src[i], by[i] = norm(c.Source), norm(c.By)
	}
	firstBy := func(doc string) string {
		for i, o := range all {
			if o.Doc == doc && by[i] != "" {
				return by[i]
			}
		}
		return ""
	}
	out := make(map[claimKey]string, len(all))
	for i, c := range all {
		b := by[i]
		speakers := map[string]bool{}
		for j, o := range all {
			if src[j] != src[i] || by[j] == "" {
				continue
			}
			if o.Doc == c.Doc && o.Sentence != c.Sentence && (b == "" || by[j] != b) {
				// Another sentence of the same document: the same voice.
				b = firstBy(c.Doc)
			}
			speakers[by[j]] = true
		}
		if b == "" && len(speakers) == 1 {
			for sp := range speakers {
				b = sp
			}
		}
		out[keyOf(c)] = src[i] + "\x00" + b
	}
	return out
}

// withinWindow reports whether two publication dates are close enough for
// their figures to be compared; an unknown date is.
func withinWindow(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	d := a.Sub(b)
	return d <= window && d >= -window
}

// comparablePeriods reports whether figures for two periods can be
// compared: an unstated period can; two running to now ("since August
// 2023", "so far", "by the end of 2024") can, however they started,
// since the one who counts more in less time still disagrees; two closed
// periods ("in 2022", "last year") only when they are the same.
func comparablePeriods(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	oa, ob := openPeriod(a), openPeriod(b)
	switch {
	case oa && ob:
		return true
	case oa != ob:
		return false
	}
	return norm(a) == norm(b)
}

func openPeriod(p string) bool {
	first, _, _ := strings.Cut(strings.ToLower(p), " ")
	switch first {
	case "since", "so", "by", "as", "through", "until", "till":
		return true
	}
	return false
}

// oneValue reports whether claims of one day all give the same figure.
func oneValue(cs []Sourced) bool {
	for _, c := range cs[1:] {
		if !c.Value.Same(cs[0].Value) {
			return false
		}
	}
	return true
}

func sameDay(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() == b.IsZero()
	}
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}

// aboutText names what a group counts: a state ("dead") by its word, else
// the most specific phrase as written.
func aboutText(g []Sourced) string {
	if stateHeads[g[0].Thing.Head] != "" {
		return g[0].Thing.Head
	}
	best := g[0].Thing
	for _, c := range g[1:] {
		if len(c.Thing.Mods) > len(best.Mods) {
			best = c.Thing
		}
	}
	return best.Text
}

func norm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(strings.TrimPrefix(s, "the "), "The ")), " "))
}

// sameStory reports whether two claims tell the same story: the same
// document, or sentences (with the one before each) sharing words besides
// what is counted — one for two sources, two or three for one source. Without the passages it
// cannot tell, and says yes.
func (sc storyCache) sameStory(a, b Sourced) bool {
	if a.Doc == b.Doc || a.Passage == "" || b.Passage == "" {
		return true
	}
	wa, wb := sc.words(a), sc.words(b)
	n := 0
	for w := range wa {
		if wb[w] {
			n++
		}
	}
	// One source's reports share their house style and beat: two of its
	// reports are one story when they are days apart and share two words,
	// or share three. Two sources need one word in common.
	if norm(a.Source) != norm(b.Source) {
		return n >= 1
	}
	d := a.Published.Sub(b.Published)
	near := d <= 3*24*time.Hour && d >= -3*24*time.Hour
	return n >= sameSourceWords || near && n >= sameSourceWords-1
}

// storyCache keeps each sentence's story words, read once however many
// claims are compared with it.
type storyCache map[storyKey]map[string]bool

type storyKey struct {
	doc      string
	sentence [2]int
	head     string
}

func (sc storyCache) words(c Sourced) map[string]bool {
	k := storyKey{c.Doc, c.Sentence, c.Thing.Head}
	if w, ok := sc[k]; ok {
		return w
	}
	w := storyWords(c)
	sc[k] = w
	return w
}

func storyWords(c Sourced) map[string]bool {
	if c.Sentence[0] < 0 || c.Sentence[1] > len(c.Passage) || c.Sentence[0] > c.Sentence[1] {
		return nil
	}
	out := map[string]bool{}
	for w := range lemmas(c.Passage[sentenceBefore(c.Passage, c.Sentence[0]):c.Sentence[1]]) {
		if len(w) > 3 && !stopWords[w] && !genericMods[w] && w != c.Thing.Head && numberWords[w] == 0 && scaleWords[w] == 0 {
			out[w] = true
		}
	}
	return out
}

// returns reports whether a chain of figures comes back to an earlier one
// ("seven, 32, seven"): reports of different things, not revisions.
func returns(chain []Sourced) bool {
	for i := 2; i < len(chain); i++ {
		for j := 0; j < i-1; j++ {
			if chain[i].Value.Same(chain[j].Value) {
				return true
			}
		}
	}
	return false
}

// revises reports whether each later figure of a source's chain is given
// as today's: a toll that "rose to 41", the figure "as of Friday", "so
// far", "currently". A source's later report that counts something of the
// same kind without saying so ("canceled half a dozen events", "5,400
// flights in 48 hours") is more often another event than a revision.
func revises(chain []Sourced, scopes scopeCache) bool {
	for _, c := range chain[1:] {
		if !scopes.of(c).running {
			return false
		}
	}
	return true
}

// shrinks reports whether a chain of tolls (the dead, the injured, the
// infected) or of running totals goes down: "11 killed", then "six killed", then "34" are
// counts of different strikes, not one toll revised, since a toll
// grows.
func shrinks(chain []Sourced, scopes scopeCache) bool {
	if h := chain[0].Thing.Head; h != "dead" && h != "injured" && h != "infected" && !slices.ContainsFunc(chain, func(c Sourced) bool { return scopes.of(c).cumulative }) {
		return false
	}
	for i := 1; i < len(chain); i++ {
		if chain[i].Value.Hi < chain[i-1].Value.Lo {
			return true
		}
	}
	return false
}

// historical reports whether a claim's period lies well before its
// report: "in the 1977 blizzard", "since 1950" in a 2024 article give a
// record, not today's figure.
func historical(c Sourced) bool {
	if c.Period == "" || c.Published.IsZero() {
		return false
	}
	gap := 1
	if openPeriod(c.Period) {
		gap = 10
	}
	for _, t := range tokenize(c.Period, nil) {
		if t.kind == tNum && isYear(t.text) {
			if y := int(t.text[0]-'0')*1000 + int(t.text[1]-'0')*100 + int(t.text[2]-'0')*10 + int(t.text[3]-'0'); y < c.Published.Year()-gap {
				return true
			}
		}
	}
	return false
}

// flow reports whether a claim counts per day or week ("new cases",
// "daily deaths", "over the past day"): each report counts another
// stretch of time.
func flow(c Sourced) bool {
	if p := lower(c.Period); strings.Contains(p, "past day") || strings.Contains(p, "24 hours") || strings.Contains(p, "overnight") {
		return true
	}
	l := lower(c.Thing.Text)
	return strings.Contains(l, "new ") || strings.Contains(l, "daily") || strings.Contains(l, "weekly") || strings.HasPrefix(l, "new")
}
