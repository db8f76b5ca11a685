/* The run: code run once on the user's own input (issue 13, "Run on your own
 * input"; README "Runs"), as a job on the queue and as a result. The api
 * (POST /api/runs, the Judge0 routes) builds the job, the worker parses it,
 * runs it and builds the result; the api, the gateway's clients and Judge0's
 * clients read the result.
 *
 * The job travels on the SAME queue as submissions (KEY_QUEUE, "problems")
 * and is taken by the same fair-share take (store/jobs.c, jobs_take()): it
 * names its userId, so it waits in that user's list and is taken in that
 * user's turn. A user's runs and submissions share one turn; runs never
 * delay another user's submissions more than their own share. A worker tells
 * a run job from a submission's by its "runId" member (run_job_is()).
 *
 *   {"runId":"<uuid>",           the run's id (RUN_ID_LEN chars, see below)
 *    "userId":"alice",           who asked (required: the fair-share turn,
 *                                the user channel of the result)
 *    "problemId":"two-sum",      optional: limits, checker, reference
 *                                solution, function signature and input
 *                                validator come from the problem
 *    "language":"c",             an id or alias, as in a submission
 *    "code":"...",               1 to the api's max code bytes
 *    "input":"...",              the program's stdin, 0 to RUN_INPUT_MAX bytes
 *    "limits":{"cpuMs":2000,     only without a problemId (ignored with one),
 *              "wallMs":5000,    each optional, defaults RUN_DEFAULT_*,
 *              "memoryKb":262144}  capped at RUN_MAX_*
 *    "expectedOutput":"...",     optional, only without a problemId: the
 *                                status is then AC or WA (Judge0's rule,
 *                                run_output_equal()), unless the run failed
 *    "keepS":3600}               optional: how long the result is kept,
 *                                RUN_KEEP_MIN_S..RUN_KEEP_MAX_S, default
 *                                RUN_KEEP_DEFAULT_S (Judge0 keeps longer)
 *
 * Where a run lives (store/runs.h, keys.h KEY_RUN_PREFIX): the Redis hash
 * "run:<id>" with fields "user" (the owner), "status" ("queued", "running",
 * or the final status) and, once done, "result" (the result JSON below). The
 * api creates it with status "queued" before pushing the job; the worker sets
 * "running" when it takes the job, and the result when done; each write sets
 * the key's TTL to keepS. Nothing of a run is ever in PostgreSQL: it is not
 * a submission, not in any history, and gone once the key expires (GET
 * /api/runs/{id} then answers 404). A run whose job Redis loses stays
 * "queued" until it expires (no PostgreSQL sweep brings it back).
 *
 * How a finished run is announced, in this order:
 *   1. HSET run:<id> status <status> result <json> + EXPIRE keepS;
 *   2. the result JSON as a durable user event (store/events.c: numbered,
 *      kept for replay) on "user:<userId>": every tab of the user gets
 *      {"seq":N,"type":"run",...} from the gateway; runs are not published
 *      on problem_done (that channel is for submissions' verdicts);
 *   3. PUBLISH on CHANNEL_RUN_DONE ("run_done") the result JSON, for an api
 *      waiting on a run (Judge0's wait=true): subscribe once per api process
 *      and look the runId up among the requests waiting; on a reconnect or a
 *      missed message, read run:<id> (it is written before the publish).
 *
 * The result JSON (GET /api/runs/{id} answers the same object, without
 * "seq"; while not done it answers {"id","status":"queued"|"running", ...}):
 *
 *   {"type":"run", "id":"<runId>", "userId", "problemId" (or null),
 *    "language" (our id, after aliases),
 *    "status":   "ok"  ran and exited 0 within the limits
 *                "TLE" "MLE" "OLE" "RE" "CE" "IE" as for submissions
 *                "AC" / "WA" instead of "ok" when the job had an
 *                       expectedOutput (compared as above)
 *                "BAD_INPUT" the problem's input validator refused the
 *                       input, "message" says why ("input rejected by
 *                       input validator <path>: ..."). The api checks a
 *                       run's input first (a 400), so a worker reports it
 *                       only for a job queued before (README "Runs")
 *    "message":  one line saying why, "" for ok/AC,
 *    "stdout", "stderr": what the program wrote, each at most
 *                RUN_SHOW_MAX bytes, valid UTF-8 (invalid bytes become
 *                U+FFFD); "stdoutCut"/"stderrCut" true when cut;
 *                for a function problem "stdout" is only what the user's
 *                code printed (the driver's part is removed),
 *    "output":   a function problem's returned value as JSON text (null
 *                when it did not return, and for stdin/stdout problems),
 *    "compileOutput": the compiler's output (CE: the reason), or "",
 *                capped likewise (no flag),
 *    "timeMs" (CPU), "wallMs", "memoryKb" (peak), "exitCode" (-1 when a
 *                signal ended it), "signal" (0 when none),
 *    "expected": the reference solution's output on the same input (a
 *                function problem: its returned value's JSON), capped and
 *                marked like stdout ("expectedCut"); null when the problem
 *                has no reference, the job has no problem, or the reference
 *                itself failed (then "expectedStatus" says how),
 *    "expectedStatus": the reference's status ("ok", "TLE", ...) or null,
 *    "match":    true/false when "expected" is there and the run was ok:
 *                compared by the problem's checker (tokens, exact, float,
 *                JSON for a function problem; a custom checker or output
 *                validator is run as in judging, on the run's input with
 *                the reference's output as the answer); else null,
 *    "matchNote": null, or why "match" is null though it was asked: the
 *                problem's checker program failed (its exit or a limit)
 *                or did not build}
 */
