-- The state package's buckets as tables. Records are kept as the same JSON
-- the bbolt store writes, so times keep their nanoseconds and a field
-- added to a record needs no migration.
CREATE TABLE subscriptions (
	id text PRIMARY KEY,
	platform text NOT NULL,
	channel text NOT NULL,
	body jsonb NOT NULL
);
CREATE INDEX subscriptions_channel ON subscriptions (platform, channel);

CREATE TABLE deliveries (
	seq bigserial PRIMARY KEY,
	sub_id text NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
	body jsonb NOT NULL
);
CREATE INDEX deliveries_sub ON deliveries (sub_id, seq);

CREATE TABLE feed_validators (
	url text PRIMARY KEY,
	etag text NOT NULL,
	last_modified text NOT NULL
);

CREATE TABLE feed_seen (
	url text PRIMARY KEY,
	keys jsonb NOT NULL
);

CREATE TABLE feed_changes (
	url text PRIMARY KEY,
	body jsonb NOT NULL
);

CREATE TABLE conversation_seen (
	key text PRIMARY KEY,
	expires timestamptz NOT NULL
);

CREATE TABLE conversation_threads (
	platform text NOT NULL,
	channel text NOT NULL,
	thread text NOT NULL,
	updated timestamptz NOT NULL,
	body jsonb NOT NULL,
	PRIMARY KEY (platform, channel, thread)
);

CREATE TABLE conversation_links (
	platform text NOT NULL,
	channel text NOT NULL,
	message text NOT NULL,
	thread text NOT NULL,
	at timestamptz NOT NULL,
	PRIMARY KEY (platform, channel, message)
);
