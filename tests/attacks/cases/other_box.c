/* expect: ok
 * Another box's files: while a second slot holds argv[1] in its /box and
 * /tmp, look for it everywhere this box can reach (its own /box and /tmp,
 * /proc, the host's sandbox directory given as argv[2]). Exits 42 if found. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int holds(const char *path, const char *secret)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    char buf[256] = "";
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    return n > 0 && strstr(buf, secret) != NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    const char *secret = argv[1];
    usleep(300 * 1000); /* the other box is running by now */
    char path[512];
    int bad = holds("/box/secret", secret) || holds("/tmp/secret", secret);
    snprintf(path, sizeof(path), "%s/root/box/secret", argv[2]);
    bad |= holds(path, secret);
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        snprintf(path, sizeof(path), "/proc/%s/root/box/secret", e->d_name);
        bad |= holds(path, secret);
        snprintf(path, sizeof(path), "/proc/%s/root/tmp/secret", e->d_name);
        bad |= holds(path, secret);
    }
    if (d)
        closedir(d);
    printf("%s\n", bad ? "FOUND" : "not found");
    return bad ? 42 : 0;
}
