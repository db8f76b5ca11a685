/* One WebSocket connection of the gateway: the identify message (and its
 * token when auth is on), replay of what it missed, live delivery with
 * duplicates and gaps detected by seq, and the rules that close a client
 * that misbehaves. Close codes: 4000 + the HTTP status that would say the
 * same (4400 bad identify, 4401 bad token, 4408 no identify in time, 4429
 * flooding), next to the WebSocket layer's own (1003 binary, 1009 too big,
 * 4008 slow consumer, 1001 shutdown). */
#include "gateway/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "contract/ids.h"
#include "net/token.h"
#include "store/events.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CLOSE_BAD_IDENTIFY 4400
#define CLOSE_UNAUTHORIZED 4401
#define CLOSE_IDENTIFY_TIMEOUT 4408
#define CLOSE_FLOODING 4429

/* Flood control (GCRA): one message per FLOOD_INTERVAL_MS on average, bursts
 * of FLOOD_BURST_MS / FLOOD_INTERVAL_MS messages. A client has nothing to say
 * after its identify, so this only stops abuse. */
#define FLOOD_INTERVAL_MS 100
#define FLOOD_BURST_MS 2000

static void session_reject(struct session *s, int code, const char *reason)
{
    struct gateway *gw = s->gw;
    log_info("closing %s (%d): %s", ws_conn_peer(s->c), code, reason);
    gw->stats.rejected++;
    if (s->user == NULL)
        list_remove(ws_conn_link(s->c)); /* from the hello list */
    s->state = SESSION_CLOSING;
    ws_close(s->c, code, reason);
}

/* True when origin (len bytes) is one of the comma-separated list's entries
 * (spaces around them ignored; scheme and host compared without case). */
static bool session_origin_listed(const char *list, const char *origin, size_t len)
{
    while (*list) {
        while (*list == ' ' || *list == ',')
            list++;
        size_t n = strcspn(list, ",");
        size_t m = n;
        while (m > 0 && list[m - 1] == ' ')
            m--;
        if (m > 0 && m == len && strncasecmp(list, origin, len) == 0)
            return true;
        list += n;
    }
    return false;
}

void gateway__on_upgrade(struct http_request *req, void *data)
{
    struct gateway *gw = data;
    size_t len;
    const char *path = http_request_path(req, &len);
    if (!((len == 1 && path[0] == '/') || (len == 3 && memcmp(path, "/ws", 3) == 0))) {
        static const char body[] = "{\"error\":\"no such route\"}";
        http_respond(req, 404, "application/json", NULL, body, sizeof(body) - 1);
        return;
    }
    /* Another site's page cannot open a socket in its visitor's name (a
     * browser always sends Origin; WebSockets are not bound by CORS). */
    size_t olen;
    const char *origin = http_request_header(req, "Origin", &olen);
    if (gw->allowed_origins && origin &&
        !session_origin_listed(gw->allowed_origins, origin, olen)) {
        static const char body[] = "{\"error\":\"origin not allowed (--allowed-origins)\"}";
        gw->stats.rejected++;
        http_respond(req, 403, "application/json", NULL, body, sizeof(body) - 1);
        return;
    }
    struct ws_conn *c = ws_accept(gw->ws, req);
    if (c == NULL)
        return;
    struct session *s = xcalloc(1, sizeof(*s));
    s->gw = gw;
    s->c = c;
    s->seq = -1;
    s->state = SESSION_HELLO;
    s->born_ms = gateway__now(gw);
    s->tat_ms = s->born_ms;
    ws_conn_set_data(c, s);
    list_push(&gw->hello, ws_conn_link(c));
    gw->stats.accepted++;
}

/* Checks the identify's token for user (or, with user NULL, takes the user
 * from a v1 token into who): NULL when it holds, else why not. */
