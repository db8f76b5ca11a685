/* Routing of the api's requests to their handlers (DESIGN.md "HTTP API"). */
#include "api/internal.h"

#include <string.h>

static bool path_is(const char *path, size_t len, const char *want)
{
    return len == strlen(want) && memcmp(path, want, len) == 0;
}

/* Matches "prefix{x}suffix" with x non-empty and free of '/'; sets *x. */
static bool path_match(const char *path, size_t len, const char *prefix, const char *suffix,
                       const char **x, size_t *xlen)
{
    size_t pl = strlen(prefix), sl = strlen(suffix);
    if (len <= pl + sl || memcmp(path, prefix, pl) != 0 || memcmp(path + len - sl, suffix, sl) != 0)
        return false;
    *x = path + pl;
    *xlen = len - pl - sl;
    return memchr(*x, '/', *xlen) == NULL;
}

static void method_not_allowed(struct api *api, struct http_request *req)
{
    api__error(api, req, 405, "method not allowed");
}

void api__on_request(struct http_request *req, void *data)
{
    struct api *api = data;
    api->metrics.requests++;
    size_t len;
    const char *path = http_request_path(req, &len);
    enum http_method m = http_request_method(req);
    bool get = m == HTTP_METHOD_GET || m == HTTP_METHOD_HEAD;
    const char *x;
    size_t xlen;

    if (api__admin(api, req, path, len)) {
        /* answered there */
    } else if (path_is(path, len, "/api/submissions") || path_is(path, len, "/submit")) {
        if (m == HTTP_METHOD_POST)
            api__submit(api, req, path[1] == 'a');
        else
            method_not_allowed(api, req);
    } else if (!get) {
        /* Every other route reads. */
        if (api__web(api, NULL, path, len) || path_is(path, len, "/api/problems") ||
            path_is(path, len, "/api/languages") || path_is(path, len, "/healthz") ||
            path_is(path, len, "/metrics") ||
            path_match(path, len, "/api/submissions/", "", &x, &xlen) ||
            path_match(path, len, "/api/problems/", "", &x, &xlen) ||
            path_match(path, len, "/api/users/", "/submissions", &x, &xlen))
            method_not_allowed(api, req);
        else
            api__error(api, req, 404, "no such route");
    } else if (path_match(path, len, "/api/submissions/", "", &x, &xlen)) {
        api__get_submission(api, req, x, xlen);
    } else if (path_match(path, len, "/api/users/", "/submissions", &x, &xlen)) {
        api__get_user_submissions(api, req, x, xlen);
    } else if (path_is(path, len, "/api/problems")) {
        api__get_problems(api, req);
    } else if (path_match(path, len, "/api/problems/", "", &x, &xlen)) {
        api__get_problem(api, req, x, xlen);
    } else if (path_is(path, len, "/api/languages")) {
        api__json(api, req, 200, api->languages_json, strlen(api->languages_json));
    } else if (path_is(path, len, "/healthz")) {
        api__healthz(api, req);
    } else if (path_is(path, len, "/metrics")) {
        api__metrics(api, req);
    } else if (!api__web(api, req, path, len)) {
        api__error(api, req, 404, "no such route");
    }
}
