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

bool api__web(struct api *api, struct http_request *req, const char *path, size_t len)
{
    if (len == 0 || path[0] != '/')
        return false;
    const char *name = path + 1;
    size_t nlen = len - 1;
    if (nlen == 0) {
        name = "index.html";
        nlen = strlen(name);
    }
    for (const struct embedded_file *f = web_files; f->name; f++) {
        if (strlen(f->name) != nlen || memcmp(f->name, name, nlen) != 0)
            continue;
        if (req) {
            api->metrics.responses[2]++;
            http_respond(req, 200, web_type(f->name),
                         "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n", f->data,
                         f->len);
        }
        return true;
    }
    if (req && nlen == 9 && memcmp(name, "config.js", 9) == 0) {
        /* Tells the page where the gateway is (--gateway-url). */
        struct buf b;
        buf_init(&b);
        buf_puts(&b, "window.VERDICT_CONFIG = {\"gatewayUrl\": ");
        buf_json_str(&b, api->gateway_url, strlen(api->gateway_url));
        buf_puts(&b, "};\n");
        api->metrics.responses[2]++;
        http_respond(req, 200, "text/javascript; charset=utf-8", "Cache-Control: no-cache\r\n",
                     b.data, b.len);
        buf_dispose(&b);
        return true;
    }
    return req == NULL && nlen == 9 && memcmp(name, "config.js", 9) == 0;
}
