-- Votes on answers (state.Feedback): one a user and answer, the latest
-- replacing the earlier.
CREATE TABLE feedback (
	platform text NOT NULL,
	answer_id text NOT NULL,
	user_id text NOT NULL,
	at timestamptz NOT NULL,
	body jsonb NOT NULL,
	PRIMARY KEY (platform, answer_id, user_id)
);
CREATE INDEX feedback_at ON feedback (at);
