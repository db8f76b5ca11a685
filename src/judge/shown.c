/* What the user sees of a failed submission beyond its verdict (issue 13
 * "Feedback on a submission"): a failed sample's data, read from the test
 * cache and the run's scratch output before the next run rewrites it, and
 * the compiler's message in the user's terms. judge/feedback.c holds the pure
 * part. */
#include "judge/internal.h"

#include "judge/feedback.h"
#include "judge/text.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOWN_COMPILE_MAX 4000 /* what the user is shown of a compiler's message */

void judge__shown_init(struct judge *j)
{
    for (int i = 0; i < 3; i++)
        buf_init(&j->shown_bufs[i]);
    j->has_shown = false;
}

void judge__shown_dispose(struct judge *j)
{
    for (int i = 0; i < 3; i++)
        buf_dispose(&j->shown_bufs[i]);
}

/* Reads the start of the file at path into b, capped; an unreadable file is
 * shown as empty (the judging itself reported what went wrong). */
static void shown_read(const char *path, struct buf *b, struct judge_shown_text *t)
{
    char tmp[FEEDBACK_SHOWN_MAX + 4];
    buf_reset(b);
    t->cut = false;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        /* A few bytes past the cap: a character that straddles it is seen
         * whole, and left out whole. */
        ssize_t n = pread(fd, tmp, sizeof(tmp), 0);
        struct stat st;
        size_t total = fstat(fd, &st) == 0 ? (size_t)st.st_size : 0;
        close(fd);
        if (n > 0)
            t->cut = feedback_cap(tmp, (size_t)n, total, FEEDBACK_SHOWN_MAX, b);
    }
    buf_puts(b, ""); /* NUL-terminated even when empty */
    t->data = b->data;
    t->len = b->len;
}

/* A function problem's output is the value its function returned (the
 * driver's result line, function.c), or what the user's code printed when it
 * did not return: never the driver's marker. */
static void shown_function_output(struct judge *j)
{
    struct buf *b = &j->shown_bufs[2];
    const struct buf *from = j->freturned ? &j->fresult : &j->user_out;
    size_t n = from->len < FEEDBACK_SHOWN_MAX + 4 ? from->len : FEEDBACK_SHOWN_MAX + 4;
    buf_reset(b);
    j->shown.output.cut = n ? feedback_cap(from->data, n, from->len, FEEDBACK_SHOWN_MAX, b) : false;
    buf_puts(b, "");
    j->shown.output.data = b->data;
    j->shown.output.len = b->len;
}

void judge__shown_capture(struct judge *j)
{
    j->has_shown = false;
    const struct plan *plan = j->prob.plan;
    /* Samples, the tests problem.json marks visible, and a package's tests of
     * full_feedback groups, are shown. */
    bool visible = j->cur < j->prob.tests->nsamples ||
                   (plan && plan->tests[j->cur].full_feedback) ||
                   cache_test_visible(j->prob.tests, j->cur);
    if ((plan && plan->interactive) || !visible)
        return;
    char path[CACHE_PATH_MAX + 32];
    cache_test_path(j->prob.tests, j->cur, false, path, sizeof(path));
    shown_read(path, &j->shown_bufs[0], &j->shown.input);
    cache_test_path(j->prob.tests, j->cur, true, path, sizeof(path));
    shown_read(path, &j->shown_bufs[1], &j->shown.expected);
    if (j->prob.function) {
        shown_function_output(j);
    } else {
        judge__scratch_path(j, "out", path, sizeof(path));
        shown_read(path, &j->shown_bufs[2], &j->shown.output);
    }
    j->shown.test = j->cur + 1;
    j->has_shown = true;
}

void judge__compile_output_rewrite(struct judge *j, const char *raw, size_t len, size_t total)
{
    struct buf msg;
    buf_init(&msg);
    feedback_compile_message(raw, len, j->prog.source, j->prog.source, j->line_shift, &msg);
    /* What was never read stays counted in the note of how much is left out. */
    size_t rest = total > len ? total - len : 0;
    text_trim(msg.data ? msg.data : "", msg.len, msg.len + rest, SHOWN_COMPILE_MAX,
              &j->compile_out);
    buf_dispose(&msg);
}
