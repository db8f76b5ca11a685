-- verdict schema, version 10: a problem's example programs (issue 12): the
-- files under submissions/<folder>/ of a problem directory or package, kept
-- with the problem so that `verdict problems verify ID` proves it from the
-- catalog alone and `verdict problems export` writes them back out.
CREATE TABLE problem_programs (
    problem_id  text NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    path        text NOT NULL,  -- "accepted/sol.cpp", relative to submissions/
    folder      text NOT NULL,  -- "accepted": the verdict it must get
    language    text,           -- a verdict language id; NULL when verdict lacks it
    code        text NOT NULL,
    PRIMARY KEY (problem_id, path)
);
