/* Tests of the slot's launcher: it holds nothing of the caller's but its
 * socket and its cgroup files, a launcher killed from outside is replaced at
 * the next run, and a run whose launcher dies still ends with its callback. */
#include "../../attacks/harness.h"
#include "sandbox/internal.h"

#include <signal.h>

static struct harness h;

static void setup(void)
{
    harness_open(&h, 1);
}

static void teardown(void)
{
    harness_close(&h);
}

TestSuite(launcher, .init = setup, .fini = teardown, .timeout = 60);

static const char *const true_argv[] = {"/bin/true", NULL};

Test(launcher, keeps_only_its_socket_and_cgroup_files)
{
    struct sandbox_slot *slot = sandbox_slot(h.sb, 0);
    cr_assert_gt(slot->launcher_pid, 0);
    char dir[64], link[384], target[512];
    snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)slot->launcher_pid);
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int sockets = 0, cgroup_files = 0, others = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || strtol(e->d_name, NULL, 10) <= 2)
            continue;
        snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
        ssize_t n = readlink(link, target, sizeof(target) - 1);
        cr_assert_gt(n, 0);
        target[n] = '\0';
        if (strncmp(target, "socket:", 7) == 0)
            sockets++;
        else if (strncmp(target, "/sys/fs/cgroup/", 15) == 0)
            cgroup_files++;
        else
            others++;
    }
    closedir(d);
    cr_assert_eq(sockets, 1);
    cr_assert_gt(cgroup_files, 0);
    cr_assert_eq(others, 0, "the launcher holds %d descriptors of its caller", others);
}

Test(launcher, killed_launcher_is_replaced_at_the_next_run)
{
    struct sandbox_slot *slot = sandbox_slot(h.sb, 0);
    pid_t first = slot->launcher_pid;
    struct sandbox_spec spec = {.argv = true_argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_eq(kill(first, SIGKILL), 0);
    /* The runs after it still work, on a new launcher. */
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
        cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
    }
    cr_assert_neq(slot->launcher_pid, first);
    cr_assert_gt(slot->launcher_pid, 0);
}

struct killer {
    uv_timer_t timer;
    pid_t pid;
};

static void killer_on_timer(uv_timer_t *t)
{
    struct killer *k = t->data;
    kill(k->pid, SIGKILL);
    uv_close((uv_handle_t *)t, NULL);
}

/* The init dies with its launcher, and the run ends with an error (the
 * sandbox broke, not the program): once, and the slot still works after. */
Test(launcher, run_whose_launcher_dies_ends_with_an_error)
{
    struct sandbox_slot *slot = sandbox_slot(h.sb, 0);
    static const char *const sleeper[] = {"/bin/sleep", "30", NULL};
    struct sandbox_spec spec = {.argv = sleeper, .limits = {.cpu_ms = 1000, .wall_ms = 20000}};
    struct harness_run r = {0};
    cr_assert_eq(sandbox_run(slot, &spec, harness_on_done, &r), 0);
    struct killer k = {.pid = slot->launcher_pid};
    uv_timer_init(&h.loop, &k.timer);
    k.timer.data = &k;
    uv_timer_start(&k.timer, killer_on_timer, 100, 0);
    uint64_t t0 = uv_now(&h.loop);
    while (r.calls == 0)
        uv_run(&h.loop, UV_RUN_ONCE);
    cr_assert_eq(r.calls, 1);
    cr_assert_lt(r.status, 0);
    cr_assert_lt(uv_now(&h.loop) - t0, 5000);
    struct sandbox_spec ok = {.argv = true_argv};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &ok, &res), 0);
    cr_assert_eq(res.verdict, SANDBOX_VERDICT_OK);
}
