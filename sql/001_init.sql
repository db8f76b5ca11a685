-- verdict schema, version 1: users, problems and their tests, submissions.
-- PostgreSQL is the source of truth; everything in Redis can be rebuilt from it.

CREATE TABLE users (
    id          text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    coins       bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE problems (
    id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    difficulty      text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    statement       text NOT NULL,
    time_limit_ms   integer NOT NULL CHECK (time_limit_ms BETWEEN 1 AND 60000),
    memory_limit_mb integer NOT NULL CHECK (memory_limit_mb BETWEEN 1 AND 4096),
    output_limit_kb integer NOT NULL CHECK (output_limit_kb BETWEEN 1 AND 1048576),
    checker         text NOT NULL,
    checker_source  text,
    -- Bumped on every change, so a worker's on-disk copy of the tests knows
    -- when it is stale.
    version         integer NOT NULL DEFAULT 1,
    -- SHA-256 of everything imported; the version moves only when it changes.
    content_hash    text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tests (
    problem_id  text NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    ord         integer NOT NULL,
    is_sample   boolean NOT NULL,
    input       text NOT NULL,
    output      text NOT NULL,
    PRIMARY KEY (problem_id, ord)
);

-- problem_id has no foreign key on purpose: a job pushed by hand for a problem
-- that does not exist still gets a row, with verdict IE and the reason.
CREATE TABLE submissions (
    id              bigserial PRIMARY KEY,
    user_id         text NOT NULL,
    problem_id      text NOT NULL,
    language        text NOT NULL,
    code            text NOT NULL,
    status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
    verdict         text CHECK (verdict IN ('AC', 'WA', 'TLE', 'MLE', 'OLE', 'RE', 'CE', 'IE')),
    time_ms         integer,
    memory_kb       integer,
    tests           jsonb,
    compile_output  text,
    message         text,
    -- False only when the api's push to the Redis queue failed after the
    -- insert; the api's sweep pushes those rows and sets it back. (An api that
    -- dies between insert and push leaves it true: the worker's sweep of rows
    -- queued for too long is the backstop.)
    enqueued        boolean NOT NULL DEFAULT true,
    attempts        integer NOT NULL DEFAULT 0,
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
) WITH (fillfactor = 85); -- room on each page for the row's later versions (HOT updates)

CREATE INDEX submissions_user_idx ON submissions (user_id, id DESC);
CREATE INDEX submissions_unpushed_idx ON submissions (id) WHERE NOT enqueued;
CREATE INDEX submissions_unfinished_idx ON submissions (updated_at) WHERE status <> 'done';
