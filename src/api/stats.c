/* GET /api/problems/{id}/stats?language=L (issue 13 "Beats X%"; README.md):
 * the runtime and memory histograms of the problem's accepted submissions in
 * one language, read from sql/012's bucketed counts (store/stats.h). */
#include "api/internal.h"

#include "common/alloc.h"
#include "contract/ids.h"
#include "judge/lang.h"
#include "store/stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct stats_ctx {
    struct api *api;
    struct http_request *req;
};

static void stats_on_json(int status, const char *json, size_t len, void *data)
{
    struct stats_ctx *ctx = data;
    if (status == 0) {
        api__json(ctx->api, ctx->req, 200, json, len);
    } else if (status == -ENOENT) {
        api__error(ctx->api, ctx->req, 404, "unknown problem");
    } else {
        ctx->api->metrics.db_unavailable++;
        api__error(ctx->api, ctx->req, 503, "database unavailable, try again");
    }
    free(ctx);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The value of ?language= (percent-decoded; '+' is itself, as in "c++")
 * into out, or false when there is none or it is too long to be a language. */
static bool stats_language(struct http_request *req, char *out, size_t size)
{
    size_t qlen;
    const char *q = http_request_query(req, &qlen);
    while (q && qlen) {
        const char *amp = memchr(q, '&', qlen);
        size_t plen = amp ? (size_t)(amp - q) : qlen;
        if (plen > 9 && memcmp(q, "language=", 9) == 0) {
            size_t n = 0;
            for (size_t i = 9; i < plen; i++) {
                char c = q[i];
                if (c == '%' && i + 2 < plen && hex_value(q[i + 1]) >= 0 &&
                    hex_value(q[i + 2]) >= 0) {
                    c = (char)(hex_value(q[i + 1]) * 16 + hex_value(q[i + 2]));
                    i += 2;
                }
                if (n + 1 >= size || c == '\0')
                    return false;
                out[n++] = c;
            }
            out[n] = '\0';
            return true;
        }
        if (amp == NULL)
            break;
        qlen -= plen + 1;
        q = amp + 1;
    }
    return false;
}

void api__get_problem_stats(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    size_t len;
    const char *v = route_param(m, "id", &len);
    char id[72];
    if (!ids_problem_valid(v, len) || len >= sizeof(id)) {
        api__error(api, req, 404, "unknown problem");
        return;
    }
    memcpy(id, v, len);
    id[len] = '\0';
    char name[32];
    if (!stats_language(req, name, sizeof(name))) {
        api__error(api, req, 400, "language is required (?language=, GET /api/languages)");
        return;
    }
    const struct lang *l = lang_find(name);
    if (l == NULL) {
        api__error(api, req, 400, "unknown language (GET /api/languages lists them)");
        return;
    }
    struct stats_ctx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->api = api;
    ctx->req = req;
    int rc = stats_get(api->pg, id, l->id, stats_on_json, ctx);
    if (rc < 0)
        stats_on_json(rc == -ENOENT ? -EIO : rc, NULL, 0, ctx);
}
