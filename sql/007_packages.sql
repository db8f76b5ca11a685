-- verdict schema, version 7: problems imported from Kattis problem packages
-- (issue 12). Only columns here; the functions that write and serve them come
-- in later migrations.

-- A packaged problem's judging plan (src/judge/plan.h: groups, scoring,
-- per-test arguments, its output validator's sources, interaction, driver
-- code); NULL for a problem of verdict's own format.
ALTER TABLE problems ADD COLUMN judging jsonb;

-- A scoring problem's result: score out of max_score (max_score NULL when
-- unbounded, both NULL for a pass-fail problem). The output validator's
-- feedback of the deciding test: team_message is the user's to read,
-- judge_message only an admin's.
ALTER TABLE submissions ADD COLUMN score double precision,
    ADD COLUMN max_score double precision,
    ADD COLUMN team_message text,
    ADD COLUMN judge_message text;
ALTER TABLE verdict_history ADD COLUMN score double precision,
    ADD COLUMN max_score double precision,
    ADD COLUMN team_message text,
    ADD COLUMN judge_message text;