#ifndef CONTRACT_RUN_H
#define CONTRACT_RUN_H

#include "common/buf.h"
#include "contract/job.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A run id: a random UUID (version 4, lowercase, 36 characters with dashes),
 * so that a Judge0 client can use it as its token as it is. */
#define RUN_ID_LEN 36
/* Largest input (stdin) a run takes, in bytes; bigger is a 413 at the api
 * (README "Runs"). Chosen to fit, JSON-escaped, beside the largest code in
 * the api's body limit (6 x --max-code-kb + 4 KiB, about 388 KiB by
 * default), which stays the submissions' limit too: a body past that limit
 * is a 413 as well, before it is read. */
#define RUN_INPUT_MAX (256u << 10)
/* Most bytes of stdout, stderr, compiler output and expected output kept in
 * a result (each); the rest is cut and the result says so. */
#define RUN_SHOW_MAX (64u << 10)
/* Limits of a run without a problem: defaults and the most a job may ask. */
#define RUN_DEFAULT_CPU_MS 2000
#define RUN_DEFAULT_WALL_MS 5000
#define RUN_DEFAULT_MEMORY_KB (256u << 10)
#define RUN_MAX_CPU_MS 15000
#define RUN_MAX_WALL_MS 20000
#define RUN_MAX_MEMORY_KB (512u << 10)
/* How long a run's result is kept (the key's TTL), in seconds. */
#define RUN_KEEP_DEFAULT_S 3600
#define RUN_KEEP_MIN_S 60
#define RUN_KEEP_MAX_S (7 * 24 * 3600)

/* A parsed run job. Strings are borrowed from the parsed document and live
 * until run_job_dispose(). */
struct run_job {
    void *doc;           /* the parsed document (cJSON), owned */
    const char *id;      /* RUN_ID_LEN characters */
    const char *user;    /* a valid user id */
    const char *problem; /* a valid problem id, or NULL */
    const char *language;
    const char *code;
    size_t code_len;
    const char *input; /* "" when absent */
    size_t input_len;
    uint32_t cpu_ms, wall_ms, memory_kb; /* the job's limits (defaults filled) */
    const char *expected;                /* expectedOutput, or NULL */
    size_t expected_len;
    uint32_t keep_s;
};

/* True when s[0..len) is a run id: a lowercase UUID, 8-4-4-4-12 hex digits. */
bool run_id_valid(const char *s, size_t len);

/* Writes a fresh random run id (RUN_ID_LEN characters and a NUL) into out,
 * from getrandom(). Returns 0 or a negative errno. */
int run_id_new(char out[RUN_ID_LEN + 1]);

