package index

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/briefbot/briefbot/corpus"
)

// emptiedBy says which filter of q left nothing to answer from: a source
// name or a date no document has ("No source is named like "USA Today".
// Nearest: usatoday.com, …", or the largest sources when no name is
// near), or a filter without which there is an answer. It returns "" when
// the filters are not the reason.
func (ix *Index) emptiedBy(ctx context.Context, q corpus.Query, when corpus.When, rk Ranking) (string, error) {
	if !q.HasFilters() {
		return "", nil
	}
	kind := questionKind(q.Text)
	answersWithout := func(drop func(*corpus.Query)) (bool, error) {
		q2 := q
		drop(&q2)
		cands, _, err := ix.candidates(ctx, q2, when, rk)
		if err != nil {
			return false, err
		}
		for _, c := range cands {
			if c.answers(rk, kind) {
				return true, nil
			}
		}
		return false, nil
	}
	if len(q.Sources) > 0 {
		names, err := ix.sourceNames()
		if err != nil {
			return "", err
		}
		matched := 0
		for _, s := range q.Sources {
			if hasPrefixFold(names, s) {
				matched++
			}
		}
		// A name no source has is worth saying whatever else matches.
		if matched == 0 {
			msg := fmt.Sprintf("No source is named like %s.", quoteList(q.Sources))
			var near []string
			for _, s := range q.Sources {
				n, err := ix.NearestSources(ctx, s, 3)
				if err != nil {
					return "", err
				}
				near = append(near, n...)
			}
			if near = slices.Compact(near); len(near) > 3 {
				near = near[:3]
			}
			if len(near) > 0 {
				msg += " Nearest: " + strings.Join(near, ", ") + "."
				return msg, nil
			}
			// Nothing is spelled near: say what there is instead.
			srcs, err := ix.Sources(ctx)
			if err != nil {
				return "", err
			}
			if len(srcs) > 0 {
				var big []string
				for _, s := range srcs[:min(3, len(srcs))] {
					big = append(big, s.Name)
				}
				msg += fmt.Sprintf(" Sources with the most documents: %s (%d in all).", strings.Join(big, ", "), len(srcs))
			}
			return msg, nil
		}
		ok, err := answersWithout(func(q *corpus.Query) { q.Sources = nil })
		if err != nil || !ok {
			return "", err
		}
		return fmt.Sprintf("Nothing from %s answers that, though other sources do; drop source: to see them.", quoteList(q.Sources)), nil
	}
	if !q.After.IsZero() {
		// Dates past every source are worth saying whatever else matches.
		newest, err := ix.newestPublished(ctx)
		if err != nil {
			return "", err
		}
		if !newest.IsZero() && newest.Before(q.After) {
			return fmt.Sprintf("No source is published on or after %s; the newest is from %s.", q.After.Format(time.DateOnly), newest.Format(time.DateOnly)), nil
		}
	}
	if !q.After.IsZero() || !q.Before.IsZero() {
		ok, err := answersWithout(func(q *corpus.Query) { q.After, q.Before = time.Time{}, time.Time{} })
		if err != nil || !ok {
			return "", err
		}
		return fmt.Sprintf("Nothing published %s answers that, though earlier or later reporting does; widen the dates to see it.", dateRange(q.After, q.Before)), nil
	}
	if len(q.Phrases) > 0 {
		ok, err := answersWithout(func(q *corpus.Query) { q.Phrases = nil })
		if err != nil || !ok {
			return "", err
		}
		return fmt.Sprintf("No passage that answers holds the exact phrase %s; without the quotes there is an answer.", quoteList(q.Phrases)), nil
	}
	if len(q.Exclude) > 0 {
		ok, err := answersWithout(func(q *corpus.Query) { q.Exclude = nil })
		if err != nil || !ok {
			return "", err
		}
		words := make([]string, len(q.Exclude))
		for i, w := range q.Exclude {
			words[i] = "-" + w
		}
		return fmt.Sprintf("Every passage that answers mentions what %s leaves out.", strings.Join(words, " ")), nil
	}
	return "", nil
}

