package claim

import (
	"os"
	"strings"
	"testing"
)

// splitBlank splits text at blank lines.
func splitBlank(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// BenchmarkExtract extracts the claims of ten news passages (testdata, 550
// bytes on average like news-2024's): one question's cited passages and
// candidates. ns/op is the cost per question.
func BenchmarkExtract(b *testing.B) {
	raw, err := os.ReadFile("testdata/passages.txt")
	if err != nil {
		b.Fatal(err)
	}
	ps := splitBlank(string(raw))
	size := 0
	for _, p := range ps {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			Extract(p)
		}
	}
}

// benchQuestions are questions about the figures of testdata/passages.txt.
var benchQuestions = []string{
	"How many people died in the hurricane?",
	"How many flights did the airline cancel?",
	"How much was Acme fined?",
	"How many containers has North Korea sent to Russia?",
}

// BenchmarkTopicClaims is what ask pays per question: the claims about the
// question in ten passages, reading only the sentences that name it.
func BenchmarkTopicClaims(b *testing.B) {
	raw, err := os.ReadFile("testdata/passages.txt")
	if err != nil {
		b.Fatal(err)
	}
	ps := splitBlank(string(raw))
	for _, q := range benchQuestions {
		b.Run(strings.Fields(q)[3], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				t := ParseTopic(q)
				for _, p := range ps {
					t.Claims(p)
				}
			}
		})
	}
}

// BenchmarkDifferences compares the claims of those passages, as if each
// came from its own source on the same day.
func BenchmarkDifferences(b *testing.B) {
	raw, err := os.ReadFile("testdata/passages.txt")
	if err != nil {
		b.Fatal(err)
	}
	var cs []Sourced
	for i, p := range splitBlank(string(raw)) {
		for _, c := range Extract(p) {
			cs = append(cs, Sourced{Claim: c, Source: string(rune('A' + i)), Ref: i + 1, Passage: p})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Differences(cs)
	}
}
