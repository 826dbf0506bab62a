package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

// Feedback is one user's rating of an answer they were shown: what was
// asked, what was answered and cited, and the vote. Each user has one
// vote an answer: rating it again replaces the earlier vote. Feedback is
// kept until the state file is removed; `briefbot feedback` reads it.
type Feedback struct {
	// At is when the vote was cast (or last changed).
	At       time.Time `json:"at"`
	Platform string    `json:"platform"`
	// Team is the Slack team or Discord guild; Channel where the answer
	// was shown; User who voted.
	Team    string `json:"team,omitempty"`
	Channel string `json:"channel,omitempty"`
	User    string `json:"user"`
	// AnswerID names the answer as shown: the key its buttons carry, the
	// same for every user who rates it.
	AnswerID string `json:"answer_id"`
	Question string `json:"question"`
	// Answer is the composed answer ("… since August. [1]"); Sentences
	// are its sentences, each verbatim text of a cited passage.
	Answer    string   `json:"answer,omitempty"`
	Sentences []string `json:"sentences,omitempty"`
	// Docs are the ids of the cited documents, best first; Passages the
	// first MaxFeedbackPassages cited passages.
	Docs     []string          `json:"docs,omitempty"`
	Passages []FeedbackPassage `json:"passages,omitempty"`
	// Vote is VoteUp ("Helpful") or VoteDown ("Not helpful").
	Vote string `json:"vote"`
}

// FeedbackPassage is a passage cited in a rated answer.
type FeedbackPassage struct {
	N     int    `json:"n"`
	DocID string `json:"doc_id"`
	Text  string `json:"text"`
	// Sentence is the passage's sentence that best matched the question.
	Sentence string `json:"sentence,omitempty"`
}

// Votes.
const (
	VoteUp   = "up"
	VoteDown = "down"
)

// MaxFeedbackPassages bounds the passages kept with a vote; the first
// ones are the answer's.
const MaxFeedbackPassages = 5

var bFeedback = []byte("feedback")

// AnswerFeedback is the part of a vote that describes the answer rated:
// its question, composed answer, sentences, cited documents and passages.
func AnswerFeedback(a *corpus.Answer) Feedback {
	var f Feedback
	if a == nil {
		return f
	}
	f.Question, f.Answer = a.Question, a.Answer
	for _, s := range a.Sentences {
		if t := strings.TrimSpace(s.Text); t != "" {
			f.Sentences = append(f.Sentences, t)
		}
	}
	for i, c := range a.Citations {
		if c.DocID != "" && !slices.Contains(f.Docs, c.DocID) {
			f.Docs = append(f.Docs, c.DocID)
		}
		if len(f.Passages) == MaxFeedbackPassages {
			continue
		}
		n := c.N
		if n == 0 {
			n = i + 1
		}
		p := FeedbackPassage{N: n, DocID: c.DocID, Text: c.Passage}
		if s, e := c.Sentence[0], c.Sentence[1]; 0 <= s && s < e && e <= len(c.Passage) {
			p.Sentence = strings.TrimSpace(c.Passage[s:e])
		}
		f.Passages = append(f.Passages, p)
	}
	return f
}

// Check says what a vote lacks to be recorded, nil when nothing: every
// store refuses the same votes.
func (f Feedback) Check() error {
	switch {
	case f.Platform == "" || f.AnswerID == "" || f.User == "":
		return errors.New("a vote needs a platform, an answer id and a user")
	case f.Vote != VoteUp && f.Vote != VoteDown:
		return fmt.Errorf("vote %q, want %q or %q", f.Vote, VoteUp, VoteDown)
	case f.At.IsZero():
		return errors.New("a vote needs its time")
	}
	return nil
}

func (f Feedback) key() []byte {
	return []byte(f.Platform + "\x00" + f.AnswerID + "\x00" + f.User)
}

// Vote records f, replacing the vote the same user cast on the same answer
// (platform, answer id and user), if any. It is on disk when Vote returns.
func (s *Store) Vote(ctx context.Context, f Feedback) error {
	if err := f.Check(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bFeedback)
		if err != nil {
			return err
		}
		return putJSON(b, string(f.key()), f)
	})
	if err != nil {
		return fmt.Errorf("state: record vote on %s answer %s: %w", f.Platform, f.AnswerID, err)
	}
	return nil
}

// Feedback lists the votes cast (or last changed) at or after since,
// oldest first; the zero since lists them all.
func (s *Store) Feedback(ctx context.Context, since time.Time) ([]Feedback, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Feedback
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bFeedback)
		if b == nil { // no vote yet
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var f Feedback
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("vote %q: %w", k, err)
			}
			if !f.At.Before(since) {
				out = append(out, f)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("state: feedback: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
