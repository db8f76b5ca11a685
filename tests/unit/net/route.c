/* Tests of net/route.c through route.h: a table like the api's, looked up
 * with the method and path a request would carry. */
#include "net/route.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static void h_a(struct http_request *req, const struct route_match *m, void *data)
{
    (void)req, (void)m, (void)data;
}

static void h_b(struct http_request *req, const struct route_match *m, void *data)
{
    (void)req, (void)m, (void)data;
}

static const struct route table[] = {
    {HTTP_METHOD_POST, "/api/submissions", h_a, 0},
    {HTTP_METHOD_GET, "/api/submissions/latest", h_b, 0},
    {HTTP_METHOD_GET, "/api/submissions/{id}", h_a, 0},
    {HTTP_METHOD_DELETE, "/api/submissions/{id}", h_b, 7},
    {HTTP_METHOD_GET, "/api/users/{userId}/submissions/{n}", h_a, 0},
    {HTTP_METHOD_GET, "/api/problems", h_a, 0},
    {HTTP_METHOD_GET, "/", h_b, 0},
};
#define NROWS (sizeof(table) / sizeof(table[0]))

static const struct route *find(enum http_method method, const char *path, struct route_match *m)
{
    return route_find(table, NROWS, method, path, strlen(path), m);
}

static void assert_param(const struct route_match *m, const char *name, const char *want)
{
    size_t len;
    const char *v = route_param(m, name, &len);
    cr_assert_not_null(v, "no parameter %s", name);
    cr_assert_eq(len, strlen(want));
    cr_assert(memcmp(v, want, len) == 0, "%s = %.*s", name, (int)len, v);
}

Test(route, finds_the_row_of_method_and_path)
{
    struct route_match m;
    cr_assert_eq(find(HTTP_METHOD_POST, "/api/submissions", &m), &table[0]);
    cr_assert_eq(m.route, &table[0]);
    cr_assert_eq(m.nparams, 0);
    cr_assert_eq(find(HTTP_METHOD_DELETE, "/api/submissions/42", &m), &table[3]);
    cr_assert_eq(m.route->flags, 7);
    assert_param(&m, "id", "42");
    cr_assert_eq(find(HTTP_METHOD_GET, "/", &m), &table[6]);
}

Test(route, captures_every_parameter_by_name)
{
    struct route_match m;
    cr_assert_eq(find(HTTP_METHOD_GET, "/api/users/al.ice@x/submissions/3", &m), &table[4]);
    cr_assert_eq(m.nparams, 2);
    assert_param(&m, "userId", "al.ice@x");
    assert_param(&m, "n", "3");
    size_t len = 99;
    cr_assert_null(route_param(&m, "id", &len));
    cr_assert_eq(len, 0);
}

Test(route, first_matching_row_wins)
{
    struct route_match m;
    cr_assert_eq(find(HTTP_METHOD_GET, "/api/submissions/latest", &m), &table[1]);
    cr_assert_eq(m.nparams, 0);
    cr_assert_eq(find(HTTP_METHOD_GET, "/api/submissions/latest2", &m), &table[2]);
}

Test(route, unknown_path_is_404)
{
    struct route_match m;
    const char *paths[] = {"/nope",
                           "",
                           "api/problems",
                           "/api",
                           "/api/problem",
                           "/api/problemsx",
                           "/API/problems",
                           "/api/users/bob/submissions",
                           "/api/users//submissions/1"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        cr_assert_null(find(HTTP_METHOD_GET, paths[i], &m), "%s", paths[i]);
        cr_assert_eq(m.allowed, 0, "%s", paths[i]);
        cr_assert_null(m.route);
    }
}

Test(route, known_path_with_another_method_is_405_with_every_method_of_the_path)
{
    struct route_match m;
    cr_assert_null(find(HTTP_METHOD_GET, "/api/submissions", &m));
    cr_assert_eq(m.allowed, 1u << HTTP_METHOD_POST);
    cr_assert_null(find(HTTP_METHOD_PUT, "/api/submissions/9", &m));
    cr_assert_eq(m.allowed,
                 (1u << HTTP_METHOD_GET) | (1u << HTTP_METHOD_HEAD) | (1u << HTTP_METHOD_DELETE));
    cr_assert_eq(m.nparams, 0);
    char allow[ROUTE_ALLOW_MAX];
    cr_assert_eq(route_allow(&m, allow, sizeof(allow)), strlen("Allow: GET, HEAD, DELETE\r\n"));
    cr_assert_str_eq(allow, "Allow: GET, HEAD, DELETE\r\n");
    cr_assert_null(find(HTTP_METHOD_OTHER, "/api/problems", &m));
    route_allow(&m, allow, sizeof(allow));
    cr_assert_str_eq(allow, "Allow: GET, HEAD\r\n");
}

