/* The job: a submission as it travels on the queue, both ways. One parser
 * reads a submission body (api: POST /api/submissions, POST /submit) and a
 * job off the queue (worker), so the api never accepts what the worker would
 * refuse; one builder writes every job that is pushed (the api's, the sweep's,
 * a requeue's). The shapes, from DESIGN.md:
 *
 *   {"submissionId":"42",...}       a stored row; the row is the truth
 *   {"submissionId":"42","rejudge":"7"}
 *                                   a done row judged again by rejudge 7
 *   {"problemId","language","code"} the tutorial's job, userId optional; the
 *                                   worker gives it a row
 *
 * Jobs are untrusted bytes: anyone with access to Redis can push anything. */
#ifndef CONTRACT_JOB_H
#define CONTRACT_JOB_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Longest language field, in bytes (longer is no language judge/lang.c has). */
#define JOB_LANGUAGE_MAX 64

/* A parsed job. Every string is borrowed from the parsed document and lives
 * until job_dispose(); code may be long, and is never copied. */
struct job {
    void *doc;                 /* the parsed document (cJSON), owned */
    const char *submission_id; /* decimal digits; NULL when the job has no row yet */
    const char *rejudge;       /* decimal digits: the rejudge that queued it; else NULL */
    const char *user;          /* NULL when absent */
    const char *problem;
    const char *language; /* as sent: an id or an alias, for lang_find() */
    const char *code;
    size_t code_len;
    char numbers[5][24]; /* the text of ids a queue job sent as JSON numbers */
};

/* What is wrong with a job, for the caller to word for its audience (an HTTP
 * client, or the record of a job that is not judged). */
enum job_fault {
    JOB_FAULT_NONE,
    JOB_FAULT_EMPTY,      /* no bytes at all */
    JOB_FAULT_UTF8,       /* not valid UTF-8 */
    JOB_FAULT_SYNTAX,     /* not JSON; at is the byte where it broke */
    JOB_FAULT_TRAILING,   /* more than whitespace after the value, from byte at */
    JOB_FAULT_NOT_OBJECT, /* JSON, but not an object */
    JOB_FAULT_ID_GIVEN,   /* a client named a submissionId or a rejudge: the server's to set */
    JOB_FAULT_MISSING,    /* field is absent or null */
    JOB_FAULT_TYPE,       /* field is not a string */
    JOB_FAULT_INVALID,    /* field breaks its rule (contract/ids.h; language: 1 to 64 bytes) */
    JOB_FAULT_NUL,        /* an escaped NUL (\u0000) in field, or in another member (field NULL) */
    JOB_FAULT_EMPTY_CODE, /* code is "" */
    JOB_FAULT_CODE_SIZE,  /* code is at bytes, over the limit */
};

struct job_error {
    enum job_fault fault;
    const char *field; /* "userId", "problemId", "language", "code", "submissionId" or NULL */
    size_t at;         /* JOB_FAULT_SYNTAX, _TRAILING: a byte offset; _CODE_SIZE: code bytes */
};

/* Parses a submission body from an HTTP client: {userId, problemId, language,
 * code}, every field a string, userId required when need_user (the tutorial's
 * POST /submit has none), a submissionId refused, code 1 to max_code bytes
 * without NUL. The language is only read: lang_find() decides. Returns 0 with
 * out set (job_dispose() it), or -EINVAL with err set and out empty. */
int job_parse_body(const char *body, size_t len, bool need_user, size_t max_code, struct job *out,
                   struct job_error *err);

enum job_status {
    JOB_OK,
    JOB_MALFORMED, /* not a JSON object, or a field missing, of the wrong type or invalid: IE */
    JOB_TOO_LARGE, /* the job is over max_job bytes: IE, never parsed */
    JOB_BAD_CODE,  /* code empty, over max_code or with a NUL byte: CE */
};

/* Parses a job taken off the queue, raw[0..len). A job with a submissionId
 * needs nothing else: the row is the truth, and the other fields are not
 * read. One without is read by the rules of job_parse_body() (userId
 * optional), except that ids may also be JSON numbers, as clients of the
 * tutorial send them. On anything but JOB_OK, reason says why, and the fields
 * that could be read are set for the record of the failure (code is then
 * NULL). job_dispose() out in every case. */
enum job_status job_parse(const char *raw, size_t len, size_t max_job, size_t max_code,
                          struct job *out, char *reason, size_t reason_len);

void job_dispose(struct job *j);

/* Finds the top-level member of the JSON object raw[0..len) (text that
 * parsed) holding an escaped NUL: "\u0000" after an even run of backslashes
 * (the text "\\u0000", code that spells '\u0000', is none). cJSON ends a
 * string there, so the value read would be a truncated copy, and PostgreSQL
 * text cannot hold the byte anyway. Returns false when there is none; else
 * true with the member's name as written (*name, *name_len bytes; a NUL in a
 * key gives what precedes it). Submissions' and runs' jobs alike. */
bool job_nul_member(const char *raw, size_t len, const char **name, size_t *name_len);

/* The job of a body job_parse_body() accepted: for the tutorial's POST /submit
 * (id NULL), the body itself, byte for byte (out is not touched); for POST
 * /api/submissions, the body with {"submissionId":"<id>", put in front,
 * written to out. The body is never decoded and encoded again. Returns the
 * job's bytes (body, or in out->data) and their length in *job_len; out may
 * be NULL when id is. */
const char *job_of_body(struct buf *out, const char *id, const char *body, size_t len,
                        size_t *job_len);

/* job_of_body() for a body without a userId whose user is known otherwise
 * (a bearer token's): user, when not NULL, is put in front too, after the
 * id, so the job names its user. With id and user NULL, the body itself. */
const char *job_of_body_for(struct buf *out, const char *id, const char *user, const char *body,
                            size_t len, size_t *job_len);

/* Appends {"submissionId":"<id>"}: the job of a stored row (a requeue, a job
 * given its row). */
void job_build_id(struct buf *out, const char *id);

/* Appends {"submissionId":"<id>","rejudge":"<rejudge>"}: the job of a done
 * row queued again by a rejudge. It names no user and carries no code, so the
 * fair-share take puts it on the bulk lane, behind live submissions. */
void job_build_rejudge(struct buf *out, const char *id, const char *rejudge);

/* Appends {"submissionId":"<id>","userId":"<user>"}: the job of a row a
 * worker made for a job that had none, naming its user so that, requeued, it
 * is taken in that user's turn (fair share). */
void job_build_id_user(struct buf *out, const char *id, const char *user);

/* Appends the whole job of a stored row, with the fields of POST
 * /api/submissions's job: submissionId, userId, problemId, language, code
 * (code_len bytes). */
void job_build_row(struct buf *out, const char *id, const char *user, const char *problem,
                   const char *language, const char *code, size_t code_len);

#endif
