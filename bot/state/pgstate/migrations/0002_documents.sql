-- The documents every replica ingested, each once, with a sequence number
-- that grows with every change; a removal keeps the row, without its
-- body, so that followers see it in order. Writers take an advisory lock
-- before they draw numbers, so numbers commit in order and a follower
-- that has read up to n never later finds one below n.
CREATE SEQUENCE documents_seq;

CREATE TABLE documents (
	id text PRIMARY KEY,
	seq bigint NOT NULL UNIQUE,
	hash text NOT NULL,
	removed boolean NOT NULL DEFAULT false,
	body jsonb
);