func dateRange(after, before time.Time) string {
	switch {
	case !after.IsZero() && !before.IsZero():
		return fmt.Sprintf("from %s to %s", after.Format(time.DateOnly), before.Format(time.DateOnly))
	case !after.IsZero():
		return "on or after " + after.Format(time.DateOnly)
	default:
		return "on or before " + before.Format(time.DateOnly)
	}
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " or ")
}

// sourceNames lists the indexed source names (lowercased, as source:
// matches them).
func (ix *Index) sourceNames() ([]string, error) {
	d, err := ix.bleve.FieldDict(fSource)
	if err != nil {
		return nil, fmt.Errorf("index: source names: %w", err)
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("index: source names: %w", err)
		}
		if e == nil {
			return out, nil
		}
		out = append(out, e.Term)
	}
}

func hasPrefixFold(names []string, s string) bool {
	for _, m := range sourceMatches(s) {
		for _, n := range names {
			if strings.HasPrefix(n, m) {
				return true
			}
		}
	}
	return false
}

// sourceKeys are the names source: finds a document by: its source as
// given and its web site, each also squashed, so that source:"USA Today"
// finds usatoday.com's documents and source:usatoday finds "USA Today".
func sourceKeys(d *corpus.Document) []string {
	var keys []string
	add := func(k string) {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	add(d.Source)
	add(squash(d.Source))
	if u, err := url.Parse(d.URL); err == nil && u.Hostname() != "" {
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		add(host)
		add(squash(host))
	}
	return keys
}

// sourceMatches are the prefixes a source: filter matches sourceKeys by.
func sourceMatches(s string) []string {
	out := []string{strings.ToLower(s)}
	if sq := squash(s); sq != "" && sq != out[0] {
		out = append(out, sq)
	}
	return out
}

// squash keeps letters and digits, lowercased: "USA Today" and
// "usatoday.com" become "usatoday" and "usatodaycom".
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// nearestNames returns up to n names closest to any of asked: those that
// contain it or that it contains once spaces and dots are gone first, then
// those fewest edits away.
func nearestNames(names, asked []string, n int) []string {
	type scored struct {
		name  string
		apart bool // neither contains the other
		d     int
	}
	var out []scored
	for _, name := range names {
		sq := squash(name)
		best := scored{name: name, d: -1}
		for _, a := range asked {
			sa := squash(a)
			if sa == "" || sq == "" {
				continue
			}
			s := scored{name, !strings.Contains(sq, sa) && !strings.Contains(sa, sq), corpus.EditDistance(sa, sq)}
			if best.d < 0 || !s.apart && best.apart || s.apart == best.apart && s.d < best.d {
				best = s
			}
		}
		if best.d >= 0 && (!best.apart || best.d <= max(2, len(squash(strings.Join(asked, "")))/3)) {
			out = append(out, best)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].apart != out[j].apart {
			return !out[i].apart
		}
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return out[i].name < out[j].name
	})
	var names2 []string
	for _, s := range out[:min(n, len(out))] {
		names2 = append(names2, s.name)
	}
	return names2
}

// withoutExcludedTitles drops hits whose document title has an excluded
// word (compared as the text field analyses them).
func (ix *Index) withoutExcludedTitles(hits search.DocumentMatchCollection, exclude []string) search.DocumentMatchCollection {
	if len(exclude) == 0 {
		return hits
	}
	terms := map[string]bool{}
	for _, w := range exclude {
		for _, tok := range analyze(ix.text, w) {
			terms[string(tok.Term)] = true
		}
	}
	kept := hits[:0]
	for _, h := range hits {
		title, _ := h.Fields[fTitle].(string)
		drop := false
		for _, tok := range analyze(ix.text, title) {
			if terms[string(tok.Term)] {
				drop = true
				break
			}
		}
		if !drop {
			kept = append(kept, h)
		}
	}
	return kept
}
