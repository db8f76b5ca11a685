/* Lanes: a sandbox slot and its judge, lent to one job slot at a time while
 * it compiles a checker or is judged. A job slot that finds none free waits in
 * line and goes on from the loop's next turn when one is released. */
#include "worker/internal.h"

static void lane_on_timer(uv_timer_t *t);

static void lane_hold(struct wslot *s, struct wlane *l)
{
    l->holder = s;
    s->lane = l;
    s->judge = l->judge;
}

void worker__lane_wait(struct wslot *s, void (*fn)(struct wslot *s))
{
    struct worker *w = s->w;
    for (unsigned i = 0; s->lane == NULL && i < w->nlanes; i++)
        if (w->lanes[i].holder == NULL)
            lane_hold(s, &w->lanes[i]);
    if (s->lane) {
        fn(s);
        return;
    }
    s->on_lane = fn;
    list_push(&w->lane_waiters, &s->wait);
}

void worker__lane_release(struct wslot *s)
{
    if (s->lane == NULL)
        return;
    s->lane->holder = NULL;
    s->lane = NULL;
    s->judge = NULL;
    if (!list_empty(&s->w->lane_waiters))
        uv_timer_start(&s->w->lane_timer, lane_on_timer, 0, 0);
}

/* Hands the free lanes to the slots waiting longest. */
static void lane_on_timer(uv_timer_t *t)
{
    struct worker *w = t->data;
    for (unsigned i = 0; i < w->nlanes && !list_empty(&w->lane_waiters); i++) {
        if (w->lanes[i].holder)
            continue;
        struct wslot *s = container_of(w->lane_waiters.next, struct wslot, wait);
        list_remove(&s->wait);
        lane_hold(s, &w->lanes[i]);
        void (*fn)(struct wslot *) = s->on_lane;
        s->on_lane = NULL;
        fn(s);
    }
}
