/* The Judge0-compatible API's fixed routes: GET /judge0/languages (and /all,
 * /{id}), /statuses, /about, /config_info, and Judge0's routes verdict does
 * not have, answered as Judge0 answers a route it does not have. */
#include "api/internal.h"
#include "api/judge0.h"

#include "contract/run.h"
#include "judge/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void info_languages(struct api *api, struct http_request *req, bool archived)
{
    size_t n;
    const struct judge0_language *l = judge0_tables_languages(&n);
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "[");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "%s{\"id\":%d,\"name\":", i ? "," : "", l[i].id);
        buf_json_str(&b, l[i].name, strlen(l[i].name));
        if (archived)
            buf_puts(&b, ",\"is_archived\":false");
        buf_puts(&b, "}");
    }
    buf_puts(&b, "]");
    api__json(api, req, 200, b.data, b.len);
    buf_dispose(&b);
}

void api__judge0_languages(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    info_languages(data, req, false);
}

void api__judge0_languages_all(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    info_languages(data, req, true);
}

/* An argv of judge/lang.c as one command line ("{mem}" left as written). */
static void info_cmd(struct buf *b, const char *const *argv)
{
    struct buf cmd;
    buf_init(&cmd);
    for (size_t i = 0; i < LANG_MAX_ARGV && argv[i] != NULL; i++) {
        if (i > 0)
            buf_puts(&cmd, " ");
        buf_puts(&cmd, argv[i]);
    }
    if (cmd.len == 0)
        buf_puts(b, "null");
    else
        buf_json_str(b, cmd.data, cmd.len);
    buf_dispose(&cmd);
}

void api__judge0_language(struct http_request *req, const struct route_match *m, void *data)
{
    struct api *api = data;
    size_t len;
    const char *id = route_param(m, "id", &len);
    char text[16];
    long n = -1;
    if (len < sizeof(text)) {
        memcpy(text, id, len);
        text[len] = '\0';
        char *end;
        n = strtol(text, &end, 10);
        if (*end != '\0' || len == 0)
            n = -1;
    }
    const struct judge0_language *jl = judge0_tables_language(n);
    const struct lang *l = jl ? lang_find(jl->lang_id) : NULL;
    if (l == NULL) {
        api__judge0_not_found(api, req);
        return;
    }
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "{\"id\":%d,\"name\":", jl->id);
    buf_json_str(&b, jl->name, strlen(jl->name));
    buf_puts(&b, ",\"is_archived\":false,\"source_file\":");
    buf_json_str(&b, l->source, strlen(l->source));
    buf_puts(&b, ",\"compile_cmd\":");
    info_cmd(&b, l->compile);
    buf_puts(&b, ",\"run_cmd\":");
    info_cmd(&b, l->run);
    buf_puts(&b, "}");
    api__json(api, req, 200, b.data, b.len);
    buf_dispose(&b);
}

void api__judge0_statuses(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    const char *json = judge0_tables_statuses_json();
    api__json(data, req, 200, json, strlen(json));
}

void api__judge0_about(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    const char *json = judge0_tables_about_json();
    api__json(data, req, 200, json, strlen(json));
}

/* Judge0's configuration keys, with what verdict does: a client that checks
 * enable_wait_result or max_cpu_time_limit before using them reads the
 * truth. */
void api__judge0_config_info(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    bool callbacks = api->judge0_callback_hosts != NULL && api->judge0_callback_hosts[0] != '\0';
    struct buf b;
    buf_init(&b);
    buf_printf(&b,
               "{\"maintenance_mode\":false,\"enable_wait_result\":true,"
               "\"enable_compiler_options\":false,\"allowed_languages_for_compile_options\":[],"
               "\"enable_command_line_arguments\":false,\"enable_submission_delete\":true,"
               "\"enable_callbacks\":%s,\"callbacks_max_tries\":1,\"callbacks_timeout\":5.0,"
               "\"enable_additional_files\":false,\"max_queue_size\":null,",
               callbacks ? "true" : "false");
    buf_printf(&b,
               "\"cpu_time_limit\":%.1f,\"max_cpu_time_limit\":%.1f,\"cpu_extra_time\":%.1f,"
               "\"max_cpu_extra_time\":%.1f,\"wall_time_limit\":%.1f,"
               "\"max_wall_time_limit\":%.1f,\"memory_limit\":%ld,\"max_memory_limit\":%ld,",
               JUDGE0_CPU_TIME_LIMIT, JUDGE0_MAX_CPU_TIME_LIMIT, JUDGE0_CPU_EXTRA_TIME,
               JUDGE0_MAX_CPU_EXTRA_TIME, JUDGE0_WALL_TIME_LIMIT, JUDGE0_MAX_WALL_TIME_LIMIT,
               JUDGE0_MEMORY_LIMIT, JUDGE0_MAX_MEMORY_LIMIT);
    buf_printf(&b,
               "\"stack_limit\":%ld,\"max_stack_limit\":%ld,\"max_processes_and_or_threads\":%ld,"
               "\"max_max_processes_and_or_threads\":%ld,"
               "\"enable_per_process_and_thread_time_limit\":false,"
               "\"allow_enable_per_process_and_thread_time_limit\":false,"
               "\"enable_per_process_and_thread_memory_limit\":false,"
               "\"allow_enable_per_process_and_thread_memory_limit\":false,"
               "\"max_file_size\":%ld,\"max_max_file_size\":%ld,\"number_of_runs\":1,"
               "\"max_number_of_runs\":20,\"redirect_stderr_to_stdout\":false,"
               "\"max_extract_size\":0,\"enable_batched_submissions\":true,"
               "\"max_submission_batch_size\":%d,\"submission_cache_duration\":0.0,"
               "\"use_docs_as_homepage\":false,\"allow_enable_network\":false,"
               "\"enable_network\":false}",
               JUDGE0_STACK_LIMIT, JUDGE0_MAX_STACK_LIMIT, JUDGE0_MAX_PROCESSES,
               JUDGE0_MAX_MAX_PROCESSES, JUDGE0_MAX_FILE_SIZE, JUDGE0_MAX_MAX_FILE_SIZE,
               JUDGE0_BATCH_MAX);
    api__json(api, req, 200, b.data, b.len);
    buf_dispose(&b);
}

/* Judge0 routes verdict does not have (README lists them): Rails' answer to
 * a route it does not have, so that a client handles it as it would a
 * Judge0 built without the feature. */
void api__judge0_unsupported(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    api__judge0_not_found(data, req);
}

/* Judge0's way for a client to check its X-Auth-Token: 200, or 401 with an
 * empty body. */
void api__judge0_authenticate(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    struct api_caller who;
    const char *user;
    if (!api__judge0_caller(api, req, &who, &user))
        return;
    api->metrics.responses[2]++;
    http_respond(req, 200, NULL, NULL, "", 0);
}
