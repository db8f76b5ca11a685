/* The Judge0-compatible API's pure layer (README "Judge0-compatible API"):
 * Judge0's request bodies and query parameters read into one structure, its
 * error shapes, base64 as Judge0 writes it, the `fields` selection, a
 * submission rendered with Judge0's names and types, and its language and
 * status tables. Nothing here does I/O: the routes (judge0_routes.c) store,
 * queue and answer. */
#ifndef API_JUDGE0_H
#define API_JUDGE0_H

#include "common/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Judge0's status ids. */
enum judge0_status {
    JUDGE0_IN_QUEUE = 1,
    JUDGE0_PROCESSING = 2,
    JUDGE0_ACCEPTED = 3,
    JUDGE0_WRONG_ANSWER = 4,
    JUDGE0_TLE = 5,
    JUDGE0_CE = 6,
    JUDGE0_SIGSEGV = 7,
    JUDGE0_SIGXFSZ = 8,
    JUDGE0_SIGFPE = 9,
    JUDGE0_SIGABRT = 10,
    JUDGE0_NZEC = 11,
    JUDGE0_RE_OTHER = 12,
    JUDGE0_INTERNAL_ERROR = 13,
    JUDGE0_EXEC_FORMAT_ERROR = 14,
};

/* One of our languages under Judge0's id and name. */
struct judge0_language {
    int id;              /* Judge0's id: C 50, C++ 54, ... */
    const char *name;    /* Judge0's display name: "C (GCC 9.2.0)" */
    const char *lang_id; /* ours (judge/lang.h): "c" */
    const char *source_file;
};

/* The language with Judge0's id, or NULL. */
const struct judge0_language *judge0_tables_language(long id);
/* The language whose verdict id is lang_id, or NULL. */
const struct judge0_language *judge0_tables_language_of(const char *lang_id);
/* Every language, in id order; *n gets their count. */
const struct judge0_language *judge0_tables_languages(size_t *n);
/* Judge0's description of a status ("Runtime Error (SIGSEGV)"); NULL for an
 * id out of 1..14. */
const char *judge0_tables_status_name(int id);
/* GET /statuses's and GET /about's bodies (static text). */
const char *judge0_tables_statuses_json(void);
const char *judge0_tables_about_json(void);

/* Judge0's status for a run's status (contract/run.h: "queued", "running",
 * "ok", "AC", "WA", "TLE", "MLE", "OLE", "RE", "CE", "IE", "BAD_INPUT"):
 * RE by signal as Judge0's Status.find_runtime_error_by_status_code (SIGSEGV
 * 7, SIGXFSZ 8, SIGFPE 9, SIGABRT 10, another signal 12) or NZEC (11) for
 * an exit code; "ok" (no expected output) is Accepted; MLE is Runtime Error
 * (Other) and OLE Runtime Error (SIGXFSZ), as Judge0's own sandbox reports
 * them (the OOM killer's SIGKILL, the file size limit's SIGXFSZ), and the
 * message says what really happened; anything else is Internal Error. */
int judge0_tables_status_of(const char *run_status, int exit_signal);

/* Judge0's own defaults and bounds of the limits it accepts (Config::*). */
#define JUDGE0_CPU_TIME_LIMIT 5.0
#define JUDGE0_MAX_CPU_TIME_LIMIT 15.0
#define JUDGE0_CPU_EXTRA_TIME 1.0
#define JUDGE0_MAX_CPU_EXTRA_TIME 5.0
#define JUDGE0_WALL_TIME_LIMIT 10.0
#define JUDGE0_MAX_WALL_TIME_LIMIT 20.0
#define JUDGE0_MEMORY_LIMIT 128000L
#define JUDGE0_MAX_MEMORY_LIMIT 512000L
#define JUDGE0_STACK_LIMIT 64000L
#define JUDGE0_MAX_STACK_LIMIT 128000L
#define JUDGE0_MAX_PROCESSES 60L
#define JUDGE0_MAX_MAX_PROCESSES 120L
#define JUDGE0_MAX_FILE_SIZE 1024L
#define JUDGE0_MAX_MAX_FILE_SIZE 4096L
#define JUDGE0_NUMBER_OF_RUNS 1L
#define JUDGE0_MAX_NUMBER_OF_RUNS 20L
/* Judge0's MAX_SUBMISSION_BATCH_SIZE. */
#define JUDGE0_BATCH_MAX 20
/* A token: a UUID, 36 characters. */
#define JUDGE0_TOKEN_LEN 36

/* A byte string (may hold NULs); NULL data: the attribute is null. */
struct judge0_text {
    char *data;
    size_t len;
};

