package pgstate

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/briefbot/briefbot/bot/state"
)

// Vote records f, replacing the vote the same user cast on the same answer
// (platform, answer id and user), if any, as state.Store.Vote does.
func (s *Store) Vote(ctx context.Context, f state.Feedback) error {
	if err := f.Check(); err != nil {
		return fmt.Errorf("pgstate: %w", err)
	}
	ctx, cancel := s.op(ctx)
	defer cancel()
	_, err := s.pool.Exec(ctx, `INSERT INTO feedback (platform, answer_id, user_id, at, body) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (platform, answer_id, user_id) DO UPDATE SET at = EXCLUDED.at, body = EXCLUDED.body`,
		f.Platform, f.AnswerID, f.User, f.At, f)
	if err != nil {
		return fmt.Errorf("pgstate: record vote on %s answer %s: %w", f.Platform, f.AnswerID, err)
	}
	return nil
}

// Feedback lists the votes cast (or last changed) at or after since,
// oldest first; the zero since lists them all.
func (s *Store) Feedback(ctx context.Context, since time.Time) ([]state.Feedback, error) {
	ctx, cancel := s.op(ctx)
	defer cancel()
	// The column keeps microseconds; the record, and the comparison made
	// here, keep nanoseconds.
	all, err := all[state.Feedback](ctx, s.pool, "SELECT body FROM feedback WHERE at >= $1 ORDER BY at", since.Add(-time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("pgstate: feedback: %w", err)
	}
	out := slices.DeleteFunc(all, func(f state.Feedback) bool { return f.At.Before(since) })
	slices.SortStableFunc(out, func(a, b state.Feedback) int { return a.At.Compare(b.At) })
	return out, nil
}
