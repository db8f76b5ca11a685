/* Checker for "Topological Order".
 *
 * Usage: checker input expected output
 * Exit 0 = accepted, 1 = wrong answer, 2 = checker failure (bad input or
 * expected file). The output is untrusted: it is read byte by byte, tokens are
 * length-limited and parsed by hand, so any garbage gives 1, never a crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXTOK 24

static int wa(const char *msg) {
    printf("WA: %s\n", msg);
    return 1;
}

static int fail(const char *msg) {
    printf("checker failure: %s\n", msg);
    return 2;
}

static int is_space(int c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

/* Reads the next whitespace-separated token into buf. Returns 1 for a token,
 * 0 at end of file, -1 for a token longer than MAXTOK bytes. */
static int next_token(FILE *f, char *buf) {
    int c;
    do {
        c = getc(f);
    } while (c != EOF && is_space(c));
    if (c == EOF) return 0;
    size_t len = 0;
    while (c != EOF && !is_space(c)) {
        if (len >= MAXTOK) return -1;
        buf[len++] = (char)c;
        c = getc(f);
    }
    buf[len] = '\0';
    return 1;
}

/* Parses an optional '-' and 1..18 digits into *out. Returns 0 if malformed. */
static int parse_int(const char *s, long long *out) {
    int neg = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    size_t len = strlen(s);
    if (len == 0 || len > 18) return 0;
    long long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 4) return fail("usage: checker input expected output");
    FILE *in = fopen(argv[1], "r");
    FILE *ex = fopen(argv[2], "r");
    FILE *out = fopen(argv[3], "r");
    if (!in || !ex || !out) return fail(strerror(errno));

    int n, m;
    if (fscanf(in, "%d %d", &n, &m) != 2 || n < 1 || m < 0) return fail("bad input header");
    int *eu = malloc(sizeof *eu * ((size_t)m + 1));
    int *ev = malloc(sizeof *ev * ((size_t)m + 1));
    int *pos = calloc((size_t)n + 1, sizeof *pos); /* 0 = not printed yet */
    if (!eu || !ev || !pos) return fail("out of memory");
    for (int i = 0; i < m; i++) {
        if (fscanf(in, "%d %d", &eu[i], &ev[i]) != 2 || eu[i] < 1 || eu[i] > n || ev[i] < 1 ||
            ev[i] > n)
            return fail("bad edge in input");
    }

    char tok[MAXTOK + 1];
    long long v;
    if (next_token(ex, tok) != 1 || !parse_int(tok, &v)) return fail("bad expected output");
    int impossible = v == -1;

    if (impossible) {
        int r = next_token(out, tok);
        if (r != 1) return wa(r == 0 ? "empty output, expected -1" : "token too long");
        if (!parse_int(tok, &v) || v != -1) return wa("an order was printed, but none exists");
        if (next_token(out, tok) != 0) return wa("extra output after -1");
        printf("OK: no order exists\n");
        return 0;
    }

    for (int k = 1; k <= n; k++) {
        int r = next_token(out, tok);
        if (r == 0) return wa(k == 1 ? "empty output" : "fewer than n numbers");
        if (r < 0) return wa("token too long");
        if (!parse_int(tok, &v)) return wa("not an integer");
        if (v == -1 && k == 1) return wa("printed -1, but an order exists");
        if (v < 1 || v > n) return wa("task number out of range");
        if (pos[v]) return wa("a task appears twice");
        pos[v] = k;
    }
    if (next_token(out, tok) != 0) return wa("more than n numbers");
    for (int i = 0; i < m; i++) {
        if (pos[eu[i]] >= pos[ev[i]]) {
            printf("WA: requirement %d -> %d is violated\n", eu[i], ev[i]);
            return 1;
        }
    }
    printf("OK\n");
    free(eu);
    free(ev);
    free(pos);
    return 0;
}
