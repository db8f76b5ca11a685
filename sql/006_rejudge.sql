-- verdict schema, version 6: rejudges (POST /api/problems/{id}/rejudge) and
-- the verdicts they replaced. (005 belongs to problem authoring.)

-- One row per rejudge request: what it asked for and how many it queued.
CREATE TABLE rejudges (
    id          bigserial PRIMARY KEY,
    problem_id  text NOT NULL,
    verdicts    text[],      -- NULL: every verdict
    since       timestamptz, -- NULL: every submission; else those created at or after it
    queued      integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The submissions a rejudge still has to judge, one row each: the guard of
-- the worker's finish (deleted by the one finish that stores the new
-- verdict, so a rejudge's result is accepted exactly once) and the sweep's
-- record of what is owed, should Redis lose the jobs. A newer rejudge of the
-- same submission takes the row over (the older one's job is then dropped).
CREATE TABLE rejudge_pending (
    submission_id bigint PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    rejudge_id    bigint NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    lease_until   timestamptz, -- set while a worker judges it
    queued_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rejudge_pending_rejudge_idx ON rejudge_pending (rejudge_id);

-- Verdicts a rejudge replaced, oldest first: the row as it was before.
CREATE TABLE verdict_history (
    id             bigserial PRIMARY KEY,
    submission_id  bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    rejudge_id     bigint,
    verdict        text,
    time_ms        integer,
    memory_kb      integer,
    tests          jsonb,
    compile_output text,
    message        text,
    judged_at      timestamptz, -- when that verdict was given (the row's finished_at then)
    replaced_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verdict_history_submission_idx ON verdict_history (submission_id, id);
