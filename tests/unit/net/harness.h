/* Test harness for net/: a real loop in the test's thread, and a blocking
 * client in a second thread that talks raw bytes to the server. The client
 * only records what it saw; the test asserts once the loop has stopped. */
#ifndef TESTS_UNIT_NET_HARNESS_H
#define TESTS_UNIT_NET_HARNESS_H

#include "common/buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

struct harness {
    uv_loop_t loop;
    uv_async_t done;
    pthread_t thread;
    int port;
    /* Runs in the client thread. */
    void (*client)(struct harness *h);
    /* Runs on the loop once the client is done: close every server. */
    void (*stop)(struct harness *h);
    void *ctx;
};

/* Inits h->loop and h->done; call before creating servers on h->loop. */
void harness_init(struct harness *h);
/* Starts the client thread, runs the loop until everything is closed, joins
 * the thread. Returns uv_loop_close's result (0: nothing leaked). */
int harness_run(struct harness *h);

/* Under LeakSanitizer: whether memory is leaked now (the report is printed).
 * A leak at exit does not fail a Criterion test, so fixtures ask here once
 * everything is freed. Always false without a sanitizer. */
bool harness_leaked(void);

/* Blocking client helpers (client thread). */
int client_connect(int port);
void client_send(int fd, const void *data, size_t len);
void client_sends(int fd, const char *s);
/* Reads into out until n complete HTTP responses (by Content-Length) are in
 * it, EOF, or timeout_ms of silence. Returns true if EOF was seen. */
bool client_read_http(int fd, struct buf *out, int n, int timeout_ms);
/* Reads until EOF or timeout_ms of silence; returns true on EOF. */
bool client_read_eof(int fd, struct buf *out, int timeout_ms);
/* Reads exactly n bytes (or fewer on EOF/timeout); returns the count. */
size_t client_read_n(int fd, void *dst, size_t n, int timeout_ms);
/* Counts complete HTTP responses in s. */
int http_count_responses(const char *s, size_t len);
void sleep_ms(int ms);

#endif
