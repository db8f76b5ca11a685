/* A Judge0 submission read back by its token: the record of what was asked
 * ("judge0:<token>") and the run that answers it ("run:<token>",
 * store/runs.h), two reads, never blocking the loop. */
#include "api/internal.h"
#include "api/judge0.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/keys.h"
#include "store/runs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct load {
    struct api *api;
    api_judge0_load_cb cb;
    void *data;
    struct judge0_submission s;
};

static void load_end(struct load *l, int status)
{
    l->cb(l->api, status, status == 0 ? &l->s : NULL, l->data);
    judge0_submission_dispose(&l->s);
    free(l);
}

/* A record without its run: expired (the record outlives it on purpose:
 * judge0_store_ttl_s()) is not found; lost (Redis lost it) is answered as
 * what it is: no result will come. */
static void load_on_run(int status, const struct runs_entry *e, void *data)
{
    struct load *l = data;
    if (status < 0) {
        load_end(l, status);
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    if (!e->found && judge0_store_run_expired(l->s.created_at_ms, l->api->judge0_keep_s, now_ms)) {
        load_end(l, -ENOENT);
        return;
    }
    if (!e->found) {
        l->s.status_id = JUDGE0_INTERNAL_ERROR;
        l->s.message.data = xstrdup("the run of this submission was lost (verdict)");
        l->s.message.len = strlen(l->s.message.data);
    } else if (judge0_result_apply(&l->s, e->status, e->result, e->result_len) < 0) {
        log_warn("judge0 %s: run result is not a run's", l->s.token);
    }
    load_end(l, 0);
}

static void load_on_record(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    struct load *l = data;
    if (status < 0) {
        load_end(l, status);
        return;
    }
    size_t len;
    const char *json = redis_reply_str(reply, &len);
    if (redis_reply_type(reply) != REDIS_T_STRING || json == NULL) {
        load_end(l, -ENOENT);
        return;
    }
    if (judge0_store_read(json, len, &l->s) < 0) {
        log_warn("judge0: a record that is not one");
        load_end(l, -ENOENT);
        return;
    }
    int rc = runs_get(l->api->redis, l->s.token, load_on_run, l);
    if (rc < 0)
        load_on_run(rc, NULL, l);
}

/* A callback that fires later even when the first command cannot be sent:
 * the contract is "exactly once, later". */
static void load_on_fail(uv_timer_t *t)
{
    struct load *l = t->data;
    uv_close((uv_handle_t *)t, (uv_close_cb)free);
    load_end(l, -ENOTCONN);
}

void api__judge0_load(struct api *api, const char *token, api_judge0_load_cb cb, void *data)
{
    struct load *l = xcalloc(1, sizeof(*l));
    l->api = api;
    l->cb = cb;
    l->data = data;
    judge0_submission_init(&l->s);
    char key[sizeof(KEY_JUDGE0_PREFIX) + JUDGE0_TOKEN_LEN];
    snprintf(key, sizeof(key), "%s%s", KEY_JUDGE0_PREFIX, token);
    const char *argv[] = {"GET", key};
    if (redis_cmd(api->redis, 0, load_on_record, l, 2, argv, NULL) == 0)
        return;
    uv_timer_t *t = xmalloc(sizeof(*t));
    t->data = l;
    /* Both only fail on a bad handle or callback; a timer on our own loop
     * has neither, so failing here is a broken build, not a runtime case. */
    if (uv_timer_init(api->loop, t) != 0 || uv_timer_start(t, load_on_fail, 0, 0) != 0)
        abort();
}
