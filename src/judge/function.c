/* A function problem's submission (issue 13; judge/driver.h): the user's
 * code goes into its language's driver before the one compile, and each
 * test's stdout is taken apart after the run: what the user's code printed
 * (debug output, never the answer) and the returned value, which is what the
 * checker judges. */
#include "judge/internal.h"

#include "common/fs.h"
#include "judge/driver.h"
#include "judge/jsoncmp.h"
#include "judge/problem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int judge__function_put(struct judge *j, const char *code, size_t len)
{
    struct driver_source src;
    char err[256];
    int rc = driver_source(j->prob.function, j->lang, code, len, &src, err, sizeof(err));
    if (rc < 0)
        return rc;
    j->line_shift = src.line_shift;
    rc = judge__program_put(j, src.text, src.len);
    driver_source_dispose(&src);
    return rc;
}

int judge__function_capture(struct judge *j)
{
    buf_reset(&j->user_out);
    buf_reset(&j->fresult);
    j->freturned = false;
    char path[CACHE_PATH_MAX + 32];
    judge__scratch_path(j, "out", path, sizeof(path));
    /* The run's output is within its limit (or the run was an OLE, whose
     * output is cut there): a little more than the limit is room enough. */
    size_t len;
    char *out = fs_read_file(path, (size_t)j->prob.output_limit_kb * 1024 + 4096, &len);
    if (out == NULL)
        return errno == EFBIG ? 0 : -errno;
    struct driver_output d;
    driver_output_split(out, len, &d);
    buf_append(&j->user_out, out, d.user_len);
    if (d.returned) {
        j->freturned = true;
        buf_append(&j->fresult, d.result, d.result_len);
    }
    free(out);
    return 0;
}

/* Writes the returned value, a line, to the scratch file "result": what a
 * custom checker gets as the program's output. */
static int function_write_result(struct judge *j)
{
    int fd = judge__scratch_open(j, "result");
    if (fd < 0)
        return fd;
    int rc = 0;
    struct buf line;
    buf_init(&line);
    buf_append(&line, j->fresult.data ? j->fresult.data : "", j->fresult.len);
    buf_puts(&line, "\n");
    for (size_t done = 0; done < line.len && rc == 0;) {
        ssize_t n = write(fd, line.data + done, line.len - done);
        if (n < 0 && errno != EINTR)
            rc = -errno;
        else if (n > 0)
            done += (size_t)n;
    }
    buf_dispose(&line);
    close(fd);
    return rc;
}

/* Compares the returned value with the test's expected one as JSON values. */
static void function_compare(struct judge *j)
{
    char exp[CACHE_PATH_MAX + 32];
    cache_test_path(j->prob.tests, j->cur, true, exp, sizeof(exp));
    size_t elen;
    char *e = fs_read_file(exp, PROBLEM_FILE_MAX, &elen);
    if (e == NULL) {
        judge__fail(j, "expected output", -errno, NULL);
        return;
    }
    const struct checker *c = &j->prob.checker;
    struct jsoncmp_options o = {
        .tolerance = c->kind == CHECKER_FLOAT,
        .eps = c->eps,
        .unordered = c->kind == CHECKER_UNORDERED,
    };
    char why[256];
    int rc = jsoncmp_text(e, elen, j->fresult.data ? j->fresult.data : "", j->fresult.len, &o, why,
                          sizeof(why));
    free(e);
    /* why names the expected value: not shown, a hidden test's data is not
     * the user's to see. */
    if (rc == 1)
        judge__pass(j);
    else if (rc == 0)
        judge__reject(j, VERDICT_WA, "wrong answer");
    else
        judge__validator_failed(j, "the test's expected output is not JSON");
}

void judge__function_check(struct judge *j)
{
    if (!j->freturned) {
        /* Ended well without the driver's result: the user's code ended the
         * program (exit(0), System.exit(0), process.exit()). */
        judge__reject(j, VERDICT_RE, "the program ended before the function returned");
        return;
    }
    if (j->prob.checker.kind != CHECKER_CUSTOM) {
        function_compare(j);
        return;
    }
    int rc = j->prob.tests->has_checker ? function_write_result(j) : -ENOENT;
    if (rc == 0)
        rc = judge__checker_start(j);
    if (rc < 0)
        judge__fail(j, "checker", rc, NULL);
}
