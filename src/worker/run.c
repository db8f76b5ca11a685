/* A run job in a slot (issue 13, "Run on your own input"; contract/run.h):
 * parse it, read its problem (limits, checker, signature, reference), then
 * on a lane run the reference solution and the user's code once each on the
 * input, and end with the result stored in Redis and announced. Nothing goes
 * to PostgreSQL but the read of the problem. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "common/log.h"
#include "contract/run.h"
#include "judge/jsoncmp.h"
#include "judge/run_once.h"
#include "judge/signature.h"
#include "store/runs.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A run in a slot, from its job to its result. */
struct wrun {
    struct run_job job;
    char reason[256];
    const struct lang *lang;
    /* From the problem (or the job, without one): the user's run's limits. */
    uint32_t cpu_ms, wall_ms;
    uint64_t memory_kb, output_kb;
    char checker[80]; /* the problem's checker field, "" for none */
    bool has_function;
    struct signature function;
    struct plan *plan; /* a packaged problem's (its include/ files), else NULL */
    int version;       /* the problem's: its input validators' kept builds */
    /* The reference solution, when the problem has one verdict can run. */
    const struct lang *ref_lang;
    char *ref_code;
    size_t ref_len;
    uint32_t ref_cpu_ms;
    uint64_t ref_memory_kb;
    char ref_build[CACHE_PATH_MAX]; /* where its build is kept, "" for nowhere */
    char input[CACHE_PATH_MAX + 16];
    /* The reference's output (a function problem: its returned JSON). */
    struct buf expected;
    bool has_expected;
    const char *expected_status; /* static text, or NULL */
    bool ref_cached;             /* the reference ran from its kept build */
    /* A checker program (custom, or a package's validator) decides match:
     * its source (the plan holds a validator's) and time limit (the
     * problem's version is above); and the user's result kept while it runs (run_once's is
     * borrowed during its callback only): its texts in keep[]. */
    char *checker_source;
    size_t checker_len;
    uint32_t check_cpu_ms;
    struct run_result pending;
    struct buf keep[5];
    char note[320];
};

static void run_start_user(struct wslot *s);

/* Gives the lane back, its input file first: "run.in" is the same name for
 * every run in the lane, so once the lane is another slot's, the file there
 * is that slot's run's input (removing it later made that run an IE). */
static void run_release_lane(struct wslot *s)
{
    struct wrun *r = s->run;
    if (r && r->input[0]) {
        (void)unlink(r->input);
        r->input[0] = '\0';
    }
    worker__lane_release(s);
}

/* The slot is free again. */
static void run_end(struct wslot *s)
{
    struct wrun *r = s->run;
    run_release_lane(s);
    if (r) {
        run_job_dispose(&r->job);
        plan_free(r->plan);
        free(r->ref_code);
        free(r->checker_source);
        for (size_t i = 0; i < sizeof(r->keep) / sizeof(*r->keep); i++)
            buf_dispose(&r->keep[i]);
        buf_dispose(&r->expected);
        free(r);
    }
    s->run = NULL;
    free(s->raw);
    s->raw = NULL;
    s->busy = false;
    s->w->judged++;
    s->on_done(s);
}

static void run_on_handed_back(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot hand a run back: %s (the reaper will)", s->index,
                 strerror(-status));
    run_end(s);
}

/* The run cannot go on here now (a store failed, the worker stops): its job
 * goes back to the queue, to be run again. */
static void run_hand_back(struct wslot *s)
{
    run_release_lane(s);
    int rc = jobs_hand_back(s->w->redis, s->w->id, s->raw, s->raw_len, run_on_handed_back, s);
    if (rc < 0)
        run_on_handed_back(rc, s);
}

static void run_on_finished(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0) {
        log_warn("slot %u: cannot store run %s: %s; handing it back", s->index, s->run->job.id,
                 strerror(-status));
        worker__backoff(s->w);
        run_hand_back(s);
        return;
    }
    run_end(s);
}

/* Stores and announces the result r (its id and user the job's). */
static void run_finish(struct wslot *s, const struct run_result *res)
{
    struct wrun *r = s->run;
    run_release_lane(s);
    struct buf json;
    buf_init(&json);
    run_result_build(&json, res);
    log_info("slot %u: run %s of %s: %s%s", s->index, r->job.id, r->job.user, res->status,
             !r->ref_lang         ? ""
             : r->ref_cached      ? " (reference: kept build)"
             : r->expected_status ? " (reference: compiled)"
                                  : "");
    int rc = runs_finish(s->w->redis, s->w->id, s->raw, s->raw_len, r->job.id, r->job.user,
                         r->job.keep_s, res->status, json.data, json.len, run_on_finished, s);
    buf_dispose(&json);
    if (rc < 0)
        run_on_finished(rc, s);
}

