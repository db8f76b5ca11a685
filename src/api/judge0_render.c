/* A Judge0 submission rendered with Judge0's attribute names and types:
 * decimals (time, limits in seconds) as strings, memory in KB as a number,
 * text attributes raw or in Judge0's base64, timestamps in ISO 8601. */
#include "api/judge0.h"

#include "common/utf8.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Rails renders a decimal column with BigDecimal#to_s: "0.01", "5.0". */
static void render_decimal(struct buf *out, double v)
{
    if (v < 0) {
        buf_puts(out, "null");
        return;
    }
    char t[64];
    int n = snprintf(t, sizeof(t), "%.3f", v);
    while (n > 0 && t[n - 1] == '0')
        n--;
    if (n > 0 && t[n - 1] == '.')
        t[n++] = '0';
    t[n] = '\0';
    buf_printf(out, "\"%s\"", t);
}

/* Rails' JSON time: "2026-12-03T02:00:00.123Z". */
static void render_time(struct buf *out, int64_t ms)
{
    if (ms <= 0) {
        buf_puts(out, "null");
        return;
    }
    time_t sec = (time_t)(ms / 1000);
    struct tm tm;
    if (gmtime_r(&sec, &tm) == NULL) {
        buf_puts(out, "null");
        return;
    }
    char t[40];
    strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
    buf_printf(out, "\"%s.%03dZ\"", t, (int)(ms % 1000));
}

static int render_text(struct buf *out, const struct judge0_text *t, bool base64)
{
    if (t->data == NULL) {
        buf_puts(out, "null");
        return 0;
    }
    if (!base64) {
        if (!utf8_valid(t->data, t->len))
            return -1;
        buf_json_str(out, t->data, t->len);
        return 0;
    }
    struct buf b;
    buf_init(&b);
    judge0_base64_encode(&b, t->data, t->len);
    buf_json_str(out, b.data != NULL ? b.data : "", b.len);
    buf_dispose(&b);
    return 0;
}

static void render_long(struct buf *out, long v, bool null)
{
    if (null)
        buf_puts(out, "null");
    else
        buf_printf(out, "%ld", v);
}

static void render_str(struct buf *out, const char *s)
{
    if (s == NULL)
        buf_puts(out, "null");
    else
        buf_json_str(out, s, strlen(s));
}

/* The text attributes; the others are never refused. */
static int render_textual(struct buf *out, const struct judge0_submission *s, int f, bool base64)
{
    switch (f) {
    case JUDGE0_F_SOURCE_CODE:
        return render_text(out, &s->source_code, base64);
    case JUDGE0_F_STDIN:
        return render_text(out, &s->stdin_text, base64);
    case JUDGE0_F_EXPECTED_OUTPUT:
        return render_text(out, &s->expected_output, base64);
    case JUDGE0_F_STDOUT:
        return render_text(out, &s->stdout_text, base64);
    case JUDGE0_F_STDERR:
        return render_text(out, &s->stderr_text, base64);
    case JUDGE0_F_COMPILE_OUTPUT:
        return render_text(out, &s->compile_output, base64);
    case JUDGE0_F_MESSAGE:
        return render_text(out, &s->message, base64);
    default:
        return 1;
    }
}

static void render_nested(struct buf *out, const struct judge0_submission *s, int f)
{
    if (f == JUDGE0_F_STATUS) {
        const char *name = judge0_tables_status_name(s->status_id);
        buf_printf(out, "{\"id\":%d,\"description\":", s->status_id);
        render_str(out, name);
        buf_puts(out, "}");
    } else if (s->language != NULL) {
        buf_printf(out, "{\"id\":%d,\"name\":", s->language->id);
        render_str(out, s->language->name);
        buf_puts(out, "}");
    } else {
        buf_puts(out, "null");
    }
}

