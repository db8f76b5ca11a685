/* The web page: files compiled into the binary from web/. */
#include "api/internal.h"

#include "common/embedded.h"

#include <string.h>

static const char *web_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return "application/octet-stream";
    if (strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".js") == 0 || strcmp(dot, ".mjs") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (strcmp(dot, ".json") == 0)
        return "application/json";
    return "application/octet-stream";
}

/* The file named by the path of the row that matched ("/" is index.html). */
void api__web(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    const char *name = m->route->pattern + 1;
    if (name[0] == '\0')
        name = "index.html";
    for (const struct embedded_file *f = web_files; f->name; f++) {
        if (strcmp(f->name, name) == 0) {
            api->metrics.responses[2]++;
            http_respond(req, 200, web_type(f->name),
                         "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n", f->data,
                         f->len);
            return;
        }
    }
    /* A row for a file web/ no longer has (the unit test of the table
     * catches it first). */
    api__error(api, req, 404, "no such route");
}

void api__web_config(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "window.VERDICT_CONFIG = {\"gatewayUrl\": ");
    buf_json_str(&b, api->gateway_url, strlen(api->gateway_url));
    buf_puts(&b, "};\n");
    api->metrics.responses[2]++;
    http_respond(req, 200, "text/javascript; charset=utf-8", "Cache-Control: no-cache\r\n", b.data,
                 b.len);
    buf_dispose(&b);
}
