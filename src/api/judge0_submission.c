/* A Judge0 submission's life: its defaults (Judge0's Config) and its
 * release. */
#include "api/judge0.h"

#include <stdlib.h>
#include <string.h>

void judge0_submission_init(struct judge0_submission *s)
{
    memset(s, 0, sizeof(*s));
    s->cpu_time_limit = JUDGE0_CPU_TIME_LIMIT;
    s->cpu_extra_time = JUDGE0_CPU_EXTRA_TIME;
    s->wall_time_limit = JUDGE0_WALL_TIME_LIMIT;
    s->memory_limit = JUDGE0_MEMORY_LIMIT;
    s->stack_limit = JUDGE0_STACK_LIMIT;
    s->max_processes = JUDGE0_MAX_PROCESSES;
    s->max_file_size = JUDGE0_MAX_FILE_SIZE;
    s->number_of_runs = JUDGE0_NUMBER_OF_RUNS;
    s->status_id = JUDGE0_IN_QUEUE;
    s->time = -1;
    s->wall_time = -1;
    s->memory = -1;
    s->exit_code = -1;
    s->exit_signal = 0;
}

static void submission_text_free(struct judge0_text *t)
{
    free(t->data);
    t->data = NULL;
    t->len = 0;
}

void judge0_submission_dispose(struct judge0_submission *s)
{
    submission_text_free(&s->source_code);
    submission_text_free(&s->stdin_text);
    submission_text_free(&s->expected_output);
    submission_text_free(&s->stdout_text);
    submission_text_free(&s->stderr_text);
    submission_text_free(&s->compile_output);
    submission_text_free(&s->message);
    free(s->callback_url);
    s->callback_url = NULL;
}
