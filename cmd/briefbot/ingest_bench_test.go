package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
)

// The CLI benchmarks run `briefbot ingest` and `briefbot eval` in-process on
// XQuAD-in-news, as the README measures them. Their CPU profile is
// default.pgo, the profile Go builds this binary with:
//
//	go test ./cmd/briefbot -run '^$' -bench CLI -benchtime 1x -cpuprofile cmd/briefbot/default.pgo
//
// They skip without ../shared (BRIEFBOT_SHARED points elsewhere).

// BenchmarkIngestCLI ingests XQuAD and news-2024 into a new data folder.
func BenchmarkIngestCLI(b *testing.B) {
	xq, news := sharedCorpus(b, "xquad-en.json"), sharedCorpus(b, "news-2024.jsonl.gz")
	paragraphs := countParagraphs(b, news)
	for b.Loop() {
		cli(b, b.TempDir(), "ingest", "-q", xq, news)
	}
	b.ReportMetric(float64(paragraphs)*float64(b.N)/b.Elapsed().Seconds(), "paragraphs/s")
}

// BenchmarkEvalCLI answers XQuAD's questions from the index ingest builds.
func BenchmarkEvalCLI(b *testing.B) {
	xq, news := sharedCorpus(b, "xquad-en.json"), sharedCorpus(b, "news-2024.jsonl.gz")
	data := b.TempDir()
	cli(b, data, "ingest", "-q", xq, news)
	for b.Loop() {
		cli(b, data, "eval", xq)
	}
}

// cli runs briefbot with args on the data folder, failing on a non-zero
// exit.
func cli(b *testing.B, data string, args ...string) string {
	b.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb)
	m.Getenv = func(string) string { return "" }
	code := m.Run(context.Background(), append([]string{"--data", data}, args...))
	if err := m.Close(); err != nil {
		b.Fatalf("close: %v", err)
	}
	if code != 0 {
		b.Fatalf("%s: exit %d: %s", args[0], code, errb.String())
	}
	return out.String()
}

func sharedCorpus(b *testing.B, name string) string {
	b.Helper()
	dir := os.Getenv("BRIEFBOT_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	p := filepath.Join(dir, "corpora", name)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("%s not found (set BRIEFBOT_SHARED)", p)
	}
	return p
}

// countParagraphs counts the paragraphs of the documents in path, as the
// README's ingest rates do.
func countParagraphs(b *testing.B, path string) int {
	n := 0
	err := corpus.Load(context.Background(), []string{path}, func(d corpus.Document) error {
		n += strings.Count(d.Text, "\n\n") + 1
		return nil
	}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return n
}
