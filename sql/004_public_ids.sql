-- verdict schema, version 4: public submission ids (issue 10). The row id is
-- sequential and stays internal (queue jobs, workers, marks); everything the
-- api answers, every event and the page name a submission by public_id, 128
-- bits from gen_random_uuid() (122 of them random) as 32 lowercase hex
-- digits, so nobody reads another user's code by counting. Existing rows get
-- one each here (a volatile default is evaluated per row).
ALTER TABLE submissions
    ADD COLUMN public_id text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX submissions_public_id ON submissions (public_id);
