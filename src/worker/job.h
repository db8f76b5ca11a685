/* A job as it comes off the queue: the api's {"submissionId", ...} or the
 * tutorial's {"problemId", "code", "language"} (userId optional). Untrusted
 * bytes: anyone with access to Redis can push anything. */
#ifndef WORKER_JOB_H
#define WORKER_JOB_H

#include <stddef.h>

#define JOB_FIELD_MAX 64 /* longest user, problem or language id */

/* A parsed job; every string is owned (job_dispose() frees them). */
struct job {
    char *submission_id; /* decimal digits; NULL when the job has no row yet */
    char *user;          /* NULL when absent */
    char *problem;
    char *language;
    char *code;
    size_t code_len;
};

enum job_status {
    JOB_OK,
    JOB_MALFORMED, /* not a JSON object, or a field missing or of the wrong type: IE */
    JOB_TOO_LARGE, /* the job is over max_job bytes: IE, never parsed */
    JOB_BAD_CODE,  /* code over max_code, or with a NUL byte: CE */
};

/* Parses raw[0..len). A job with a submissionId needs nothing else (the row
 * holds the rest); one without needs problemId, language and code. On
 * anything but JOB_OK, reason says why, and the fields that could be read are
 * set for the record of the failure (code is then NULL). */
enum job_status job_parse(const char *raw, size_t len, size_t max_job, size_t max_code,
                          struct job *out, char *reason, size_t reason_len);

void job_dispose(struct job *j);

#endif
