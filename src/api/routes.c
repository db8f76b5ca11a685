/* The api's routes (DESIGN.md "HTTP API"): one table of every public and
 * admin route, and the router that answers from it. A new route is one row
 * here and its handler. */
#include "api/internal.h"

#include <string.h>

/* Two rows, one handler: the routes differ in what they keep, not in what
 * they parse. */
static void routes_submit(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    api__submit(data, req, true);
}

static void routes_submit_tutorial(struct http_request *req, const struct route_match *m,
                                   void *data)
{
    (void)m;
    api__submit(data, req, false);
}

static void routes_languages(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    api__json(api, req, 200, api->languages_json, strlen(api->languages_json));
}

/* The benchmarked intake routes come first: their requests stop at the
 * first rows. The page is index.html and the bundle's files under /assets/
 * (a unit test checks that each embedded file has its row), so that any
 * other path is a 404. */
const struct route api__routes[] = {
    {HTTP_METHOD_POST, "/api/submissions", routes_submit, 0},
    {HTTP_METHOD_POST, "/submit", routes_submit_tutorial, 0},
    {HTTP_METHOD_GET, "/api/submissions/{id}", api__get_submission, 0},
    {HTTP_METHOD_POST, "/api/runs", api__run_post, 0},
    {HTTP_METHOD_GET, "/api/runs/{id}", api__run_get, 0},
    {HTTP_METHOD_GET, "/api/users/{userId}/submissions", api__get_user_submissions, 0},
    {HTTP_METHOD_GET, "/api/users/{userId}", api__get_user, 0},
    {HTTP_METHOD_GET, "/api/problems", api__get_problems, 0},
    {HTTP_METHOD_GET, "/api/problems/{id}", api__get_problem, 0},
    {HTTP_METHOD_GET, "/api/problems/{id}/stats", api__get_problem_stats, 0},
    {HTTP_METHOD_GET, "/api/problems/{id}/files/{name}", api__get_problem_file, 0},
    {HTTP_METHOD_PATCH, "/api/problems/{id}", api__problem_patch, API_ROUTE_ADMIN},
    {HTTP_METHOD_PUT, "/api/problems/{id}", api__problem_put, API_ROUTE_ADMIN},
    {HTTP_METHOD_DELETE, "/api/problems/{id}", api__problem_delete, API_ROUTE_ADMIN},
    {HTTP_METHOD_GET, "/api/languages", routes_languages, 0},
    {HTTP_METHOD_GET, "/healthz", api__healthz, 0},
    {HTTP_METHOD_GET, "/metrics", api__metrics, 0},
    {HTTP_METHOD_POST, "/api/broadcast", api__admin_broadcast, API_ROUTE_ADMIN},
    {HTTP_METHOD_POST, "/api/tokens", api__admin_token, API_ROUTE_ADMIN},
    {HTTP_METHOD_POST, "/api/events", api__admin_event, API_ROUTE_ADMIN},
    {HTTP_METHOD_POST, "/api/problems/{id}/rejudge", api__admin_rejudge, API_ROUTE_ADMIN},
    {HTTP_METHOD_POST, "/judge0/submissions", api__judge0_create, 0},
    {HTTP_METHOD_GET, "/judge0/submissions/batch", api__judge0_batch_show, 0},
    {HTTP_METHOD_POST, "/judge0/submissions/batch", api__judge0_batch_create, 0},
    {HTTP_METHOD_GET, "/judge0/submissions/{token}", api__judge0_show, 0},
    {HTTP_METHOD_DELETE, "/judge0/submissions/{token}", api__judge0_delete, 0},
    {HTTP_METHOD_GET, "/judge0/submissions", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/judge0/languages", api__judge0_languages, 0},
    {HTTP_METHOD_GET, "/judge0/languages/all", api__judge0_languages_all, 0},
    {HTTP_METHOD_GET, "/judge0/languages/{id}", api__judge0_language, 0},
    {HTTP_METHOD_GET, "/judge0/statuses", api__judge0_statuses, 0},
    {HTTP_METHOD_GET, "/judge0/about", api__judge0_about, 0},
    {HTTP_METHOD_GET, "/judge0/config_info", api__judge0_config_info, 0},
    {HTTP_METHOD_GET, "/judge0/system_info", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/judge0/workers", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/judge0/statistics", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/judge0/isolate", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/judge0/license", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/judge0/version", api__judge0_unsupported, 0},
    {HTTP_METHOD_POST, "/judge0/authenticate", api__judge0_authenticate, 0},
    {HTTP_METHOD_POST, "/judge0/authorize", api__judge0_unsupported, 0},
    {HTTP_METHOD_GET, "/", api__web, 0},
    {HTTP_METHOD_GET, "/index.html", api__web, 0},
    {HTTP_METHOD_GET, "/assets/{file}", api__web, 0},
    {HTTP_METHOD_GET, "/config.js", api__web_config, 0},
};
const size_t api__nroutes = sizeof(api__routes) / sizeof(api__routes[0]);

static void routes_not_allowed(struct api *api, struct http_request *req,
                               const struct route_match *m)
{
    static const char body[] = "{\"error\":\"method not allowed\"}";
    char allow[ROUTE_ALLOW_MAX];
    route_allow(m, allow, sizeof(allow));
    api->metrics.responses[4]++;
    http_respond(req, 405, "application/json", allow, body, sizeof(body) - 1);
}

void api__on_request(struct http_request *req, void *data)
{
    struct api *api = data;
    api->metrics.requests++;
    size_t len;
    const char *path = http_request_path(req, &len);
    struct route_match m;
    const struct route *row =
        route_find(api__routes, api__nroutes, http_request_method(req), path, len, &m);
    if (row == NULL) {
        if (m.allowed)
            routes_not_allowed(api, req, &m);
        else
            api__error(api, req, 404, "no such route");
        return;
    }
    /* With --metrics-addr, the public port does not have /metrics. */
    if (row->handler == api__metrics && api->metrics_http != NULL) {
        api__error(api, req, 404, "no such route");
        return;
    }
    /* Admin rows check the token only once the method is right: a wrong
     * method is a 405 whoever asks. */
    if ((row->flags & API_ROUTE_ADMIN) && !api__admin_allowed(api, req))
        return;
    row->handler(req, &m, api);
}

void api__on_metrics_request(struct http_request *req, void *data)
{
    struct api *api = data;
    size_t len;
    const char *path = http_request_path(req, &len);
    enum http_method m = http_request_method(req);
    if (len == 8 && memcmp(path, "/metrics", 8) == 0 &&
        (m == HTTP_METHOD_GET || m == HTTP_METHOD_HEAD)) {
        api__metrics(req, NULL, api);
        return;
    }
    api__error(api, req, 404, "no such route (this port serves GET /metrics only)");
}