static const char *session_token(struct gateway *gw, const cJSON *tok, const cJSON *uid, char *who)
{
    if (!cJSON_IsString(tok))
        return "token required";
    size_t tlen = strlen(tok->valuestring);
    int64_t now = (int64_t)time(NULL);
    int rc;
    /* The admin token acts for anyone, here as on the api; compared in the
     * same time whatever the first wrong byte. */
    if (uid != NULL && gw->admin_token && tlen == strlen(gw->admin_token) &&
        CRYPTO_memcmp(tok->valuestring, gw->admin_token, tlen) == 0)
        return NULL;
    if (uid != NULL) {
        if (!ids_user_tokenable(uid->valuestring, strlen(uid->valuestring)))
            return "bad token";
        rc = token_verify(gw->auth_secret, uid->valuestring, strlen(uid->valuestring),
                          tok->valuestring, tlen, now);
    } else {
        rc = token_parse(gw->auth_secret, tok->valuestring, tlen, now, who);
        if (rc > 0 && !ids_user_tokenable(who, (size_t)rc))
            rc = -EACCES;
    }
    if (rc == -EKEYEXPIRED)
        return "token expired";
    return rc < 0 ? "bad token" : NULL;
}

/* {"userId":"alice"} with "since":N to replay from N, and "token" when auth
 * is on; with auth on, {"token":...} alone is enough (a v1 token names its
 * user). */
static void session_identify(struct session *s, const char *msg, size_t len)
{
    struct gateway *gw = s->gw;
    cJSON *doc = cJSON_ParseWithLength(msg, len);
    const char *why = NULL;
    int code = CLOSE_BAD_IDENTIFY;
    const cJSON *uid = cJSON_GetObjectItemCaseSensitive(doc, "userId");
    const cJSON *since = cJSON_GetObjectItemCaseSensitive(doc, "since");
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(doc, "token");
    char who[TOKEN_USER_MAX + 1] = "";
    bool by_token = gw->auth_secret && uid == NULL && tok != NULL;
    if (doc == NULL || !cJSON_IsObject(doc)) {
        why = "identify must be a JSON object {\"userId\": ...}";
    } else if (!by_token && (!cJSON_IsString(uid) ||
                             !ids_user_valid(uid->valuestring, strlen(uid->valuestring)))) {
        why = "userId must be " IDS_USER_RULE;
    } else if (since && !cJSON_IsNull(since) &&
               (!cJSON_IsNumber(since) || since->valuedouble < 0 ||
                since->valuedouble > 9007199254740992.0 ||
                since->valuedouble != (double)(int64_t)since->valuedouble)) {
        why = "since must be a whole number >= 0";
    } else if (gw->auth_secret) {
        code = CLOSE_UNAUTHORIZED;
        why = session_token(gw, tok, by_token ? NULL : uid, who);
    }
    if (why) {
        session_reject(s, code, why);
    } else {
        const char *user = by_token ? who : uid->valuestring;
        list_remove(ws_conn_link(s->c)); /* from the hello list */
        if (cJSON_IsNumber(since))
            s->seq = (int64_t)since->valuedouble;
        gw->stats.identified++;
        gateway__user_join(gw, s, user, strlen(user));
    }
    cJSON_Delete(doc);
}

void gateway__on_message(struct ws_conn *c, int opcode, const char *msg, size_t len, void *data)
{
    (void)opcode; /* always text: the layer refuses binary with 1003 */
    (void)data;
    struct session *s = ws_conn_data(c);
    if (s->state == SESSION_CLOSING)
        return;
    uint32_t now = gateway__now(s->gw);
    uint32_t tat = (int32_t)(s->tat_ms - now) > 0 ? s->tat_ms : now;
    s->tat_ms = tat + FLOOD_INTERVAL_MS;
    if ((int32_t)(s->tat_ms - now) > FLOOD_BURST_MS) {
        session_reject(s, CLOSE_FLOODING, "too many messages");
        return;
    }
    if (s->state == SESSION_HELLO)
        session_identify(s, msg, len);
    /* Later messages mean nothing; the flood rule above bounds them. */
}

void gateway__on_close(struct ws_conn *c, int code, void *data)
{
    (void)code;
    struct gateway *gw = data;
    struct session *s = ws_conn_data(c);
    if (s->user)
        gateway__user_leave(gw, s);
    else
        list_remove(ws_conn_link(c));
    s->c = NULL;
    s->state = SESSION_CLOSING;
    if (!s->replaying)
        free(s); /* else the replay's callback frees it */
}