/* Ends a run that was never run: status and why. */
static void run_finish_simple(struct wslot *s, const char *status, const char *message)
{
    struct wrun *r = s->run;
    struct run_result res = {.id = r->job.id,
                             .user = r->job.user,
                             .problem = r->job.problem,
                             .language = r->lang ? r->lang->id : r->job.language,
                             .status = status,
                             .message = message,
                             .exit_code = 0,
                             .match = -1};
    run_finish(s, &res);
}

/* Whether the user's output passes the problem's checker against the
 * reference's: 1, 0, or -1 when it cannot be told here (a custom checker
 * or a package's output validator: run_check_start() runs it). */
static int run_match(const struct wrun *r, const struct run_once_result *o)
{
    if (strcmp(r->checker, "custom") == 0 || strcmp(r->checker, "validator") == 0)
        return -1;
    if (r->has_function) {
        struct jsoncmp_options opt = {.unordered = strcmp(r->checker, "unordered") == 0};
        if (strncmp(r->checker, "float:", 6) == 0) {
            opt.tolerance = true;
            opt.eps = strtod(r->checker + 6, NULL);
        }
        char why[128];
        int m = jsoncmp_text(r->expected.data, r->expected.len, o->returned, o->returned_len, &opt,
                             why, sizeof(why));
        return m < 0 ? -1 : m;
    }
    struct checker c;
    if (checker_parse(r->checker[0] ? r->checker : NULL, &c) < 0 || c.kind == CHECKER_CUSTOM ||
        c.kind == CHECKER_VALIDATOR)
        return -1;
    return checker_compare(&c, r->expected.data ? r->expected.data : "", r->expected.len,
                           o->out ? o->out : "", o->out_len);
}

/* Whether match is the problem's checker program's to say. */
static bool run_checker_program(const struct wrun *r)
{
    if (strcmp(r->checker, "custom") == 0)
        return r->checker_source != NULL;
    return strcmp(r->checker, "validator") == 0 && r->plan && r->plan->validator;
}

static void run_on_checked(struct wslot *s, int match, const char *note)
{
    struct wrun *r = s->run;
    if (match < 0 && s->w->cancelled) {
        /* The checker failed because the sandbox is gone: the run is
         * handed back, as any run the stop cut short. */
        run_hand_back(s);
        return;
    }
    r->pending.match = match;
    if (note) {
        snprintf(r->note, sizeof(r->note), "%s", note);
        r->pending.match_note = r->note;
        log_warn("slot %u: run %s of %s: no match: %s", s->index, r->job.id, r->job.problem, note);
    }
    run_finish(s, &r->pending);
}

/* Copies what res borrows from the user's run into the run's own buffers. */
static const char *run_keep(struct wrun *r, unsigned i, const char *s, size_t len)
{
    if (s == NULL)
        return NULL;
    buf_append(&r->keep[i], s, len);
    buf_append(&r->keep[i], "", 1);
    return r->keep[i].data;
}

/* The user's run was ok and the reference's output is there: the checker
 * program compares them (later), with the result kept meanwhile. */
static void run_check_start(struct wslot *s, const struct run_result *res)
{
    struct wrun *r = s->run;
    r->pending = *res;
    r->pending.message = run_keep(r, 0, res->message, strlen(res->message));
    r->pending.out = run_keep(r, 1, res->out, res->out_len);
    r->pending.err = run_keep(r, 2, res->err, res->err_len);
    r->pending.output = run_keep(r, 3, res->output, res->output_len);
    r->pending.compile_out = run_keep(r, 4, res->compile_out, res->compile_len);
    const bool function = r->has_function;
    struct worker_run_check c = {
        .problem = r->job.problem,
        .version = r->version,
        .checker_source = r->checker_source,
        .checker_len = r->checker_len,
        .validator = strcmp(r->checker, "validator") == 0 ? r->plan->validator : NULL,
        .input = r->input,
        .answer = r->expected.data ? r->expected.data : "",
        .answer_len = r->expected.len,
        .output = function ? (res->output ? res->output : "") : (res->out ? res->out : ""),
        .output_len = function ? res->output_len : res->out_len,
        .cpu_ms = r->check_cpu_ms,
    };
    if (worker__run_check(s, &c, run_on_checked) < 0)
        run_on_checked(s, -1, "the checker could not be run");
}

