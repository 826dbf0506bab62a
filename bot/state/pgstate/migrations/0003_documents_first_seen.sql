-- When the replicas first had each document: a replica catching up gives
-- the documents it did not follow live this time, not the time it caught
-- up, so that its digests do not take old documents for new.
ALTER TABLE documents ADD COLUMN first_seen timestamptz NOT NULL DEFAULT now();
