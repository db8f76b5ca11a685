/* Tests of a slot's /box and file helpers: what persists between runs, what a
 * reset wipes, read-only runs, binds, and the host never following a link. */
#include "../../attacks/harness.h"

static struct harness h;

static void setup(void)
{
    harness_open(&h, 1);
}

static void teardown(void)
{
    harness_close(&h);
}

TestSuite(slot, .init = setup, .fini = teardown, .timeout = 60);

static int run_sh(const char *script, bool box_readonly, char *out_path)
{
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    struct sandbox_spec spec = {.argv = argv, .box_readonly = box_readonly};
    if (out_path) {
        snprintf(out_path, 256, "%s/out", h.work);
        spec.stdout_path = out_path;
    }
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    return res.exit_code;
}

Test(slot, write_then_read_back)
{
    struct sandbox_slot *s = harness_slot(&h, 0);
    cr_assert_eq(sandbox_slot_write(s, "a.txt", "abc", 3, 0644), 0);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(sandbox_slot_read(s, "a.txt", 100, &b), 0);
    cr_assert_eq(b.len, 3);
    cr_assert_eq(memcmp(b.data, "abc", 3), 0);
    buf_reset(&b);
    cr_assert_eq(sandbox_slot_read(s, "a.txt", 2, &b), -EFBIG);
    buf_dispose(&b);
}

Test(slot, files_belong_to_the_slot_user_and_persist_across_runs)
{
    struct sandbox_slot *s = harness_slot(&h, 0);
    cr_assert_eq(sandbox_slot_mkdir(s, "src", 0755), 0);
    cr_assert_eq(sandbox_slot_write(s, "src/m.txt", "x", 1, 0644), 0);
    char out[256];
    cr_assert_eq(run_sh("stat -c '%u %a' /box/src/m.txt; echo made > /box/made", false, out), 0);
    char want[64];
    snprintf(want, sizeof(want), "%u 644\n", (unsigned)sandbox_slot_uid(s));
    cr_assert_str_eq(harness_slurp(out), want);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(sandbox_slot_read(s, "made", 100, &b), 0);
    cr_assert_str_eq(b.data, "made\n");
    buf_dispose(&b);
}

Test(slot, reset_wipes_the_box)
{
    struct sandbox_slot *s = harness_slot(&h, 0);
    cr_assert_eq(sandbox_slot_write(s, "old", "x", 1, 0644), 0);
    cr_assert_eq(run_sh("echo y > /box/old2", false, NULL), 0);
    cr_assert_eq(sandbox_slot_reset(s), 0);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(sandbox_slot_read(s, "old", 100, &b), -ENOENT);
    cr_assert_eq(sandbox_slot_read(s, "old2", 100, &b), -ENOENT);
    buf_dispose(&b);
    char out[256];
    cr_assert_eq(run_sh("ls -A /box | wc -l", false, out), 0);
    cr_assert_str_eq(harness_slurp(out), "0\n");
}

/* What a submission did to /box itself (its mode, a full disk) is gone too,
 * and the host's handle on /box follows the new one. */
Test(slot, reset_restores_the_box_itself)
{
    struct sandbox_slot *s = harness_slot(&h, 0);
    cr_assert_eq(run_sh("chmod 700 /box && head -c 1000000 /dev/zero > /box/big", false, NULL), 0);
    cr_assert_eq(sandbox_slot_reset(s), 0);
    char out[256];
    cr_assert_eq(
        run_sh("stat -c '%a %u' /box && df -k /box | tail -1 | awk '{print $3}'", false, out), 0);
    char want[64];
    snprintf(want, sizeof(want), "755 %u\n0\n", (unsigned)sandbox_slot_uid(s));
    cr_assert_str_eq(harness_slurp(out), want);
    cr_assert_eq(sandbox_slot_write(s, "new", "x", 1, 0644), 0);
    cr_assert_eq(run_sh("cat /box/new", false, out), 0);
    cr_assert_str_eq(harness_slurp(out), "x");
}

Test(slot, tmp_is_fresh_for_every_run)
{
    cr_assert_eq(run_sh("echo x > /tmp/left", false, NULL), 0);
    cr_assert_neq(run_sh("test -e /tmp/left", false, NULL), 0);
}

Test(slot, box_readonly_run_cannot_write)
{
    cr_assert_neq(run_sh("echo x > /box/new", true, NULL), 0);
    cr_assert_eq(run_sh("echo x > /box/new", false, NULL), 0);
}

Test(slot, root_is_read_only)
{
    cr_assert_neq(run_sh("echo x > /usr/x || echo x > /etc/x || echo x > /x", false, NULL), 0);
}

Test(slot, bind_shows_a_host_file_read_only)
{
    char host[256];
    snprintf(host, sizeof(host), "%s/input", h.work);
    harness_write(host, "42\n");
    const char *argv[] = {"/bin/sh", "-c", "cat /judge/input; echo y > /judge/input", NULL};
    struct sandbox_bind bind = {.host = host, .box = "/judge/input"};
    char out[256];
    snprintf(out, sizeof(out), "%s/out", h.work);
    struct sandbox_spec spec = {.argv = argv, .binds = &bind, .nbinds = 1, .stdout_path = out};
    struct sandbox_result res;
    cr_assert_eq(harness_run(&h, 0, &spec, &res), 0);
    cr_assert_str_eq(harness_slurp(out), "42\n");
    cr_assert_neq(res.exit_code, 0, "the bind must be read-only");
    cr_assert_str_eq(harness_slurp(host), "42\n");
}

/* Attack "symlink planting": links the box made are never followed by the host. */
Test(slot, host_never_follows_a_planted_link)
{
    char secret[256];
    snprintf(secret, sizeof(secret), "%s/secret", h.work);
    harness_write(secret, "host secret\n");
    char script[600];
    snprintf(script, sizeof(script), "ln -s %s /box/out.txt; ln -s %s /box/dir; mkfifo /box/fifo",
             secret, h.work);
    cr_assert_eq(run_sh(script, false, NULL), 0);
    struct sandbox_slot *s = harness_slot(&h, 0);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(sandbox_slot_read(s, "out.txt", 100, &b), -ELOOP);
    cr_assert_eq(sandbox_slot_read(s, "dir/secret", 100, &b), -ELOOP);
    cr_assert_eq(sandbox_slot_read(s, "../../../../etc/passwd", 100, &b), -EXDEV);
    cr_assert_eq(sandbox_slot_read(s, "fifo", 100, &b), -EINVAL);
    cr_assert_eq(sandbox_slot_open(s, "/etc/passwd", O_RDONLY, 0), -EINVAL);
    cr_assert_eq(b.len, 0);
    /* Writing replaces the link itself; the host file stays as it was. */
    cr_assert_eq(sandbox_slot_write(s, "out.txt", "box", 3, 0644), 0);
    cr_assert_neq(sandbox_slot_write(s, "dir/secret", "box", 3, 0644), 0);
    cr_assert_str_eq(harness_slurp(secret), "host secret\n");
    buf_dispose(&b);
}
