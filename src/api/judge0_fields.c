/* Judge0's `fields` query parameter: which attributes of a submission to
 * render ("*" for all of them). */
#include "api/judge0.h"

#include <stdio.h>
#include <string.h>

/* Indexed by enum judge0_field; the order is Judge0's own (its table's
 * columns, then status and language). */
const char *const judge0_fields_names[JUDGE0_F_COUNT] = {
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "stdout",
    "status_id",
    "created_at",
    "finished_at",
    "time",
    "memory",
    "stderr",
    "token",
    "number_of_runs",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_processes_and_or_threads",
    "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit",
    "max_file_size",
    "compile_output",
    "exit_code",
    "exit_signal",
    "message",
    "wall_time",
    "compiler_options",
    "command_line_arguments",
    "redirect_stderr_to_stdout",
    "callback_url",
    "additional_files",
    "enable_network",
    "status",
    "language",
};

uint64_t judge0_fields_default(void)
{
    return JUDGE0_FIELD_BIT(JUDGE0_F_TOKEN) | JUDGE0_FIELD_BIT(JUDGE0_F_TIME) |
           JUDGE0_FIELD_BIT(JUDGE0_F_MEMORY) | JUDGE0_FIELD_BIT(JUDGE0_F_STDOUT) |
           JUDGE0_FIELD_BIT(JUDGE0_F_STDERR) | JUDGE0_FIELD_BIT(JUDGE0_F_COMPILE_OUTPUT) |
           JUDGE0_FIELD_BIT(JUDGE0_F_MESSAGE) | JUDGE0_FIELD_BIT(JUDGE0_F_STATUS);
}

static int fields_find(const char *name, size_t len)
{
    for (int f = 0; f < JUDGE0_F_COUNT; f++)
        if (strlen(judge0_fields_names[f]) == len && memcmp(judge0_fields_names[f], name, len) == 0)
            return f;
    return -1;
}

/* Judge0 splits on commas, drops blanks, and names every unknown field in
 * one error: "invalid fields: [a, b]". */
int judge0_fields_parse(const char *text, size_t len, uint64_t *mask, char *err, size_t errlen)
{
    struct buf bad;
    buf_init(&bad);
    uint64_t m = 0;
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && text[i] != ',')
            i++;
        size_t b = s, e = i;
        while (b < e && text[b] == ' ')
            b++;
        while (e > b && text[e - 1] == ' ')
            e--;
        i++;
        if (b == e)
            continue;
        int f = fields_find(text + b, e - b);
        if (e - b == 1 && text[b] == '*')
            m = ~UINT64_C(0) >> (64 - JUDGE0_F_COUNT);
        else if (f >= 0)
            m |= JUDGE0_FIELD_BIT(f);
        else {
            if (bad.len > 0)
                buf_puts(&bad, ", ");
            buf_append(&bad, text + b, e - b);
        }
    }
    int rc = 0;
    if (bad.len > 0) {
        snprintf(err, errlen, "invalid fields: [%s]", bad.data);
        rc = -1;
    }
    buf_dispose(&bad);
    *mask = m != 0 ? m : judge0_fields_default();
    return rc;
}
