/* JSON of results and events (see report.h). Every string goes through
 * buf_json_str(), so nothing a user wrote can break the document. */
#include "worker/report.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void str_field(struct buf *out, const char *name, const char *value)
{
    buf_printf(out, ",\"%s\":", name);
    if (value)
        buf_json_str(out, value, strlen(value));
    else
        buf_puts(out, "null");
}

/* A score as the shortest text that reads back as the same double (0.1,
 * not 0.10000000000000001); JSON has no NaN or infinity: those are 0. */
static void num_field(struct buf *out, const char *name, double v)
{
    char text[32];
    if (!isfinite(v))
        v = 0;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(text, sizeof(text), "%.*g", prec, v);
        if (strtod(text, NULL) == v)
            break;
    }
    buf_printf(out, ",\"%s\":%s", name, text);
}

void report_tests_json(const struct judge_result *res, struct buf *out)
{
    buf_puts(out, "[");
    for (unsigned i = 0; i < res->ntests; i++) {
        const struct judge_test *t = &res->tests[i];
        buf_printf(out,
                   "%s{\"test\":%u,\"sample\":%s,\"verdict\":\"%s\",\"timeMs\":%u,"
                   "\"memoryKb\":%u",
                   i ? "," : "", (res->scored ? t->index : i) + 1,
                   (res->scored ? t->index : i) < res->nsamples ? "true" : "false",
                   verdict_name(t->verdict), t->time_ms, t->memory_kb);
        if (res->scored)
            num_field(out, "score", t->score);
        if (t->verdict == VERDICT_RE) {
            const char *abbrev = t->signal ? sigabbrev_np(t->signal) : NULL;
            if (abbrev)
                buf_printf(out, ",\"signal\":\"SIG%s\"", abbrev);
            else
                buf_printf(out, ",\"exitCode\":%d", t->exit_code);
        }
        buf_puts(out, "}");
    }
    buf_puts(out, "]");
}

static void who_fields(const struct report_who *who, struct buf *out)
{
    buf_puts(out, ",\"submissionId\":");
    buf_json_str(out, who->id, strlen(who->id));
    str_field(out, "userId", who->user);
    str_field(out, "problemId", who->problem);
}

void report_result_event(const struct report_who *who, const struct report_outcome *o,
                         struct buf *out)
{
    buf_puts(out, "{\"type\":\"result\"");
    who_fields(who, out);
    str_field(out, "language", who->language);
    buf_printf(out,
               ",\"status\":\"%s\",\"timeMs\":%u,\"memoryKb\":%u,\"testsPassed\":%u,"
               "\"testsTotal\":%u",
               o->verdict, o->time_ms, o->memory_kb, o->tests_passed, o->tests_total);
    if (o->tests_json && o->tests_run <= REPORT_EVENT_MAX_TESTS)
        buf_printf(out, ",\"tests\":%s", o->tests_json);
    else
        buf_printf(out, ",\"tests\":{\"run\":%u,\"total\":%u}", o->tests_run, o->tests_total);
    str_field(out, "message", o->message ? o->message : "");
    if (o->compile_out)
        str_field(out, "compileOutput", o->compile_out);
    if (o->scored) {
        num_field(out, "score", o->score);
        if (o->max_score >= 0 && isfinite(o->max_score))
            num_field(out, "maxScore", o->max_score);
        else
            buf_puts(out, ",\"maxScore\":null");
        buf_printf(out, ",\"partial\":%s",
                   report_partial(true, o->score, o->max_score) ? "true" : "false");
    }
    if (o->team_message)
        str_field(out, "feedback", o->team_message);
    report_feedback_fields(o, out);
    buf_puts(out, "}");
}

unsigned report_failed_test(const struct judge_result *res)
{
    for (unsigned i = 0; i < res->ntests; i++)
        if (res->tests[i].verdict != VERDICT_AC)
            return (res->scored ? res->tests[i].index : i) + 1;
    return 0;
}

