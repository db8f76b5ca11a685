/* The JSON the worker writes: the per-test results stored in PostgreSQL and
 * the events published on problem_done (DESIGN.md "Public contracts"). */
#ifndef WORKER_REPORT_H
#define WORKER_REPORT_H

#include "common/buf.h"
#include "judge/judge.h"

/* Who a submission is; strings borrowed. */
struct report_who {
    const char *id;
    const char *user;
    const char *problem;
    const char *language;
};

/* A submission's outcome, judged or not. */
struct report_outcome {
    const char *verdict;
    unsigned time_ms;
    unsigned memory_kb;
    const char *tests_json; /* a JSON array (report_tests_json()), or NULL for none */
    unsigned tests_run;
    unsigned tests_total;
    unsigned tests_passed;
    const char *message;             /* "" for none */
    const char *compile_out;         /* NULL for none */
    bool scored;                     /* a scoring problem: score out of max_score */
    double score, max_score;         /* max_score < 0: unbounded */
    const char *team_message;        /* the output validator's feedback for the user, or NULL */
    const char *judge_message;       /* for admins only (stored, never published), or NULL */
    unsigned failed_test;            /* the first failed test's number (1-based), 0: none */
    const struct judge_shown *shown; /* its data when it is visible, else NULL */
};

/* Feedback longer than this is cut (judge/text.h) before it is stored or sent. */
#define REPORT_FEEDBACK_MAX 8192

/* Whether a scored result is partially accepted: a bounded maximum, and a
 * score above 0 but below it, whatever the verdict (the rule of the
 * partially_accepted folder of `verdict problems verify`, judge/expect.c). */
bool report_partial(bool scored, double score, double max_score);

/* Events carry the tests themselves up to this many, else a summary. */
#define REPORT_EVENT_MAX_TESTS 100

/* Appends the tests run, as a JSON array of {"test", "sample", "verdict",
 * "timeMs", "memoryKb"} (plus "exitCode" or "signal" for a crash, and a
 * scoring problem's "score"). "test" is the 1-based number of the test in
 * the problem: a scoring problem may skip some (the rest of a group after a
 * rejection), so it is the judge's index there, the position otherwise. */
void report_tests_json(const struct judge_result *res, struct buf *out);

/* The first failed test's 1-based number among res's tests (as
 * report_tests_json() numbers them), or 0 when none failed. */
unsigned report_failed_test(const struct judge_result *res);

/* Appends the feedback fields (README.md "Feedback"), each after a comma:
 * "failedTest" (null when no test failed), "passed", "total", "summary"
 * ("Wrong Answer on test 7 of 20 (passed 6/20)") and, when the failed test
 * is visible, "failedCase" {"test", "input", "inputCut", "expected",
 * "expectedCut", "output", "outputCut"}. */
void report_feedback_fields(const struct report_outcome *o, struct buf *out);

/* The same fields as one JSON object: submissions.feedback. */
void report_feedback_json(const struct report_outcome *o, struct buf *out);

/* Makes the result event that ends out an accepted one's: "runtimeBeats"
 * and "memoryBeats" (percent; null when unknown) go before its closing
 * brace. */
void report_beats_fields(struct buf *out, double runtime, double memory);

/* Appends {"type":"result","submissionId",...,"status":<verdict>,...}; a
 * scored result adds "score", "maxScore" (null: unbounded) and "partial",
 * and validator feedback for the user "feedback". */
void report_result_event(const struct report_who *who, const struct report_outcome *o,
                         struct buf *out);

/* Makes the result event that ends out (report_result_event()) a
 * rejudge's: "rejudge" (the rejudge's id), "previousStatus" (the verdict
 * the new one replaced) and, when the replaced result had one,
 * "previousScore" (previous_score; NULL: none) go before its closing brace. */
void report_rejudge_fields(struct buf *out, const char *rejudge, const char *previous,
                           const double *previous_score);

/* Appends {"type":"progress","submissionId","userId","problemId","stage",
 * "test","of"}; test and of are left out for the "compiling" stage. */
void report_progress_event(const struct report_who *who, const char *stage, unsigned test,
                           unsigned of, struct buf *out);

#endif
