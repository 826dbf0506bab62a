package index

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

// followUpIndex holds the default corpus and two reports about other
// missiles, which fit "What about missiles?" alone better than the default
// corpus's one sentence on North Korea's missiles for Russia.
func followUpIndex(t *testing.T) *Index {
	t.Helper()
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs,
		corpus.Document{ID: "iran", Title: "Drills over the Gulf of Oman", Source: "Gulf Wire", Published: time.Date(2024, 9, 3, 0, 0, 0, 0, time.UTC),
			Text: "Iran test-fired two ballistic missiles over the Gulf of Oman on Tuesday, state media reported. The missiles struck targets about 1,000 km away, a military spokesman said."},
		corpus.Document{ID: "redsea", Title: "Attack on a cargo ship", Source: "Sea Wire", Published: time.Date(2024, 8, 5, 0, 0, 0, 0, time.UTC),
			Text: "Houthi rebels fired anti-ship missiles at a cargo vessel in the Red Sea on Monday. The missiles missed, the shipping company said."},
	)
	ix := openTest(t, nil)
	if _, err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

const (
	shellsQuestion = "How many artillery shells has North Korea sent to Russia?"
	iranQuestion   = "What did Iran test-fire over the Gulf of Oman?"
	northKoreaDoc  = "default:000_8a03083235905069"
)

func askInContext(t *testing.T, ix *Index, s string, f FollowUp) corpus.Answer {
	t.Helper()
	q, err := corpus.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ix.AskInContext(context.Background(), q, f)
	if err != nil {
		t.Fatalf("AskInContext(%q): %v", s, err)
	}
	return a
}

func firstDoc(a corpus.Answer) string {
	if len(a.Citations) == 0 {
		return ""
	}
	return a.Citations[0].DocID
}

// "What about missiles?" after a question about the shells North Korea
// sent to Russia asks about the missiles North Korea sent to Russia.
func TestAskInContextFollowsTheThread(t *testing.T) {
	ix := followUpIndex(t)
	first := askText(t, ix, shellsQuestion)
	if firstDoc(first) != northKoreaDoc {
		t.Fatalf("first question answered from %q", firstDoc(first))
	}
	var cited []string
	for _, c := range first.Citations {
		cited = append(cited, c.DocID)
	}

	// Alone, the follow-up's words fit the other reports best: without
	// that, this test could not tell context from luck.
	alone := askText(t, ix, "What about missiles?")
	if d := firstDoc(alone); d == northKoreaDoc || d == "" {
		t.Fatalf("alone, the follow-up was answered from %q: %q", d, alone.Answer)
	}

	for name, f := range map[string]FollowUp{
		"question and documents": {Earlier: []Earlier{{Question: shellsQuestion, Docs: cited, Weight: 0.5}}},
		"question only":          {Earlier: []Earlier{{Question: shellsQuestion, Weight: 0.5}}},
	} {
		a := askInContext(t, ix, "What about missiles?", f)
		if firstDoc(a) != northKoreaDoc || !strings.Contains(a.Answer, "North Korea") || !strings.Contains(a.Answer, "missiles") {
			t.Errorf("%s: answered from %q: %q", name, firstDoc(a), a.Answer)
		}
		if a.Question != "What about missiles?" {
			t.Errorf("%s: the answer's question is %q, not the follow-up as asked", name, a.Question)
		}
	}
}

// The latest question counts most: the same two earlier questions in the
// other order give the other answer (with bot/thread's weights, .5 for the
// latest and a quarter of that for the one before).
func TestAskInContextLatestCountsMost(t *testing.T) {
	ix := followUpIndex(t)
	nkLatest := FollowUp{Earlier: []Earlier{{Question: shellsQuestion, Weight: 0.5}, {Question: iranQuestion, Weight: 0.125}}}
	iranLatest := FollowUp{Earlier: []Earlier{{Question: iranQuestion, Weight: 0.5}, {Question: shellsQuestion, Weight: 0.125}}}
	if a := askInContext(t, ix, "What about missiles?", nkLatest); firstDoc(a) != northKoreaDoc {
		t.Errorf("North Korea latest: answered from %q: %q", firstDoc(a), a.Answer)
	}
	if a := askInContext(t, ix, "What about missiles?", iranLatest); firstDoc(a) != "iran" {
		t.Errorf("Iran latest: answered from %q: %q", firstDoc(a), a.Answer)
	}
}

// No context, or context of no weight, is Ask; the follow-up's own
// filters still apply, and a follow-up naming only a time takes its
// subject from the thread.
//
// A filter that leaves only passages off the thread's subject declines:
// "What about missiles? source:Gulf" in a thread about North Korea asks
// for North Korea's missiles from that source, which it does not report.
func TestAskInContextEdges(t *testing.T) {
	ix := followUpIndex(t)
	plain := askText(t, ix, "What about missiles?")
	for name, f := range map[string]FollowUp{
		"none":          {},
		"weightless":    {Earlier: []Earlier{{Question: shellsQuestion, Docs: []string{northKoreaDoc}, Weight: 0}}},
		"unparseable":   {Earlier: []Earlier{{Question: strings.Repeat("x ", corpus.MaxQuestionBytes)}}},
		"same words":    {Earlier: []Earlier{{Question: "missiles", Weight: 0.5}}},
		"empty earlier": {Earlier: []Earlier{{Question: "", Weight: 1}}},
	} {
		a := askInContext(t, ix, "What about missiles?", f)
		if firstDoc(a) != firstDoc(plain) || a.Answer != plain.Answer {
			t.Errorf("%s: %q from %q, want Ask's %q from %q", name, a.Answer, firstDoc(a), plain.Answer, firstDoc(plain))
		}
	}
	ctx := FollowUp{Earlier: []Earlier{{Question: shellsQuestion, Docs: []string{northKoreaDoc}, Weight: 0.5}}}
	if a := askInContext(t, ix, "What about missiles? source:Gulf", ctx); !a.Declined() {
		t.Errorf("source:Gulf in the follow-up: %q from %q", a.Answer, firstDoc(a))
	}
	if a := askInContext(t, ix, "What about missiles? -Korea", ctx); firstDoc(a) == northKoreaDoc {
		t.Errorf("-Korea in the follow-up: answered from %q", firstDoc(a))
	}
	if a := askInContext(t, ix, "And since 2023?", ctx); firstDoc(a) != northKoreaDoc || a.Notice != "" {
		t.Errorf("a follow-up naming only a time: %q from %q (notice %q)", a.Answer, firstDoc(a), a.Notice)
	}
}
