/* A connection's timers (see internal.h): reconnecting with backoff, and the
 * watchdog that finds stuck requests. */
#include "store/internal.h"

#define LINK_BACKOFF_MIN_MS 100
#define LINK_BACKOFF_MAX_MS 5000

void store__link_init(struct store__link *l, uv_loop_t *loop, void *owner, uv_timer_cb on_retry,
                      uv_timer_cb on_watchdog, unsigned watchdog_ms)
{
    l->backoff_ms = LINK_BACKOFF_MIN_MS;
    l->open_handles = 0;
    l->owner = owner;
    l->on_closed = NULL;
    uv_timer_init(loop, &l->retry);
    l->retry.data = owner;
    uv_timer_init(loop, &l->watchdog);
    l->watchdog.data = owner;
    uv_timer_start(&l->watchdog, on_watchdog, watchdog_ms, watchdog_ms);
    uv_unref((uv_handle_t *)&l->watchdog);
    uv_timer_start(&l->retry, on_retry, 0, 0);
}

void store__link_retry(struct store__link *l, uv_timer_cb on_retry)
{
    uv_timer_start(&l->retry, on_retry, l->backoff_ms, 0);
    l->backoff_ms =
        l->backoff_ms * 2 > LINK_BACKOFF_MAX_MS ? LINK_BACKOFF_MAX_MS : l->backoff_ms * 2;
}

void store__link_up(struct store__link *l)
{
    l->backoff_ms = LINK_BACKOFF_MIN_MS;
}

static void link_on_close(uv_handle_t *h)
{
    struct store__link *l = h->data;
    if (--l->open_handles == 0)
        l->on_closed(l->owner);
}

void store__link_close(struct store__link *l, void (*on_closed)(void *owner))
{
    /* No timer callback runs after uv_close(): their data can point here. */
    l->on_closed = on_closed;
    l->open_handles = 2;
    l->retry.data = l;
    l->watchdog.data = l;
    uv_close((uv_handle_t *)&l->retry, link_on_close);
    uv_close((uv_handle_t *)&l->watchdog, link_on_close);
}
