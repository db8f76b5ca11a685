/* libFuzzer target for the job JSON reader (contract/job.c): each input is a
 * job off the queue and a client's body at once, and every rule the rest of
 * verdict relies on is asserted:
 *   - what the api accepts, the worker accepts (the same bytes: POST /submit
 *     pushes the body as it is), and so does the job the api builds from it;
 *   - an accepted job's strings obey their rules: ids valid, code 1 to
 *     max_code bytes of UTF-8 with no NUL;
 *   - a row's job built from them reads back to the same values.
 * Links the contract layer and what it uses (layer_contract: common's buf,
 * alloc and utf8, and cJSON). By hand:
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Isrc tests/fuzz/job.c src/contract/ids.c src/contract/job.c \
 *     src/common/alloc.c src/common/buf.c src/common/utf8.c -lcjson -o fuzz_job
 *   ./fuzz_job -max_len=4096 -timeout=5 tests/fuzz/corpus/job
 */
#include "contract/job.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "contract/ids.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_CODE 512
#define FUZZ_MAX_JOB (1u << 20)

static void fuzz_require(bool ok)
{
    if (!ok)
        abort();
}

/* The strings of a job without a row obey their rules. */
static void fuzz_check_fields(const struct job *j)
{
    fuzz_require(j->submission_id == NULL);
    fuzz_require(j->problem && ids_problem_valid(j->problem, strlen(j->problem)));
    fuzz_require(j->user == NULL || ids_user_valid(j->user, strlen(j->user)));
    size_t lang = strlen(j->language);
    fuzz_require(lang > 0 && lang <= JOB_LANGUAGE_MAX);
    fuzz_require(j->code && j->code_len == strlen(j->code));
    fuzz_require(j->code_len > 0 && j->code_len <= FUZZ_MAX_CODE);
    fuzz_require(utf8_valid(j->code, j->code_len));
}

/* A row's job built from an accepted job reads back to the same values. */
static void fuzz_check_row(const struct job *j)
{
    struct buf out;
    buf_init(&out);
    job_build_row(&out, "42", j->user ? j->user : "anonymous", j->problem, j->language, j->code,
                  j->code_len);
    cJSON *doc = cJSON_ParseWithLength(out.data, out.len);
    fuzz_require(cJSON_IsObject(doc));
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(doc, "code");
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(doc, "language");
    fuzz_require(cJSON_IsString(code) && strcmp(code->valuestring, j->code) == 0);
    fuzz_require(cJSON_IsString(lang) && strcmp(lang->valuestring, j->language) == 0);
    cJSON_Delete(doc);
    struct job back;
    char reason[256];
    fuzz_require(job_parse(out.data, out.len, FUZZ_MAX_JOB, FUZZ_MAX_CODE, &back, reason,
                           sizeof(reason)) == JOB_OK);
    fuzz_require(strcmp(back.submission_id, "42") == 0);
    job_dispose(&back);
    buf_dispose(&out);
}

/* The api's job of an accepted body: the worker reads its id back. */
static void fuzz_check_api_job(const char *body, size_t len)
{
    struct buf out;
    buf_init(&out);
    size_t n;
    const char *text = job_of_body(&out, "1234", body, len, &n);
    struct job j;
    char reason[256];
    fuzz_require(job_parse(text, n, FUZZ_MAX_JOB, FUZZ_MAX_CODE, &j, reason, sizeof(reason)) ==
                 JOB_OK);
    fuzz_require(j.submission_id && strcmp(j.submission_id, "1234") == 0);
    job_dispose(&j);
    buf_dispose(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    struct job queued;
    char reason[256];
    enum job_status st =
        job_parse(raw, size, FUZZ_MAX_JOB, FUZZ_MAX_CODE, &queued, reason, sizeof(reason));
    fuzz_require(st == JOB_OK || reason[0] != '\0');
    if (st == JOB_OK && queued.submission_id)
        fuzz_require(ids_submission_valid(queued.submission_id, strlen(queued.submission_id)));
    else if (st == JOB_OK)
        fuzz_check_fields(&queued);
    for (int need_user = 0; need_user < 2; need_user++) {
        struct job body;
        struct job_error err;
        int rc = job_parse_body(raw, size, need_user, FUZZ_MAX_CODE, &body, &err);
        fuzz_require((rc == 0) == (err.fault == JOB_FAULT_NONE));
        if (rc < 0) {
            fuzz_require(body.doc == NULL);
            continue;
        }
        /* What the api takes, the worker takes, as the tutorial's job and as
         * the api's own. */
        fuzz_require(st == JOB_OK && queued.submission_id == NULL);
        fuzz_require(!need_user || body.user != NULL);
        fuzz_check_fields(&body);
        fuzz_check_row(&body);
        fuzz_check_api_job(raw, size);
        job_dispose(&body);
    }
    job_dispose(&queued);
    return 0;
}
