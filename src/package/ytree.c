/* The YAML tree: libyaml's event stream folded into struct ytree nodes, with
 * the limits that keep a hostile file small (no aliases, node and depth caps). */
#include "package/ytree.h"

#include "common/alloc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct ytree_parse {
    yaml_parser_t parser;
    size_t nodes;
    char *err;
    size_t errlen;
};

void ytree_free(struct ytree *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_kids; i++)
        ytree_free(t->kids[i]);
    free(t->kids);
    free(t->text);
    free(t);
}

static int ytree_next(struct ytree_parse *ps, yaml_event_t *ev)
{
    if (yaml_parser_parse(&ps->parser, ev))
        return 0;
    snprintf(ps->err, ps->errlen, "line %zu: %s", ps->parser.problem_mark.line + 1,
             ps->parser.problem ? ps->parser.problem : "cannot parse");
    return -1;
}

static struct ytree *ytree_node(enum ytree_kind kind, const yaml_event_t *ev)
{
    struct ytree *t = xcalloc(1, sizeof(*t));
    t->kind = kind;
    t->line = (int)ev->start_mark.line + 1;
    t->start = ev->start_mark.index;
    t->end = ev->end_mark.index;
    return t;
}

static void ytree_add(struct ytree *parent, struct ytree *kid)
{
    parent->kids = xrealloc(parent->kids, (parent->n_kids + 1) * sizeof(*parent->kids));
    parent->kids[parent->n_kids++] = kid;
}

static struct ytree *ytree_build(struct ytree_parse *ps, yaml_event_t *ev, int depth);

/* Reads the children of a sequence or map until its end event; checks that
 * map keys are scalars and unique. */
static int ytree_children(struct ytree_parse *ps, struct ytree *t, yaml_event_type_t end, int depth)
{
    for (;;) {
        yaml_event_t ev;
        if (ytree_next(ps, &ev) < 0)
            return -1;
        if (ev.type == end) {
            t->end = ev.end_mark.index;
            yaml_event_delete(&ev);
            return 0;
        }
        struct ytree *kid = ytree_build(ps, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (kid == NULL)
            return -1;
        bool is_key = t->kind == YTREE_MAP && t->n_kids % 2 == 0;
        ytree_add(t, kid);
        if (!is_key)
            continue;
        if (kid->kind != YTREE_SCALAR) {
            snprintf(ps->err, ps->errlen, "line %d: a map key must be a scalar", kid->line);
            return -1;
        }
        if (ytree_get(t, kid->text) != NULL) {
            snprintf(ps->err, ps->errlen, "line %d: duplicate key '%s'", kid->line, kid->text);
            return -1;
        }
    }
}

/* Builds the node that starts with ev (borrowed); NULL with err set. */
static struct ytree *ytree_build(struct ytree_parse *ps, yaml_event_t *ev, int depth)
{
    if (depth > YTREE_MAX_DEPTH) {
        snprintf(ps->err, ps->errlen, "line %zu: nested deeper than %d levels",
                 ev->start_mark.line + 1, YTREE_MAX_DEPTH);
        return NULL;
    }
    if (++ps->nodes > YTREE_MAX_NODES) {
        snprintf(ps->err, ps->errlen, "more than %d nodes", YTREE_MAX_NODES);
        return NULL;
    }
    struct ytree *t;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        t = ytree_node(YTREE_SCALAR, ev);
        t->text = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        t->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        return t;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
        t = ytree_node(seq ? YTREE_SEQ : YTREE_MAP, ev);
        if (ytree_children(ps, t, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, depth) <
            0) {
            ytree_free(t);
            return NULL;
        }
        return t;
    }
    case YAML_ALIAS_EVENT:
        snprintf(ps->err, ps->errlen, "line %zu: aliases are not supported",
                 ev->start_mark.line + 1);
        return NULL;
    default:
        snprintf(ps->err, ps->errlen, "line %zu: unexpected YAML event", ev->start_mark.line + 1);
        return NULL;
    }
}

