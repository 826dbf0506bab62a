package corpus_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index"
)

// TestFrontMatterThroughIndex loads Markdown and text files that carry
// their metadata in front matter and header lines, indexes them, and asks:
// the citations and the digest's documents have the title, source, date
// and link the files gave, and no passage quotes the front matter.
func TestFrontMatterThroughIndex(t *testing.T) {
	ctx := context.Background()
	var docs []corpus.Document
	var warns []corpus.Warning
	err := corpus.Load(ctx, []string{
		filepath.Join("testdata", "load", "frontmatter", "full.md"),
		filepath.Join("testdata", "load", "headers", "headers.txt"),
	}, func(d corpus.Document) error { docs = append(docs, d); return nil }, func(w corpus.Warning) { warns = append(warns, w) })
	if err != nil || len(warns) > 0 || len(docs) != 2 {
		t.Fatalf("load: %v, warnings %v, %d documents", err, warns, len(docs))
	}
	now := time.Date(2025, 3, 6, 8, 0, 0, 0, time.UTC)
	ix, err := index.Open(ctx, filepath.Join(t.TempDir(), "index"), index.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		question, title, source, url, published string
	}{
		{"How many shipping containers are on the quay at Rajin?", "Rajin port: containers pile up", "Border Times",
			"https://www.bordertimes.example/2025/03/rajin", "2025-03-05"},
		{"When did the rail bridge between Khasan and Tumangang reopen?", "Rail link reopens", "Border Times",
			"https://www.bordertimes.example/2025/03/rail-link", "2025-03-05"},
	} {
		q, err := corpus.ParseQuery(c.question)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ix.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Citations) == 0 {
			t.Fatalf("%q: no citations (related %v)", c.question, a.Related)
		}
		top := a.Citations[0]
		if top.Title != c.title || top.Source != c.source || top.URL != c.url || top.PublishedString() != c.published {
			t.Errorf("%q: cited %q from %q at %q on %q; want %q from %q at %q on %q", c.question,
				top.Title, top.Source, top.URL, top.PublishedString(), c.title, c.source, c.url, c.published)
		}
		for _, cit := range append(a.Citations, a.Related...) {
			for _, yaml := range []string{"title:", "authors:", "Date:", "Source:", "---"} {
				if strings.Contains(cit.Passage, yaml) {
					t.Errorf("%q: passage quotes the metadata (%q): %q", c.question, yaml, cit.Passage)
				}
			}
		}
	}

	recent, err := ix.Recent(ctx, index.RecentQuery{After: now.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) != 2 {
		t.Fatalf("%d recent documents, want 2", len(recent))
	}
	for _, r := range recent {
		if r.Doc.Source != "Border Times" || r.Doc.Published.Format(time.DateOnly) != "2025-03-05" || r.Doc.Title == "---" {
			t.Errorf("digest document %q: source %q, published %v", r.Doc.Title, r.Doc.Source, r.Doc.Published)
		}
	}
}