/* "Wrong Answer", ... for the summary; the code itself for one unknown. */
static const char *report_verdict_words(const char *code)
{
    static const char *const words[][2] = {
        {"AC", "Accepted"},
        {"WA", "Wrong Answer"},
        {"TLE", "Time Limit Exceeded"},
        {"MLE", "Memory Limit Exceeded"},
        {"OLE", "Output Limit Exceeded"},
        {"RE", "Runtime Error"},
        {"CE", "Compilation Error"},
        {"IE", "Internal Error"},
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(code, words[i][0]) == 0)
            return words[i][1];
    return code;
}

static void shown_field(struct buf *out, const char *name, const struct judge_shown_text *t)
{
    buf_printf(out, ",\"%s\":", name);
    buf_json_str(out, t->data ? t->data : "", t->len);
    buf_printf(out, ",\"%sCut\":%s", name, t->cut ? "true" : "false");
}

void report_feedback_fields(const struct report_outcome *o, struct buf *out)
{
    if (o->failed_test)
        buf_printf(out, ",\"failedTest\":%u", o->failed_test);
    else
        buf_puts(out, ",\"failedTest\":null");
    buf_printf(out, ",\"passed\":%u,\"total\":%u", o->tests_passed, o->tests_total);
    char summary[160];
    const char *words = report_verdict_words(o->verdict);
    if (o->failed_test)
        snprintf(summary, sizeof(summary), "%s on test %u of %u (passed %u/%u)", words,
                 o->failed_test, o->tests_total, o->tests_passed, o->tests_total);
    else if (o->tests_total && o->tests_run)
        snprintf(summary, sizeof(summary), "%s (passed %u/%u)", words, o->tests_passed,
                 o->tests_total);
    else
        snprintf(summary, sizeof(summary), "%s", words);
    str_field(out, "summary", summary);
    if (o->shown == NULL)
        return;
    buf_printf(out, ",\"failedCase\":{\"test\":%u", o->shown->test);
    shown_field(out, "input", &o->shown->input);
    shown_field(out, "expected", &o->shown->expected);
    shown_field(out, "output", &o->shown->output);
    buf_puts(out, "}");
}

void report_feedback_json(const struct report_outcome *o, struct buf *out)
{
    size_t start = out->len;
    report_feedback_fields(o, out);
    out->data[start] = '{'; /* the first field's comma */
    buf_puts(out, "}");
}

void report_beats_fields(struct buf *out, double runtime, double memory)
{
    if (out->len == 0 || out->data[out->len - 1] != '}')
        return;
    out->len--;
    if (isfinite(runtime))
        num_field(out, "runtimeBeats", runtime);
    else
        buf_puts(out, ",\"runtimeBeats\":null");
    if (isfinite(memory))
        num_field(out, "memoryBeats", memory);
    else
        buf_puts(out, ",\"memoryBeats\":null");
    buf_puts(out, "}");
}

bool report_partial(bool scored, double score, double max_score)
{
    return scored && max_score >= 0 && isfinite(max_score) && score > 0 && score < max_score;
}

void report_rejudge_fields(struct buf *out, const char *rejudge, const char *previous,
                           const double *previous_score)
{
    if (out->len == 0 || out->data[out->len - 1] != '}')
        return;
    out->len--;
    str_field(out, "rejudge", rejudge);
    str_field(out, "previousStatus", previous);
    if (previous_score)
        num_field(out, "previousScore", *previous_score);
    buf_puts(out, "}");
}

void report_progress_event(const struct report_who *who, const char *stage, unsigned test,
                           unsigned of, struct buf *out)
{
    buf_puts(out, "{\"type\":\"progress\"");
    who_fields(who, out);
    str_field(out, "stage", stage);
    if (strcmp(stage, "compiling") != 0)
        buf_printf(out, ",\"test\":%u,\"of\":%u", test, of);
    buf_puts(out, "}");
}