/* Skips stream and document starts; returns the root's first event in ev,
 * or 1 when the stream holds no document. */
static int ytree_first(struct ytree_parse *ps, yaml_event_t *ev)
{
    for (;;) {
        if (ytree_next(ps, ev) < 0)
            return -1;
        if (ev->type == YAML_STREAM_START_EVENT || ev->type == YAML_DOCUMENT_START_EVENT) {
            yaml_event_delete(ev);
            continue;
        }
        if (ev->type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(ev);
            return 1;
        }
        return 0;
    }
}

struct ytree *ytree_parse(const char *buf, size_t len, char *err, size_t errlen)
{
    if (len > YTREE_MAX_BYTES) {
        snprintf(err, errlen, "larger than %u KiB", YTREE_MAX_BYTES >> 10);
        return NULL;
    }
    struct ytree_parse ps = {.err = err, .errlen = errlen};
    if (!yaml_parser_initialize(&ps.parser)) {
        snprintf(err, errlen, "cannot start the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&ps.parser, (const unsigned char *)buf, len);
    yaml_event_t ev;
    struct ytree *root = NULL;
    int rc = ytree_first(&ps, &ev);
    if (rc == 1) {
        root = xcalloc(1, sizeof(*root));
        root->kind = YTREE_MAP;
        root->line = 1;
    } else if (rc == 0) {
        root = ytree_build(&ps, &ev, 0);
        yaml_event_delete(&ev);
    }
    if (root != NULL && root->kind == YTREE_SCALAR && ytree_is_null(root)) {
        /* A document of only comments reads as a null scalar: an empty map. */
        root->kind = YTREE_MAP;
        free(root->text);
        root->text = NULL;
    }
    yaml_parser_delete(&ps.parser);
    return root;
}

size_t ytree_map_len(const struct ytree *t)
{
    return t != NULL && t->kind == YTREE_MAP ? t->n_kids / 2 : 0;
}

const char *ytree_map_key(const struct ytree *t, size_t i)
{
    return t->kids[2 * i]->text;
}

const struct ytree *ytree_map_value(const struct ytree *t, size_t i)
{
    return t->kids[2 * i + 1];
}

const struct ytree *ytree_get(const struct ytree *t, const char *key)
{
    if (t == NULL || t->kind != YTREE_MAP)
        return NULL;
    /* Only complete pairs: while a map is being built, its last key has no value yet. */
    for (size_t i = 0; i + 1 < t->n_kids; i += 2)
        if (strcmp(t->kids[i]->text, key) == 0)
            return t->kids[i + 1];
    return NULL;
}

bool ytree_is_null(const struct ytree *t)
{
    if (t == NULL || t->kind != YTREE_SCALAR || !t->plain)
        return false;
    const char *s = t->text;
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

int ytree_bool(const struct ytree *t, bool *out)
{
    if (t == NULL || t->kind != YTREE_SCALAR || !t->plain)
        return -1;
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "on"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "off"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
        if (strcmp(t->text, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcmp(t->text, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

int ytree_long(const struct ytree *t, long *out)
{
    if (t == NULL || t->kind != YTREE_SCALAR || !t->plain || t->text[0] == '\0')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(t->text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

int ytree_double(const struct ytree *t, double *out)
{
    if (t == NULL || t->kind != YTREE_SCALAR || t->text[0] == '\0')
        return -1;
    const char *s = t->text;
    int sign = s[0] == '-' ? -1 : 1;
    const char *body = s[0] == '-' || s[0] == '+' ? s + 1 : s;
    if (strcasecmp(body, "inf") == 0 || strcasecmp(body, ".inf") == 0) {
        *out = sign * INFINITY;
        return 0;
    }
    /* Decimal only: strtod would also take hex floats, "nan" and "infinity". */
    if (strspn(s, "0123456789+-.eE") != strlen(s))
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno == ERANGE || *end != '\0' || end == s || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
