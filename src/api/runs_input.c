/* A run's input checked by its problem's input validators before the run is
 * queued (issue 13: "a bad input is a 400 that says why"; README "Runs"):
 * the api has no sandbox, so a worker checks it between jobs
 * (worker/input_checks.c) and the api polls for the answer on a timer, as
 * for a custom checker's build (authoring.c). */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/input_checks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* The api waits --worker-wait-ms for a worker (20 s by default: a lane may
 * be busy with one job's tests first, and a validator is compiled once per
 * problem version), polling this often. */
#define INPUT_CHECK_POLL_MS 20

struct input_check {
    struct api *api;
    uv_timer_t *poll;
    char token[INPUT_CHECKS_TOKEN_MAX];
    uint64_t deadline;
    api_input_checked_cb cb;
    void *data;
};

static uint64_t check_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void check_on_closed(uv_handle_t *h)
{
    free(h);
}

static void check_end(struct input_check *c, int status, const char *msg)
{
    api_input_checked_cb cb = c->cb;
    void *data = c->data;
    if (c->poll)
        uv_close((uv_handle_t *)c->poll, check_on_closed);
    free(c);
    cb(status, msg, data);
}

static void check_on_poll(uv_timer_t *t);

static void check_on_result(int status, enum input_check_outcome outcome, const char *msg,
                            void *data)
{
    struct input_check *c = data;
    if (status == 0 && outcome == INPUT_CHECK_VALID) {
        check_end(c, 0, NULL);
    } else if (status == 0 && outcome == INPUT_CHECK_REJECTED) {
        check_end(c, 400, msg);
    } else if (status == 0 && outcome == INPUT_CHECK_INTERNAL) {
        log_warn("input check %s: %s", c->token, msg);
        check_end(c, 503,
                  "a worker could not check the input with the problem's input "
                  "validator; try again");
    } else if (check_now_ms() > c->deadline) {
        check_end(c, 503,
                  "no worker checked the input with the problem's input validator in time "
                  "(is a worker running?); try again");
    } else {
        uv_timer_start(c->poll, check_on_poll, INPUT_CHECK_POLL_MS, 0);
    }
}

static void check_on_poll(uv_timer_t *t)
{
    struct input_check *c = t->data;
    if (c->api->stopping || c->api->redis == NULL) {
        /* The api is closing (its Redis is gone): answer now, not at the
         * deadline, and never with a freed connection. */
        check_end(c, 503, "the api is stopping; try again");
        return;
    }
    if (input_checks_result(c->api->redis, c->token, check_on_result, c) < 0)
        check_on_result(-ENOTCONN, INPUT_CHECK_PENDING, NULL, c);
}

static void check_on_requested(int status, void *data)
{
    struct input_check *c = data;
    if (status < 0) {
        c->api->metrics.redis_unavailable++;
        check_end(c, 503, "queue unavailable, try again");
        return;
    }
    uv_timer_start(c->poll, check_on_poll, INPUT_CHECK_POLL_MS, 0);
}

void api__input_check(struct api *api, const char *problem, const char *input, size_t len,
                      api_input_checked_cb cb, void *data)
{
    struct input_check *c = xcalloc(1, sizeof(*c));
    *c = (struct input_check){.api = api, .cb = cb, .data = data};
    unsigned char raw[16];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
        check_end(c, 503, "no randomness for the input check's token");
        return;
    }
    for (int i = 0; i < 16; i++)
        snprintf(c->token + 2 * i, 3, "%02x", raw[i]);
    c->poll = xmalloc(sizeof(*c->poll));
    uv_timer_init(api->loop, c->poll);
    c->poll->data = c;
    c->deadline = check_now_ms() + api->worker_wait_ms;
    if (input_checks_request(api->redis, c->token, problem, input, len, c->deadline,
                             check_on_requested, c) < 0)
        check_on_requested(-ENOTCONN, c);
}