static void render_other(struct buf *out, const struct judge0_submission *s, int f)
{
    switch (f) {
    case JUDGE0_F_LANGUAGE_ID:
        render_long(out, s->language ? s->language->id : 0, s->language == NULL);
        break;
    case JUDGE0_F_STATUS_ID:
        render_long(out, s->status_id, false);
        break;
    case JUDGE0_F_CREATED_AT:
        render_time(out, s->created_at_ms);
        break;
    case JUDGE0_F_FINISHED_AT:
        render_time(out, s->finished_at_ms);
        break;
    case JUDGE0_F_TIME:
        render_decimal(out, s->time);
        break;
    case JUDGE0_F_WALL_TIME:
        render_decimal(out, s->wall_time);
        break;
    case JUDGE0_F_MEMORY:
        render_long(out, s->memory, s->memory < 0);
        break;
    case JUDGE0_F_TOKEN:
        render_str(out, s->token);
        break;
    case JUDGE0_F_NUMBER_OF_RUNS:
        render_long(out, s->number_of_runs, false);
        break;
    case JUDGE0_F_CPU_TIME_LIMIT:
        render_decimal(out, s->cpu_time_limit);
        break;
    case JUDGE0_F_CPU_EXTRA_TIME:
        render_decimal(out, s->cpu_extra_time);
        break;
    case JUDGE0_F_WALL_TIME_LIMIT:
        render_decimal(out, s->wall_time_limit);
        break;
    default:
        break;
    }
}

static void render_rest(struct buf *out, const struct judge0_submission *s, int f)
{
    switch (f) {
    case JUDGE0_F_MEMORY_LIMIT:
        render_long(out, s->memory_limit, false);
        break;
    case JUDGE0_F_STACK_LIMIT:
        render_long(out, s->stack_limit, false);
        break;
    case JUDGE0_F_MAX_PROCESSES:
        render_long(out, s->max_processes, false);
        break;
    case JUDGE0_F_PER_PROCESS_TIME:
        buf_puts(out, s->per_process_time ? "true" : "false");
        break;
    case JUDGE0_F_PER_PROCESS_MEMORY:
        buf_puts(out, s->per_process_memory ? "true" : "false");
        break;
    case JUDGE0_F_MAX_FILE_SIZE:
        render_long(out, s->max_file_size, false);
        break;
    case JUDGE0_F_EXIT_CODE:
        render_long(out, s->exit_code, s->exit_code < 0);
        break;
    case JUDGE0_F_EXIT_SIGNAL:
        render_long(out, s->exit_signal, s->exit_signal <= 0);
        break;
    case JUDGE0_F_REDIRECT_STDERR:
        buf_puts(out, s->redirect_stderr ? "true" : "false");
        break;
    case JUDGE0_F_ENABLE_NETWORK:
        buf_puts(out, s->enable_network ? "true" : "false");
        break;
    case JUDGE0_F_CALLBACK_URL:
        render_str(out, s->callback_url);
        break;
    case JUDGE0_F_STATUS:
    case JUDGE0_F_LANGUAGE:
        render_nested(out, s, f);
        break;
    default: /* compiler_options, command_line_arguments, additional_files */
        buf_puts(out, "null");
        break;
    }
}

int judge0_render(struct buf *out, const struct judge0_submission *s, uint64_t mask, bool base64)
{
    buf_puts(out, "{");
    bool first = true;
    for (int f = 0; f < JUDGE0_F_COUNT; f++) {
        if (!(mask & JUDGE0_FIELD_BIT(f)))
            continue;
        if (!first)
            buf_puts(out, ",");
        first = false;
        buf_printf(out, "\"%s\":", judge0_fields_names[f]);
        int rc = render_textual(out, s, f, base64);
        if (rc < 0)
            return -1;
        if (rc == 0)
            continue;
        size_t before = out->len;
        render_other(out, s, f);
        if (out->len == before)
            render_rest(out, s, f);
    }
    buf_puts(out, "}");
    return 0;
}
