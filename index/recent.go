package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/corpus"
)

// Document returns one document with its text as ingested (from an older
// store: rebuilt from its passages, with paragraph breaks between them).
func (ix *Index) Document(ctx context.Context, id string) (corpus.Document, bool, error) {
	recs, err := ix.store.get([]string{id})
	if err != nil {
		return corpus.Document{}, false, fmt.Errorf("index: document %q: %w", id, err)
	}
	rec, ok := recs[id]
	if !ok {
		return corpus.Document{}, false, nil
	}
	r := []Recent{{Doc: corpus.Document{ID: id, Title: rec.Title, Source: rec.Source, URL: rec.URL, Published: rec.Published, FirstSeen: rec.FirstSeen}}}
	if err := ix.fillTexts(ctx, r, 0); err != nil {
		return corpus.Document{}, false, err
	}
	return r[0].Doc, true, nil
}

// fillTexts gives documents their text and authors from the store, in
// chunks so a large window does not hold one long read transaction; a
// document the store has no text for is rebuilt from its passages.
func (ix *Index) fillTexts(ctx context.Context, docs []Recent, limit int) error {
	const chunk = 256
	for start := 0; start < len(docs); start += chunk {
		part := docs[start:min(start+chunk, len(docs))]
		limits := make(map[string]int, len(part))
		for i := range part {
			limits[part[i].Doc.ID] = limit
		}
		texts, err := ix.store.texts(limits)
		if err != nil {
			return fmt.Errorf("index: read texts: %w", err)
		}
		for i := range part {
			if st, ok := texts[part[i].Doc.ID]; ok {
				part[i].Doc.Text, part[i].Doc.Authors = st.Text, st.Authors
				continue
			}
			text, err := ix.documentText(ctx, part[i].Doc.ID)
			if err != nil {
				return err
			}
			if limit > 0 && len(text) > limit {
				text = strings.ToValidUTF8(text[:limit], "")
			}
			part[i].Doc.Text = text
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (ix *Index) documentText(ctx context.Context, id string) (string, error) {
	hits, err := ix.passagesOf(ctx, id, fText)
	if err != nil {
		return "", err
	}
	type part struct {
		n    int
		text string
	}
	parts := make([]part, 0, len(hits))
	for _, h := range hits {
		n, _ := passageN(id, h.ID)
		t, _ := h.Fields[fText].(string)
		parts = append(parts, part{n, t})
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].n < parts[j].n })
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.text)
	}
	return b.String(), nil
}

// Recent finds documents first ingested in (After, Until], best first: by
// topic relevance when a topic is given, else newest first.
func (ix *Index) Recent(ctx context.Context, q RecentQuery) ([]Recent, error) {
	var cands []Recent
	passages := map[string]int{}
	ix.commitMu.RLock()
	err := ix.store.seenAfter(q.After, func(id string, r docRecord) bool {
		if !q.Until.IsZero() && r.FirstSeen.After(q.Until) {
			return false
		}
		cands = append(cands, Recent{Doc: corpus.Document{ID: id, Title: r.Title, Source: r.Source, URL: r.URL, Published: r.Published, FirstSeen: r.FirstSeen}})
		passages[id] = r.Passages
		return true
	})
	ix.commitMu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("index: recent documents: %w", err)
	}
	if strings.TrimSpace(q.Topic) != "" && len(cands) > 0 {
		scores, err := ix.topicScores(ctx, q, passages)
		if err != nil {
			return nil, err
		}
		kept := cands[:0]
		for _, c := range cands {
			if s, ok := scores[c.Doc.ID]; ok {
				c.Score = s
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Score != cands[j].Score {
			return cands[i].Score > cands[j].Score
		}
		if !cands[i].Doc.FirstSeen.Equal(cands[j].Doc.FirstSeen) {
			return cands[i].Doc.FirstSeen.After(cands[j].Doc.FirstSeen)
		}
		return cands[i].Doc.Published.After(cands[j].Doc.Published)
	})
	if q.Limit > 0 && len(cands) > q.Limit {
		cands = cands[:q.Limit]
	}
	if err := ix.fillTexts(ctx, cands, q.TextLimit); err != nil {
		return nil, err
	}
	return cands, nil
}

// topicScores ranks passages first seen in the range against the topic and
// keeps each document's best score; documents where the topic covers too
// little of the passage evidence are left out.
func (ix *Index) topicScores(ctx context.Context, q RecentQuery, in map[string]int) (map[string]float64, error) {
	tq, err := corpus.ParseQuery(q.Topic)
	if err != nil {
		return nil, err
	}
	qts := ix.questionTerms(tq)
	if len(qts) == 0 {
		return map[string]float64{}, nil
	}
	bq, err := ix.buildQuery(tq, qts)
	if err != nil {
		return nil, err
	}
	// Only the documents in range: their ids, not a date range, since
	// first-seen times are kept in the document store.
	ids := make([]query.Query, 0, len(in))
	for id := range in {
		tq := query.NewTermQuery(id)
		tq.SetField(fDoc)
		ids = append(ids, tq)
	}
	full := query.NewConjunctionQuery([]query.Query{bq, query.NewDisjunctionQuery(ids)})
	// Room for every passage of the documents in range, so a large
	// window loses none to a cap.
	size := 0
	for _, n := range in {
		size += n
	}
	req := bleve.NewSearchRequestOptions(full, min(max(size, 10), 200000), 0, false)
	req.PreSearchData = ix.bm25Data()
	req.Fields = []string{fDoc}
	phrased := len(phrasesIn(full, ix.text)) > 0
	if phrased {
		req.Fields = withSpans(append(req.Fields, fText))
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: topic search: %w", err)
	}
	hits := res.Hits
	if phrased {
		if hits, err = ix.passageTexts(hits, req.Fields); err != nil {
			return nil, err
		}
		// Bleve matched the phrases' words anywhere (phrase.go).
		terms := termsIn(full)
		hits = slices.DeleteFunc(hits, func(h *search.DocumentMatch) bool {
			text, _ := h.Fields[fText].(string)
			return !holdsPhrases(full, ix.locations(text, terms))
		})
	}
	out := map[string]float64{}
	if len(hits) == 0 {
		return out, nil
	}
	top := hits[0].Score
	for _, h := range hits {
		// Keep documents scoring within reach of the best match, so one
		// stray mention of a topic word does not make a story relevant.
		if h.Score < top*0.25 {
			break
		}
		d, _ := h.Fields[fDoc].(string)
		if _, ok := out[d]; !ok {
			out[d] = h.Score / top
		}
	}
	return out, nil
}
