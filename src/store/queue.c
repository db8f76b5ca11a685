/* Pushing jobs onto the queue list. */
#include "store/queue.h"

#include "store/internal.h"
#include "store/keys.h"

#include <stdlib.h>
#include <string.h>

int queue_push(struct redis *r, const char *job, size_t len, queue_push_cb cb, void *data)
{
    const char *argv[3] = {"LPUSH", KEY_QUEUE, job};
    size_t lens[3] = {5, strlen(KEY_QUEUE), len};
    return store__redis_push_call(r, 3, argv, lens, store__on_status, (store__fn)cb, data);
}
