/* Validation of a submission body, before anything is written anywhere. */
#ifndef API_INTAKE_H
#define API_INTAKE_H

#include <stdbool.h>
#include <stddef.h>

struct lang;

/* A validated submission. Strings point into cJSON-owned memory released by
 * intake_dispose(). */
struct intake {
    void *root; /* the parsed document */
    const char *user;
    const char *problem;
    const char *code;
    size_t code_len;
    const struct lang *lang;
};

/* Checks a request body against DESIGN.md's {userId, problemId, language,
 * code}. require_user is false for the tutorial's POST /submit. max_code is
 * the byte limit of the code. Returns 0, or the HTTP status to answer (400,
 * 413) with a one-line reason in err. problem existence is checked by the
 * caller, which knows the problem set. */
int intake_parse(const char *body, size_t len, bool require_user, size_t max_code,
                 struct intake *out, char *err, size_t errlen);
void intake_dispose(struct intake *in);

/* True for ids made of [A-Za-z0-9_.@-], 1..64 bytes. */
bool intake_valid_user(const char *s, size_t len);
/* True for problem ids made of [a-z0-9-], 1..64 bytes. */
bool intake_valid_problem(const char *s, size_t len);

#endif
