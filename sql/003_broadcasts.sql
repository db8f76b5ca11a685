-- verdict schema, version 3: broadcasts (POST /api/broadcast). The id is the
-- caller's idempotency key: a retried request finds its row and credits
-- nothing twice; published_at is set once the event went out, so a retry
-- after a Redis outage sends it without crediting again.
CREATE TABLE broadcasts (
    id           text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    message      text NOT NULL,
    coins        bigint NOT NULL DEFAULT 0 CHECK (coins >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