/* A Judge0 submission: what was asked and, once run, what happened. Every
 * string is owned; judge0_submission_dispose() frees them. */
struct judge0_submission {
    char token[JUDGE0_TOKEN_LEN + 1];
    const struct judge0_language *language;
    struct judge0_text source_code, stdin_text, expected_output;
    double cpu_time_limit, cpu_extra_time, wall_time_limit;
    long memory_limit, stack_limit, max_processes, max_file_size, number_of_runs;
    bool per_process_time, per_process_memory, redirect_stderr, enable_network;
    char *callback_url; /* NULL: none */
    /* The result. */
    int status_id;
    struct judge0_text stdout_text, stderr_text, compile_output, message;
    double time, wall_time;                /* seconds; < 0: null */
    long memory;                           /* KB; < 0: null */
    long exit_code;                        /* < 0: null */
    long exit_signal;                      /* <= 0: null */
    int64_t created_at_ms, finished_at_ms; /* Unix ms; finished 0: null */
    char user[65];                         /* who asked (the run's user), "" when unknown */
};

void judge0_submission_init(struct judge0_submission *s);
void judge0_submission_dispose(struct judge0_submission *s);

/* A 422 body being built: {"field": ["message", ...], ...}, each field once,
 * its messages in the order added. */
struct judge0_errors {
    struct buf json;
    const char *last; /* the field of the open array, or NULL */
    int n;
};
void judge0_errors_init(struct judge0_errors *e);
void judge0_errors_dispose(struct judge0_errors *e);
/* Adds message to field (the messages of one field are added together). */
void judge0_errors_add(struct judge0_errors *e, const char *field, const char *message);
/* The finished object, NUL-terminated, owned by e. */
const char *judge0_errors_json(struct judge0_errors *e, size_t *len);

/* What the query string asks (POST and GET /submissions...). */
struct judge0_query {
    bool base64_encoded; /* base64_encoded=true */
    bool wait;           /* wait=true */
    uint64_t fields;     /* the `fields` selection (judge0_fields_parse) */
    char tokens[JUDGE0_BATCH_MAX + 1][JUDGE0_TOKEN_LEN + 1];
    int ntokens;     /* tokens=a,b,c; JUDGE0_BATCH_MAX + 1: too many */
    bool tokens_bad; /* a token that is not a token: never found */
};

/* Reads base64_encoded, wait, fields and tokens from the query string q (may
 * be NULL). Returns 0, or 400 with Judge0's {"error": ...} body in err (an
 * invalid field). Percent-escapes are decoded. */
int judge0_parse_query(const char *q, size_t len, struct judge0_query *out, char *err,
                       size_t errlen);

/* Reads one submission (a cJSON object, passed as void * to keep cJSON out of
 * this header) into s, decoding source_code, stdin and expected_output from
 * base64 when base64 is true, and checks it as Judge0 does. Returns 0, or 422
 * with Judge0's field errors in e. max_code bounds source_code's bytes. */
int judge0_parse_object(const void *obj, bool base64, size_t max_code, struct judge0_submission *s,
                        struct judge0_errors *e);
/* judge0_parse_object() on a JSON body. A body that is not a JSON object is
 * 400 with {"error": ...} in err; otherwise as judge0_parse_object(). */
int judge0_parse_body(const char *body, size_t len, bool base64, size_t max_code,
                      struct judge0_submission *s, struct judge0_errors *e, char *err,
                      size_t errlen);

/* Base64 as Judge0 (Ruby's Base64.encode64) writes it: a newline after every
 * 60 characters and at the end; "" for "". Appended to out. */
void judge0_base64_encode(struct buf *out, const void *data, size_t len);
/* Ruby's Base64.decode64: characters outside the alphabet are skipped and
 * decoding stops at padding, so it never fails. Appended to out. */
void judge0_base64_decode(struct buf *out, const char *text, size_t len);

