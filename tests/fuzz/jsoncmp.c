/* libFuzzer target for the JSON values of function problems (judge/jsonval.c,
 * judge/jsoncmp.c, judge/signature.c's test data checks): a returned value is
 * whatever a user's program printed. Each input, split at its first NUL into
 * two texts, is parsed, compared and checked, and asserted:
 *   - a parsed value equals itself under every option, and jsoncmp_order
 *     puts it level with itself;
 *   - equality is symmetric without a tolerance;
 *   - signature_check_input() and signature_check_output() return 0 or
 *     -EINVAL and never read past the text.
 * Links the judge layer. By hand (see tests/fuzz/run.sh for the build):
 *
 *   ./fuzz_jsoncmp -max_len=4096 -timeout=5 tests/fuzz/corpus/jsoncmp
 */
#include "judge/jsoncmp.h"
#include "judge/jsonval.h"
#include "judge/signature.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_require(bool ok)
{
    if (!ok)
        abort();
}

static void fuzz_self(const char *t, size_t n)
{
    struct jsonval *v;
    char err[128];
    if (jsonval_parse(t, n, 0, &v, err, sizeof(err)) < 0)
        return;
    struct jsoncmp_options plain = {0}, tol = {.tolerance = true, .eps = 1e-6},
                           set = {.unordered = true};
    fuzz_require(jsoncmp_equal(v, v, &plain));
    fuzz_require(jsoncmp_equal(v, v, &tol));
    fuzz_require(jsoncmp_equal(v, v, &set));
    fuzz_require(jsoncmp_order(v, v) == 0);
    jsonval_free(v);
}

static void fuzz_checks(const char *t, size_t n)
{
    static const char sig_json[] =
        "{\"name\": \"f\", \"params\": [{\"name\": \"a\", \"type\": \"int[]\"}, {\"name\": \"b\", "
        "\"type\": \"string[][]\"}, {\"name\": \"c\", \"type\": \"double\"}], \"returns\": "
        "\"long[][]\"}";
    cJSON *j = cJSON_Parse(sig_json);
    struct signature s;
    char err[256];
    fuzz_require(signature_parse(j, &s, err, sizeof(err)) == 0);
    cJSON_Delete(j);
    int rc = signature_check_input(&s, t, n, err, sizeof(err));
    fuzz_require(rc == 0 || rc == -EINVAL);
    rc = signature_check_output(&s, t, n, err, sizeof(err));
    fuzz_require(rc == 0 || rc == -EINVAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Copies, so that ASan sees a read past either text. */
    const uint8_t *nul = memchr(data, 0, size);
    size_t alen = nul ? (size_t)(nul - data) : size;
    size_t blen = nul ? size - alen - 1 : 0;
    char *a = malloc(alen + 1), *b = malloc(blen + 1);
    memcpy(a, data, alen);
    memcpy(b, nul ? nul + 1 : data, blen);
    fuzz_self(a, alen);
    fuzz_checks(a, alen);
    struct jsoncmp_options plain = {0};
    char why[256];
    int ab = jsoncmp_text(a, alen, b, blen, &plain, why, sizeof(why));
    int ba = jsoncmp_text(b, blen, a, alen, &plain, why, sizeof(why));
    if (ab >= 0 && ba >= 0)
        fuzz_require(ab == ba);
    free(a);
    free(b);
    return 0;
}