Test(route, head_is_answered_by_get_rows)
{
    struct route_match m;
    cr_assert_eq(find(HTTP_METHOD_HEAD, "/api/submissions/5", &m), &table[2]);
    assert_param(&m, "id", "5");
    cr_assert_null(find(HTTP_METHOD_HEAD, "/api/submissions", &m));
    cr_assert_eq(m.allowed, 1u << HTTP_METHOD_POST);
}

Test(route, trailing_slash_and_empty_segments_match_nothing)
{
    struct route_match m;
    const char *paths[] = {"/api/problems/", "/api/submissions/",  "//api/problems",
                           "/api//problems", "/api/submissions//", "//"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        cr_assert_null(find(HTTP_METHOD_GET, paths[i], &m), "%s", paths[i]);
        cr_assert_eq(m.allowed, 0, "%s", paths[i]);
    }
}

Test(route, a_parameter_takes_one_segment)
{
    struct route_match m;
    cr_assert_null(find(HTTP_METHOD_GET, "/api/submissions/1/2", &m));
    cr_assert_eq(m.allowed, 0);
}

Test(route, percent_escapes_are_not_decoded)
{
    struct route_match m;
    cr_assert_null(find(HTTP_METHOD_GET, "/api%2Fproblems", &m));
    cr_assert_null(find(HTTP_METHOD_GET, "/api/problem%73", &m));
    cr_assert_eq(m.allowed, 0);
    cr_assert_eq(find(HTTP_METHOD_GET, "/api/submissions/a%2Fb", &m), &table[2]);
    assert_param(&m, "id", "a%2Fb");
}

Test(route, path_with_a_query_string_is_not_cut_here)
{
    /* http_request_path() has already cut the query; a '?' left in a path
     * is part of its segment. */
    struct route_match m;
    cr_assert_null(find(HTTP_METHOD_GET, "/api/problems?x=1", &m));
    cr_assert_eq(find(HTTP_METHOD_GET, "/api/submissions/7?x=1", &m), &table[2]);
    assert_param(&m, "id", "7?x=1");
}

Test(route, overlong_paths_are_only_compared)
{
    size_t n = 1 << 20;
    char *path = malloc(n + 64);
    cr_assert_not_null(path);
    static const char head[] = "/api/submissions/";
    size_t at = sizeof(head) - 1;
    memcpy(path, head, at);
    memset(path + at, '7', n);
    path[at + n] = '\0';
    struct route_match m;
    cr_assert_eq(find(HTTP_METHOD_GET, path, &m), &table[2]);
    size_t len;
    cr_assert_eq(route_param(&m, "id", &len), path + at);
    cr_assert_eq(len, n);
    /* A million segments: still no row, nothing allocated, nothing read past
     * the path's length. */
    for (size_t i = 0; i < n; i += 2)
        path[at + i] = '/';
    cr_assert_null(route_find(table, NROWS, HTTP_METHOD_GET, path, at + n - 1, &m));
    cr_assert_eq(m.allowed, 0);
    free(path);
}

Test(route, path_is_read_only_up_to_its_length)
{
    /* The path is not NUL-terminated where it ends: "/api/problems" is the
     * first 13 bytes of a longer buffer. */
    const char buf[] = "/api/problemsXYZ";
    struct route_match m;
    cr_assert_eq(route_find(table, NROWS, HTTP_METHOD_GET, buf, 13, &m), &table[5]);
    cr_assert_eq(route_find(table, NROWS, HTTP_METHOD_GET, buf, 1, &m), &table[6]);
}

Test(route, too_many_parameters_match_nothing)
{
    static const struct route wide[] = {
        {HTTP_METHOD_GET, "/{a}/{b}/{c}/{d}/{e}", h_a, 0},
        {HTTP_METHOD_GET, "/{a}/{b}/{c}/{d}", h_b, 0},
    };
    struct route_match m;
    cr_assert_null(route_find(wide, 2, HTTP_METHOD_GET, "/1/2/3/4/5", 10, &m));
    cr_assert_eq(route_find(wide, 2, HTTP_METHOD_GET, "/1/2/3/4", 8, &m), &wide[1]);
    cr_assert_eq(m.nparams, ROUTE_PARAMS_MAX);
    assert_param(&m, "d", "4");
}

Test(route, allow_line_fits_any_buffer)
{
    struct route_match m = {.allowed = (1u << HTTP_METHOD_GET) | (1u << HTTP_METHOD_HEAD) |
                                       (1u << HTTP_METHOD_POST) | (1u << HTTP_METHOD_PUT) |
                                       (1u << HTTP_METHOD_DELETE) | (1u << HTTP_METHOD_OPTIONS)};
    char allow[ROUTE_ALLOW_MAX];
    route_allow(&m, allow, sizeof(allow));
    cr_assert_str_eq(allow, "Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS\r\n");
    char small[8];
    cr_assert_eq(route_allow(&m, small, sizeof(small)), 7);
    cr_assert_str_eq(small, "Allow: ");
    m.allowed = 0;
    cr_assert_eq(route_allow(&m, allow, sizeof(allow)), 0);
    cr_assert_str_eq(allow, "");
}
