-- verdict schema, version 8: problems imported from Kattis problem packages
-- (issue 12) written and served: problem_put stores the judging plan
-- (problems.judging, sql/007) and what a page shows of a packaged problem,
-- problem_json serves the latter (never the plan: it holds the hidden tests'
-- names and arguments and the output validator's sources).

-- What a page shows of a packaged problem beyond its statement:
-- {"type": ["scoring", "interactive"], "samples": [{"input", "output"} |
-- {"interaction"}], "scoring": {"maxScore"}}; NULL for verdict's own format.
ALTER TABLE problems ADD COLUMN shown jsonb;

-- GET /api/problems/{id}: as before, plus "type" (["pass-fail"] for a
-- problem of verdict's own format); a packaged problem's samples are its
-- shown ones (an interactive sample is its transcript), and "scoring" is
-- {"maxScore"} for a scoring one (null otherwise).
CREATE OR REPLACE FUNCTION problem_json(pid text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', p.id, 'title', p.title,
        'difficulty', p.difficulty, 'statement', p.statement, 'timeLimitMs', p.time_limit_ms,
        'memoryLimitMb', p.memory_limit_mb, 'outputLimitKb', p.output_limit_kb,
        'checker', p.checker, 'version', p.version,
        'type', coalesce(p.shown->'type', '["pass-fail"]'::jsonb),
        'samples', CASE WHEN p.shown IS NOT NULL THEN (p.shown->'samples')::json
            ELSE coalesce((SELECT json_agg(json_build_object('input', t.input, 'output',
                t.output) ORDER BY t.ord) FROM tests t WHERE t.problem_id = p.id
                AND t.is_sample), '[]') END,
        'scoring', p.shown->'scoring',
        'testCount', (SELECT count(*) FROM tests t WHERE t.problem_id = p.id))::text
    FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL
$$;

-- PUT (and a package zip): as sql/005's, plus the judging plan and the shown
-- document (both NULL for verdict's own format, which clears a package's).
DROP FUNCTION problem_put(text, text, text, text, text, integer, integer, integer, text, text,
                          text, json);
CREATE FUNCTION problem_put(tok text, pid text, ptitle text, pdifficulty text, pstatement text,
                            ptl integer, pml integer, pol integer, pchecker text,
                            psource text, phash text, ptests json, pjudging jsonb,
                            pshown jsonb)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    v integer;
BEGIN
    PERFORM problem_write_begin(tok, pid);
    INSERT INTO problems AS p (id, title, difficulty, statement, time_limit_ms, memory_limit_mb,
                               output_limit_kb, checker, checker_source, content_hash, judging,
                               shown)
    VALUES (pid, ptitle, pdifficulty, pstatement, ptl, pml, pol, pchecker, psource, phash,
            pjudging, pshown)
    ON CONFLICT (id) DO UPDATE SET title = ptitle, difficulty = pdifficulty,
        statement = pstatement, time_limit_ms = ptl, memory_limit_mb = pml,
        output_limit_kb = pol, checker = pchecker, checker_source = psource,
        content_hash = phash, judging = pjudging, shown = pshown, version = p.version + 1,
        deleted_at = NULL, updated_at = now()
    WHERE p.content_hash IS DISTINCT FROM phash OR p.deleted_at IS NOT NULL
    RETURNING p.version INTO v;
    IF v IS NULL THEN
        SELECT p.version INTO v FROM problems p WHERE p.id = pid;
        RETURN QUERY SELECT v, false, problem_json(pid);
        RETURN;
    END IF;
    DELETE FROM tests WHERE problem_id = pid;
    INSERT INTO tests (problem_id, ord, is_sample, input, output)
    SELECT pid, t.n, (t.e->>'s')::boolean, t.e->>'i', t.e->>'o'
    FROM json_array_elements(ptests) WITH ORDINALITY AS t(e, n);
    RETURN QUERY SELECT v, true, problem_json(pid);
END $$;

-- PATCH cannot take a packaged problem's output validator away: its checker
-- stays "validator" (the plan's validator decides), and a problem without
-- one cannot be given that checker.
CREATE FUNCTION problem_patch_checker_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.checker = 'validator') IS DISTINCT FROM
       (NEW.judging IS NOT NULL AND NEW.judging ? 'validator') THEN
        RAISE EXCEPTION 'verdict: checker validator goes with a package''s output validator: PUT '
            'the whole package' USING ERRCODE = '22023';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER problems_checker_check BEFORE INSERT OR UPDATE OF checker, judging ON problems
    FOR EACH ROW EXECUTE FUNCTION problem_patch_checker_check();
