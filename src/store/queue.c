/* Pushing jobs onto the queue list. */
#include "store/queue.h"

#include "common/alloc.h"
#include "store/keys.h"

#include <stdlib.h>
#include <string.h>

struct push_call {
    queue_push_cb cb;
    void *data;
};

static void queue_on_push(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    (void)reply;
    struct push_call *call = data;
    call->cb(status, call->data);
    free(call);
}

int queue_push(struct redis *r, const char *job, size_t len, queue_push_cb cb, void *data)
{
    struct push_call *call = xmalloc(sizeof(*call));
    call->cb = cb;
    call->data = data;
    const char *argv[3] = {"LPUSH", KEY_QUEUE, job};
    size_t lens[3] = {5, strlen(KEY_QUEUE), len};
    int rc = redis_cmd(r, 0, queue_on_push, call, 3, argv, lens);
    if (rc < 0)
        free(call);
    return rc;
}
