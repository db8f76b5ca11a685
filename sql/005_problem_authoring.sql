-- verdict schema, version 5: problem authoring over the api (issue 11) and the
-- problem cache that is never stale (README "The problem cache").

-- DELETE /api/problems/{id}: hidden from lists and closed to submissions; the
-- row stays, so its submissions and their history stay readable.
ALTER TABLE problems ADD COLUMN deleted_at timestamptz;

-- Every write of a problem through the api names itself with a token, which
-- the cache's marker in Redis holds while the write is in flight. The write's
-- own transaction inserts (token, committed = true); a reader that finds an
-- old marker (its writer died, or lost Redis) inserts (token, false) instead:
-- whichever comes first wins on the primary key, so PostgreSQL alone decides
-- whether a write happened, with no clock involved. published is false until
-- the new version reached the cache (writes by `verdict problems import` and
-- writes whose Redis step failed are published by the apis' reconcile).
CREATE TABLE problem_writes (
    token       text PRIMARY KEY,
    problem_id  text NOT NULL,
    committed   boolean NOT NULL,
    published   boolean NOT NULL DEFAULT false,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_writes_unpublished ON problem_writes (at) WHERE committed AND NOT published;

-- The problem as GET /api/problems/{id} serves it (statement, limits, samples,
-- never hidden tests), or NULL when it is deleted or unknown.
CREATE FUNCTION problem_json(pid text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', p.id, 'title', p.title, 'difficulty', p.difficulty,
        'statement', p.statement, 'timeLimitMs', p.time_limit_ms, 'memoryLimitMb',
        p.memory_limit_mb, 'outputLimitKb', p.output_limit_kb, 'checker', p.checker,
        'version', p.version,
        'samples', coalesce((SELECT json_agg(json_build_object('input', t.input, 'output',
            t.output) ORDER BY t.ord) FROM tests t WHERE t.problem_id = p.id AND t.is_sample),
            '[]'),
        'testCount', (SELECT count(*) FROM tests t WHERE t.problem_id = p.id))::text
    FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL
$$;

-- Records the write token; a reader that voided it first makes the write fail.
CREATE FUNCTION problem_write_begin(tok text, pid text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('verdict.api_write', 'on', true);
    INSERT INTO problem_writes (token, problem_id, committed) VALUES (tok, pid, true);
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'verdict: write abandoned (it took too long); retry' USING ERRCODE = '40001';
END $$;

-- A reader's answer to a marker whose writer took too long: the write either
-- committed already (true), or never will (false: its token is taken). The
-- INSERT waits for a writer still inside its transaction.
CREATE FUNCTION problem_write_void(tok text, pid text) RETURNS boolean LANGUAGE sql AS $$
    INSERT INTO problem_writes (token, problem_id, committed) VALUES (tok, pid, false)
        ON CONFLICT (token) DO NOTHING;
    SELECT committed FROM problem_writes WHERE token = tok;
$$;

-- PUT: creates or replaces the problem and its tests ([{"s","i","o"}]: sample,
-- input, output). The version moves only when the content changed (or the
-- problem was deleted). Returns the version, whether it changed, and the JSON.
CREATE FUNCTION problem_put(tok text, pid text, ptitle text, pdifficulty text, pstatement text,
                            ptl integer, pml integer, pol integer, pchecker text,
                            psource text, phash text, ptests json)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    v integer;
BEGIN
    PERFORM problem_write_begin(tok, pid);
    INSERT INTO problems AS p (id, title, difficulty, statement, time_limit_ms, memory_limit_mb,
                               output_limit_kb, checker, checker_source, content_hash)
    VALUES (pid, ptitle, pdifficulty, pstatement, ptl, pml, pol, pchecker, psource, phash)
    ON CONFLICT (id) DO UPDATE SET title = ptitle, difficulty = pdifficulty,
        statement = pstatement, time_limit_ms = ptl, memory_limit_mb = pml,
        output_limit_kb = pol, checker = pchecker, checker_source = psource,
        content_hash = phash, version = p.version + 1, deleted_at = NULL, updated_at = now()
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

-- PATCH: any subset of the fields (NULL: unchanged). The content hash is
-- cleared, so the next PUT or import of any content writes.
CREATE FUNCTION problem_patch(tok text, pid text, ptitle text, pdifficulty text,
                              pstatement text, ptl integer, pml integer, pol integer,
                              pchecker text)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    old problems%ROWTYPE;
    v integer;
BEGIN
    SELECT * INTO old FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'verdict: unknown problem' USING ERRCODE = 'P0002';
    END IF;
    IF pchecker = 'custom' AND old.checker_source IS NULL THEN
        RAISE EXCEPTION 'verdict: checker custom needs a checker source: PUT the whole problem'
            USING ERRCODE = '22023';
    END IF;
    PERFORM problem_write_begin(tok, pid);
    UPDATE problems p SET title = coalesce(ptitle, p.title),
        difficulty = coalesce(pdifficulty, p.difficulty),
        statement = coalesce(pstatement, p.statement),
        time_limit_ms = coalesce(ptl, p.time_limit_ms),
        memory_limit_mb = coalesce(pml, p.memory_limit_mb),
        output_limit_kb = coalesce(pol, p.output_limit_kb),
        checker = coalesce(pchecker, p.checker),
        content_hash = '', version = p.version + 1, updated_at = now()
    WHERE p.id = pid AND (p.title, p.difficulty, p.statement, p.time_limit_ms,
        p.memory_limit_mb, p.output_limit_kb, p.checker) IS DISTINCT FROM
        (coalesce(ptitle, p.title), coalesce(pdifficulty, p.difficulty),
         coalesce(pstatement, p.statement), coalesce(ptl, p.time_limit_ms),
         coalesce(pml, p.memory_limit_mb), coalesce(pol, p.output_limit_kb),
         coalesce(pchecker, p.checker))
    RETURNING p.version INTO v;
    RETURN QUERY SELECT coalesce(v, old.version), v IS NOT NULL, problem_json(pid);
END $$;

-- DELETE: hidden and closed; the version moves, so every cache learns it.
CREATE FUNCTION problem_delete(tok text, pid text)
RETURNS TABLE (version integer, changed boolean, doc text) LANGUAGE plpgsql AS $$
DECLARE
    v integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'verdict: unknown problem' USING ERRCODE = 'P0002';
    END IF;
    PERFORM problem_write_begin(tok, pid);
    UPDATE problems p SET deleted_at = now(), version = p.version + 1, content_hash = '',
        updated_at = now()
    WHERE p.id = pid AND p.deleted_at IS NULL RETURNING p.version INTO v;
    RETURN QUERY SELECT v, true, NULL::text;
END $$;

-- `verdict problems import` writes no token of its own: a trigger records its
-- changes as unpublished writes, which the apis' reconcile publishes.
CREATE FUNCTION problem_import_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('verdict.api_write', true) IS DISTINCT FROM 'on' THEN
        INSERT INTO problem_writes (token, problem_id, committed)
        VALUES ('import-' || gen_random_uuid()::text, NEW.id, true);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER problems_import_note AFTER INSERT OR UPDATE ON problems
    FOR EACH ROW EXECUTE FUNCTION problem_import_note();