/* True when the queue job raw[0..len) is a run's: a JSON object with a
 * top-level "runId" member (of any type: a run job with a bad id is still a
 * run's, to be refused as one, not judged as a tutorial submission). */
bool run_job_is(const char *raw, size_t len);

/* Parses a run job taken off the queue (or built by the api). Returns 0 with
 * out set, or -EINVAL with a one-line reason (out is then empty but must
 * still be run_job_dispose()d); the fields that could be read (id, user)
 * stay set on failure, so the failure can still be reported. max_code bounds
 * the code as job_parse() does. */
int run_job_parse(const char *raw, size_t len, size_t max_code, struct run_job *out, char *reason,
                  size_t reason_len);

void run_job_dispose(struct run_job *j);

/* What POST /api/runs takes from a client: {problemId, language, code,
 * input}, input optional ("" when absent), userId as in POST
 * /api/submissions (required unless the caller knows the user from a token).
 * Parsed by job_parse_body() (so problemId is required: problem-less runs
 * are the Judge0 routes', which build their jobs with run_job_build()),
 * then "input": JOB_FAULT_TYPE when not a string, JOB_FAULT_CODE_SIZE with
 * field "input" when over RUN_INPUT_MAX; an escaped NUL anywhere is
 * JOB_FAULT_NUL as in a submission. Members other than these are ignored:
 * the api builds the job itself. */
struct run_body {
    struct job base; /* userId, problemId (may be NULL), language, code */
    const char *input;
    size_t input_len;
};

/* Parses a POST /api/runs body. Returns 0 with out set (run_body_dispose()
 * it), or -EINVAL with err set and out empty. */
int run_body_parse(const char *body, size_t len, bool need_user, size_t max_code,
                   struct run_body *out, struct job_error *err);

void run_body_dispose(struct run_body *b);

/* The limits and extras of a run job that the api sets (a problem-less run
 * of the Judge0 routes); zero fields are left out of the job (defaults). */
struct run_opts {
    uint32_t cpu_ms, wall_ms, memory_kb;
    const char *expected; /* expectedOutput, or NULL */
    size_t expected_len;
    uint32_t keep_s; /* 0: RUN_KEEP_DEFAULT_S */
};

/* Appends a run job to out: runId id, userId user, problemId problem (left
 * out when NULL), language, code, input (each copied and JSON-escaped) and
 * opts (may be NULL). */
void run_job_build(struct buf *out, const char *id, const char *user, const char *problem,
                   const char *language, const char *code, size_t code_len, const char *input,
                   size_t input_len, const struct run_opts *opts);

/* Judge0's comparison (its strip(): each line's trailing whitespace removed,
 * the lines joined again, the whole stripped at both ends; whitespace as
 * Ruby's, NUL included): true when a and b are then equal. */
bool run_output_equal(const char *a, size_t alen, const char *b, size_t blen);

/* A run's end, as the worker reports it (run_result_build() writes the JSON
 * described at the top). Strings are borrowed; NULL strings are written as
 * "" (stdout, stderr, message, compile_out) or null (output, expected,
 * expected_status, problem). */
struct run_result {
    const char *id, *user, *problem, *language;
    const char *status; /* "ok", "TLE", ..., "AC", "WA", "BAD_INPUT" */
    const char *message;
    const char *out; /* stdout (a function problem's: the user's prints) */
    size_t out_len;
    const char *err; /* stderr */
    size_t err_len;
    const char *output; /* a function problem's returned JSON, or NULL */
    size_t output_len;
    const char *compile_out;
    size_t compile_len;
    uint32_t time_ms, wall_ms, memory_kb;
    int exit_code, signal;
    const char *expected; /* the reference's output, or NULL */
    size_t expected_len;
    const char *expected_status; /* the reference's status, or NULL */
    int match;                   /* 1, 0, or -1 for null */
    const char *match_note;      /* why match is null though it was asked, or NULL */
};

/* Appends the result JSON of r to out: each text capped at RUN_SHOW_MAX
 * bytes (cut at a character boundary, its "...Cut" flag set) and made valid
 * UTF-8. */
void run_result_build(struct buf *out, const struct run_result *r);

#endif
