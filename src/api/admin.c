/* Admin routes (Authorization: Bearer <--admin-token>; without a token set
 * they are off and answer 403):
 *   POST /api/broadcast {"id","message","coins"}: credits every user's coins
 *     once per id (a retry credits nothing) and sends a broadcast event to
 *     every connected user;
 *   POST /api/tokens {"userId","ttlSeconds"}: a user token (net/token.h, v1:
 *     it names its user; HMAC-SHA256 with --auth-secret), asked for by the
 *     site's backend after it has authenticated its user, and handed to that
 *     user's page: its bearer token on the api and its identify on the gateway;
 *   POST /api/events {"userId","event":{...}}: publishes an event of the
 *     backend's own to one user's tabs (numbered and replayable). */
#include "api/internal.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "common/log.h"
#include "contract/ids.h"
#include "net/token.h"
#include "store/events.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ADMIN_MESSAGE_MAX 1000
#define ADMIN_COINS_MAX 1000000000.0
#define ADMIN_TTL_MAX (30 * 86400)
#define ADMIN_USER_RULE "userId must be " IDS_USER_RULE

bool api__admin_allowed(struct api *api, struct http_request *req)
{
    if (api->admin_token == NULL || api->admin_token[0] == '\0') {
        api__error(api, req, 403, "admin routes are off (the api runs without --admin-token)");
        return false;
    }
    if (!api__auth_is_admin(api, req)) {
        api__error(api, req, 401, "admin token required (Authorization: Bearer ...)");
        return false;
    }
    return true;
}

/* The body as a JSON object whose string field id_name passes valid (a user
 * id, a broadcast id), in *id; or NULL after answering 400 (with id_rule
 * when the field is wrong). */
static cJSON *admin_body(struct api *api, struct http_request *req, const char *id_name,
                         bool (*valid)(const char *, size_t), const char *id_rule, const char **id)
{
    size_t len;
    const char *body = http_request_body(req, &len);
    cJSON *doc = cJSON_ParseWithLength(body, len);
    if (doc == NULL || !cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        api__error(api, req, 400, "body must be a JSON object");
        return NULL;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, id_name);
    if (!cJSON_IsString(v) || !valid(v->valuestring, strlen(v->valuestring))) {
        cJSON_Delete(doc);
        api__error(api, req, 400, id_rule);
        return NULL;
    }
    *id = v->valuestring;
    return doc;
}

static bool admin_whole(const cJSON *n, double min, double max)
{
    return cJSON_IsNumber(n) && n->valuedouble >= min && n->valuedouble <= max &&
           n->valuedouble == (double)(long long)n->valuedouble;
}

struct broadcast {
    struct api *api;
    struct http_request *req;
    char *id;
    char *json;
    size_t len;
    bool duplicate;
    long credited;
};

static void broadcast_free(struct broadcast *b)
{
    free(b->id);
    free(b->json);
    free(b);
}

static void broadcast_answer(struct broadcast *b, bool sent, long long gateways)
{
    struct buf out;
    buf_init(&out);
    buf_puts(&out, "{\"id\":");
    buf_json_str(&out, b->id, strlen(b->id));
    buf_printf(&out, ",\"duplicate\":%s,\"credited\":%ld,\"sent\":%s",
               b->duplicate ? "true" : "false", b->credited, sent ? "true" : "false");
    if (gateways >= 0)
        buf_printf(&out, ",\"gateways\":%lld", gateways);
    buf_puts(&out, "}");
    api__json(b->api, b->req, 200, out.data, out.len);
    buf_dispose(&out);
    broadcast_free(b);
}

static void broadcast_on_published(int status, long long gateways, void *data)
{
    struct broadcast *b = data;
    if (status < 0) {
        api__error(b->api, b->req, 503,
                   "Redis unavailable: the broadcast is recorded and its coins credited; "
                   "retry with the same id to send it");
        broadcast_free(b);
        return;
    }
    /* Best effort: a retry that finds it unmarked sends it once more, which
     * a reader sees twice at worst; the coins are never credited twice. */
    if (events_broadcast_sent(b->api->pg, b->id, NULL, NULL) < 0)
        log_warn("broadcast %s sent but not marked (PostgreSQL unavailable)", b->id);
    log_info("broadcast %s sent to %lld gateways, %ld users credited", b->id, gateways,
             b->credited);
    broadcast_answer(b, true, gateways);
}

static void broadcast_on_record(int status, const struct events_record *rec, void *data)
{
    struct broadcast *b = data;
    if (status < 0) {
        api__error(b->api, b->req, status == -EIO ? 500 : 503,
                   status == -EIO ? "cannot record the broadcast" : "PostgreSQL unavailable");
        broadcast_free(b);
        return;
    }
    b->duplicate = !rec->inserted;
    b->credited = rec->credited;
    if (b->duplicate && rec->sent) {
        broadcast_answer(b, true, -1);
        return;
    }
    if (events_broadcast(b->api->redis, b->json, b->len, broadcast_on_published, b) < 0)
        broadcast_on_published(-ENOTCONN, 0, b);
}

