-- 好差评 of video-help calls, one per call; read joined with the call's quality summaries.
CREATE TABLE call_ratings (
  call_id TEXT PRIMARY KEY REFERENCES calls (id),
  rating_id TEXT NOT NULL UNIQUE,
  terminal_id TEXT NOT NULL,
  level TEXT NOT NULL,
  reasons TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX call_ratings_received ON call_ratings (received_at);
