-- verdict schema, version 12: feedback on a submission and "beats X%" (issue
-- 13; README.md "Feedback" and "Beats X%").

-- The worker's feedback of a judged submission, served as it is by GET
-- /api/submissions/{id}: {"failedTest", "passed", "total", "summary"} and,
-- when the failed test is visible (a sample), "failedCase" with its input,
-- expected output and the program's output, each capped and marked when cut.
ALTER TABLE submissions ADD COLUMN feedback jsonb;
ALTER TABLE verdict_history ADD COLUMN feedback jsonb;

-- Accepted submissions counted by (problem, language): for metric 't' the
-- runtime (time_ms: the slowest test's CPU time, ms) and 'm' the memory
-- (memory_kb: the peak, KB), each at two widths: exact values (width 1,
-- bucket = the value) and blocks of 1024 values (bucket = value / 1024), so
-- that "how many used more than v" adds at most one block's exact rows and
-- the blocks above it, never a scan of submissions. Metric 'n' (width 1,
-- bucket 0) is the number of accepted submissions. Kept by the triggers
-- below in the transaction that stores the verdict, so each submission
-- counts once, as its current verdict says, whatever rejudges do.
CREATE TABLE accepted_stats (
    problem_id  text NOT NULL,
    language    text NOT NULL,
    metric      "char" NOT NULL CHECK (metric IN ('t', 'm', 'n')),
    width       integer NOT NULL CHECK (width IN (1, 1024)),
    bucket      integer NOT NULL,
    count       bigint NOT NULL,
    PRIMARY KEY (problem_id, language, metric, width, bucket)
);

-- Takes one accepted submission out of its buckets (op: problem, language,
-- runtime, memory; op NULL: none) and puts one in (np, ...; np NULL: none),
-- in one upsert of the net changes ordered by key: concurrent finishes lock
-- rows in the same order, so they wait on each other but never deadlock (a
-- rejudge moving 5 ms to 7 ms beside one moving 7 ms to 5 ms would, one
-- upsert per side), and an AC moved within a bucket touches nothing. Rows a
-- removal empties are deleted, by key, so that the lowest and highest exact
-- rows are real values (the histogram's range).
CREATE FUNCTION accepted_stats_apply(op text, ol text, ot integer, om integer,
                                     np text, nl text, nt integer, nm integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    WITH sides (p, l, t, m, d) AS (
        SELECT op, ol, ot, om, -1 WHERE op IS NOT NULL
        UNION ALL SELECT np, nl, nt, nm, 1 WHERE np IS NOT NULL),
    keyed AS (
        SELECT x.p, x.l, k.metric, k.width, k.bucket, sum(x.d) AS d FROM sides x,
            LATERAL (VALUES ('m'::"char", 1, x.m), ('m', 1024, x.m / 1024), ('n', 1, 0),
                            ('t', 1, x.t), ('t', 1024, x.t / 1024)) AS k(metric, width, bucket)
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(x.d) <> 0)
    INSERT INTO accepted_stats AS s (problem_id, language, metric, width, bucket, count)
    SELECT p, l, metric, width, bucket, d FROM keyed ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (problem_id, language, metric, width, bucket)
    DO UPDATE SET count = s.count + EXCLUDED.count;
    IF op IS NOT NULL THEN
        DELETE FROM accepted_stats WHERE (problem_id, language, metric, width, bucket) IN (
            (op, ol, 'm', 1, om), (op, ol, 'm', 1024, om / 1024), (op, ol, 'n', 1, 0),
            (op, ol, 't', 1, ot), (op, ol, 't', 1024, ot / 1024)) AND count <= 0;
    END IF;
END $$;

-- A row counts while its verdict is AC, with its time and memory as stored.
CREATE FUNCTION submissions_stats_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o submissions; n submissions;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.verdict = 'AC' AND OLD.time_ms IS NOT NULL
            AND OLD.memory_kb IS NOT NULL THEN
        o := OLD;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.verdict = 'AC' AND NEW.time_ms IS NOT NULL
            AND NEW.memory_kb IS NOT NULL THEN
        n := NEW;
    END IF;
    PERFORM accepted_stats_apply(o.problem_id, o.language, o.time_ms, o.memory_kb,
                                 n.problem_id, n.language, n.time_ms, n.memory_kb);
    RETURN NULL;
END $$;

CREATE TRIGGER submissions_stats_insert AFTER INSERT ON submissions FOR EACH ROW
    WHEN (NEW.verdict = 'AC') EXECUTE FUNCTION submissions_stats_sync();
CREATE TRIGGER submissions_stats_delete AFTER DELETE ON submissions FOR EACH ROW
    WHEN (OLD.verdict = 'AC') EXECUTE FUNCTION submissions_stats_sync();
-- A rejudge that gives the same verdict and figures changes nothing.
CREATE TRIGGER submissions_stats_update
    AFTER UPDATE OF verdict, time_ms, memory_kb, problem_id, language ON submissions FOR EACH ROW
    WHEN ((OLD.verdict = 'AC' OR NEW.verdict = 'AC') AND (OLD.verdict IS DISTINCT FROM NEW.verdict
          OR OLD.time_ms IS DISTINCT FROM NEW.time_ms OR OLD.memory_kb IS DISTINCT FROM
          NEW.memory_kb OR OLD.problem_id IS DISTINCT FROM NEW.problem_id
          OR OLD.language IS DISTINCT FROM NEW.language))
    EXECUTE FUNCTION submissions_stats_sync();

-- The submissions accepted before this version, counted once here.
INSERT INTO accepted_stats (problem_id, language, metric, width, bucket, count)
SELECT problem_id, language, k.metric, k.width, k.bucket, count(*)
FROM submissions s,
     LATERAL (VALUES ('t'::"char", 1, s.time_ms), ('t', 1024, s.time_ms / 1024),
                     ('m', 1, s.memory_kb), ('m', 1024, s.memory_kb / 1024),
                     ('n', 1, 0)) AS k(metric, width, bucket)
WHERE s.verdict = 'AC' AND s.time_ms IS NOT NULL AND s.memory_kb IS NOT NULL
GROUP BY problem_id, language, k.metric, k.width, k.bucket;

-- "Beats X%": the share, in percent (2 decimals), of the accepted
-- submissions of the problem and language (the one asking included) whose
-- metric ('t' or 'm') is strictly above v; NULL when none is accepted.
-- PL/pgSQL, so each session plans its three index lookups once.
CREATE FUNCTION accepted_beats(pid text, lang text, met "char", v integer)
RETURNS float8 LANGUAGE plpgsql STABLE AS $$
DECLARE
    n bigint; above bigint; within bigint;
BEGIN
    SELECT count INTO n FROM accepted_stats WHERE problem_id = pid AND language = lang
        AND metric = 'n' AND width = 1 AND bucket = 0;
    IF n IS NULL OR n <= 0 THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(sum(count), 0) INTO above FROM accepted_stats WHERE problem_id = pid
        AND language = lang AND metric = met AND width = 1024 AND bucket > v / 1024;
    SELECT coalesce(sum(count), 0) INTO within FROM accepted_stats WHERE problem_id = pid
        AND language = lang AND metric = met AND width = 1 AND bucket > v
        AND bucket < (v / 1024 + 1) * 1024;
    RETURN round(100.0 * (above + within) / n, 2)::float8;
END $$;

-- One histogram: at most 50 contiguous buckets [from, to) of a power-of-two
-- width from the lowest value to the highest, read from the 1024-blocks when
-- the width reaches them; {"width", "buckets": []} when nothing is accepted.
CREATE FUNCTION accepted_histogram(pid text, lang text, met "char") RETURNS json
LANGUAGE plpgsql STABLE AS $$
DECLARE
    lo integer; hi integer; w integer := 1;
BEGIN
    SELECT min(bucket), max(bucket) INTO lo, hi FROM accepted_stats
        WHERE problem_id = pid AND language = lang AND metric = met AND width = 1;
    IF lo IS NULL THEN
        RETURN json_build_object('width', 1, 'buckets', '[]'::json);
    END IF;
    WHILE (hi / w - lo / w) >= 50 LOOP
        w := w * 2;
    END LOOP;
    RETURN json_build_object('width', w, 'buckets', (
        SELECT json_agg(json_build_object('from', g.b * w, 'to', (g.b + 1) * w,
                                          'count', coalesce(c.count, 0)) ORDER BY g.b)
        FROM generate_series(lo / w, hi / w) AS g(b)
        LEFT JOIN (SELECT CASE WHEN w >= 1024 THEN bucket / (w / 1024) ELSE bucket / w END AS b,
                          sum(count) AS count FROM accepted_stats
                   WHERE problem_id = pid AND language = lang AND metric = met
                     AND width = CASE WHEN w >= 1024 THEN 1024 ELSE 1 END
                     AND bucket BETWEEN CASE WHEN w >= 1024 THEN lo / 1024 ELSE lo END
                                    AND CASE WHEN w >= 1024 THEN hi / 1024 ELSE hi END
                   GROUP BY 1) c ON c.b = g.b));
END $$;

-- GET /api/problems/{id}/stats?language=: NULL for an unknown (or deleted)
-- problem.
CREATE FUNCTION accepted_stats_json(pid text, lang text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT json_build_object('problemId', p.id, 'language', lang,
        'accepted', coalesce((SELECT count FROM accepted_stats WHERE problem_id = pid
                              AND language = lang AND metric = 'n' AND width = 1
                              AND bucket = 0), 0),
        'runtime', accepted_histogram(pid, lang, 't'),
        'memory', accepted_histogram(pid, lang, 'm'))::text
    FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL
$$;