void api__admin_broadcast(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    const char *id;
    cJSON *doc =
        admin_body(api, req, "id", events_broadcast_id_valid,
                   "id must be a string of 1 to 64 printable bytes (it makes retries safe)", &id);
    if (doc == NULL)
        return;
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(doc, "message");
    const cJSON *coins = cJSON_GetObjectItemCaseSensitive(doc, "coins");
    if (!cJSON_IsString(msg) || strlen(msg->valuestring) > ADMIN_MESSAGE_MAX) {
        api__error(api, req, 400, "message must be a string of at most 1000 bytes");
    } else if (coins && !admin_whole(coins, 0, ADMIN_COINS_MAX)) {
        api__error(api, req, 400, "coins must be a whole number from 0 to 1000000000");
    } else {
        long long n = coins ? (long long)coins->valuedouble : 0;
        struct broadcast *b = xcalloc(1, sizeof(*b));
        b->api = api;
        b->req = req;
        b->id = xstrdup(id);
        struct buf ev;
        buf_init(&ev);
        buf_puts(&ev, "{\"type\":\"broadcast\",\"id\":");
        buf_json_str(&ev, id, strlen(id));
        buf_puts(&ev, ",\"message\":");
        buf_json_str(&ev, msg->valuestring, strlen(msg->valuestring));
        buf_printf(&ev, ",\"coins\":%lld}", n);
        b->len = ev.len;
        b->json = buf_steal(&ev);
        if (events_broadcast_record(api->pg, b->id, msg->valuestring, n, broadcast_on_record, b) <
            0) {
            api__error(api, req, 503, "PostgreSQL unavailable");
            broadcast_free(b);
        }
    }
    cJSON_Delete(doc);
}

void api__admin_token(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    if (api->auth_secret == NULL || api->auth_secret[0] == '\0') {
        api__error(api, req, 403, "tokens are off (the api runs without --auth-secret)");
        return;
    }
    const char *uid;
    cJSON *doc = admin_body(api, req, "userId", ids_user_valid, ADMIN_USER_RULE, &uid);
    if (doc == NULL)
        return;
    if (!ids_user_tokenable(uid, strlen(uid))) {
        cJSON_Delete(doc);
        api__error(api, req, 400,
                   "userId " IDS_USER_JUDGE0 " is reserved for the Judge0-compatible API's "
                   "requests: no token is made for it");
        return;
    }
    const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(doc, "ttlSeconds");
    if (ttl && !admin_whole(ttl, 1, ADMIN_TTL_MAX)) {
        api__error(api, req, 400, "ttlSeconds must be a whole number from 1 to 2592000");
    } else {
        int64_t expires = (int64_t)time(NULL) + (ttl ? (int64_t)ttl->valuedouble : 3600);
        char token[TOKEN_MAX];
        size_t ulen = strlen(uid);
        if (token_sign(api->auth_secret, uid, ulen, expires, token) < 0) {
            api__error(api, req, 500, "cannot sign the token");
        } else {
            struct buf out;
            buf_init(&out);
            buf_puts(&out, "{\"userId\":");
            buf_json_str(&out, uid, ulen);
            buf_printf(&out, ",\"token\":\"%s\",\"expiresAt\":%lld}", token, (long long)expires);
            api__json(api, req, 200, out.data, out.len);
            buf_dispose(&out);
        }
    }
    cJSON_Delete(doc);
}

struct event_post {
    struct api *api;
    struct http_request *req;
};

static void event_on_published(int status, long long seq, void *data)
{
    struct event_post *ep = data;
    struct api *api = ep->api;
    struct http_request *req = ep->req;
    free(ep);
    if (status < 0) {
        api__error(api, req, 503, "Redis unavailable");
        return;
    }
    char out[64];
    int n = snprintf(out, sizeof(out), "{\"seq\":%lld}", seq);
    api__json(api, req, 202, out, (size_t)n);
}

void api__admin_event(struct http_request *req, const struct route_match *m, void *data)
{
    (void)m;
    struct api *api = data;
    const char *uid;
    cJSON *doc = admin_body(api, req, "userId", ids_user_valid, ADMIN_USER_RULE, &uid);
    if (doc == NULL)
        return;
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(doc, "event");
    if (!cJSON_IsObject(ev)) {
        api__error(api, req, 400, "event must be a JSON object");
    } else {
        char *json = cJSON_PrintUnformatted(ev);
        struct event_post *ep = xmalloc(sizeof(*ep));
        ep->api = api;
        ep->req = req;
        int rc = events_publish(api->redis, uid, json, strlen(json), event_on_published, ep);
        if (rc < 0) {
            free(ep);
            api__error(api, req, rc == -EINVAL ? 400 : 503,
                       rc == -EINVAL ? "event must be a JSON object" : "Redis unavailable");
        }
        cJSON_free(json);
    }
    cJSON_Delete(doc);
}
