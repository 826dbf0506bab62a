package docsync

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// BenchmarkCatchUp measures how fast a new replica catches up: one
// replica ingests 2,000 documents of about 2 KB, and each iteration a
// fresh replica follows them all into its own index.
func BenchmarkCatchUp(b *testing.B) {
	db := openDB(b)
	a, _ := replica(b, db)
	const n = 2000
	docs := make([]corpus.Document, n)
	for i := range docs {
		docs[i] = corpus.Document{ID: fmt.Sprintf("d%d", i), Title: fmt.Sprintf("Report %d", i),
			Text: strings.Repeat(fmt.Sprintf("Harbour crane %d was damaged in the storm and the port authority will replace it. ", i), 24)}
	}
	for i := 0; i < n; i += 200 {
		if _, err := a.Add(b.Context(), docs[i:i+200]); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		_, f := replica(b, db)
		got, err := f.CatchUp(b.Context())
		if err != nil || got != n {
			b.Fatalf("caught up %d, %v", got, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
