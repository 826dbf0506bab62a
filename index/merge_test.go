package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/briefbot/briefbot/corpus"
)

// Compaction leaves one segment from many batches, and the same answers.
func TestCompactMergesSegments(t *testing.T) {
	ix := openTest(t, nil)
	ctx := context.Background()
	docs := readDocs(t, "testdata/corpus.jsonl")
	// A batch makes a segment. Bleve's own merging leaves alone segments
	// of 2,000 passages or more while a tier has ten or fewer.
	for b := range 3 {
		batch := slices.Clone(docs)
		for i := range 2000 {
			batch = append(batch, corpus.Document{ID: fmt.Sprintf("note-%d-%d", b, i), Title: "Weather", Text: fmt.Sprintf("Weather note %d: rain in the north.", i)})
		}
		if _, err := ix.Add(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	const question = "How many artillery shells has North Korea shipped to Russia?"
	before := fmt.Sprint(askText(t, ix, question).Citations)
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		t.Helper()
		n, err := segmentCount(adv.(*scorch.Scorch))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n < 2 {
		t.Fatalf("%d segments before compaction, want several", n)
	}
	n, err := ix.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := count(); n != 1 || left != 1 {
		t.Errorf("%d segments after compaction (reported %d), want 1", left, n)
	}
	if after := fmt.Sprint(askText(t, ix, question).Citations); after != before {
		t.Errorf("citations changed by compaction:\n%s\nwant\n%s", after, before)
	}
}
