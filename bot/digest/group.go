package digest

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
)

// DefaultThreshold is the similarity (cosine of idf-weighted terms of
// title and lead sentences) above which two reports are one story. It was
// tuned on news-2024 (see TestReplayNews2024): reports of the same event
// by different outlets score 0.35–0.8, different events that share a
// subject (two stories about Taiwan) mostly under 0.25.
const DefaultThreshold = 0.3

// leadSentences is how many sentence candidates, with the title, describe
// a report for grouping.
const leadSentences = 2

// group clusters docs (ranked best first) into stories: each report joins
// the story whose lead (its best report) it is most similar to, when the
// similarity reaches threshold. Each story lists its reports best first.
func group(docs []*doc, threshold float64) [][]*doc {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	// Term weights: idf over these reports, so words every report shares
	// ("said", the topic itself) count for little. Terms are numbered as
	// they are first met, so vectors and postings are slices.
	type tw struct {
		id int
		t  string
		w  float64
	}
	ids := map[string]int{}
	var df []int
	raw := make([][]tw, len(docs))
	for i, d := range docs {
		f := features(d)
		v := make([]tw, 0, len(f))
		for t, c := range f {
			id, ok := ids[t]
			if !ok {
				id = len(df)
				ids[t] = id
				df = append(df, 0)
			}
			df[id]++
			v = append(v, tw{id, t, c})
		}
		// Sums run in term order: in map order, float rounding could put a
		// pair at exactly the threshold in different stories on different
		// runs.
		slices.SortFunc(v, func(a, b tw) int { return strings.Compare(a.t, b.t) })
		raw[i] = v
	}
	n := float64(len(docs))
	// postings hold each story lead's weight for a term, so comparing a
	// report with the leads is sums over slices, not map lookups.
	type posting struct {
		lead int
		w    float64
	}
	postings := make([][]posting, len(df))
	dots := make([]float64, len(docs))
	var touched []int
	story := make([]int, len(docs))
	titles := map[string]int{}
	urls := map[string]int{}
	var out [][]*doc
	for i, d := range docs {
		var norm float64
		vec := raw[i]
		for k := range vec {
			w := vec[k].w * math.Log(1+n/float64(df[vec[k].id]))
			vec[k].w = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		d.feats = make(map[string]float64, len(vec))
		for k := range vec {
			vec[k].w /= norm
			d.feats[vec[k].t] = vec[k].w
		}
		best, bestSim := -1, 0.0
		// The same page or the same headline is the same story.
		if j, ok := urls[d.r.Doc.URL]; ok && d.r.Doc.URL != "" {
			best, bestSim = j, 1
		} else if j, ok := titles[normTitle(d.r.Doc.Title)]; ok && len(normTitle(d.r.Doc.Title)) > 20 && close(d, docs[j]) {
			best, bestSim = j, 1
		} else {
			for _, x := range vec {
				w := x.w
				for _, p := range postings[x.id] {
					if dots[p.lead] == 0 {
						touched = append(touched, p.lead)
					}
					dots[p.lead] += w * p.w
				}
			}
			// Compare with each story's lead only, not every member, so
			// stories do not chain from one event to the next.
			for _, j := range touched {
				if !close(d, docs[j]) {
					dots[j] = 0
					continue
				}
				if s := dots[j]; s > bestSim || (s == bestSim && j < best) {
					best, bestSim = j, s
				}
				dots[j] = 0
			}
			touched = touched[:0]
		}
		if best >= 0 && bestSim >= threshold {
			story[i] = story[best]
			out[story[i]] = append(out[story[i]], d)
		} else {
			story[i] = len(out)
			out = append(out, []*doc{d})
			// Only leads are compared with, so only leads are posted:
			// members would make common words cost n² for nothing.
			for _, x := range vec {
				postings[x.id] = append(postings[x.id], posting{i, x.w})
			}
		}
		if d.r.Doc.URL != "" {
			if _, ok := urls[d.r.Doc.URL]; !ok {
				urls[d.r.Doc.URL] = i
			}
		}
		if k := normTitle(d.r.Doc.Title); k != "" {
			if _, ok := titles[k]; !ok {
				titles[k] = i
			}
		}
	}
	return out
}

// storyGap is how far apart two reports of one story may be published:
// a story about bird flu in 2015 is not the one in 2024, however alike.
const storyGap = 4 * 24 * time.Hour

// close reports whether two reports were published (else first seen) near
// enough in time to be one story.
func close(a, b *doc) bool {
	if a.at == 0 || b.at == 0 {
		return true
	}
	d := a.at - b.at
	return d <= int64(storyGap/time.Second) && d >= -int64(storyGap/time.Second)
}

// features are the term counts of a report's title (counted twice: it
// names the story) and lead sentences.
func features(d *doc) map[string]float64 {
	f := map[string]float64{}
	for t := range terms(d.r.Doc.Title) {
		f[t] += 2
	}
	for i, s := range d.lead {
		if i == leadSentences {
			break
		}
		for t := range terms(d.r.Doc.Text[s.start:s.end]) {
			f[t]++
		}
	}
	if len(f) == 0 {
		f["\x00"+d.r.Doc.ID] = 1 // nothing to compare: its own story
	}
	return f
}

func normTitle(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// terms are the content words of s, lowercased and crudely stemmed.
func terms(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) < 2 || stopwords[w] {
			continue
		}
		out[stem(w)] = true
	}
	return out
}

// stem folds plurals and possessives, enough for "sanction"/"sanctions".
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if of to in on at by for with from as into onto over under
	about after before between during against than then so such that this these those there here it its it's is are was were be been being
	has have had having do does did will would shall should can could may might must not no nor only own same too very just also
	he she they them their his her hers him we us our you your i me my mine who whom whose which what when where why how
	all any both each few more most other some up down out off again further once said says say told tells new one two
	s t don now per via amid while since until upon within without among across mr mrs ms dr`) {
		m[w] = true
	}
	return m
}()
