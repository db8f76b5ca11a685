/* One submission in one slot: compile, then each test in order, then the
 * check of its output; one sandbox run at a time, each step started from the
 * previous one's callback (an interactive test runs two at once: interact.c). */
#include "judge/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "judge/text.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define JUDGE_COMPILE_OUTPUT_KB 256 /* what the compiler may print */
#define JUDGE_COMPILE_SHOWN 4000    /* what the user is shown of it */
#define JUDGE_COMPILE_FILE_KB (128 * 1024)
#define JUDGE_COMPILE_TMP_KB (256 * 1024)
#define JUDGE_STDERR_SCAN 8192 /* tail of stderr searched for the OOM marker */

/* The scratch files, one per purpose, rewritten by each run. */
void judge__scratch_path(const struct judge *j, const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", j->scratch, name);
}

/* Opened through the slot, as every file a run gets as a stream: the program
 * reads /proc/self/fd/1 as "/out", not as the worker's scratch path. */
int judge__scratch_open(const struct judge *j, const char *name)
{
    char path[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, name, path, sizeof(path));
    /* 0644: a custom checker (a slot uid) reads the program's output through a
     * read-only bind. */
    return sandbox_slot_open_stream(j->slot, path, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
}

struct judge *judge_new(struct sandbox_slot *slot, const char *scratch_dir)
{
    struct judge *j = xcalloc(1, sizeof(*j));
    j->hold_fd = -1;
    j->slot = slot;
    j->scratch = scratch_dir;
    buf_init(&j->compile_out);
    buf_init(&j->team_message);
    buf_init(&j->judge_message);
    buf_init(&j->user_out);
    buf_init(&j->fresult);
    judge__shown_init(j);
    return j;
}

void judge_set_aux(struct judge *j, struct sandbox_slot *aux)
{
    j->aux = aux;
}

/* The tests of the last judging, with what they hold. */
static void tests_free(struct judge *j)
{
    for (unsigned i = 0; j->tests && i < j->tests_cap; i++)
        free(j->tests[i].judge_message);
    free(j->tests);
    j->tests = NULL;
    j->tests_cap = 0;
}

void judge_free(struct judge *j)
{
    if (j == NULL)
        return;
    if (j->hold_fd >= 0)
        close(j->hold_fd);
    tests_free(j);
    free(j->whys);
    free(j->group_scores);
    score_free(j->score);
    buf_dispose(&j->compile_out);
    buf_dispose(&j->team_message);
    buf_dispose(&j->judge_message);
    buf_dispose(&j->user_out);
    buf_dispose(&j->fresult);
    judge__shown_dispose(j);
    free(j);
}

/* The environment of a language's runs: the sandbox's defaults plus its own. */
void judge__lang_env(const struct lang *l, const char *envp[JUDGE_MAX_ENV])
{
    int n = 0;
    envp[n++] = "PATH=/usr/local/bin:/usr/bin:/bin";
    envp[n++] = "HOME=/box";
    envp[n++] = "LANG=C.UTF-8";
    for (int i = 0; i < 6 && l->env[i] && n < JUDGE_MAX_ENV - 1; i++)
        envp[n++] = l->env[i];
    envp[n] = NULL;
}

static void judge_on_compiled(struct sandbox_slot *slot, int status,
                              const struct sandbox_result *res, void *data);
static void judge_on_test(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                          void *data);

/* Fills what every result says from the judging so far (r->verdict set). */
static void judge_result_fill(struct judge *j, struct judge_result *r, bool cancelled);

/* Ends the judging with the tests recorded so far and the verdict v. */
static void judge_finish(struct judge *j, enum verdict v, bool cancelled, bool host_fault)
{
    struct judge_result res;
    memset(&res, 0, sizeof(res));
    res.verdict = v;
    res.max_score = -1;
    judge_result_fill(j, &res, cancelled);
    res.host_fault = host_fault;
    score_free(j->score); /* it borrows the plan, which is the caller's after this */
    j->score = NULL;
    j->step = STEP_IDLE;
    j->done(j, &res, j->data);
}

/* A function problem's part of the result (judge.h). */
static void judge_result_function(const struct judge *j, struct judge_result *r)
{
    if (j->prob.function == NULL)
        return;
    r->user_output = j->user_out.data ? j->user_out.data : "";
    r->user_output_len = j->user_out.len;
    r->returned = j->freturned ? (j->fresult.data ? j->fresult.data : "") : NULL;
    r->returned_len = j->freturned ? j->fresult.len : 0;
    r->line_shift = j->line_shift;
}

static void judge_result_fill(struct judge *j, struct judge_result *r, bool cancelled)
{
    enum verdict v = r->verdict;
    struct judge_result res = *r;
    res.tests = j->tests;
    res.ntests = j->nrun;
    res.total = j->prob.tests->ntests;
    res.nsamples = j->prob.tests->nsamples;
    res.compile_out = v == VERDICT_CE && j->compile_out.len ? j->compile_out.data : NULL;
    res.message = j->message;
    res.cancelled = cancelled;
    res.compile_wall_ms = j->compile_wall_ms;
    judge_result_function(j, &res);
    res.shown = j->has_shown && v != VERDICT_AC ? &j->shown : NULL;
    /* A rejection's feedback, also under a partially accepted score. */
    bool partial = r->scored && r->max_score > 0 && r->score < r->max_score;
    if (j->fail_feedback && (v != VERDICT_AC || partial)) {
        res.team_message = j->team_message.len ? j->team_message.data : NULL;
        res.judge_message = j->judge_message.len ? j->judge_message.data : NULL;
    }
    for (unsigned i = 0; i < j->nrun; i++) {
        if (j->tests[i].time_ms > res.time_ms)
            res.time_ms = j->tests[i].time_ms;
        if (j->tests[i].memory_kb > res.memory_kb)
            res.memory_kb = j->tests[i].memory_kb;
    }
    *r = res;
}

/* Ends a packaged problem's judging once score_next() has no test left:
 * its verdict and score by the plan's rules, and the message and feedback
 * of the test that decided (kept when it was the first rejected). */
static void judge_finish_scored(struct judge *j)
{
    struct score_result r;
    score_result(j->score, &r);
    struct judge_result res;
    if (r.first_failed >= 0 && r.first_failed != j->fail_index) {
        /* Another test decides than the first rejected (a sample, say, when
         * samples do not count). */
        const struct plan_test *t = &j->prob.plan->tests[r.first_failed];
        const char *why = j->whys[r.first_failed];
        snprintf(j->message, sizeof(j->message), "test %d (%s): %s", r.first_failed + 1, t->name,
                 why[0] ? why : verdict_name(r.verdict));
        j->fail_feedback = false;
    } else if (r.first_failed < 0) {
        j->message[0] = '\0';
        j->fail_feedback = false;
    }
    memset(&res, 0, sizeof(res));
    res.verdict = r.verdict;
    res.scored = r.scored;
    res.score = r.score;
    res.max_score = r.max_score;
    j->group_scores =
        xrealloc(j->group_scores, (j->prob.plan->ngroups + 1) * sizeof(*j->group_scores));
    score_groups(j->score, j->group_scores);
    res.group_scores = j->group_scores;
    res.ngroups = (unsigned)j->prob.plan->ngroups;
    judge_result_fill(j, &res, false);
    score_free(j->score);
    j->score = NULL;
    j->step = STEP_IDLE;
    j->done(j, &res, j->data);
}

void judge__fail(struct judge *j, const char *what, int status, const struct sandbox_result *res)
{
    snprintf(j->message, sizeof(j->message), "%s: %s%s%s", what,
             res && res->error_step ? res->error_step : "", res && res->error_step ? ": " : "",
             strerror(-status));
    judge_finish(j, VERDICT_IE, status == -ECANCELED, status < 0);
}

/* Reads the compiler's output (stdout and stderr together) for the user. */
void judge__read_compile_output(struct judge *j)
{
    char path[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, "compile.txt", path, sizeof(path));
    buf_reset(&j->compile_out);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    char *tmp = xmalloc(JUDGE_COMPILE_SHOWN * 2);
    ssize_t n = read(fd, tmp, JUDGE_COMPILE_SHOWN * 2);
    struct stat st;
    size_t total = fstat(fd, &st) == 0 ? (size_t)st.st_size : 0;
    close(fd);
    if (n > 0 && j->step == STEP_COMPILE)
        judge__compile_output_rewrite(j, tmp, (size_t)n, total);
    else if (n > 0)
        text_trim(tmp, (size_t)n, total, JUDGE_COMPILE_SHOWN, &j->compile_out);
    free(tmp);
}

int judge__run_compile(struct judge *j, const char *const *argv, const struct lang *limits_of,
                       sandbox_run_cb cb)
{
    const char *envp[JUDGE_MAX_ENV];
    judge__lang_env(limits_of, envp);
    int out = judge__scratch_open(j, "compile.txt");
    if (out < 0)
        return out;
    struct sandbox_spec spec = {
        .argv = argv,
        .envp = envp,
        .stdout_fd = out,
        .stderr_to_stdout = true,
        .limits =
            {
                .cpu_ms = limits_of->compile_cpu_ms,
                .memory_kb = (uint64_t)limits_of->compile_memory_mb * 1024,
                .output_kb = JUDGE_COMPILE_OUTPUT_KB,
                .file_size_kb = JUDGE_COMPILE_FILE_KB,
                .processes = limits_of->compile_processes,
                .tmp_kb = JUDGE_COMPILE_TMP_KB,
                /* A compiler's stack needs no more than a program's. */
                .stack_kb = 64 * 1024,
            },
    };
    int rc = sandbox_run(j->slot, &spec, cb, j);
    close(out);
    return rc;
}

static int start_next(struct judge *j);

/* Compiles the program put in the box, or goes straight to the tests. */
static int judge_compile(struct judge *j)
{
    const struct judge_program *p = &j->prog;
    if (!j->lang->compile[0])
        return start_next(j);
    struct lang_argv argv;
    int rc = lang_program_expand(j->lang, j->lang->compile, &p->files, true,
                                 j->lang->compile_memory_mb, &argv);
    if (rc < 0 || (rc = judge__run_compile(j, argv.argv, j->lang, judge_on_compiled)) < 0)
        return rc;
    j->step = STEP_COMPILE;
    j->progress(j, JUDGE_COMPILING, 0, j->prob.tests->ntests, j->data);
    return 0;
}

int judge_start(struct judge *j, const struct lang *lang, const char *code, size_t len,
                const struct judge_problem *p, judge_progress_cb progress, judge_done_cb done,
                void *data)
{
    if (j->step != STEP_IDLE)
        return -EBUSY;
    if (p->tests->ntests == 0)
        return -ENODATA;
    j->lang = lang;
    j->prob = *p;
    j->line_shift = 0;
    buf_reset(&j->user_out);
    buf_reset(&j->fresult);
    j->freturned = false;
    int rc = sandbox_slot_reset(j->slot);
    if (rc == 0)
        rc = p->function ? judge__function_put(j, code, len) : judge__program_put(j, code, len);
    if (rc < 0)
        return rc;
    j->progress = progress;
    j->done = done;
    j->data = data;
    j->cur = 0;
    j->nrun = 0;
    j->compile_wall_ms = 0;
    j->message[0] = '\0';
    j->kattis_args[0] = '\0';
    j->feedback = false;
    j->fail_index = -1;
    j->fail_feedback = false;
    j->has_shown = false;
    score_free(j->score);
    j->score = p->plan ? score_new(p->plan) : NULL;
    if (j->score && p->run_all)
        score_run_all(j->score);
    buf_reset(&j->compile_out);
    tests_free(j);
    j->tests = xcalloc(p->tests->ntests, sizeof(*j->tests));
    j->tests_cap = (unsigned)p->tests->ntests;
    free(j->whys);
    j->whys = p->plan ? xcalloc(p->tests->ntests, sizeof(*j->whys)) : NULL;
    return judge_compile(j);
}

static void judge_on_compiled(struct sandbox_slot *slot, int status,
                              const struct sandbox_result *res, void *data)
{
    (void)slot;
    struct judge *j = data;
    if (status < 0) {
        judge__fail(j, "compile", status, res);
        return;
    }
    j->compile_wall_ms = res->wall_ms;
    if (res->verdict != SANDBOX_VERDICT_OK) {
        judge__read_compile_output(j);
        switch (res->verdict) {
        case SANDBOX_VERDICT_TLE:
            snprintf(j->message, sizeof(j->message),
                     "compilation exceeded its time limit (%u ms CPU, %u ms wall)", res->cpu_ms,
                     res->wall_ms);
            break;
        case SANDBOX_VERDICT_MLE:
            snprintf(j->message, sizeof(j->message),
                     "compilation exceeded its memory limit (%u MB)", j->lang->compile_memory_mb);
            break;
        case SANDBOX_VERDICT_OLE:
            snprintf(j->message, sizeof(j->message), "the compiler's output was too long");
            break;
        default:
            snprintf(j->message, sizeof(j->message), "compilation failed");
            break;
        }
        judge_finish(j, VERDICT_CE, false, false);
        return;
    }
    int rc = start_next(j);
    if (rc < 0)
        judge__fail(j, "run", rc, NULL);
}

void judge__test_limits(const struct judge *j, struct sandbox_limits *l)
{
    const struct judge_problem *p = &j->prob;
    uint32_t cpu = (uint32_t)((double)p->time_limit_ms * j->lang->time_factor + 0.5);
    *l = (struct sandbox_limits){
        .cpu_ms = cpu ? cpu : 1,
        .memory_kb = ((uint64_t)p->memory_limit_mb + (uint64_t)j->lang->memory_extra_mb) * 1024,
        .output_kb = p->output_limit_kb,
        .processes = (uint32_t)j->lang->processes,
    };
}

static int start_test(struct judge *j)
{
    const struct judge_problem *p = &j->prob;
    char in_path[CACHE_PATH_MAX + 32];
    cache_test_path(p->tests, j->cur, false, in_path, sizeof(in_path));
    /* The test's host path (its problem, its number) is no more the program's
     * to see than the answer is: /proc/self/fd/0 reads "/1.in". */
    int in = sandbox_slot_open_stream(j->slot, in_path, O_RDONLY | O_NOFOLLOW, 0);
    if (in < 0)
        return in;
    int out = judge__scratch_open(j, "out");
    int err = out >= 0 ? judge__scratch_open(j, "err") : -1;
    int rc = out < 0 ? out : err;
    if (rc < 0)
        goto out;
    const char *envp[JUDGE_MAX_ENV];
    judge__lang_env(j->lang, envp);
    struct sandbox_spec spec = {
        .argv = judge__test_argv(j),
        .envp = envp,
        .stdin_fd = in,
        .stdout_fd = out,
        .stderr_fd = err,
        /* Nothing a test run writes outlives it: no state carried to the next
         * test, no answers left for later. /tmp stays writable and fresh. */
        .box_readonly = true,
        .pinned = true,
    };
    judge__test_limits(j, &spec.limits);
    if ((rc = sandbox_run(j->slot, &spec, judge_on_test, j)) == 0)
        j->step = STEP_TEST;
out:
    if (err >= 0)
        close(err);
    if (out >= 0)
        close(out);
    close(in);
    return rc;
}

/* Starts the next test: the one after j->cur, or the first. Finishes the
 * judging (AC) when none is left. */
static int start_next(struct judge *j)
{
    if (j->score) {
        int i = score_next(j->score);
        if (i < 0) {
            judge_finish_scored(j);
            return 0;
        }
        j->cur = (unsigned)i;
    } else if (j->nrun > 0) {
        j->cur++;
    }
    if (j->cur >= j->prob.tests->ntests) {
        judge_finish(j, VERDICT_AC, false, false);
        return 0;
    }
    free(j->tests[j->nrun].judge_message); /* NULL but for a test begun twice */
    j->tests[j->nrun] = (struct judge_test){.index = j->cur};
    j->vscore = NAN;
    j->feedback = false;
    bool interactive = j->prob.plan && j->prob.plan->interactive;
    int rc = interactive ? judge__interact_start(j) : start_test(j);
    if (rc == 0)
        j->progress(j, JUDGE_RUNNING, j->nrun + 1, j->prob.tests->ntests, j->data);
    return rc;
}

/* "test 3 (sample)", "test 7 (secret/group1/02)". */
static void test_label(const struct judge *j, char *buf, size_t len)
{
    const struct plan *plan = j->prob.plan;
    if (plan)
        snprintf(buf, len, "test %u (%s)", j->cur + 1, plan->tests[j->cur].name);
    else
        snprintf(buf, len, "test %u%s", j->cur + 1,
                 j->cur < j->prob.tests->nsamples ? " (sample)" : "");
}

/* Records test j->cur's verdict v and goes on with the plan's next test. */
static void record_and_next(struct judge *j, enum verdict v)
{
    struct judge_test *t = &j->tests[j->nrun++];
    t->verdict = v;
    score_record(j->score, j->cur, v, j->vscore);
    /* The test as the rules count it: a pass-fail group's tests score
     * nothing themselves, 2025-09 shares, score.txt (and IE above a share). */
    enum verdict counted = v;
    double score = 0;
    if (score_test(j->score, j->cur, &counted, &score)) {
        t->verdict = counted;
        t->score = j->prob.plan->scoring ? score : 0;
    }
    int rc = start_next(j);
    if (rc < 0)
        judge__fail(j, "run", rc, NULL);
}

void judge__reject(struct judge *j, enum verdict v, const char *why)
{
    /* The first rejection is the usual decider: its message and feedback
     * are kept (an internal error always decides, and at once). */
    if (j->whys)
        snprintf(j->whys[j->cur], sizeof(j->whys[j->cur]), "%s", why);
    if (j->fail_index < 0 || v == VERDICT_IE) {
        char label[PLAN_NAME_MAX + 32];
        test_label(j, label, sizeof(label));
        snprintf(j->message, sizeof(j->message), "%s: %s", label, why);
        j->fail_index = (int)j->cur;
        j->fail_feedback = j->feedback;
        if (v != VERDICT_IE)
            judge__shown_capture(j);
    }
    if (j->score && v != VERDICT_IE) {
        record_and_next(j, v);
        return;
    }
    j->tests[j->nrun++].verdict = v;
    judge_finish(j, v, false, false);
}

void judge__validator_failed(struct judge *j, const char *why)
{
    j->feedback = false;
    judge__reject(j, VERDICT_IE, why);
}

void judge__pass(struct judge *j)
{
    if (j->score) {
        record_and_next(j, VERDICT_AC);
        return;
    }
    j->tests[j->nrun++].verdict = VERDICT_AC;
    int rc = start_next(j);
    if (rc < 0)
        judge__fail(j, "run", rc, NULL);
}

/* True when the tail of the run's stderr holds the language's OOM marker. */
static bool stderr_says_oom(const struct judge *j, uint64_t size)
{
    const char *marker = j->lang->oom_marker;
    if (marker == NULL || size == 0)
        return false;
    char path[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, "err", path, sizeof(path));
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    char tail[JUDGE_STDERR_SCAN + 1];
    off_t from = size > JUDGE_STDERR_SCAN ? (off_t)(size - JUDGE_STDERR_SCAN) : 0;
    ssize_t n = pread(fd, tail, JUDGE_STDERR_SCAN, from);
    close(fd);
    if (n <= 0)
        return false;
    return memmem(tail, (size_t)n, marker, strlen(marker)) != NULL;
}

void judge__describe_exit(char *buf, size_t len, const struct sandbox_result *res)
{
    if (res->signal) {
        const char *abbrev = sigabbrev_np(res->signal);
        if (abbrev)
            snprintf(buf, len, "SIG%s", abbrev);
        else
            snprintf(buf, len, "signal %d", res->signal);
    } else {
        snprintf(buf, len, "exit code %d", res->exit_code);
    }
}

/* Maps a file for reading; an empty file maps to (NULL, 0). */
static int map_file(const char *path, const char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
    } else if (st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            rc = -errno;
        } else {
            *data = p;
            *len = (size_t)st.st_size;
        }
    }
    close(fd);
    return rc;
}

