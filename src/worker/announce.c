/* Announcements kept for a re-send (internal.h, worker__announce_keep). */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/events.h"

#include <stdlib.h>
#include <string.h>

/* More would mean Redis is gone for long: the oldest are dropped (their
 * verdicts are in PostgreSQL; a client resyncs through the api). */
#define ANNOUNCE_KEEP_MAX 10000

struct unsent {
    struct list node;
    struct worker *w;
    char *user;
    char *event;
    size_t len;
};

static void unsent_free(struct unsent *u)
{
    free(u->user);
    free(u->event);
    free(u);
}

static void announce_push(struct worker *w, struct unsent *u)
{
    if (w->nunsent >= ANNOUNCE_KEEP_MAX) {
        struct unsent *old = container_of(w->unsent.next, struct unsent, node);
        list_remove(&old->node);
        w->nunsent--;
        log_warn("%u announcements waiting for Redis: dropping the oldest (for %s)",
                 ANNOUNCE_KEEP_MAX, old->user);
        unsent_free(old);
    }
    list_push(&w->unsent, &u->node);
    w->nunsent++;
}

void worker__announce_keep(struct worker *w, const char *user, const char *event, size_t len)
{
    if (user == NULL)
        return; /* problem_done only: live, nobody replays it */
    struct unsent *u = xcalloc(1, sizeof(*u));
    u->w = w;
    u->user = xstrdup(user);
    u->event = xmalloc(len);
    memcpy(u->event, event, len);
    u->len = len;
    announce_push(w, u);
}

static void announce_on_sent(int status, long long seq, void *data)
{
    struct unsent *u = data;
    if (status < 0) {
        /* Still down: kept for the next time Redis comes up. */
        announce_push(u->w, u);
        return;
    }
    if (seq == 0)
        log_info("announcement for %s was in the history already; not sent twice", u->user);
    unsent_free(u);
}

void worker__announce_flush(struct worker *w)
{
    if (w->nunsent == 0)
        return;
    log_info("sending %u announcements again that Redis may have missed", w->nunsent);
    /* Detach the list first: a failure puts an item back on w->unsent. */
    struct list batch;
    list_init(&batch);
    while (!list_empty(&w->unsent)) {
        struct list *n = w->unsent.next;
        list_remove(n);
        list_push(&batch, n);
    }
    w->nunsent = 0;
    while (!list_empty(&batch)) {
        struct unsent *u = container_of(batch.next, struct unsent, node);
        list_remove(&u->node);
        int rc = events_publish_once(w->redis, u->user, u->event, u->len, announce_on_sent, u);
        if (rc < 0)
            announce_on_sent(rc, 0, u);
    }
}

void worker__announce_dispose(struct worker *w)
{
    while (!list_empty(&w->unsent)) {
        struct unsent *u = container_of(w->unsent.next, struct unsent, node);
        list_remove(&u->node);
        unsent_free(u);
    }
    w->nunsent = 0;
}
