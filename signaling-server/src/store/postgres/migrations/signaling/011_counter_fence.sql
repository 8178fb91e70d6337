-- The fencing token of a cluster's video counter: the node that takes the counter over bumps
-- it, and its call and queue writes apply only while the token is still its own.
CREATE TABLE counter_fence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fence BIGINT NOT NULL
);
INSERT INTO counter_fence (id, fence) VALUES (1, 0);
