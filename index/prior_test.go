package index

import (
	"context"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/corpus"
	"github.com/briefbot/briefbot/index/wordvec"
)

// TestSmallCorpusAnswersParaphrases asks the default corpus alone, a
// dozen passages, questions worded in common words it does not use. Their
// absence must not weigh like a missing name: the passage that answers
// is cited first, not declined.
func TestSmallCorpusAnswersParaphrases(t *testing.T) {
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix := datedIndex(t, nil, docs)
	for _, tt := range []struct{ q, answer string }{
		{"When did the Ukrainian leader claim Pyongyang was moving personnel into Moscow's military?", "13 October"},
		{"What share of the South Korean public thinks Seoul should build its own atomic arsenal?", "76.6 per cent"},
		{"What are South Koreans increasingly doubting about Washington?", "reliability of US security commitments"},
	} {
		q, err := corpus.ParseQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Citations) == 0 || !strings.Contains(r.Citations[0].Passage, tt.answer) {
			t.Errorf("%q: want %q cited first, got answer %q", tt.q, tt.answer, r.Answer)
		}
	}
}

func TestBackgroundShare(t *testing.T) {
	words, err := wordvec.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		word     string
		min, max float64
	}{
		{"the", 0.4, 0.5},
		{"military", 0.01, 0.1},
		{"personnel", 0.001, 0.01},
		{"denuclearisation", unknownShare, unknownShare},
		{"north korea", unknownShare, unknownShare},
		{"2022", 0.2, 0.2},
		{"90,000", 0.2, 0.2},
	} {
		if got := backgroundShare(words, tt.word, 0.2); got < tt.min || got > tt.max {
			t.Errorf("backgroundShare(%q) = %g, want in [%g, %g]", tt.word, got, tt.min, tt.max)
		}
	}
	if got := backgroundShare(nil, "military", 0.2); got != unknownShare {
		t.Errorf("without a table: %g, want %g", got, unknownShare)
	}
}
