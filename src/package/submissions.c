/* submissions/<folder>/: the example programs with the verdict their folder
 * promises, and 2025-09's submissions.yaml kept raw for verify to interpret. */
#include "package/internal.h"

#include "common/alloc.h"

#include <stdlib.h>
#include <string.h>

static bool submissions_known_folder(enum package_version v, const char *f)
{
    static const char *const legacy[] = {"accepted",       "partially_accepted",
                                         "wrong_answer",   "time_limit_exceeded",
                                         "run_time_error", NULL};
    static const char *const later[] = {
        "accepted",    "rejected", "wrong_answer", "time_limit_exceeded", "run_time_error",
        "brute_force", NULL};
    for (const char *const *p = v == PACKAGE_LEGACY ? legacy : later; *p != NULL; p++)
        if (strcmp(*p, f) == 0)
            return true;
    /* partially_accepted is the legacy name; later packages still use it. */
    return strcmp(f, "partially_accepted") == 0;
}

/* submissions.yaml: each top-level key (a glob of submissions) with the raw
 * YAML text of its value, trimmed. */
static int submissions_yaml(struct package__ctx *ctx)
{
    static const char rel[] = "submissions/submissions.yaml";
    struct package *p = ctx->p;
    char *text;
    size_t len;
    if (package__read_text(ctx, rel, YTREE_MAX_BYTES, &text, &len) < 0)
        return -1;
    char why[512];
    struct ytree *y = ytree_parse(text, len, why, sizeof(why));
    int rc = 0;
    if (y == NULL)
        rc = package__fail(ctx, "%s: %s", rel, why);
    else if (y->kind != YTREE_MAP)
        rc = package__fail(ctx, "%s: not a map of submission globs", rel);
    for (size_t i = 0; rc == 0 && i < ytree_map_len(y); i++) {
        const struct ytree *v = ytree_map_value(y, i);
        size_t s = v->start, e = v->end < len ? v->end : len;
        while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\n' || text[e - 1] == '\t'))
            e--;
        p->expectations =
            xrealloc(p->expectations, (p->n_expectations + 1) * sizeof(*p->expectations));
        p->expectations[p->n_expectations++] = (struct package_expectation){
            xstrdup(ytree_map_key(y, i)), xstrndup(text + s, e > s ? e - s : 0), v->line};
    }
    ytree_free(y);
    free(text);
    return rc;
}

int package__read_submissions(struct package__ctx *ctx)
{
    struct package *p = ctx->p;
    bool is_dir;
    long long size;
    int st = package__stat(ctx, "submissions", &is_dir, &size);
    if (st < 0)
        return -1;
    if (st == 0 || !is_dir) {
        package__warn(ctx, "submissions/: missing (the spec requires an accepted submission)");
        return 0;
    }
    struct package__dirent *ents;
    int n = package__list(ctx, "submissions", &ents);
    int rc = n < 0 ? -1 : 0;
    for (int i = 0; i < n && rc == 0; i++) {
        const char *f = ents[i].name;
        if (!ents[i].is_dir) {
            if (strcmp(f, "submissions.yaml") == 0 && p->version != PACKAGE_LEGACY)
                rc = submissions_yaml(ctx);
            else
                package__warn(ctx, "submissions/%s: not in a folder (ignored)", f);
            continue;
        }
        if (!submissions_known_folder(p->version, f))
            package__warn(ctx, "submissions/%s: not a folder the spec names (kept)", f);
        char *dir = package__join("submissions", f);
        rc = package__programs_in(ctx, dir, f, &p->submissions, &p->n_submissions);
        free(dir);
    }
    if (n > 0)
        package__dirents_free(ents, (size_t)n);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < p->n_submissions; i++)
        if (p->submissions[i].lang == SRCLANG_UNSUPPORTED)
            package__warn(ctx, "%s: a language verdict does not judge (%s)", p->submissions[i].path,
                          p->submissions[i].lang_note);
    return 0;
}
