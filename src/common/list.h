/* Intrusive doubly linked lists (libuv's uv__queue, h2o's linklist): the node
 * lives inside the element, so linking costs no allocation. */
#ifndef COMMON_LIST_H
#define COMMON_LIST_H

#include <stdbool.h>
#include <stddef.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

struct list {
    struct list *prev;
    struct list *next;
};

static inline void list_init(struct list *head)
{
    head->prev = head;
    head->next = head;
}

static inline bool list_empty(const struct list *head)
{
    return head->next == head;
}

/* Appends node at the tail of head. */
static inline void list_push(struct list *head, struct list *node)
{
    node->prev = head->prev;
    node->next = head;
    head->prev->next = node;
    head->prev = node;
}

/* Unlinks node and leaves it pointing at itself, so a second remove is harmless. */
static inline void list_remove(struct list *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->prev = node;
    node->next = node;
}

#define list_foreach(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Iterates while allowing pos to be removed. */
#define list_foreach_safe(pos, tmp, head)                                                          \
    for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);                               \
         (pos) = (tmp), (tmp) = (pos)->next)

#endif
