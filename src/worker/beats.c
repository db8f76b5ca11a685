/* "Beats X%" in an accepted submission's result event (issue 13; README.md
 * "Beats X%"): one lookup in the bucketed counts after the verdict is stored
 * (its transaction counted it, sql/012), then the event goes out. */
#include "worker/internal.h"

#include "common/alloc.h"
#include "common/log.h"
#include "store/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct beats_ctx {
    struct wslot *s;
    struct buf event;
};

static void beats_on_lookup(int status, double runtime, double memory, void *data)
{
    struct beats_ctx *b = data;
    struct wslot *s = b->s;
    if (status < 0)
        log_warn("slot %u: cannot look up the beats of submission %s: %s (announced without)",
                 s->index, s->id, strerror(-status));
    report_beats_fields(&b->event, status < 0 ? NAN : runtime, status < 0 ? NAN : memory);
    worker__finish_ack(s, b->event.data, b->event.len);
    buf_dispose(&b->event);
    free(b);
}

void worker__beats_ack(struct wslot *s, struct buf *event, unsigned time_ms, unsigned memory_kb)
{
    struct beats_ctx *b = xcalloc(1, sizeof(*b));
    b->s = s;
    b->event = *event;
    buf_init(event);
    int rc = stats_beats(s->w->pg, s->problem ? s->problem : "", s->language ? s->language : "",
                         time_ms, memory_kb, beats_on_lookup, b);
    if (rc < 0)
        beats_on_lookup(rc, NAN, NAN, b);
}
