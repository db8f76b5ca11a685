-- verdict schema, version 14: a problem's files (issue 12: statement images;
-- README.md "Statement images") and visible hidden tests (issue 13: "any
-- test the problem marks visible"; README.md "Feedback on a submission"). The images of a package's statement/ are
-- kept with the problem version: replaced by every write of the whole
-- problem (import, PUT), part of its content hash (judge/problem.c), read
-- back by `verdict problems export`, and served by GET
-- /api/problems/{id}/files/{name} with etag as its ETag.
CREATE TABLE problem_files (
    problem_id  text NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    -- judge/images.h's rule: no '/', so no name leaves the problem.
    name        text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    content     bytea NOT NULL CHECK (length(content) <= 4194304),
    etag        text GENERATED ALWAYS AS (encode(sha256(content), 'hex')) STORED,
    PRIMARY KEY (problem_id, name)
);

-- A hidden test whose data a failed submission is shown, as a sample's is
-- (problem.json's "visibleTests"); the worker caches the flag with the test.
ALTER TABLE tests ADD COLUMN visible boolean NOT NULL DEFAULT false;

-- PUT /api/problems/{id} (JSON or a zip): sql/011's problem_put, then the
-- files (pfiles: [{"n": name, "d": hex bytes}]) replace the problem's and
-- the tests' visible flags ("v" of ptests) are set, when the write changed
-- it (files and flags are in the hash, so a change of either alone is a
-- change), in the same statement, so one transaction.
CREATE FUNCTION problem_put_files(tok text, pid text, ptitle text, pdifficulty text,
                                  pstatement text, ptl integer, pml integer, pol integer,
                                  pchecker text, psource text, phash text, ptests json,
                                  pjudging jsonb, pshown jsonb, pfunction jsonb,
                                  ptemplates jsonb, pfiles json)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    v integer;
    c boolean;
    d text;
BEGIN
    SELECT r.version, r.changed, r.doc INTO v, c, d
    FROM problem_put(tok, pid, ptitle, pdifficulty, pstatement, ptl, pml, pol, pchecker,
                     psource, phash, ptests, pjudging, pshown, pfunction, ptemplates) AS r;
    IF c THEN
        DELETE FROM problem_files f WHERE f.problem_id = pid;
        INSERT INTO problem_files (problem_id, name, content)
        SELECT pid, e->>'n', decode(e->>'d', 'hex') FROM json_array_elements(pfiles) AS e;
        UPDATE tests t SET visible = true
        FROM json_array_elements(ptests) WITH ORDINALITY AS e(x, n)
        WHERE t.problem_id = pid AND t.ord = e.n AND coalesce((e.x->>'v')::boolean, false);
        d := problem_json(pid);
    END IF;
    RETURN QUERY SELECT v, c, d;
END $$;

-- The numbers (1-based, among the hidden tests in order) of the visible
-- hidden tests: "visibleTests" of problem.json, PUT, PATCH and GET.
CREATE FUNCTION problem_visible_tests(pid text) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT coalesce(json_agg(h.k ORDER BY h.k), '[]') FROM (SELECT t.visible,
        row_number() OVER (ORDER BY t.ord) AS k FROM tests t
        WHERE t.problem_id = pid AND NOT t.is_sample) h WHERE h.visible
$$;

-- GET /api/problems/{id}: as sql/013's (sql/011's plus "inputValidators"),
-- plus "visibleTests".
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
        'inputValidators', (SELECT json_agg(v->>'path' ORDER BY n)
            FROM jsonb_array_elements(p.judging->'inputValidators') WITH ORDINALITY AS x(v, n)),
        'testCount', (SELECT count(*) FROM tests t WHERE t.problem_id = p.id),
        'visibleTests', problem_visible_tests(p.id))::text
    FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL
$$;

-- PATCH: sql/005's problem_patch, plus "visibleTests" (pvisible: a sorted
-- JSON array of hidden test numbers, NULL: unchanged), which replaces the
-- visible flags; a change of them alone moves the version too.
CREATE FUNCTION problem_patch_visible(tok text, pid text, ptitle text, pdifficulty text,
                                      pstatement text, ptl integer, pml integer, pol integer,
                                      pchecker text, pvisible json)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    v integer;
    c boolean;
    d text;
    hidden integer;
    moved integer;
BEGIN
    SELECT r.version, r.changed, r.doc INTO v, c, d
    FROM problem_patch(tok, pid, ptitle, pdifficulty, pstatement, ptl, pml, pol, pchecker) AS r;
    IF pvisible IS NULL THEN
        RETURN QUERY SELECT v, c, d;
        RETURN;
    END IF;
    -- A package's visible tests are its full_feedback ones, in its plan,
    -- which a PATCH does not change: refused rather than listed wrong.
    IF EXISTS (SELECT 1 FROM problems p WHERE p.id = pid AND p.judging IS NOT NULL) THEN
        RAISE EXCEPTION 'verdict: ''visibleTests'' of a packaged problem are its full_feedback '
            'tests: change them in the package' USING ERRCODE = '22023';
    END IF;
    SELECT count(*) INTO hidden FROM tests t WHERE t.problem_id = pid AND NOT t.is_sample;
    IF EXISTS (SELECT 1 FROM json_array_elements_text(pvisible) AS x(n) WHERE x.n::int NOT BETWEEN 1 AND hidden)
    THEN
        RAISE EXCEPTION 'verdict: ''visibleTests'': the problem has % hidden tests', hidden
            USING ERRCODE = '22023';
    END IF;
    WITH h AS (SELECT t.ord, row_number() OVER (ORDER BY t.ord) AS k FROM tests t
               WHERE t.problem_id = pid AND NOT t.is_sample)
    UPDATE tests t SET visible = (h.k IN (SELECT x.n::int FROM
                                         json_array_elements_text(pvisible) AS x(n)))
    FROM h WHERE t.problem_id = pid AND t.ord = h.ord
        AND t.visible IS DISTINCT FROM (h.k IN (SELECT x.n::int FROM
                                               json_array_elements_text(pvisible) AS x(n)));
    GET DIAGNOSTICS moved = ROW_COUNT;
    IF moved > 0 AND NOT c THEN
        UPDATE problems p SET version = p.version + 1, content_hash = '', updated_at = now()
        WHERE p.id = pid RETURNING p.version INTO v;
        c := true;
    END IF;
    RETURN QUERY SELECT v, c, CASE WHEN moved > 0 THEN problem_json(pid) ELSE d END;
END $$;

-- Every problem's served document gains "visibleTests": the version moves,
-- so that no cache serves a document of the old shape (as sql/011 did).
UPDATE problems SET version = version + 1 WHERE deleted_at IS NULL;
