/* An input check's request and answer (input_checks.h). */
#include "store/input_checks.h"

#include <cjson/cJSON.h>
#include <string.h>

void input_checks_members(struct buf *out, const char *problem, const char *input, size_t len)
{
    buf_puts(out, "\"problem\":");
    buf_json_str(out, problem, strlen(problem));
    buf_puts(out, ",\"input\":");
    buf_json_str(out, input, len);
}

/* "<outcome>\n<message>"; anything else is an internal failure. */
enum input_check_outcome input_checks_outcome(const char *answer, const char **msg)
{
    const char *nl = strchr(answer, '\n');
    int outcome = answer[0] - '0';
    *msg = nl ? nl + 1 : "";
    if (outcome < INPUT_CHECK_VALID || outcome > INPUT_CHECK_INTERNAL || nl != answer + 1)
        return INPUT_CHECK_INTERNAL;
    return (enum input_check_outcome)outcome;
}

bool input_checks_parse(const struct lane_request *req, struct input_check_request *out)
{
    const cJSON *doc = (const cJSON *)req->doc;
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(doc, "problem");
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(doc, "input");
    if (!cJSON_IsString(pid) || !cJSON_IsString(in))
        return false;
    *out = (struct input_check_request){.problem = pid->valuestring,
                                        .input = in->valuestring,
                                        .input_len = strlen(in->valuestring)};
    return true;
}

int input_checks_answer(struct redis *r, const char *token, enum input_check_outcome outcome,
                        const char *msg, void (*cb)(int status, void *data), void *data)
{
    struct buf v;
    buf_init(&v);
    buf_printf(&v, "%d\n", (int)outcome);
    buf_puts(&v, msg ? msg : "");
    int rc = lane_answer(r, &lane_input_checks, token, v.data, v.len, cb, data);
    buf_dispose(&v);
    return rc;
}