static int session_send_json(struct session *s, const char *type, int64_t seq)
{
    struct buf b;
    buf_init(&b);
    buf_printf(&b, "{\"type\":\"%s\",\"userId\":", type);
    buf_json_str(&b, s->user->id, s->user->len);
    buf_printf(&b, ",\"seq\":%lld}", (long long)seq);
    int rc = ws_send_text(s->c, b.data, b.len);
    buf_dispose(&b);
    return rc;
}

static void session_on_replay(int status, const struct events_replay *rp, void *data)
{
    struct session *s = data;
    s->replaying = false;
    if (s->c == NULL) {
        free(s);
        return;
    }
    if (s->state == SESSION_CLOSING || s->user == NULL)
        return;
    struct gateway *gw = s->gw;
    if (status < 0) {
        s->retry = true;
        gw->retry_replays = true;
        return;
    }
    /* A position past the counter: Redis lost it; the history is from a
     * new count (the script flagged the gap). */
    if (s->seq < 0 || s->seq > rp->seq)
        s->seq = s->seq < 0 ? rp->seq : 0;
    if (!s->ready) {
        s->ready = true;
        if (session_send_json(s, "ready", s->seq) < 0)
            return;
    }
    if (rp->gap && session_send_json(s, "resync", rp->seq) < 0)
        return;
    for (size_t i = 0; i < rp->count; i++) {
        size_t len;
        const char *ev = events_replay_event(rp, i, &len);
        int64_t seq = events_seq(ev, len);
        if (seq <= s->seq)
            continue;
        if (ws_send_text(s->c, ev, len) < 0)
            return;
        gw->stats.frames++;
        s->seq = seq;
    }
    if (rp->seq > s->seq)
        s->seq = rp->seq;
    if (s->state == SESSION_WAIT)
        return; /* the subscription dropped meanwhile: replayed again once back */
    if (s->again || s->seen > s->seq) {
        s->again = false;
        gateway__session_replay(s);
        return;
    }
    s->state = SESSION_LIVE;
}

void gateway__session_replay(struct session *s)
{
    struct gateway *gw = s->gw;
    s->state = SESSION_REPLAY;
    if (s->replaying) {
        s->again = true;
        return;
    }
    s->retry = false;
    int rc = events_replay(gw->cmd, s->user->id, s->user->len, s->seq, session_on_replay, s);
    if (rc < 0) {
        s->retry = true;
        gw->retry_replays = true;
        return;
    }
    s->replaying = true;
    gw->stats.replays++;
}

void gateway__session_event(struct session *s, int64_t seq, struct ws_frame *f)
{
    switch (s->state) {
    case SESSION_LIVE:
        if (seq > 0 && seq <= s->seq)
            return; /* replayed already */
        if (seq > 0 && seq > s->seq + 1) {
            /* One went missing (lost while Redis was away): read it back. */
            s->seen = seq;
            gateway__session_replay(s);
            return;
        }
        if (seq > 0)
            s->seq = seq;
        break;
    case SESSION_WAIT:
    case SESSION_REPLAY:
        /* The replay that is running or about to run returns it (the
         * history is written before the event is published). */
        if (seq > s->seen)
            s->seen = seq;
        if (seq >= 0 || !s->ready)
            return;
        break;
    default:
        return;
    }
    if (ws_send_frame(s->c, f) >= 0)
        s->gw->stats.frames++;
}

void gateway__sessions_tick(struct gateway *gw)
{
    uint32_t now = gateway__now(gw);
    while (!list_empty(&gw->hello)) {
        struct session *s = ws_conn_data(ws_conn_from_link(gw->hello.next));
        if (now - s->born_ms < gw->identify_timeout_ms)
            break;
        session_reject(s, CLOSE_IDENTIFY_TIMEOUT, "no identify message in time");
    }
    if (!gw->retry_replays || !redis_connected(gw->cmd))
        return;
    gw->retry_replays = false;
    for (size_t i = 0; i < gw->nbuckets; i++) {
        for (struct user *u = gw->buckets[i]; u; u = u->next) {
            struct list *pos;
            list_foreach(pos, &u->conns)
            {
                struct session *s = ws_conn_data(ws_conn_from_link(pos));
                if (s->retry && !s->replaying && s->state == SESSION_REPLAY) {
                    s->retry = false;
                    s->state = SESSION_WAIT;
                    gateway__session_replay(s);
                }
            }
        }
    }
}
