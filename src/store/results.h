/* The worker's side of submissions in PostgreSQL: claiming a row (or making
 * one for a job that has none), fetching a problem's tests, finishing with a
 * verdict exactly once, handing back, and sweeping rows the queue lost. */
#ifndef STORE_RESULTS_H
#define STORE_RESULTS_H

#include "store/pg.h"

#include <stdbool.h>
#include <stddef.h>

/* A claimed submission and its problem; strings borrowed during the callback. */
struct results_claim {
    const char *id;        /* the row's (internal) */
    const char *public_id; /* the submission's name in events (contract/ids.h) */
    const char *user;
    const char *problem;
    const char *language;
    const char *code;
    size_t code_len;
    int attempts;     /* this one included */
    bool has_problem; /* false: the problem does not exist (the fields below are 0) */
    int version;
    int time_limit_ms;
    int memory_limit_mb;
    int output_limit_kb;
    const char *checker;
    const char *function; /* a function problem's signature as JSON text, else NULL */
};

/* status 0 with the claim; -ENOENT when there is no row to judge (done
 * already, or no such id); another negative errno when the database failed. */
typedef void (*results_claim_cb)(int status, const struct results_claim *c, void *data);

/* Claims submission id (decimal digits) for lease_s seconds: status running,
 * attempts + 1, only if not done. Same contract as pg_exec(). */
int results_claim(struct pg *pg, const char *id, unsigned lease_s, results_claim_cb cb, void *data);

/* Inserts a claimed row for a job that came without one. Strings must be
 * valid UTF-8 without NUL bytes. */
int results_insert(struct pg *pg, const char *user, const char *problem, const char *language,
                   const char *code, size_t code_len, unsigned lease_s, results_claim_cb cb,
                   void *data);

/* status 0 with the new row's id and public id (borrowed), or a negative
 * errno and NULLs. */
typedef void (*results_id_cb)(int status, const char *id, const char *public_id, void *data);

/* Inserts a finished row for a job that cannot be judged, with its verdict
 * ("IE" or "CE") and the reason. */
int results_record(struct pg *pg, const char *user, const char *problem, const char *language,
                   const char *code, size_t code_len, const char *verdict, const char *message,
                   results_id_cb cb, void *data);

/* One test, borrowed during the callback. */
struct results_test {
    bool sample;
    bool visible; /* a hidden test whose data a failed submission is shown */
    const char *input;
    size_t input_len;
    const char *output;
    size_t output_len;
};

/* What a problem's tests come with, borrowed during the callback: its
 * current version, its checker source and its judging plan (each NULL when
 * none). */
struct results_problem {
    int version;
    const char *checker_source;
    size_t checker_len;
    const char *judging; /* problems.judging as JSON text (judge/plan.h) */
    size_t judging_len;
};

/* status 0 with the problem and its tests, samples first; -ENOENT for an
 * unknown problem (pr NULL on an error). */
typedef void (*results_tests_cb)(int status, const struct results_problem *pr,
                                 const struct results_test *tests, unsigned n, void *data);
int results_tests(struct pg *pg, const char *problem, results_tests_cb cb, void *data);

/* A verdict to store. tests_json is a JSON array; compile_output may be NULL;
 * the texts must be valid UTF-8 without NUL bytes. */
struct results_verdict {
    const char *id;
    const char *verdict;
    unsigned time_ms;
    unsigned memory_kb;
    const char *tests_json;
    const char *compile_output;
    const char *message;
    bool scored;               /* a scoring problem: score and max_score are stored */
    double score, max_score;   /* max_score < 0: unbounded (stored as NULL) */
    const char *team_message;  /* the output validator's feedback, or NULL */
    const char *judge_message; /* for admins, or NULL */
    const char *feedback;      /* a JSON object (README.md "Feedback"), or NULL */
    /* Who finishes: a name unique to the claim judged (sql/015), or NULL.
     * Storing the same finish again (its first answer was lost) reports it
     * as this call's again. */
    const char *finisher;
};

/* status 0 and changed true when this call finished the row (or finished it
 * before under the same finisher, its answer lost), false when someone else
 * did: only the one that finished it publishes. */
typedef void (*results_done_cb)(int status, bool changed, void *data);
int results_finish(struct pg *pg, const struct results_verdict *v, results_done_cb cb, void *data);

/* Puts a running row back to queued without counting the attempt. */
int results_hand_back(struct pg *pg, const char *id, results_done_cb cb, void *data);

/* Extends the lease of the running rows in ids (a PostgreSQL array literal
 * "{1,2}"). Fire and forget: a lost renewal only risks a duplicate judging,
 * which the finish guard makes harmless. */
int results_renew(struct pg *pg, const char *ids, unsigned lease_s);

/* status 0 with the ids (borrowed) of the rows to push onto the queue again. */
typedef void (*results_ids_cb)(int status, unsigned n, const char *const *ids, void *data);
/* Takes up to limit rows lost by the queue (see job_sweep in worker_stmts.c). */
int results_sweep(struct pg *pg, unsigned queued_age_s, unsigned limit, results_ids_cb cb,
                  void *data);

/*** Rejudges (store/rejudge.h queues them; sql/006_rejudge.sql) ***/

/* Claims done submission id for rejudge (decimal digits) for lease_s
 * seconds, with its problem as it is now (its current version): attempts
 * is the rejudge's. -ENOENT when that rejudge owes nothing for it any more
 * (finished, or taken over by a newer rejudge). Same contract as pg_exec(). */
int results_claim_rejudge(struct pg *pg, const char *id, const char *rejudge, unsigned lease_s,
                          results_claim_cb cb, void *data);

/* What a rejudge's result replaced. */
struct results_previous {
    const char *verdict; /* borrowed during the callback */
    bool scored;         /* the replaced result had a score */
    double score;
    bool changed; /* the verdict, the score or the maximum differs from the new one */
};

/* status 0 and stored true when this call stored the rejudge's verdict (or
 * stored it before under the same finisher, its answer lost), with prev what
 * it replaced; stored false (and prev NULL) when the rejudge's result was
 * stored by someone else (or taken over): nothing changed. */
typedef void (*results_rejudged_cb)(int status, bool stored, const struct results_previous *prev,
                                    void *data);

/* Stores rejudge's verdict v of a done submission, exactly once: keeps the
 * row as it was in verdict_history when the result changes (its verdict, or
 * a scoring problem's score or maximum; not when it is the same: then only
 * the figures are refreshed), in one statement. */
int results_finish_rejudge(struct pg *pg, const struct results_verdict *v, const char *rejudge,
                           results_rejudged_cb cb, void *data);

/* Gives a claimed rejudge back (shutdown): the attempt does not count. */
int results_hand_back_rejudge(struct pg *pg, const char *id, const char *rejudge,
                              results_done_cb cb, void *data);

/* status 0 with the submission ids and their rejudge ids (borrowed) of
 * rejudges to push again. */
typedef void (*results_rejudges_cb)(int status, unsigned n, const char *const *ids,
                                    const char *const *rejudges, void *data);
/* Takes up to limit rejudge jobs Redis lost: owed for more than age_s
 * seconds, or held past their lease. */
int results_sweep_rejudges(struct pg *pg, unsigned age_s, unsigned limit, results_rejudges_cb cb,
                           void *data);

#endif