static void run_on_user(struct judge *j, const struct run_once_result *o, void *data)
{
    (void)j;
    struct wslot *s = data;
    struct wrun *r = s->run;
    if (o->cancelled) {
        run_hand_back(s);
        return;
    }
    struct run_result res = {.id = r->job.id,
                             .user = r->job.user,
                             .problem = r->job.problem,
                             .language = r->lang->id,
                             .status = o->verdict == VERDICT_AC ? "ok" : verdict_name(o->verdict),
                             .message = o->message,
                             .out = o->out,
                             .out_len = o->out_len,
                             .err = o->err,
                             .err_len = o->err_len,
                             .output = o->returned,
                             .output_len = o->returned_len,
                             .compile_out = o->compile_out,
                             .compile_len = strlen(o->compile_out),
                             .time_ms = o->time_ms,
                             .wall_ms = o->wall_ms,
                             .memory_kb = o->memory_kb,
                             .exit_code = o->exit_code,
                             .signal = o->signal,
                             .expected_status = r->expected_status,
                             .match = -1};
    if (r->has_expected) {
        res.expected = r->expected.data ? r->expected.data : "";
        res.expected_len = r->expected.len;
        if (o->verdict == VERDICT_AC)
            res.match = run_match(r, o);
    }
    if (r->job.expected && o->verdict == VERDICT_AC) {
        bool eq = run_output_equal(o->out ? o->out : "", o->out_len, r->job.expected,
                                   r->job.expected_len);
        res.status = eq ? "AC" : "WA";
        res.message = eq ? "" : "wrong answer";
    }
    if (res.match < 0 && r->has_expected && o->verdict == VERDICT_AC && run_checker_program(r)) {
        run_check_start(s, &res);
        return;
    }
    run_finish(s, &res);
}

static void run_on_reference(struct judge *j, const struct run_once_result *o, void *data)
{
    (void)j;
    struct wslot *s = data;
    struct wrun *r = s->run;
    if (o->cancelled) {
        run_hand_back(s);
        return;
    }
    r->expected_status = o->verdict == VERDICT_AC ? "ok" : verdict_name(o->verdict);
    r->ref_cached = o->cached;
    if (o->verdict == VERDICT_AC) {
        r->has_expected = true;
        if (r->has_function)
            buf_append(&r->expected, o->returned, o->returned_len);
        else if (o->out_len)
            buf_append(&r->expected, o->out, o->out_len);
    } else {
        log_warn("slot %u: run %s: the reference solution of %s ended %s: %s", s->index, r->job.id,
                 r->job.problem, r->expected_status, o->message);
    }
    run_start_user(s);
}

/* The judge is idle inside its callback: the next run can start there. */
static void run_start_user(struct wslot *s)
{
    struct wrun *r = s->run;
    struct run_once_spec spec = {.lang = r->lang,
                                 .code = r->job.code,
                                 .len = r->job.code_len,
                                 .function = r->has_function ? &r->function : NULL,
                                 .input = r->input,
                                 .plan = r->plan,
                                 .cpu_ms = r->cpu_ms,
                                 .wall_ms = r->wall_ms,
                                 .memory_kb = r->memory_kb,
                                 .output_kb = r->output_kb};
    int rc = run_once_start(s->judge, &spec, run_on_user, s);
    if (rc < 0) {
        char msg[160];
        snprintf(msg, sizeof(msg), "cannot run the code: %s", strerror(-rc));
        if (rc == -EINVAL)
            snprintf(msg, sizeof(msg), "no driver for %s in this problem", r->lang->id);
        run_finish_simple(s, rc == -EINVAL ? "CE" : "IE", msg);
    }
}