/* The attributes of a rendered submission, as bits of a fields mask. */
enum judge0_field {
    JUDGE0_F_SOURCE_CODE,
    JUDGE0_F_LANGUAGE_ID,
    JUDGE0_F_STDIN,
    JUDGE0_F_EXPECTED_OUTPUT,
    JUDGE0_F_STDOUT,
    JUDGE0_F_STATUS_ID,
    JUDGE0_F_CREATED_AT,
    JUDGE0_F_FINISHED_AT,
    JUDGE0_F_TIME,
    JUDGE0_F_MEMORY,
    JUDGE0_F_STDERR,
    JUDGE0_F_TOKEN,
    JUDGE0_F_NUMBER_OF_RUNS,
    JUDGE0_F_CPU_TIME_LIMIT,
    JUDGE0_F_CPU_EXTRA_TIME,
    JUDGE0_F_WALL_TIME_LIMIT,
    JUDGE0_F_MEMORY_LIMIT,
    JUDGE0_F_STACK_LIMIT,
    JUDGE0_F_MAX_PROCESSES,
    JUDGE0_F_PER_PROCESS_TIME,
    JUDGE0_F_PER_PROCESS_MEMORY,
    JUDGE0_F_MAX_FILE_SIZE,
    JUDGE0_F_COMPILE_OUTPUT,
    JUDGE0_F_EXIT_CODE,
    JUDGE0_F_EXIT_SIGNAL,
    JUDGE0_F_MESSAGE,
    JUDGE0_F_WALL_TIME,
    JUDGE0_F_COMPILER_OPTIONS,
    JUDGE0_F_COMMAND_LINE_ARGUMENTS,
    JUDGE0_F_REDIRECT_STDERR,
    JUDGE0_F_CALLBACK_URL,
    JUDGE0_F_ADDITIONAL_FILES,
    JUDGE0_F_ENABLE_NETWORK,
    JUDGE0_F_STATUS,
    JUDGE0_F_LANGUAGE,
    JUDGE0_F_COUNT,
};
#define JUDGE0_FIELD_BIT(f) (UINT64_C(1) << (f))
/* The attributes' names, indexed by enum judge0_field. */
extern const char *const judge0_fields_names[JUDGE0_F_COUNT];
/* Judge0's default selection: token, time, memory, stdout, stderr,
 * compile_output, message, status. */
uint64_t judge0_fields_default(void);
/* Parses a `fields` value ("stdout,status_id", "*" for all; empty: the
 * default). Returns 0 with *mask set, or -1 with Judge0's message ("invalid
 * fields: [a, b]") in err. */
int judge0_fields_parse(const char *text, size_t len, uint64_t *mask, char *err, size_t errlen);

/* Appends s as a JSON object of the attributes in mask, in Judge0's order,
 * text attributes base64-encoded when base64 is true. Returns 0, or -1 when
 * base64 is false and a text attribute is not UTF-8 (nothing useful was
 * appended then: Judge0 answers 400 with its conversion error). */
int judge0_render(struct buf *out, const struct judge0_submission *s, uint64_t mask, bool base64);
/* Judge0's error when judge0_render() returns -1. */
#define JUDGE0_UTF8_ERROR                                                                          \
    "some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true "   \
    "query parameter"

/* Fills s's result from a run's status and, once done, its result JSON
 * (contract/run.h; result NULL before): status, stdout, stderr,
 * compile_output, time, wall_time, memory, exit_code, exit_signal, and a
 * message in Judge0's words with verdict's extras (a real memory limit,
 * output cut at the run's cap). Returns 0, or -1 when result is not a run's
 * result (s then says Internal Error). */
int judge0_result_apply(struct judge0_submission *s, const char *status, const char *result,
                        size_t len);

/* A stored submission: every attribute, text in plain base64 (no newlines).
 * judge0_store_read() reads it back; returns 0 or -1 (not such a record). */
void judge0_store_write(struct buf *out, const struct judge0_submission *s);
int judge0_store_read(const char *json, size_t len, struct judge0_submission *s);

/* How long a record is kept: twice keep_s, so that it outlives its run,
 * whose key's TTL restarts at keep_s when the run starts and ends (the
 * queue's wait comes on top). */
long judge0_store_ttl_s(long keep_s);
/* A record whose run is gone: the run expired (true: answer "not found")
 * when keep_s has passed since the submission was made; before that the
 * run was lost (Redis lost it) and the answer says so. */
bool judge0_store_run_expired(int64_t created_at_ms, long keep_s, int64_t now_ms);

/* A callback_url taken apart: only http:// (no TLS here), no user info, a
 * host name, an IPv4 address or a bracketed IPv6 address, an optional port
 * (default 80), and a path without spaces or control characters (it goes on
 * the request line as it is). */
struct judge0_url {
    char host[256]; /* without brackets */
    char port[6];
    char path[1024]; /* "/" when none */
};
/* Returns 0, or -1 with Judge0-style message in why ("is not a valid URL"). */
int judge0_url_parse(const char *url, struct judge0_url *out, char *why, size_t whylen);
/* True when host is one of the comma-separated entries of list (case does
 * not matter; spaces around entries are ignored). */
bool judge0_url_host_listed(const char *list, const char *host);
/* True when the address (a struct sockaddr_in or _in6) may be called without
 * being listed: not loopback, private, link-local, shared (100.64/10),
 * unique-local, multicast, unspecified or reserved, and no IPv4-mapped form
 * of those. */
bool judge0_url_addr_public(const void *sockaddr);

#endif
