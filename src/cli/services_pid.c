/* Private Redis and PostgreSQL seen from another process: whether the ones
 * started under a directory still run, and stopping them by pid (for
 * `verdict services stop`, after `verdict services start` has exited). */
#include "cli/services.h"

#include "common/alloc.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = xmalloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

/* True while pid runs with home as its working directory: both servers chdir
 * to their data directory, which no other process of this machine has as its
 * own. A reused pid or a zombie fails the test. */
static bool runs_in(pid_t pid, const char *home)
{
    char link[64], cwd[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/%d/cwd", (int)pid);
    ssize_t n = readlink(link, cwd, sizeof(cwd) - 1);
    if (n <= 0)
        return false;
    cwd[n] = '\0';
    return strcmp(cwd, home) == 0;
}

static pid_t read_pid(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    long pid = 0;
    if (fscanf(f, "%ld", &pid) != 1 || pid <= 1 || pid > INT_MAX)
        pid = 0;
    fclose(f);
    return (pid_t)pid;
}

int services_pid_check(const char *dir, char *err, size_t errlen)
{
    const char *names[2] = {"redis", "postgres"};
    char *homes[2] = {join(dir, SERVICES_REDIS_DIR), join(dir, SERVICES_PG_DIR)};
    char *pid_files[2] = {join(dir, SERVICES_REDIS_PID),
                          join(dir, SERVICES_PG_DIR "/postmaster.pid")};
    int rc = 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char *home = rc == 0 ? realpath(homes[i], NULL) : NULL;
        pid_t pid = home ? read_pid(pid_files[i]) : 0;
        if (pid && runs_in(pid, home)) {
            snprintf(err, errlen,
                     "%s already runs in %s (pid %d): 'verdict services stop %s' stops it",
                     names[i], dir, (int)pid, dir);
            rc = -EBUSY;
        }
        free(home);
        free(homes[i]);
        free(pid_files[i]);
    }
    return rc;
}

/* A server left running by `verdict services start`. */
struct leftover {
    const char *name;
    char *pid_file; /* its first line is the pid */
    char *home;     /* the data directory it chdir()s to, resolved */
    int sig;        /* asks it to stop */
    int last_sig;   /* sent after grace_ms */
    unsigned grace_ms;
    pid_t pid; /* 0: not running, or not ours */
};

static void leftover_signal(struct leftover *l, const char *dir, const char *sub)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    l->home = realpath(path, NULL);
    l->pid = l->home ? read_pid(l->pid_file) : 0;
    if (l->pid && (!runs_in(l->pid, l->home) || kill(l->pid, l->sig) < 0))
        l->pid = 0;
}

int services_pid_stop(const char *dir, char *err, size_t errlen)
{
    struct leftover ls[2] = {
        {.name = "redis",
         .pid_file = join(dir, SERVICES_REDIS_PID),
         .sig = SIGTERM,
         .last_sig = SIGKILL,
         .grace_ms = 10000},
        {.name = "postgres",
         .pid_file = join(dir, SERVICES_PG_DIR "/postmaster.pid"),
         .sig = SIGINT,
         .last_sig = SIGQUIT,
         .grace_ms = 60000},
    };
    leftover_signal(&ls[0], dir, SERVICES_REDIS_DIR);
    leftover_signal(&ls[1], dir, SERVICES_PG_DIR);
    int rc = 0;
    const struct timespec step = {.tv_nsec = 50 * 1000 * 1000};
    for (unsigned waited = 0;; waited += 50) {
        bool left = false;
        for (int i = 0; i < 2; i++) {
            struct leftover *l = &ls[i];
            if (l->pid && !runs_in(l->pid, l->home))
                l->pid = 0;
            /* ESRCH: it has just exited after all. */
            if (l->pid && waited == l->grace_ms && kill(l->pid, l->last_sig) < 0)
                l->pid = 0;
            if (l->pid && waited >= l->grace_ms + 10000) {
                snprintf(err, errlen, "%s (pid %d) did not stop", l->name, (int)l->pid);
                rc = -1;
                l->pid = 0;
            }
            left = left || l->pid;
        }
        if (!left)
            break;
        struct timespec left_ts = step;
        while (nanosleep(&left_ts, &left_ts) < 0 && errno == EINTR)
            ;
    }
    if (rc == 0 && unlink(ls[0].pid_file) < 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot remove %s: %s", ls[0].pid_file, strerror(errno));
        rc = -1;
    }
    for (int i = 0; i < 2; i++) {
        free(ls[i].pid_file);
        free(ls[i].home);
    }
    return rc;
}
