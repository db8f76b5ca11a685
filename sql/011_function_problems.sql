-- verdict schema, version 11: function problems (issue 13; README.md
-- "Function problems"). A problem may declare the one function the user
-- writes: problems.function holds its signature (problem.json's "function",
-- as judge/signature.c writes it back), problems.templates the starter code
-- per language derived from it at write time (judge/starter.c), so that the
-- served document, and every cache of it, is made from the row alone.
ALTER TABLE problems ADD COLUMN function jsonb;
ALTER TABLE problems ADD COLUMN templates jsonb;

-- The type a page and the list show: a package's own, else pass-fail, and
-- "function" beside it for a function problem.
CREATE FUNCTION problem_type(p problems) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(p.shown->'type', CASE WHEN p.function IS NOT NULL
        THEN '["pass-fail", "function"]'::jsonb ELSE '["pass-fail"]'::jsonb END)
$$;

-- GET /api/problems/{id}: as sql/008's, plus "function" (the signature, or
-- null) and "templates" ({language: starter code}, or null).
CREATE OR REPLACE FUNCTION problem_json(pid text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', p.id, 'title', p.title,
        'difficulty', p.difficulty, 'statement', p.statement, 'timeLimitMs', p.time_limit_ms,
        'memoryLimitMb', p.memory_limit_mb, 'outputLimitKb', p.output_limit_kb,
        'checker', p.checker, 'version', p.version,
        'type', problem_type(p),
        'samples', CASE WHEN p.shown IS NOT NULL THEN (p.shown->'samples')::json
            ELSE coalesce((SELECT json_agg(json_build_object('input', t.input, 'output',
                t.output) ORDER BY t.ord) FROM tests t WHERE t.problem_id = p.id
                AND t.is_sample), '[]') END,
        'scoring', p.shown->'scoring',
        'function', p.function,
        'templates', p.templates,
        'testCount', (SELECT count(*) FROM tests t WHERE t.problem_id = p.id))::text
    FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL
$$;

-- PUT (and a zip): as sql/008's, plus the signature and the templates (both
-- NULL for a stdin/stdout problem, which clears a function problem's).
DROP FUNCTION problem_put(text, text, text, text, text, integer, integer, integer, text, text,
                          text, json, jsonb, jsonb);
CREATE FUNCTION problem_put(tok text, pid text, ptitle text, pdifficulty text, pstatement text,
                            ptl integer, pml integer, pol integer, pchecker text,
                            psource text, phash text, ptests json, pjudging jsonb,
                            pshown jsonb, pfunction jsonb, ptemplates jsonb)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    v integer;
BEGIN
    PERFORM problem_write_begin(tok, pid);
    INSERT INTO problems AS p (id, title, difficulty, statement, time_limit_ms, memory_limit_mb,
                               output_limit_kb, checker, checker_source, content_hash, judging,
                               shown, function, templates)
    VALUES (pid, ptitle, pdifficulty, pstatement, ptl, pml, pol, pchecker, psource, phash,
            pjudging, pshown, pfunction, ptemplates)
    ON CONFLICT (id) DO UPDATE SET title = ptitle, difficulty = pdifficulty,
        statement = pstatement, time_limit_ms = ptl, memory_limit_mb = pml,
        output_limit_kb = pol, checker = pchecker, checker_source = psource,
        content_hash = phash, judging = pjudging, shown = pshown, function = pfunction,
        templates = ptemplates, version = p.version + 1, deleted_at = NULL, updated_at = now()
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

-- The checkers of a function problem compare the returned JSON value (json,
-- unordered, float:EPS) or hand it to the problem's own (custom); a
-- stdin/stdout problem has no JSON to compare. judge/problem.c says so on
-- every write it checks; this holds PATCH, which changes the checker alone,
-- to the same rule.
CREATE FUNCTION problem_function_checker_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.function IS NOT NULL AND NOT (NEW.checker IN ('json', 'unordered', 'custom')
                                         OR NEW.checker LIKE 'float:%') THEN
        RAISE EXCEPTION 'verdict: a function problem''s checker is json, unordered, float:EPS '
            'or custom' USING ERRCODE = '22023';
    END IF;
    IF NEW.function IS NULL AND NEW.checker IN ('json', 'unordered') THEN
        RAISE EXCEPTION 'verdict: checker % needs a function problem (problem.json "function")',
            NEW.checker USING ERRCODE = '22023';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER problems_function_checker_check BEFORE INSERT OR UPDATE OF checker, function
    ON problems FOR EACH ROW EXECUTE FUNCTION problem_function_checker_check();

-- Every problem's served document gains "function" and "templates" (null for
-- each problem so far), and a cache entry moves only to a newer version: the
-- version moves, so that no api serves a document of the old shape (the
-- import-note trigger records the change; the apis' reconcile publishes it).
UPDATE problems SET version = version + 1 WHERE deleted_at IS NULL;
