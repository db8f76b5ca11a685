/* redis_push(): a command that puts work on the queue, followed by WAIT when
 * the site asked for replicated acknowledgements (redis.h). */
#include "store/redis.h"

#include "common/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct push_wait {
    redis_reply_cb cb;
    void *data;
    unsigned want;
    int status;  /* the push's own */
    bool orphan; /* WAIT could not be sent: the push's reply answers */
};

/* A reply of an error, or a failure, answers with no reply: -EIO needs one. */
static int push_status(int status)
{
    return status == -EIO ? -EPROTO : status;
}

static void push_on_reply(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)reply;
    struct push_wait *pw = data;
    pw->status = push_status(status);
    if (!pw->orphan)
        return;
    pw->cb(r, pw->status < 0 ? pw->status : -EIO, NULL, pw->data);
    free(pw);
}

static void push_on_wait(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    struct push_wait *pw = data;
    if (pw->status < 0)
        pw->cb(r, pw->status, NULL, pw->data);
    else if (status < 0)
        pw->cb(r, push_status(status), NULL, pw->data);
    else if (redis_reply_type(reply) != REDIS_T_INTEGER)
        pw->cb(r, -EPROTO, NULL, pw->data);
    else if (redis_reply_int(reply) < (long long)pw->want)
        pw->cb(r, -EAGAIN, NULL, pw->data); /* on the primary, not on enough replicas */
    else
        pw->cb(r, 0, reply, pw->data);
    free(pw);
}

int redis_push(struct redis *r, redis_reply_cb cb, void *data, int argc, const char **argv,
               const size_t *lens)
{
    unsigned want = redis_wait_replicas(r);
    if (want == 0 || cb == NULL)
        return redis_cmd(r, 0, cb, data, argc, argv, lens);
    struct push_wait *pw = xcalloc(1, sizeof(*pw));
    pw->cb = cb;
    pw->data = data;
    pw->want = want;
    int rc = redis_cmd(r, 0, push_on_reply, pw, argc, argv, lens);
    if (rc < 0) {
        free(pw);
        return rc;
    }
    char n[16], ms[16];
    snprintf(n, sizeof(n), "%u", want);
    snprintf(ms, sizeof(ms), "%u", REDIS_WAIT_TIMEOUT_MS);
    const char *wait[3] = {"WAIT", n, ms};
    /* Replies come in order: the push's first, then WAIT's, which answers. */
    if (redis_cmd(r, REDIS_WAIT_TIMEOUT_MS + 5000, push_on_wait, pw, 3, wait, NULL) < 0)
        pw->orphan = true;
    return 0;
}
