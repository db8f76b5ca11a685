/* A checker build's request and answer (checker_builds.h). */
#include "store/checker_builds.h"

#include <cjson/cJSON.h>
#include <string.h>

void checker_builds_members(struct buf *out, const char *source, size_t len)
{
    buf_puts(out, "\"source\":");
    buf_json_str(out, source, len);
}

/* "<outcome>\n<message>"; anything else is an internal failure. */
enum checker_build_outcome checker_builds_outcome(const char *answer, const char **msg)
{
    const char *nl = strchr(answer, '\n');
    int outcome = answer[0] - '0';
    *msg = nl ? nl + 1 : "";
    if (outcome < CHECKER_BUILD_OK || outcome > CHECKER_BUILD_INTERNAL || nl != answer + 1)
        return CHECKER_BUILD_INTERNAL;
    return (enum checker_build_outcome)outcome;
}

const char *checker_builds_source(const struct lane_request *req)
{
    const cJSON *src = cJSON_GetObjectItemCaseSensitive((const cJSON *)req->doc, "source");
    return cJSON_IsString(src) ? src->valuestring : NULL;
}

int checker_builds_answer(struct redis *r, const char *token, enum checker_build_outcome outcome,
                          const char *msg, void (*cb)(int status, void *data), void *data)
{
    struct buf v;
    buf_init(&v);
    buf_printf(&v, "%d\n", (int)outcome);
    buf_puts(&v, msg ? msg : "");
    int rc = lane_answer(r, &lane_checker_builds, token, v.data, v.len, cb, data);
    buf_dispose(&v);
    return rc;
}
