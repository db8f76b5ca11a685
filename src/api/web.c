/* The web page: the files the build made from web/ (cmake/web.cmake),
 * compiled into the binary. index.html is always asked again (no-cache);
 * the assets it names carry their content's hash in their names, so they
 * never change under a name and are cached for good. */
#include "api/internal.h"

#include "common/embedded.h"

#include <stdio.h>
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
    if (strcmp(dot, ".woff2") == 0)
        return "font/woff2";
    return "application/octet-stream";
}

static const char web_index_headers[] =
    "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n";
static const char web_asset_headers[] =
    "Cache-Control: public, max-age=31536000, immutable\r\nX-Content-Type-Options: nosniff\r\n";

/* The file the row names: "/" and "/index.html" are index.html,
 * "/assets/{file}" the asset of that name. */
void api__web(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    char name[160] = "index.html";
    const char *headers = web_index_headers;
    size_t len;
    const char *file = route_param(m, "file", &len);
    if (file != NULL) {
        if (len > sizeof(name) - sizeof("assets/") || memchr(file, '/', len) != NULL) {
            api__error(api, req, 404, "no such route");
            return;
        }
        snprintf(name, sizeof(name), "assets/%.*s", (int)len, file);
        headers = web_asset_headers;
    }
    for (const struct embedded_file *f = web_files; f->name; f++) {
        if (strcmp(f->name, name) == 0) {
            api->metrics.responses[2]++;
            http_respond(req, 200, web_type(f->name), headers, f->data, f->len);
            return;
        }
    }
    /* An asset of another build (a page loaded before an upgrade). */
    api__error(api, req, 404, "no such file");
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
