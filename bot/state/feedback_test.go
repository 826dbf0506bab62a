package state

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/corpus"
)

func ratedAnswer() *corpus.Answer {
	p := "North Korea has sent about 20,000 containers of munitions to Russia. The shipments began in August."
	return &corpus.Answer{
		Question:  "How many containers?",
		Answer:    "North Korea has sent about 20,000 containers of munitions to Russia. [1]",
		Sentences: []corpus.AnswerSentence{{Text: "North Korea has sent about 20,000 containers of munitions to Russia.", N: 1}},
		Citations: []corpus.Citation{
			{N: 1, DocID: "d1", Passage: p, Sentence: [2]int{0, strings.Index(p, " The")}},
			{N: 2, DocID: "d2", Passage: "Containers keep arriving.", Sentence: [2]int{0, 99}}, // a range past the end is ignored
			{N: 3, DocID: "d1", Passage: "The shipments began in August."},
		},
	}
}

func TestAnswerFeedback(t *testing.T) {
	f := AnswerFeedback(ratedAnswer())
	if f.Question != "How many containers?" || len(f.Sentences) != 1 || f.Sentences[0] != "North Korea has sent about 20,000 containers of munitions to Russia." {
		t.Errorf("question %q, sentences %q", f.Question, f.Sentences)
	}
	if strings.Join(f.Docs, ",") != "d1,d2" {
		t.Errorf("docs %q, want each cited document once, best first", f.Docs)
	}
	if len(f.Passages) != 3 || f.Passages[0].Sentence != f.Sentences[0] || f.Passages[1].Sentence != "" || f.Passages[2].N != 3 {
		t.Errorf("passages %+v", f.Passages)
	}
	if z := AnswerFeedback(nil); z.Question != "" || z.Docs != nil {
		t.Errorf("nil answer: %+v", z)
	}
	many := ratedAnswer()
	for i := range 10 {
		many.Citations = append(many.Citations, corpus.Citation{N: 4 + i, DocID: "x", Passage: "x"})
	}
	if n := len(AnswerFeedback(many).Passages); n != MaxFeedbackPassages {
		t.Errorf("%d passages kept, want %d", n, MaxFeedbackPassages)
	}
}

// A vote is stored; the same user voting again on the same answer changes
// it; another user's vote, or the same user's on another answer or
// platform, is its own. Votes outlive a reopen.
func TestVotes(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	vote := func(at time.Time, platform, answer, user, v string) {
		t.Helper()
		f := AnswerFeedback(ratedAnswer())
		f.At, f.Platform, f.Team, f.Channel, f.AnswerID, f.User, f.Vote = at, platform, "T1", "C1", answer, user, v
		if err := s.Vote(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.Feedback(ctx, time.Time{}); err != nil || len(got) != 0 {
		t.Fatalf("a new file: %v, %v", got, err)
	}
	vote(t0, "slack", "a1", "U1", VoteUp)
	vote(t0.Add(time.Minute), "slack", "a1", "U2", VoteDown)
	vote(t0.Add(2*time.Minute), "slack", "a1", "U1", VoteDown) // U1 changes their mind
	vote(t0.Add(3*time.Minute), "slack", "a2", "U1", VoteUp)
	vote(t0.Add(4*time.Minute), "discord", "a1", "U1", VoteUp)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Feedback(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range got {
		lines = append(lines, f.Platform+" "+f.AnswerID+" "+f.User+" "+f.Vote+" "+f.At.Format("15:04"))
	}
	want := "slack a1 U2 down 03:01|slack a1 U1 down 03:02|slack a2 U1 up 03:03|discord a1 U1 up 03:04"
	if g := strings.Join(lines, "|"); g != want {
		t.Errorf("votes\n got %s\nwant %s", g, want)
	}
	if got[0].Question != "How many containers?" || got[0].Team != "T1" || got[0].Channel != "C1" || len(got[0].Passages) != 3 {
		t.Errorf("stored vote lacks the answer: %+v", got[0])
	}
	since, err := s.Feedback(ctx, t0.Add(3*time.Minute))
	if err != nil || len(since) != 2 {
		t.Errorf("since 03:03: %d votes, %v", len(since), err)
	}
}

func TestVoteRefusesIncomplete(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	ok := Feedback{At: time.Now(), Platform: "slack", AnswerID: "a", User: "U", Vote: VoteUp}
	for name, f := range map[string]func(*Feedback){
		"no platform": func(f *Feedback) { f.Platform = "" },
		"no answer":   func(f *Feedback) { f.AnswerID = "" },
		"no user":     func(f *Feedback) { f.User = "" },
		"no time":     func(f *Feedback) { f.At = time.Time{} },
		"other vote":  func(f *Feedback) { f.Vote = "meh" },
	} {
		bad := ok
		f(&bad)
		if err := s.Vote(context.Background(), bad); err == nil {
			t.Errorf("%s: stored", name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Vote(ctx, ok); err == nil {
		t.Error("a cancelled vote was stored")
	}
	if got, _ := s.Feedback(context.Background(), time.Time{}); len(got) != 0 {
		t.Errorf("%d votes stored", len(got))
	}
}
