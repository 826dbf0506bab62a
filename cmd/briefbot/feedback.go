package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/state"
)

// feedbackHelp is what `briefbot help feedback` says beyond its table
// line.
const feedbackHelp = `Answers on Slack and Discord carry "Helpful" and "Not helpful" buttons;
serve keeps each user's latest vote on each answer in <data>/state.db, or
in the database when database_url is set, with the question, the answer
and its cited passages. This lists them, oldest
first: when, the platform, team, channel and user, the vote, the
question, the answer and the cited documents.

flags:
  --since T   votes cast from T on: a duration back from now (24h, 7d) or
              a date or time (2024-03-01, 2024-03-01T08:00:00Z)
  --json      write the questions of up-voted answers as an eval set
              (JSONL, one question a line): {"question", "answers" (the
              answer's sentences, each verbatim from a cited passage),
              "docs" (the cited documents), "votes"}. briefbot eval FILE
              then checks that the same passages still answer them.
              Down-votes are left out: eval would count a question with no
              expected answer as a miss.
`

// feedbackStore keeps votes on answers: serve's state file, or the
// database replicas share.
type feedbackStore interface {
	Vote(ctx context.Context, f state.Feedback) error
	Feedback(ctx context.Context, since time.Time) ([]state.Feedback, error)
}

// feedback is where serve keeps votes: with every replica's in the
// database when there is one.
func (e *serveEnv) feedback() feedbackStore {
	if e.DB != nil {
		return e.DB
	}
	return e.State
}

func (m *Main) runFeedback(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("feedback", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "write the up-voted questions as an eval set (JSONL)")
	since := fs.String("since", "", "votes from this duration back, date or time")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{"feedback: " + err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("feedback takes no arguments (got %q)", fs.Arg(0))}
	}
	var from time.Time
	if *since != "" {
		t, err := parseSince(*since, m.Now())
		if err != nil {
			return usageError{"feedback: " + err.Error()}
		}
		from = t
	}
	votes, err := m.readFeedback(ctx, from)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeFeedbackEval(m.Stdout, votes)
	}
	return writeFeedback(m.Stdout, votes)
}

// readFeedback reads the votes cast since from where serve keeps them;
// none when there is no such place (serve never ran on this data dir, and
// no database is configured).
func (m *Main) readFeedback(ctx context.Context, since time.Time) ([]state.Feedback, error) {
	return fromState(ctx, m,
		func(st stateReader) ([]state.Feedback, error) { return st.Feedback(ctx, since) },
		func(c *localClient) ([]state.Feedback, error) {
			return call[time.Time, []state.Feedback](ctx, c, "feedback", since)
		})
}

// feedbackRoute is serve's side of readFeedback.
func (m *Main) feedbackRoute(env *serveEnv) func(ctx context.Context, since time.Time) ([]state.Feedback, error) {
	return func(ctx context.Context, since time.Time) ([]state.Feedback, error) {
		if env.State == nil {
			return nil, nil
		}
		return env.feedback().Feedback(ctx, since)
	}
}

// writeFeedback lists votes for people.
func writeFeedback(w io.Writer, votes []state.Feedback) error {
	if len(votes) == 0 {
		_, err := fmt.Fprintln(w, "No votes.")
		return err
	}
	up := 0
	for _, f := range votes {
		vote := "not helpful"
		if f.Vote == state.VoteUp {
			vote = "helpful"
			up++
		}
		where := []string{f.Platform}
		for _, s := range []string{f.Team, f.Channel} {
			if s != "" {
				where = append(where, s)
			}
		}
		fmt.Fprintf(w, "%s  %-11s  %s, user %s\n", f.At.UTC().Format("2006-01-02 15:04 UTC"), vote, sanitizeCell(strings.Join(where, " ")), sanitizeCell(f.User))
		fmt.Fprintf(w, "  Q: %s\n", sanitizeCell(f.Question))
		if a := sanitizeCell(f.Answer); a != "" {
			fmt.Fprintf(w, "  A: %s\n", a)
		}
		if len(f.Docs) > 0 {
			fmt.Fprintf(w, "  cited: %s\n", sanitizeCell(strings.Join(f.Docs, ", ")))
		}
	}
	_, err := fmt.Fprintf(w, "%d votes: %d helpful, %d not helpful\n", len(votes), up, len(votes)-up)
	return err
}

// feedbackEvalItem is one line of feedback --json: an eval question.
type feedbackEvalItem struct {
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
	Docs     []string `json:"docs,omitempty"`
	// Votes counts the up-votes behind it.
	Votes int `json:"votes"`
}

// writeFeedbackEval writes the questions of up-voted answers as eval
// input, one a line, in the order first up-voted. The same question
// up-voted more than once (by several users, or asked again) is one line
// accepting any of its answers. An answer's expected text is its
// sentences, each verbatim from a cited passage, which eval looks for in
// the passages it cites; an answer without them gives its passages' best
// sentences, else the passages.
func writeFeedbackEval(w io.Writer, votes []state.Feedback) error {
	var items []*feedbackEvalItem
	byQuestion := map[string]*feedbackEvalItem{}
	for _, f := range votes {
		q := strings.TrimSpace(f.Question)
		if f.Vote != state.VoteUp || q == "" {
			continue
		}
		answers := expectedAnswers(f)
		if len(answers) == 0 {
			continue
		}
		k := normalizeForMatch(q)
		it := byQuestion[k]
		if it == nil {
			it = &feedbackEvalItem{Question: q}
			byQuestion[k] = it
			items = append(items, it)
		}
		it.Votes++
		it.Answers = appendNew(it.Answers, answers...)
		it.Docs = appendNew(it.Docs, f.Docs...)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}

// expectedAnswers is what eval should find in the passages cited for f's
// question.
func expectedAnswers(f state.Feedback) []string {
	if len(f.Sentences) > 0 {
		return appendNew(nil, f.Sentences...)
	}
	var out []string
	for _, p := range f.Passages {
		if p.Sentence != "" {
			out = appendNew(out, p.Sentence)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, p := range f.Passages {
		out = appendNew(out, p.Text)
	}
	return out
}

// appendNew appends the non-empty strings of add not in list yet, as eval
// compares them (case and spacing aside).
func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		dup := false
		for _, have := range list {
			if normalizeForMatch(have) == normalizeForMatch(s) {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, s)
		}
	}
	return list
}
