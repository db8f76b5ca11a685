/* libFuzzer target for the Judge0-compatible API's pure layer (api/judge0*.c):
 * each input is at once a POST /judge0/submissions body (plain and base64),
 * a query string, a `fields` value, base64 text and a callback_url, and the
 * rules the routes rely on are asserted:
 *   - an accepted body has a language, limits within Judge0's bounds, and
 *     texts a run job can carry (no NUL, code within its bound);
 *   - it renders as JSON with every field (base64 always renders), and its
 *     stored form reads back to the same texts;
 *   - base64 as Judge0 writes it decodes back to the same bytes;
 *   - an accepted callback_url has a host, a port and a path without
 *     spaces or control characters (it goes on a request line as it is).
 * Links the api layer. */
#include "api/judge0.h"

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

static bool fuzz_same(const struct judge0_text *a, const struct judge0_text *b)
{
    if (a->data == NULL || b->data == NULL)
        return a->data == b->data;
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void fuzz_check_accepted(const struct judge0_submission *s)
{
    fuzz_require(s->language != NULL);
    fuzz_require(s->source_code.data != NULL && s->source_code.len <= FUZZ_MAX_CODE);
    fuzz_require(memchr(s->source_code.data, '\0', s->source_code.len) == NULL);
    fuzz_require(s->cpu_time_limit > 0 && s->cpu_time_limit <= JUDGE0_MAX_CPU_TIME_LIMIT);
    fuzz_require(s->wall_time_limit > 0 && s->wall_time_limit <= JUDGE0_MAX_WALL_TIME_LIMIT);
    fuzz_require(s->memory_limit > 0 && s->memory_limit <= JUDGE0_MAX_MEMORY_LIMIT);
    struct buf out;
    buf_init(&out);
    uint64_t all = ~UINT64_C(0) >> (64 - JUDGE0_F_COUNT);
    fuzz_require(judge0_render(&out, s, all, true) == 0);
    cJSON *doc = cJSON_ParseWithLength(out.data, out.len);
    fuzz_require(cJSON_IsObject(doc) && cJSON_GetArraySize(doc) == JUDGE0_F_COUNT);
    cJSON_Delete(doc);
    buf_dispose(&out);
}

static void fuzz_store_round_trip(struct judge0_submission *s)
{
    memcpy(s->token, "d85cd024-1548-4165-96c7-7bc88673f194", JUDGE0_TOKEN_LEN + 1);
    struct buf out;
    buf_init(&out);
    judge0_store_write(&out, s);
    struct judge0_submission back;
    fuzz_require(judge0_store_read(out.data, out.len, &back) == 0);
    fuzz_require(back.language == s->language);
    fuzz_require(fuzz_same(&back.source_code, &s->source_code));
    fuzz_require(fuzz_same(&back.stdin_text, &s->stdin_text));
    fuzz_require(fuzz_same(&back.expected_output, &s->expected_output));
    judge0_submission_dispose(&back);
    buf_dispose(&out);
}

static void fuzz_body(const char *data, size_t len, bool base64)
{
    struct judge0_submission s;
    struct judge0_errors e;
    judge0_errors_init(&e);
    char err[256];
    int rc = judge0_parse_body(data, len, base64, FUZZ_MAX_CODE, &s, &e, err, sizeof(err));
    if (rc == 0) {
        fuzz_check_accepted(&s);
        fuzz_store_round_trip(&s);
    } else if (rc == 422) {
        size_t elen;
        const char *json = judge0_errors_json(&e, &elen);
        cJSON *doc = cJSON_ParseWithLength(json, elen);
        fuzz_require(cJSON_IsObject(doc) && cJSON_GetArraySize(doc) > 0);
        cJSON_Delete(doc);
    } else {
        fuzz_require(rc == 400);
    }
    judge0_errors_dispose(&e);
    judge0_submission_dispose(&s);
}

static void fuzz_base64(const char *data, size_t len)
{
    struct buf enc, dec;
    buf_init(&enc);
    buf_init(&dec);
    judge0_base64_encode(&enc, data, len);
    judge0_base64_decode(&dec, enc.data ? enc.data : "", enc.len);
    fuzz_require(dec.len == len && (len == 0 || memcmp(dec.data, data, len) == 0));
    buf_reset(&dec);
    judge0_base64_decode(&dec, data, len); /* any text decodes */
    fuzz_require(dec.len <= len);
    buf_dispose(&enc);
    buf_dispose(&dec);
}

static void fuzz_url(const char *text)
{
    struct judge0_url u;
    char why[128];
    if (judge0_url_parse(text, &u, why, sizeof(why)) < 0)
        return;
    fuzz_require(u.host[0] != '\0' && u.port[0] != '\0' && u.path[0] == '/');
    for (const char *p = u.path; *p; p++)
        fuzz_require((unsigned char)*p > ' ' && *p != 0x7f);
    long port = strtol(u.port, NULL, 10);
    fuzz_require(port >= 1 && port <= 65535);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    fuzz_body(text, size, false);
    fuzz_body(text, size, true);
    struct judge0_query q;
    char err[640];
    int rc = judge0_parse_query(text, size, &q, err, sizeof(err));
    fuzz_require(rc == 0 || rc == 400);
    fuzz_require(q.ntokens <= JUDGE0_BATCH_MAX + 1);
    uint64_t mask;
    (void)judge0_fields_parse(text, size, &mask, err, sizeof(err));
    fuzz_require(mask != 0 && (mask >> JUDGE0_F_COUNT) == 0);
    fuzz_base64(text, size);
    fuzz_url(text);
    free(text);
    return 0;
}