static void unmap_file(const char *data, size_t len)
{
    if (data)
        munmap((void *)data, len);
}

/* Compares the program's output with the expected one in the worker. */
static void compare_output(struct judge *j, const struct checker *c)
{
    char exp[CACHE_PATH_MAX + 32], out[CACHE_PATH_MAX + 32];
    cache_test_path(j->prob.tests, j->cur, true, exp, sizeof(exp));
    judge__scratch_path(j, "out", out, sizeof(out));
    const char *e, *o;
    size_t elen, olen;
    int rc = map_file(exp, &e, &elen);
    if (rc < 0) {
        judge__fail(j, "expected output", rc, NULL);
        return;
    }
    if ((rc = map_file(out, &o, &olen)) < 0) {
        unmap_file(e, elen);
        judge__fail(j, "output", rc, NULL);
        return;
    }
    bool ok = checker_compare(c, e, elen, o, olen);
    unmap_file(e, elen);
    unmap_file(o, olen);
    if (ok)
        judge__pass(j);
    else
        judge__reject(j, VERDICT_WA, "wrong answer");
}

/* The program ended within its limits: judge its output. */
static void check_output(struct judge *j)
{
    int rc = 0;
    if (j->prob.function)
        judge__function_check(j);
    else if (j->prob.checker.kind == CHECKER_CUSTOM)
        rc = j->prob.tests->has_checker ? judge__checker_start(j) : -ENOENT;
    else if (j->prob.checker.kind == CHECKER_VALIDATOR || (j->prob.plan && j->prob.plan->validator))
        rc = judge__validator_start(j);
    else if (judge__test_checker(j) == NULL)
        judge__validator_failed(j, "the test's output validator flags are not valid");
    else
        compare_output(j, judge__test_checker(j));
    if (rc < 0)
        judge__fail(j, "checker", rc, NULL);
}

