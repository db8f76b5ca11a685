// The guessing game: the input holds "N S"; the interactor tells N, then
// answers each guess with "higher", "lower" or "correct" (then exit 42).
// --max-queries Q caps the guesses (WA past it); end of input is WA.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

static int reject(const char *feedback_dir, const char *why)
{
    std::string path = std::string(feedback_dir) + "/judgemessage.txt";
    if (FILE *f = fopen(path.c_str(), "w")) {
        fprintf(f, "%s\n", why);
        fclose(f);
    }
    return 43;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 1;
    long long n, s, q = -1;
    FILE *in = fopen(argv[1], "r");
    if (in == NULL || fscanf(in, "%lld %lld", &n, &s) != 2)
        return 1;
    fclose(in);
    for (int i = 4; i + 1 < argc; i++)
        if (strcmp(argv[i], "--max-queries") == 0)
            q = atoll(argv[i + 1]);
    printf("%lld\n", n);
    fflush(stdout);
    for (long long used = 1;; used++) {
        long long g;
        if (scanf("%lld", &g) != 1)
            return reject(argv[3], "no guess");
        if (q >= 0 && used > q)
            return reject(argv[3], "too many queries");
        if (g == s) {
            printf("correct\n");
            fflush(stdout);
            return 42;
        }
        printf("%s\n", g < s ? "higher" : "lower");
        fflush(stdout);
    }
}
