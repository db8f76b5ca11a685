/* Tests of the api's route table (api/routes.c): the routes and answers
 * README's api section promises, looked up as the router looks them up. */
#include "api/internal.h"
#include "common/embedded.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const struct route *find(enum http_method method, const char *path, struct route_match *m)
{
    return route_find(api__routes, api__nroutes, method, path, strlen(path), m);
}

#define GET_HEAD ((1u << HTTP_METHOD_GET) | (1u << HTTP_METHOD_HEAD))

Test(routes, every_documented_route_has_its_row)
{
    static const struct {
        enum http_method method;
        const char *path;
        route_cb handler;
        unsigned flags;
    } want[] = {
        {HTTP_METHOD_GET, "/api/submissions/12", api__get_submission, 0},
        {HTTP_METHOD_GET, "/api/users/alice/submissions", api__get_user_submissions, 0},
        {HTTP_METHOD_GET, "/api/problems", api__get_problems, 0},
        {HTTP_METHOD_GET, "/api/problems/a-plus-b", api__get_problem, 0},
        {HTTP_METHOD_HEAD, "/api/problems/a-plus-b", api__get_problem, 0},
        {HTTP_METHOD_GET, "/healthz", api__healthz, 0},
        {HTTP_METHOD_GET, "/metrics", api__metrics, 0},
        {HTTP_METHOD_GET, "/", api__web, 0},
        {HTTP_METHOD_GET, "/config.js", api__web_config, 0},
        {HTTP_METHOD_POST, "/api/broadcast", api__admin_broadcast, API_ROUTE_ADMIN},
        {HTTP_METHOD_POST, "/api/tokens", api__admin_token, API_ROUTE_ADMIN},
        {HTTP_METHOD_POST, "/api/events", api__admin_event, API_ROUTE_ADMIN},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct route_match m;
        const struct route *row = find(want[i].method, want[i].path, &m);
        cr_assert_not_null(row, "%s", want[i].path);
        cr_assert_eq(row->handler, want[i].handler, "%s", want[i].path);
        cr_assert_eq(row->flags, want[i].flags, "%s", want[i].path);
    }
}

Test(routes, the_two_submit_routes_are_two_rows)
{
    struct route_match a, b;
    const struct route *durable = find(HTTP_METHOD_POST, "/api/submissions", &a);
    const struct route *tutorial = find(HTTP_METHOD_POST, "/submit", &b);
    cr_assert_not_null(durable);
    cr_assert_not_null(tutorial);
    cr_assert_neq(durable->handler, tutorial->handler);
    cr_assert_eq(durable->flags, 0);
    cr_assert_eq(tutorial->flags, 0);
}

Test(routes, handlers_find_their_parameters)
{
    struct route_match m;
    size_t len;
    cr_assert_not_null(find(HTTP_METHOD_GET, "/api/submissions/123", &m));
    cr_assert(memcmp(route_param(&m, "id", &len), "123", 3) == 0 && len == 3);
    cr_assert_not_null(find(HTTP_METHOD_GET, "/api/users/bob.b/submissions", &m));
    cr_assert(memcmp(route_param(&m, "userId", &len), "bob.b", 5) == 0 && len == 5);
    cr_assert_not_null(find(HTTP_METHOD_GET, "/api/problems/p-1", &m));
    cr_assert(memcmp(route_param(&m, "id", &len), "p-1", 3) == 0 && len == 3);
}

