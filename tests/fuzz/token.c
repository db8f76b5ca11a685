/* libFuzzer target for the user tokens (net/token.c): each input is a bearer
 * credential as the api and the gateway receive it. Asserted:
 *   - token_parse() never reads past the input and never crashes;
 *   - what it accepts is canonical: signing the user and expiry it found
 *     gives back the input byte for byte (one text per token), and the user
 *     is 1 to TOKEN_USER_MAX bytes;
 *   - token_verify() agrees with token_parse() for the user found.
 * The seeds are tokens signed with FUZZ_SECRET, so mutations start from
 * valid ones. Links layer_net. By hand:
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Isrc tests/fuzz/token.c src/net/token.c -lcrypto -o fuzz_token
 *   ./fuzz_token -max_len=256 tests/fuzz/corpus/token
 */
#include "net/token.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_SECRET "fuzz-secret"
#define FUZZ_NOW 1700000000LL

static void fuzz_require(bool ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so ASan sees any read past the end. */
    char *t = malloc(size ? size : 1);
    if (t == NULL)
        return 0;
    memcpy(t, data, size);
    char user[TOKEN_USER_MAX + 1];
    int n = token_parse(FUZZ_SECRET, t, size, FUZZ_NOW, user);
    if (n >= 0) {
        fuzz_require(n >= 1 && n <= TOKEN_USER_MAX);
        /* The expiry is the third field: between the second and third dots. */
        const char *d1 = memchr(t + 3, '.', size - 3);
        const char *d2 = memchr(d1 + 1, '.', size - (size_t)(d1 + 1 - t));
        long long expiry = strtoll(d1 + 1, NULL, 10);
        fuzz_require(d2 != NULL && expiry > 0);
        char again[TOKEN_MAX];
        fuzz_require(token_sign(FUZZ_SECRET, user, (size_t)n, expiry, again) == 0);
        fuzz_require(strlen(again) == size && memcmp(again, t, size) == 0);
        fuzz_require(token_verify(FUZZ_SECRET, user, (size_t)n, t, size, FUZZ_NOW) == 0);
    } else {
        fuzz_require(n == -EACCES || n == -EKEYEXPIRED);
    }
    free(t);
    return 0;
}
