/* Judge0's 422 body: {"field": ["message", ...]}, Rails' model errors. */
#include "api/judge0.h"

#include <string.h>

void judge0_errors_init(struct judge0_errors *e)
{
    buf_init(&e->json);
    buf_puts(&e->json, "{");
    e->last = NULL;
    e->n = 0;
}

void judge0_errors_dispose(struct judge0_errors *e)
{
    buf_dispose(&e->json);
}

void judge0_errors_add(struct judge0_errors *e, const char *field, const char *message)
{
    if (e->last != NULL && strcmp(e->last, field) == 0) {
        buf_puts(&e->json, ",");
    } else {
        if (e->last != NULL)
            buf_puts(&e->json, "],");
        buf_json_str(&e->json, field, strlen(field));
        buf_puts(&e->json, ":[");
        e->last = field;
    }
    buf_json_str(&e->json, message, strlen(message));
    e->n++;
}

const char *judge0_errors_json(struct judge0_errors *e, size_t *len)
{
    if (e->last != NULL) {
        buf_puts(&e->json, "]");
        e->last = NULL;
    }
    /* Only the first call closes the object; later ones return it as is. */
    if (e->json.data[e->json.len - 1] != '}')
        buf_puts(&e->json, "}");
    *len = e->json.len;
    return e->json.data;
}