bool judge__run_failed(struct judge *j, const struct sandbox_result *res, enum verdict *v,
                       char *why, size_t len)
{
    switch (res->verdict) {
    case SANDBOX_VERDICT_OK:
        return false;
    case SANDBOX_VERDICT_TLE:
        *v = VERDICT_TLE;
        snprintf(why, len, "time limit exceeded (%s)",
                 res->limit == SANDBOX_LIMIT_WALL ? "wall clock" : "CPU");
        return true;
    case SANDBOX_VERDICT_MLE:
        *v = VERDICT_MLE;
        snprintf(why, len, "memory limit exceeded");
        return true;
    case SANDBOX_VERDICT_OLE:
        *v = VERDICT_OLE;
        snprintf(why, len, "output limit exceeded");
        return true;
    case SANDBOX_VERDICT_RE:
        break;
    }
    if (stderr_says_oom(j, res->stderr_bytes)) {
        *v = VERDICT_MLE;
        snprintf(why, len, "memory limit exceeded (the runtime's heap is full)");
        return true;
    }
    *v = VERDICT_RE;
    judge__describe_exit(why, len, res);
    return true;
}

static void judge_on_test(struct sandbox_slot *slot, int status, const struct sandbox_result *res,
                          void *data)
{
    (void)slot;
    struct judge *j = data;
    if (status < 0) {
        judge__fail(j, "run", status, res);
        return;
    }
    struct judge_test *t = &j->tests[j->nrun];
    t->time_ms = res->cpu_ms;
    t->memory_kb = (uint32_t)(res->memory_kb > UINT32_MAX ? UINT32_MAX : res->memory_kb);
    t->exit_code = res->exit_code;
    t->signal = res->signal;
    enum verdict v;
    char why[128];
    if (j->prob.function && (status = judge__function_capture(j)) < 0) {
        judge__fail(j, "output", status, NULL);
        return;
    }
    if (judge__run_failed(j, res, &v, why, sizeof(why)))
        judge__reject(j, v, why);
    else
        check_output(j);
}
