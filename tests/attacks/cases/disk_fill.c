/* expect: ok
 * Disk fill: writes /tmp/fill (then /box/fill) until the file system says
 * no; prints the bytes each took. Both are tmpfs of a fixed size, so the
 * host's disk never sees them. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long long fill(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    static char block[65536];
    memset(block, 'x', sizeof(block));
    long long total = 0;
    for (;;) {
        ssize_t n = write(fd, block, sizeof(block));
        if (n <= 0)
            break;
        total += n;
    }
    close(fd);
    return total;
}

int main(void)
{
    signal(SIGXFSZ, SIG_IGN);
    long long tmp = fill("/tmp/fill");
    long long box = fill("/box/fill");
    printf("%lld %lld\n", tmp, box);
    return 0;
}
