/* A run's input checked by its problem's input validators before the run is
 * queued (issue 13: "a bad input is a 400 that says why"; README "Runs"):
 * the api has no sandbox, so a worker checks it between jobs
 * (worker/input_checks.c), asked over a request lane (lanes.c). */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "store/input_checks.h"

#include <errno.h>
#include <stdlib.h>

struct input_check {
    api_input_checked_cb cb;
    void *data;
};

static void check_on_answer(int status, const char *answer, size_t len, void *data)
{
    (void)len;
    struct input_check c = *(struct input_check *)data;
    free(data);
    const char *msg = NULL;
    enum input_check_outcome outcome = status == 0 ? input_checks_outcome(answer, &msg) : 0;
    if (status == 0 && outcome == INPUT_CHECK_VALID) {
        c.cb(0, NULL, c.data);
    } else if (status == 0 && outcome == INPUT_CHECK_REJECTED) {
        c.cb(400, msg, c.data);
    } else if (status == 0) {
        log_warn("input check: %s", msg);
        c.cb(503,
             "a worker could not check the input with the problem's input validator; try again",
             c.data);
    } else if (status == -ETIMEDOUT) {
        c.cb(503,
             "no worker checked the input with the problem's input validator in time (is a "
             "worker running?); try again",
             c.data);
    } else if (status == -ECANCELED) {
        c.cb(503, "the api is stopping; try again", c.data);
    } else {
        c.cb(503, "queue unavailable, try again", c.data);
    }
}

int api__input_check(struct api *api, const char *problem, const char *input, size_t len,
                     api_input_checked_cb cb, void *data)
{
    struct input_check *c = xmalloc(sizeof(*c));
    *c = (struct input_check){.cb = cb, .data = data};
    struct buf members;
    buf_init(&members);
    input_checks_members(&members, problem, input, len);
    int rc = api__lane_ask(api, &lane_input_checks, lane_now_ms() + api->worker_wait_ms,
                           members.data, NULL, 0, check_on_answer, c);
    buf_dispose(&members);
    if (rc < 0)
        free(c);
    return rc;
}
