// expect: AC
// A right answer, unless the program can read where the worker keeps the test
// and its output: /proc/self/fd/0 and /proc/self/fd/1 must name the files from
// their directories only ("/1.in", "/out"), never the host's paths (issue 10).
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int named_from_its_directory(int fd)
{
    char path[64], link[512];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(path, link, sizeof(link) - 1);
    if (n <= 0)
        return 1; /* nothing to read: nothing shown */
    link[n] = '\0';
    return strchr(link + 1, '/') == NULL;
}

int main(void)
{
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2)
        return 1;
    if (!named_from_its_directory(0) || !named_from_its_directory(1))
        a++; /* wrong answer */
    printf("%lld\n", a + b);
    return 0;
}
