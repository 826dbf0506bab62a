package digest

import (
	"github.com/briefbot/briefbot/claim"
	"github.com/briefbot/briefbot/corpus"
)

// maxDigestDifferences bounds the figures a story shows as differing.
const maxDigestDifferences = 2

// reportsDiffer finds the figures a story's reports give differently, read
// from each report's lead (what the digest groups them by), so that two
// reports that disagree are never shown as confirming each other.
func reportsDiffer(g []*doc) []corpus.Difference {
	if len(g) < 2 {
		return nil
	}
	var claims []claim.Sourced
	for i, d := range g {
		text := d.r.Doc.Text
		lead := firstCandidates(text, novelLead)
		if len(lead) == 0 {
			continue
		}
		passage := text[:lead[len(lead)-1].end]
		for _, c := range claim.Extract(passage) {
			claims = append(claims, claim.Sourced{Claim: c, Source: d.source, Published: d.r.Doc.Published, Doc: d.r.Doc.ID, Ref: i, Passage: passage})
		}
	}
	if len(claims) < 2 {
		return nil
	}
	var out []corpus.Difference
	for _, d := range claim.Differences(claims) {
		if len(out) == maxDigestDifferences {
			break
		}
		cd := corpus.Difference{About: d.About, Update: d.Update}
		for _, c := range d.Claims {
			cd.Claims = append(cd.Claims, corpus.DifferenceClaim{Value: c.Text, Source: c.Source, Published: c.Published, By: c.By, Period: c.Period})
		}
		out = append(out, cd)
	}
	return out
}
