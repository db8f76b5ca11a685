/* Admin routes (Authorization: Bearer <--admin-token>; without a token set
 * they are off and answer 403):
 *   POST /api/broadcast {"id","message","coins"}: credits every user's coins
 *     once per id (a retry credits nothing) and sends a broadcast event to
 *     every connected user;
 *   POST /api/tokens {"userId","ttlSeconds"}: a gateway token for the user
 *     (HMAC-SHA256 with --auth-secret), asked for by the site's backend after
 *     it has authenticated its user, and handed to that user's page;
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
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ADMIN_MESSAGE_MAX 1000
#define ADMIN_COINS_MAX 1000000000.0
#define ADMIN_TTL_MAX (30 * 86400)

/* True when the request may use admin routes; otherwise answers it. */
static bool admin_allowed(struct api *api, struct http_request *req)
{
    if (api->admin_token == NULL || api->admin_token[0] == '\0') {
        api__error(api, req, 403, "admin routes are off (the api runs without --admin-token)");
        return false;
    }
    size_t len, tl = strlen(api->admin_token);
    const char *h = http_request_header(req, "Authorization", &len);
    /* Same time whatever the first wrong byte: the token is a secret. */
    if (h == NULL || len != tl + 7 || strncasecmp(h, "Bearer ", 7) != 0 ||
        CRYPTO_memcmp(h + 7, api->admin_token, tl) != 0) {
        api__error(api, req, 401, "admin token required (Authorization: Bearer ...)");
        return false;
    }
    return true;
}

/* The body as a JSON object, or NULL after answering 400. */
static cJSON *admin_body(struct api *api, struct http_request *req)
{
    size_t len;
    const char *body = http_request_body(req, &len);
    cJSON *doc = cJSON_ParseWithLength(body, len);
    if (doc == NULL || !cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        api__error(api, req, 400, "body must be a JSON object");
        return NULL;
    }
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

static void admin_broadcast(struct api *api, struct http_request *req)
{
    cJSON *doc = admin_body(api, req);
    if (doc == NULL)
        return;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(doc, "message");
    const cJSON *coins = cJSON_GetObjectItemCaseSensitive(doc, "coins");
    if (!cJSON_IsString(id) ||
        !events_broadcast_id_valid(id->valuestring, strlen(id->valuestring))) {
        api__error(api, req, 400,
                   "id must be a string of 1 to 64 printable bytes (it makes retries safe)");
    } else if (!cJSON_IsString(msg) || strlen(msg->valuestring) > ADMIN_MESSAGE_MAX) {
        api__error(api, req, 400, "message must be a string of at most 1000 bytes");
    } else if (coins && !admin_whole(coins, 0, ADMIN_COINS_MAX)) {
        api__error(api, req, 400, "coins must be a whole number from 0 to 1000000000");
    } else {
        long long n = coins ? (long long)coins->valuedouble : 0;
        struct broadcast *b = xcalloc(1, sizeof(*b));
        b->api = api;
        b->req = req;
        b->id = xstrdup(id->valuestring);
        struct buf ev;
        buf_init(&ev);
        buf_puts(&ev, "{\"type\":\"broadcast\",\"id\":");
        buf_json_str(&ev, id->valuestring, strlen(id->valuestring));
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

static void admin_token(struct api *api, struct http_request *req)
{
    if (api->auth_secret == NULL || api->auth_secret[0] == '\0') {
        api__error(api, req, 403, "tokens are off (the api runs without --auth-secret)");
        return;
    }
    cJSON *doc = admin_body(api, req);
    if (doc == NULL)
        return;
    const cJSON *uid = cJSON_GetObjectItemCaseSensitive(doc, "userId");
    const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(doc, "ttlSeconds");
    if (!cJSON_IsString(uid) || !ids_user_valid(uid->valuestring, strlen(uid->valuestring))) {
        api__error(api, req, 400, "userId must be " IDS_USER_RULE);
    } else if (ttl && !admin_whole(ttl, 1, ADMIN_TTL_MAX)) {
        api__error(api, req, 400, "ttlSeconds must be a whole number from 1 to 2592000");
    } else {
        int64_t expires = (int64_t)time(NULL) + (ttl ? (int64_t)ttl->valuedouble : 3600);
        char token[TOKEN_MAX];
        size_t ulen = strlen(uid->valuestring);
        if (token_sign(api->auth_secret, uid->valuestring, ulen, expires, token) < 0) {
            api__error(api, req, 500, "cannot sign the token");
        } else {
            struct buf out;
            buf_init(&out);
            buf_puts(&out, "{\"userId\":");
            buf_json_str(&out, uid->valuestring, ulen);
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

static void admin_event(struct api *api, struct http_request *req)
{
    cJSON *doc = admin_body(api, req);
    if (doc == NULL)
        return;
    const cJSON *uid = cJSON_GetObjectItemCaseSensitive(doc, "userId");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(doc, "event");
    if (!cJSON_IsString(uid) || !ids_user_valid(uid->valuestring, strlen(uid->valuestring))) {
        api__error(api, req, 400, "userId must be " IDS_USER_RULE);
    } else if (!cJSON_IsObject(ev)) {
        api__error(api, req, 400, "event must be a JSON object");
    } else {
        char *json = cJSON_PrintUnformatted(ev);
        struct event_post *ep = xmalloc(sizeof(*ep));
        ep->api = api;
        ep->req = req;
        int rc = events_publish(api->redis, uid->valuestring, json, strlen(json),
                                event_on_published, ep);
        if (rc < 0) {
            free(ep);
            api__error(api, req, rc == -EINVAL ? 400 : 503,
                       rc == -EINVAL ? "event must be a JSON object" : "Redis unavailable");
        }
        cJSON_free(json);
    }
    cJSON_Delete(doc);
}

bool api__admin(struct api *api, struct http_request *req, const char *path, size_t len)
{
    void (*route)(struct api *, struct http_request *) = NULL;
    if (len == 14 && memcmp(path, "/api/broadcast", 14) == 0)
        route = admin_broadcast;
    else if (len == 11 && memcmp(path, "/api/tokens", 11) == 0)
        route = admin_token;
    else if (len == 11 && memcmp(path, "/api/events", 11) == 0)
        route = admin_event;
    else
        return false;
    if (http_request_method(req) != HTTP_METHOD_POST)
        api__error(api, req, 405, "method not allowed");
    else if (admin_allowed(api, req))
        route(api, req);
    return true;
}