/* Writes the input where the runs read it: the lane's scratch directory. */
static int run_write_input(struct wslot *s)
{
    struct wrun *r = s->run;
    snprintf(r->input, sizeof(r->input), "%s/run.in", s->lane->scratch);
    int fd = open(r->input, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    size_t done = 0;
    while (done < r->job.input_len) {
        ssize_t n = write(fd, r->job.input + done, r->job.input_len - done);
        if (n < 0) {
            int e = -errno;
            close(fd);
            return e;
        }
        done += (size_t)n;
    }
    return close(fd) < 0 ? -errno : 0;
}

/* The input is in place (and valid): the reference, if any, then the code. */
static void run_start(struct wslot *s)
{
    struct wrun *r = s->run;
    if (r->ref_lang == NULL) {
        run_start_user(s);
        return;
    }
    struct run_once_spec spec = {.lang = r->ref_lang,
                                 .code = r->ref_code,
                                 .len = r->ref_len,
                                 .function = r->has_function ? &r->function : NULL,
                                 .input = r->input,
                                 .plan = r->plan,
                                 .build_cache = r->ref_build[0] ? r->ref_build : NULL,
                                 .cpu_ms = r->ref_cpu_ms,
                                 .memory_kb = r->ref_memory_kb,
                                 .output_kb = r->output_kb};
    int rc = run_once_start(s->judge, &spec, run_on_reference, s);
    if (rc < 0) {
        r->expected_status = "IE";
        run_start_user(s);
    }
}

static void run_on_inputs(struct wslot *s, int status, const char *why, void *data)
{
    (void)data;
    if (status == 0)
        run_start(s);
    else if (status < 0 && s->w->cancelled) /* the sandbox is gone: run it elsewhere */
        run_hand_back(s);
    else /* the api checks first: a job that fails here is older than that */
        run_finish_simple(s, status == 1 ? "BAD_INPUT" : "IE", why);
}

/* The input is written, then checked by the problem's input validators. */
static void run_on_lane(struct wslot *s)
{
    struct wrun *r = s->run;
    int rc = run_write_input(s);
    if (rc < 0) {
        run_finish_simple(s, "IE", "cannot write the input");
        return;
    }
    if (r->plan && r->plan->ninput_validators) {
        worker__inputs_check(s, r->plan, r->job.problem, r->version, r->input, run_on_inputs, NULL);
        return;
    }
    run_start(s);
}

/* What a run's problem-less limits allow it to write (each of stdout and
 * stderr); what is shown of it is capped again in the result. */
#define RUN_OUTPUT_KB (8u * 1024)

/* The problem's limits as judging applies them to lang. */
static void run_limits_of(const struct runs_problem *p, const struct lang *lang, uint32_t *cpu_ms,
                          uint64_t *memory_kb)
{
    double cpu = (double)p->time_limit_ms * lang->time_factor + 0.5;
    *cpu_ms = cpu < 1 ? 1 : (uint32_t)cpu;
    *memory_kb = ((uint64_t)p->memory_limit_mb + (uint64_t)lang->memory_extra_mb) * 1024;
}

/* Names the kept build of the problem's reference: one per problem, version,
 * language and code (its FNV-1a hash), under the worker's cache, so a
 * reference is compiled once, not for every run. Left "" (compile each
 * time) when the directory cannot be made. */
static void run_ref_build_path(struct wslot *s, const struct runs_problem *p)
{
    struct wrun *r = s->run;
    char dir[CACHE_PATH_MAX - 100];
    if (snprintf(dir, sizeof(dir), "%s/runs", s->w->cache_dir) >= (int)sizeof(dir))
        return;
    if (fs_mkdir_p(dir, 0755) < 0)
        return;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < r->ref_len; i++)
        h = (h ^ (unsigned char)r->ref_code[i]) * 1099511628211ull;
    int n = snprintf(r->ref_build, sizeof(r->ref_build), "%s/%.64s-%d-%.16s-%016llx", dir,
                     r->job.problem, p->version, r->ref_lang->id, (unsigned long long)h);
    if (n < 0 || n >= (int)sizeof(r->ref_build))
        r->ref_build[0] = '\0';
}

/* Takes what the run needs of its problem; false with a message when the
 * run cannot go on. */
