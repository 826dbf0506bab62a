package digest

import (
	"math"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// A story continues an earlier one when their titles and sentences share
// this much (cosine of their term sets, unweighted: the earlier story's
// reports are no longer at hand for idf) and the earlier one is at most
// updateWindow old. Set on the invented stories of updates_test.go.
const (
	continueThreshold = 0.3
	updateWindow      = 30 * 24 * time.Hour
	// minNovel is how many new content words make a continuing story news:
	// fewer, and its reports are rereports.
	minNovel = 3
	// novelLead is how many sentence candidates of each report are read
	// for what is new.
	novelLead = 5
)

type earlierStory struct {
	ref   corpus.StoryRef
	terms map[string]bool
}

func earlierStories(refs []corpus.StoryRef) []earlierStory {
	out := make([]earlierStory, 0, len(refs))
	for _, r := range refs {
		ts := terms(r.Title)
		for t := range terms(r.Text) {
			ts[t] = true
		}
		if len(ts) > 0 {
			out = append(out, earlierStory{r, ts})
		}
	}
	return out
}

// continues returns the earlier story g continues, nil when none.
func continues(g []*doc, earlier []earlierStory) *earlierStory {
	if len(earlier) == 0 {
		return nil
	}
	lead := leadOf(g)
	ts := terms(lead.r.Doc.Title)
	for _, s := range lead.lead {
		for t := range terms(lead.r.Doc.Text[s.start:s.end]) {
			ts[t] = true
		}
	}
	at := reportDate(lead.r.Doc)
	var best *earlierStory
	bestSim := continueThreshold
	for i := range earlier {
		e := &earlier[i]
		if !at.IsZero() && !e.ref.Date.IsZero() && (at.Sub(e.ref.Date) > updateWindow || e.ref.Date.Sub(at) > updateWindow) {
			continue
		}
		if sim := cosineSets(ts, e.terms); sim >= bestSim {
			best, bestSim = e, sim
		}
	}
	return best
}

// novelTerms are the content words of the story's reports (titles and
// leads) that the earlier story did not have.
func novelTerms(g []*doc, e *earlierStory) map[string]bool {
	out := map[string]bool{}
	for _, d := range g {
		text := d.r.Doc.Text
		words := terms(d.r.Doc.Title)
		for _, s := range firstCandidates(text, novelLead) {
			for t := range terms(text[s.start:s.end]) {
				words[t] = true
			}
		}
		for t := range words {
			if !e.terms[t] {
				out[t] = true
			}
		}
	}
	return out
}

func cosineSets(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / math.Sqrt(float64(len(a))*float64(len(b)))
}
