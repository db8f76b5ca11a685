/* Validation of a submission body, before anything is written anywhere. */
#ifndef API_INTAKE_H
#define API_INTAKE_H

#include "contract/job.h"

#include <stdbool.h>
#include <stddef.h>

struct lang;

/* A validated submission. Strings point into the parsed body, released by
 * intake_dispose(). */
struct intake {
    struct job job; /* the body, read by the contract's one job reader */
    const char *user;
    const char *problem;
    const char *code;
    size_t code_len;
    const struct lang *lang;
    const char *input; /* a run's stdin (intake_parse_run()), else NULL */
    size_t input_len;
};

/* Checks a request body against DESIGN.md's {userId, problemId, language,
 * code} with the job reader of contract/job.h, which the worker uses too, and
 * the language with lang_find(). require_user is false for the tutorial's POST
 * /submit. max_code is the byte limit of the code. Returns 0, or the HTTP
 * status to answer (400, 413) with a one-line reason in err. Problem
 * existence is checked by the caller, which knows the problem set. */
int intake_parse(const char *body, size_t len, bool require_user, size_t max_code,
                 struct intake *out, char *err, size_t errlen);
/* intake_parse() for a POST /api/runs body (contract/run.h): the same rules,
 * problemId required, and "input" read into out->input: 400 when it is not
 * a string, 413 over RUN_INPUT_MAX. */
int intake_parse_run(const char *body, size_t len, bool require_user, size_t max_code,
                     struct intake *out, char *err, size_t errlen);
void intake_dispose(struct intake *in);

#endif
