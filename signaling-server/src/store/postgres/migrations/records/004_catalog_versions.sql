-- Catalog publishing (signaling-server/src/catalog/), as SQLite's migration 5
-- (applications/sqlite-schema.ts): every published version with who published it when; the
-- latest appended (highest seq) is the one in force. The body is kept as text, byte for byte
-- as served, so its ETag does not change with a restart.

CREATE TABLE catalog_versions (
  seq BIGSERIAL PRIMARY KEY,
  version TEXT COLLATE "C" NOT NULL UNIQUE,
  published_at BIGINT NOT NULL,
  published_by TEXT NOT NULL,
  published_by_name TEXT NOT NULL,
  restored_from TEXT,
  entries INTEGER NOT NULL,
  body TEXT NOT NULL
);
