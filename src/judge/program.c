/* What goes into a box and what runs it: the submission (under its Java
 * class's name when it is Java), the plan's include/ files of its language
 * beside it, a package's output validator; and a test's argv. */
#include "judge/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Writes name (a relative path, checked by plan_parse()) into the box,
 * making its directories first. */
static int box_put(struct sandbox_slot *slot, const char *name, const char *text, size_t len)
{
    char dir[PLAN_NAME_MAX + 1];
    for (const char *slash = strchr(name, '/'); slash; slash = strchr(slash + 1, '/')) {
        size_t n = (size_t)(slash - name);
        if (n >= sizeof(dir))
            return -ENAMETOOLONG;
        memcpy(dir, name, n);
        dir[n] = '\0';
        int rc = sandbox_slot_mkdir(slot, dir, 0755);
        if (rc < 0 && rc != -EEXIST)
            return rc;
    }
    return sandbox_slot_write(slot, name, text, len, 0644);
}

/* The Java class of a program: the first of its files that declares main. */
static void java_main_of(struct judge_program *p, const struct plan_files *v)
{
    snprintf(p->main_class, sizeof(p->main_class), "Main");
    for (size_t i = 0; i < v->n; i++) {
        if (!lang_is_source(p->lang, v->v[i].name))
            continue;
        char cls[JAVACLASS_NAME_MAX + 1];
        if (javaclass_main(v->v[i].text, v->v[i].len, cls)) {
            memcpy(p->main_class, cls, sizeof(cls));
            return;
        }
    }
}

int judge__program_put(struct judge *j, const char *code, size_t len)
{
    struct judge_program *p = &j->prog;
    const struct lang *l = j->lang;
    p->lang = l;
    bool java = strcmp(l->id, "java") == 0;
    /* Java's public class may have any name; javac wants its file named so.
     * Code without main is called by an include/ driver, which has it. */
    bool has_main = java && javaclass_main(code, len, p->main_class);
    snprintf(p->source, sizeof(p->source), "%s%s", java ? p->main_class : l->source,
             java ? ".java" : "");
    int rc = sandbox_slot_write(j->slot, p->source, code, len, 0644);
    if (rc < 0)
        return rc;
    size_t n = 0;
    p->names[n++] = p->source;
    const struct plan_files *inc = plan_include_for(j->prob.plan, l->id);
    if (java && !has_main && inc)
        java_main_of(p, inc);
    for (size_t i = 0; inc && i < inc->n; i++) {
        /* The submission keeps its name: an include/ file of the same name
         * would replace what was submitted. */
        if (strcmp(inc->v[i].name, p->source) == 0)
            continue;
        if ((rc = box_put(j->slot, inc->v[i].name, inc->v[i].text, inc->v[i].len)) < 0)
            return rc;
        p->names[n++] = inc->v[i].name;
    }
    p->files = (struct lang_files){p->names, n, p->source, java ? p->main_class : NULL};
    return lang_program_expand(l, l->run, &p->files, false, j->prob.memory_limit_mb, &p->run);
}

int judge__program_of(struct judge_program *p, const struct plan_files *v, unsigned mem_mb)
{
    p->lang = lang_find(v->language);
    if (p->lang == NULL || v->n > PLAN_FILES_MAX)
        return -EINVAL;
    for (size_t i = 0; i < v->n; i++)
        p->names[i] = v->v[i].name;
    const char *entry = lang_entry(p->lang, p->names, v->n);
    if (entry == NULL)
        return -EINVAL;
    bool java = strcmp(p->lang->id, "java") == 0;
    if (java)
        java_main_of(p, v);
    snprintf(p->source, sizeof(p->source), "%s", entry);
    p->files = (struct lang_files){p->names, v->n, entry, java ? p->main_class : NULL};
    return lang_program_expand(p->lang, p->lang->run, &p->files, false, mem_mb, &p->run);
}

const char *const *judge__test_argv(struct judge *j)
{
    size_t n = 0;
    for (; j->prog.run.argv[n]; n++)
        j->argv[n] = j->prog.run.argv[n];
    const struct plan *plan = j->prob.plan;
    for (size_t i = 0; plan && i < plan->tests[j->cur].nargs && n < JUDGE_ARGV_ROOM; i++)
        j->argv[n++] = plan->tests[j->cur].args[i];
    j->argv[n] = NULL;
    return j->argv;
}
