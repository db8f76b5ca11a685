-- verdict schema, version 13: input validators kept with the problem (issues
-- 12 and 13; README.md "Runs"). A package's input_validators/ that verdict
-- can run are part of its judging plan (problems.judging "inputValidators",
-- judge/plan.h: sources, the arguments a run's input is checked with, the
-- package's validation limits), so they move with the problem's version and
-- travel with it (export writes them back). GET /api/problems/{id} names
-- them, so that POST /api/runs knows to have a run's input checked; their
-- sources stay hidden like the output validator's.

-- As sql/011's, plus "inputValidators": their paths in the package
-- (["input_validators/bounds.py"]), or null for none.
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
        'testCount', (SELECT count(*) FROM tests t WHERE t.problem_id = p.id))::text
    FROM problems p WHERE p.id = pid AND p.deleted_at IS NULL
$$;
