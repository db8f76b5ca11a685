/* expect: ok
 * What a run need not see: the host's cgroup layout (/proc/self/cgroup names
 * the slot's group under the worker's), the kernel's tunables (/proc/sys) and
 * symbols (/proc/kallsyms), and a capability bounding set that would say what
 * a root inside could get back, and the host's path of its stdout file
 * (/proc/self/fd/1; argv[1] is the host directory). Each must be hidden: every
 * cgroup path is "/", /proc/sys is empty, /proc/kallsyms reads nothing, CapBnd
 * is 0, fd 1 does not name argv[1]. Exits 42 if any shows. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int bad = 0;
    char line[512];
    ssize_t len = readlink("/proc/self/fd/1", line, sizeof(line) - 1);
    line[len > 0 ? len : 0] = '\0';
    if (argc > 1 && strstr(line, argv[1])) {
        printf("stdout: %s\n", line);
        bad = 1;
    }
    FILE *f = fopen("/proc/self/cgroup", "r");
    while (f && fgets(line, sizeof(line), f)) {
        char *path = strchr(line, ':');
        path = path ? strchr(path + 1, ':') : NULL;
        if (!path || strcmp(path + 1, "/\n") != 0) {
            printf("cgroup: %s", line);
            bad = 1;
        }
    }
    if (f)
        fclose(f);
    DIR *d = opendir("/proc/sys");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            printf("/proc/sys: %s\n", e->d_name);
            bad = 1;
            break;
        }
    }
    if (d)
        closedir(d);
    int fd = open("/proc/kallsyms", O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, line, sizeof(line));
        if (n > 0) {
            printf("/proc/kallsyms: %zd bytes\n", n);
            bad = 1;
        }
        close(fd);
    }
    f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof(line), f)) {
        if (strncmp(line, "CapBnd:", 7) == 0 && strcmp(line, "CapBnd:\t0000000000000000\n")) {
            printf("%s", line);
            bad = 1;
        }
    }
    if (f)
        fclose(f);
    return bad ? 42 : 0;
}