static bool run_take_problem(struct wrun *r, const struct runs_problem *p, char *msg, size_t len)
{
    run_limits_of(p, r->lang, &r->cpu_ms, &r->memory_kb);
    r->version = p->version;
    r->wall_ms = 0;
    r->output_kb = p->output_limit_kb ? p->output_limit_kb : RUN_OUTPUT_KB;
    snprintf(r->checker, sizeof(r->checker), "%s", p->checker ? p->checker : "");
    r->check_cpu_ms = p->time_limit_ms * 2;
    if (p->checker_source) {
        r->checker_source = xstrndup(p->checker_source, p->checker_len);
        r->checker_len = p->checker_len;
    }
    if (p->judging) {
        char why[200];
        r->plan = plan_parse(p->judging, p->judging_len, p->ntests, why, sizeof(why));
        if (r->plan == NULL) {
            snprintf(msg, len, "the problem's judging plan is not valid: %s", why);
            return false;
        }
        /* Its program talks with the validator, not with an input. */
        if (r->plan->interactive) {
            snprintf(msg, len, "runs of interactive problems are not supported");
            return false;
        }
    }
    if (p->function) {
        cJSON *doc = cJSON_Parse(p->function);
        char why[200];
        int rc = signature_parse(doc, &r->function, why, sizeof(why));
        cJSON_Delete(doc);
        if (rc < 0) {
            snprintf(msg, len, "the problem's function is not valid: %s", why);
            return false;
        }
        r->has_function = true;
    }
    const struct lang *ref = p->ref_language ? lang_find(p->ref_language) : NULL;
    if (ref && lang_installed(ref)) {
        r->ref_lang = ref;
        r->ref_code = xmalloc(p->ref_len + 1);
        memcpy(r->ref_code, p->ref_code, p->ref_len);
        r->ref_code[p->ref_len] = '\0';
        r->ref_len = p->ref_len;
        run_limits_of(p, ref, &r->ref_cpu_ms, &r->ref_memory_kb);
    }
    return true;
}

static void run_on_problem(int status, const struct runs_problem *p, void *data)
{
    struct wslot *s = data;
    struct wrun *r = s->run;
    if (status == -ENOENT) {
        char msg[120];
        snprintf(msg, sizeof(msg), "unknown problem '%s'", r->job.problem);
        run_finish_simple(s, "IE", msg);
        return;
    }
    if (status < 0) {
        log_warn("slot %u: cannot read problem %s for run %s: %s; handing it back", s->index,
                 r->job.problem, r->job.id, strerror(-status));
        worker__backoff(s->w);
        run_hand_back(s);
        return;
    }
    char msg[320];
    if (!run_take_problem(r, p, msg, sizeof(msg))) {
        run_finish_simple(s, "IE", msg);
        return;
    }
    if (r->ref_lang)
        run_ref_build_path(s, p);
    worker__lane_wait(s, run_on_lane);
}

static void run_on_dropped(int status, void *data)
{
    struct wslot *s = data;
    if (status < 0)
        log_warn("slot %u: cannot drop a bad run job: %s", s->index, strerror(-status));
    run_end(s);
}

/* Starts a parsed run: its language, then its problem or its own limits. */
static void run_begin(struct wslot *s)
{
    struct wrun *r = s->run;
    (void)runs_running(s->w->redis, r->job.id, r->job.keep_s, NULL, NULL);
    r->lang = lang_find(r->job.language);
    if (r->lang == NULL) {
        snprintf(r->reason, sizeof(r->reason), "unknown language '%.64s'", r->job.language);
        run_finish_simple(s, "CE", r->reason);
        return;
    }
    if (!lang_installed(r->lang)) {
        snprintf(r->reason, sizeof(r->reason), "language '%s' is not installed on this worker",
                 r->lang->id);
        run_finish_simple(s, "IE", r->reason);
        return;
    }
    if (r->job.problem) {
        int rc = runs_problem(s->w->pg, r->job.problem, run_on_problem, s);
        if (rc < 0)
            run_on_problem(rc, NULL, s);
        return;
    }
    r->cpu_ms = r->job.cpu_ms;
    r->wall_ms = r->job.wall_ms;
    r->memory_kb = r->job.memory_kb;
    r->output_kb = RUN_OUTPUT_KB;
    worker__lane_wait(s, run_on_lane);
}

void worker__run_job(struct wslot *s, const char *raw, size_t len, worker_slot_done_cb done)
{
    s->busy = true;
    s->on_done = done;
    s->raw = xstrndup(raw, len);
    s->raw_len = len;
    struct wrun *r = xcalloc(1, sizeof(*r));
    buf_init(&r->expected);
    for (size_t i = 0; i < sizeof(r->keep) / sizeof(*r->keep); i++)
        buf_init(&r->keep[i]);
    s->run = r;
    if (run_job_parse(raw, len, WORKER_MAX_CODE, &r->job, r->reason, sizeof(r->reason)) == 0) {
        run_begin(s);
        return;
    }
    log_warn("slot %u: %s", s->index, r->reason);
    if (r->job.id && r->job.user) {
        run_finish_simple(s, "IE", r->reason); /* its asker is told why */
        return;
    }
    /* No run to tell: the job is dropped. */
    int rc = jobs_done(s->w->redis, s->w->id, s->raw, s->raw_len, NULL, NULL, 0, run_on_dropped, s);
    if (rc < 0)
        run_on_dropped(rc, s);
}
