/* libFuzzer target for the run contract (contract/run.c, run_result.c): each
 * input is a run job off the queue, a POST /api/runs body and a program's
 * output at once, and the rules the api, the worker and the Judge0 routes
 * rely on are asserted:
 *   - an accepted run job's fields obey their rules (ids, lengths, limits
 *     within their bounds, keep within its range), and the job built again
 *     from them reads back to the same values;
 *   - an accepted body's input is at most RUN_INPUT_MAX bytes;
 *   - a result built around any bytes is JSON whose texts are valid UTF-8 of
 *     at most RUN_SHOW_MAX bytes;
 *   - Judge0's comparison is reflexive and symmetric.
 * Links the contract layer. By hand: see tests/fuzz/job.c, with run.c,
 * run_result.c and job.c. */
#include "contract/run.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "contract/ids.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_CODE 512

static void fuzz_require(bool ok)
{
    if (!ok)
        abort();
}

static void fuzz_check_job(const struct run_job *j)
{
    fuzz_require(run_id_valid(j->id, strlen(j->id)));
    fuzz_require(ids_user_valid(j->user, strlen(j->user)));
    fuzz_require(j->problem == NULL || ids_problem_valid(j->problem, strlen(j->problem)));
    size_t lang = strlen(j->language);
    fuzz_require(lang > 0 && lang <= JOB_LANGUAGE_MAX);
    fuzz_require(j->code_len > 0 && j->code_len <= FUZZ_MAX_CODE);
    fuzz_require(j->code_len == strlen(j->code) && j->input_len == strlen(j->input));
    fuzz_require(j->input_len <= RUN_INPUT_MAX);
    fuzz_require(j->cpu_ms >= 1 && j->cpu_ms <= RUN_MAX_CPU_MS);
    fuzz_require(j->wall_ms >= 1 && j->wall_ms <= RUN_MAX_WALL_MS);
    fuzz_require(j->memory_kb >= 1 && j->memory_kb <= RUN_MAX_MEMORY_KB);
    fuzz_require(j->keep_s >= RUN_KEEP_MIN_S && j->keep_s <= RUN_KEEP_MAX_S);
}

/* The job built from an accepted one reads back the same. */
static void fuzz_check_rebuilt(const struct run_job *j)
{
    struct buf out;
    buf_init(&out);
    struct run_opts o = {j->cpu_ms,   j->wall_ms,      j->memory_kb,
                         j->expected, j->expected_len, j->keep_s};
    run_job_build(&out, j->id, j->user, j->problem, j->language, j->code, j->code_len, j->input,
                  j->input_len, &o);
    fuzz_require(run_job_is(out.data, out.len));
    struct run_job back;
    char reason[256];
    fuzz_require(run_job_parse(out.data, out.len, FUZZ_MAX_CODE, &back, reason, sizeof(reason)) ==
                 0);
    fuzz_require(strcmp(back.id, j->id) == 0 && strcmp(back.code, j->code) == 0);
    fuzz_require(strcmp(back.input, j->input) == 0 && back.cpu_ms == j->cpu_ms);
    fuzz_require(back.memory_kb == j->memory_kb && back.keep_s == j->keep_s);
    fuzz_require((back.expected == NULL) == (j->expected == NULL));
    run_job_dispose(&back);
    buf_dispose(&out);
}

/* Any bytes as a program's output make a valid, capped result. */
static void fuzz_check_result(const char *raw, size_t size)
{
    struct run_result r = {.id = "x",
                           .user = "u",
                           .language = "c",
                           .status = "ok",
                           .out = raw,
                           .out_len = size,
                           .err = raw,
                           .err_len = size / 2,
                           .expected = raw,
                           .expected_len = size,
                           .match = -1};
    struct buf out;
    buf_init(&out);
    run_result_build(&out, &r);
    fuzz_require(utf8_valid(out.data, out.len));
    cJSON *doc = cJSON_ParseWithLength(out.data, out.len);
    fuzz_require(cJSON_IsObject(doc));
    const char *texts[] = {"stdout", "stderr", "expected"};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, texts[i]);
        fuzz_require(cJSON_IsString(t) && strlen(t->valuestring) <= RUN_SHOW_MAX);
    }
    cJSON_Delete(doc);
    buf_dispose(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    (void)run_job_is(raw, size);
    struct run_job j;
    char reason[256];
    if (run_job_parse(raw, size, FUZZ_MAX_CODE, &j, reason, sizeof(reason)) == 0) {
        fuzz_check_job(&j);
        fuzz_check_rebuilt(&j);
    } else {
        fuzz_require(reason[0] != '\0');
    }
    run_job_dispose(&j);
    struct run_body b;
    struct job_error err;
    if (run_body_parse(raw, size, true, FUZZ_MAX_CODE, &b, &err) == 0) {
        fuzz_require(b.input && b.input_len <= RUN_INPUT_MAX && b.base.user);
        run_body_dispose(&b);
    }
    fuzz_check_result(raw, size);
    size_t half = size / 2;
    fuzz_require(run_output_equal(raw, size, raw, size));
    fuzz_require(run_output_equal(raw, half, raw + half, size - half) ==
                 run_output_equal(raw + half, size - half, raw, half));
    return 0;
}
