-- verdict schema, version 14: a problem's files (issue 12: statement images;
-- README.md "Statement images"). The images of a package's statement/ are
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

-- PUT /api/problems/{id} (JSON or a zip): sql/011's problem_put, then the
-- files (pfiles: [{"n": name, "d": hex bytes}]) replace the problem's when
-- the write changed it (the files are in the hash, so a change of a file
-- alone is a change), in the same statement, so one transaction.
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
    END IF;
    RETURN QUERY SELECT v, c, d;
END $$;
