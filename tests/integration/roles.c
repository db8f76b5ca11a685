/* The roles started in one process, on one loop, without the runner: what the
 * role skeleton (common/role.h) promises tests. api, gateway and worker come
 * up against the private Redis and PostgreSQL, answer /healthz once their
 * stores are connected, and stop leaving nothing open on the loop. */
#include "api/api.h"
#include "common/buf.h"
#include "gateway/gateway.h"
#include "store/migrate.h"
#include "worker/worker.h"

#include "fixture.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char db_url[512];
static char redis_url[256];

static void setup(void)
{
    fixture_database("roles", 12, db_url, sizeof(db_url), redis_url, sizeof(redis_url));
}

TestSuite(roles, .init = setup);

/* GET /healthz on one port, again every 50 ms until the body says "ok". */
struct probe {
    uv_loop_t *loop;
    int port;
    uv_tcp_t tcp;
    uv_connect_t conn;
    uv_write_t write;
    uv_timer_t again;
    struct buf in;
    char chunk[4096];
    bool ok;
    int tries;
};

static void probe_send(struct probe *p);

static void probe_on_again(uv_timer_t *t)
{
    probe_send(t->data);
}

static void probe_on_closed(uv_handle_t *h)
{
    struct probe *p = h->data;
    p->ok = strstr(p->in.data ? p->in.data : "", "\"status\":\"ok\"") != NULL;
    if (!p->ok && ++p->tries < 200)
        uv_timer_start(&p->again, probe_on_again, 50, 0);
    else
        uv_close((uv_handle_t *)&p->again, NULL);
}

static void probe_alloc(uv_handle_t *h, size_t size, uv_buf_t *b)
{
    (void)size;
    struct probe *p = h->data;
    *b = uv_buf_init(p->chunk, sizeof(p->chunk));
}

static void probe_on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
    struct probe *p = s->data;
    if (n > 0)
        buf_append(&p->in, b->base, (size_t)n);
    if (n < 0)
        uv_close((uv_handle_t *)&p->tcp, probe_on_closed);
}

static void probe_on_connect(uv_connect_t *c, int status)
{
    struct probe *p = c->data;
    static char req[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    uv_buf_t b = uv_buf_init(req, sizeof(req) - 1);
    if (status < 0 || uv_write(&p->write, (uv_stream_t *)&p->tcp, &b, 1, NULL) < 0 ||
        uv_read_start((uv_stream_t *)&p->tcp, probe_alloc, probe_on_read) < 0)
        uv_close((uv_handle_t *)&p->tcp, probe_on_closed);
}

static void probe_send(struct probe *p)
{
    buf_dispose(&p->in);
    buf_init(&p->in);
    struct sockaddr_in addr;
    uv_ip4_addr("127.0.0.1", p->port, &addr);
    uv_tcp_init(p->loop, &p->tcp);
    p->tcp.data = p;
    p->conn.data = p;
    if (uv_tcp_connect(&p->conn, &p->tcp, (const struct sockaddr *)&addr, probe_on_connect) < 0)
        uv_close((uv_handle_t *)&p->tcp, probe_on_closed);
}

static void probe_start(struct probe *p, uv_loop_t *loop, int port)
{
    p->loop = loop;
    p->port = port;
    buf_init(&p->in);
    uv_timer_init(loop, &p->again);
    p->again.data = p;
    probe_send(p);
}

/* Runs the loop until both probes are done (answered ok, or gave up). */
static void probes_wait(uv_loop_t *loop, struct probe *a, struct probe *b)
{
    while (!uv_is_closing((uv_handle_t *)&a->again) || !uv_is_closing((uv_handle_t *)&b->again))
        uv_run(loop, UV_RUN_ONCE);
}

Test(roles, api_gateway_and_worker_share_one_loop_and_stop_clean, .timeout = 60)
{
    uv_loop_t loop;
    cr_assert_eq(uv_loop_init(&loop), 0);
    char err[512];
    struct api_config acfg = {.port = 0,
                              .host = "127.0.0.1",
                              .redis = redis_url,
                              .db = db_url,
                              .gateway_url = "ws://127.0.0.1:1/ws",
                              .max_code_kb = 64,
                              .http_timeout_ms = 10000};
    struct gateway_config gcfg = {.port = 0,
                                  .host = "127.0.0.1",
                                  .redis = redis_url,
                                  .route_problem_done = true,
                                  .identify_timeout_ms = 10000,
                                  .ping_ms = 30000,
                                  .max_queue_kb = 256,
                                  .max_connections = 1000,
                                  .linger_ms = 1000};
    char work[] = "/tmp/verdict-roles-XXXXXX";
    cr_assert_not_null(mkdtemp(work));
    struct worker_config wcfg = {.redis = redis_url,
                                 .db = db_url,
                                 .slots = 1,
                                 .work_dir = work,
                                 .grace_ms = 1000,
                                 .fair = true};
    struct api *api;
    struct gateway *gw;
    struct worker *w;
    cr_assert_eq(api_start(&loop, &acfg, &api, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(gateway_start(&loop, &gcfg, &gw, err, sizeof(err)), 0, "%s", err);
    cr_assert_eq(worker_start(&loop, &wcfg, &w, err, sizeof(err)), 0, "%s", err);
    cr_assert_gt(api_port(api), 0);
    cr_assert_gt(gateway_port(gw), 0);

    struct probe pa = {0}, pg = {0};
    probe_start(&pa, &loop, api_port(api));
    probe_start(&pg, &loop, gateway_port(gw));
    probes_wait(&loop, &pa, &pg);
    cr_assert(pa.ok, "api /healthz: %s", pa.in.data ? pa.in.data : "(nothing)");
    cr_assert(pg.ok, "gateway /healthz: %s", pg.in.data ? pg.in.data : "(nothing)");

    api_stop(api);
    gateway_stop(gw);
    worker_stop(w);
    uv_run(&loop, UV_RUN_DEFAULT);
    api_free(api);
    gateway_free(gw);
    worker_free(w);
    buf_dispose(&pa.in);
    buf_dispose(&pg.in);
    cr_assert_eq(uv_loop_close(&loop), 0, "a role left a handle open");
    rmdir(work);
}

Test(roles, a_start_that_fails_says_why_and_leaves_nothing_open)
{
    uv_loop_t loop;
    cr_assert_eq(uv_loop_init(&loop), 0);
    char err[512];
    struct api_config acfg = {.port = 0,
                              .host = "not-an-address",
                              .redis = redis_url,
                              .db = db_url,
                              .gateway_url = "ws://x/ws",
                              .max_code_kb = 64,
                              .http_timeout_ms = 10000};
    struct api *api = NULL;
    cr_assert_eq(api_start(&loop, &acfg, &api, err, sizeof(err)), -1);
    cr_assert(strstr(err, "cannot listen on not-an-address"), "%s", err);
    uv_run(&loop, UV_RUN_DEFAULT);
    api_free(api);
    cr_assert_eq(uv_loop_close(&loop), 0);
}
