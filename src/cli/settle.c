/* `verdict problems settle ZIP` (settle.h): the import's own steps, from
 * problem_zip_load() (read, converted, input validators run) to
 * timing_settle(), with the outcome as one JSON line for the worker that
 * runs it for the api. */
#include "cli/settle.h"

#include "cli/problem_dir.h"
#include "cli/timing.h"
#include "judge/from_package.h"
#include "store/catalog.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The time limit's computation: timing_settle() prints "id: how\n". */
static int settle_timing(struct catalog_problem *p, struct from_package_info *info, cJSON *out,
                         char *err, size_t errlen)
{
    bool provisional = info->time_limit_provisional;
    char *note = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&note, &len);
    if (f == NULL) { /* no memory: this host's fault, not the package's */
        snprintf(err, errlen, "cannot keep the time limit's note: %s", strerror(errno));
        return -EIO;
    }
    int rc = timing_settle(p, info, 0, f, err, errlen);
    fclose(f);
    if (rc == 0 && provisional) {
        const char *how = strstr(note, ": ") ? strstr(note, ": ") + 2 : note;
        cJSON_AddNumberToObject(out, "timeLimitMs", p->time_limit_ms);
        cJSON *s = cJSON_AddStringToObject(out, "timeLimitNote", how);
        size_t n = strlen(s->valuestring);
        if (n && s->valuestring[n - 1] == '\n')
            s->valuestring[n - 1] = '\0';
    } else if (rc == 0) {
        cJSON_AddNullToObject(out, "timeLimitMs");
        cJSON_AddNullToObject(out, "timeLimitNote");
    }
    free(note);
    return rc;
}

int settle_main(const char *path)
{
    struct catalog_problem p;
    struct from_package_info info;
    char err[1024];
    cJSON *out = cJSON_CreateObject();
    int rc = problem_zip_load(path, &p, &info, err, sizeof(err));
    if (rc == 0) {
        rc = settle_timing(&p, &info, out, err, sizeof(err));
        cJSON *w = cJSON_AddArrayToObject(out, "warnings");
        for (size_t i = 0; rc == 0 && i < info.nwarnings; i++)
            cJSON_AddItemToArray(w, cJSON_CreateString(info.warnings[i]));
        catalog_problem_dispose(&p);
        from_package_info_dispose(&info);
    }
    if (rc < 0) {
        /* The package's fault names its file and rule; this host's (no
         * sandbox, no room) is not the package's: the api answers 503. */
        cJSON_Delete(out);
        out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, rc == -EIO ? "internal" : "error", err);
    }
    char *text = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    if (text == NULL)
        return 2;
    printf("%s\n", text);
    free(text);
    if (fflush(stdout) != 0)
        return 2;
    return rc == -EIO ? 2 : rc < 0 ? 1 : 0;
}