Test(routes, every_file_of_the_page_is_served_and_only_by_get)
{
    bool index = false;
    size_t assets = 0;
    for (const struct embedded_file *f = web_files; f->name; f++) {
        char path[256];
        snprintf(path, sizeof(path), "/%s", f->name);
        struct route_match m;
        const struct route *row = find(HTTP_METHOD_GET, path, &m);
        cr_assert_not_null(row, "the page's %s has no row in api/routes.c", f->name);
        cr_assert_eq(row->handler, api__web, "%s", path);
        cr_assert_null(find(HTTP_METHOD_POST, path, &m));
        cr_assert_eq(m.allowed, GET_HEAD, "%s", path);
        index |= strcmp(f->name, "index.html") == 0;
        assets += strncmp(f->name, "assets/", 7) == 0;
        /* Only index.html and the bundle's files, one level under assets/. */
        cr_assert(strcmp(f->name, "index.html") == 0 ||
                      (strncmp(f->name, "assets/", 7) == 0 && strchr(f->name + 7, '/') == NULL),
                  "%s", f->name);
    }
    cr_assert(index, "the page has no index.html");
    cr_assert_geq(assets, 3, "the bundle: a script, a style sheet, fonts");
    /* And every row of the page's handler is one of its three. */
    for (size_t i = 0; i < api__nroutes; i++) {
        if (api__routes[i].handler != api__web)
            continue;
        const char *p = api__routes[i].pattern;
        cr_assert(strcmp(p, "/") == 0 || strcmp(p, "/index.html") == 0 ||
                      strcmp(p, "/assets/{file}") == 0,
                  "row %s", p);
    }
}

/* Each status code of the old router, for a path and a method it did not
 * serve. */
Test(routes, wrong_method_is_405_unknown_path_is_404)
{
    static const struct {
        enum http_method method;
        const char *path;
        unsigned allowed; /* 0: 404 */
    } cases[] = {
        {HTTP_METHOD_DELETE, "/api/problems", GET_HEAD},
        /* GET for everyone; PUT, PATCH, DELETE for the admin (authoring). */
        {HTTP_METHOD_POST, "/api/problems/x",
         GET_HEAD | 1u << HTTP_METHOD_PUT | 1u << HTTP_METHOD_PATCH | 1u << HTTP_METHOD_DELETE},
        {HTTP_METHOD_PUT, "/api/submissions/1", GET_HEAD},
        {HTTP_METHOD_POST, "/api/users/u/submissions", GET_HEAD},
        {HTTP_METHOD_POST, "/api/languages", GET_HEAD},
        {HTTP_METHOD_POST, "/healthz", GET_HEAD},
        {HTTP_METHOD_OTHER, "/metrics", GET_HEAD},
        {HTTP_METHOD_POST, "/", GET_HEAD},
        {HTTP_METHOD_DELETE, "/config.js", GET_HEAD},
        {HTTP_METHOD_GET, "/api/submissions", 1u << HTTP_METHOD_POST},
        {HTTP_METHOD_HEAD, "/submit", 1u << HTTP_METHOD_POST},
        {HTTP_METHOD_GET, "/api/broadcast", 1u << HTTP_METHOD_POST},
        {HTTP_METHOD_PUT, "/api/tokens", 1u << HTTP_METHOD_POST},
        {HTTP_METHOD_GET, "/api/events", 1u << HTTP_METHOD_POST},
        {HTTP_METHOD_GET, "/nope", 0},
        {HTTP_METHOD_POST, "/nope.js", 0},
        {HTTP_METHOD_GET, "/api/problems/", 0},
        {HTTP_METHOD_GET, "/api/submissions/", 0},
        {HTTP_METHOD_POST, "/api/submissions/", 0},
        {HTTP_METHOD_POST, "/submit/", 0},
        {HTTP_METHOD_GET, "/api/users//submissions", 0},
        {HTTP_METHOD_GET, "/api/users/a/b/submissions", 0},
        {HTTP_METHOD_GET, "/api%2Fproblems", 0},
        {HTTP_METHOD_GET, "/healthz/", 0},
        {HTTP_METHOD_GET, "//", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct route_match m;
        cr_assert_null(find(cases[i].method, cases[i].path, &m), "%s", cases[i].path);
        cr_assert_eq(m.allowed, cases[i].allowed, "%s: %x", cases[i].path, m.allowed);
    }
}

/* A row listed after another that takes all its requests would never run. */
Test(routes, every_row_is_reachable)
{
    for (size_t i = 0; i < api__nroutes; i++) {
        const struct route *row = &api__routes[i];
        char path[256];
        size_t n = 0;
        for (const char *p = row->pattern; *p && n < sizeof(path) - 2;) {
            if (*p == '{') {
                path[n++] = 'x';
                p = strchr(p, '}') + 1;
            } else {
                path[n++] = *p++;
            }
        }
        path[n] = '\0';
        struct route_match m;
        cr_assert_eq(find(row->method, path, &m), row, "row %s is shadowed", row->pattern);
    }
}
