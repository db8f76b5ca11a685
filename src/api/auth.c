/* Who a request acts for. With --auth-secret, every route that acts for a
 * user (submitting, reading a submission, a user's history) needs
 * "Authorization: Bearer <token>": a user token (net/token.h, v1: it names
 * its user) or the admin token, which may act for anyone. Without a secret
 * the api is open (the tutorial's mode): anyone acts for anyone, and it says
 * so at start. */
#include "api/internal.h"

#include "contract/ids.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* True when the bearer credential (len bytes) is the admin token; the same
 * time whatever the first wrong byte, since the token is a secret. */
static bool auth_is_admin(const struct api *api, const char *cred, size_t len)
{
    if (api->admin_token == NULL || api->admin_token[0] == '\0')
        return false;
    size_t tl = strlen(api->admin_token);
    return len == tl && CRYPTO_memcmp(cred, api->admin_token, tl) == 0;
}

bool api__auth_is_admin(const struct api *api, struct http_request *req)
{
    size_t len;
    const char *h = http_request_header(req, "Authorization", &len);
    return h != NULL && len > 7 && strncasecmp(h, "Bearer ", 7) == 0 &&
           auth_is_admin(api, h + 7, len - 7);
}

/* 401 with the challenge RFC 6750 asks for, and the reason in the body. */
static void auth_refuse(struct api *api, struct http_request *req, const char *why, bool invalid)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "{\"error\":");
    buf_json_str(&b, why, strlen(why));
    buf_puts(&b, "}");
    api->metrics.responses[4]++;
    http_respond(req, 401, "application/json",
                 invalid ? "WWW-Authenticate: Bearer realm=\"verdict\", error=\"invalid_token\"\r\n"
                         : "WWW-Authenticate: Bearer realm=\"verdict\"\r\n",
                 b.data, b.len);
    buf_dispose(&b);
}

bool api__caller(struct api *api, struct http_request *req, struct api_caller *who)
{
    memset(who, 0, sizeof(*who));
    if (api->auth_secret == NULL) {
        who->open = true;
        return true;
    }
    size_t len;
    const char *h = http_request_header(req, "Authorization", &len);
    if (h == NULL || len <= 7 || strncasecmp(h, "Bearer ", 7) != 0) {
        auth_refuse(api, req, "token required (Authorization: Bearer <token>)", false);
        return false;
    }
    const char *cred = h + 7;
    len -= 7;
    if (auth_is_admin(api, cred, len)) {
        who->admin = true;
        return true;
    }
    int rc = token_parse(api->auth_secret, cred, len, (int64_t)time(NULL), who->user);
    if (rc > 0 && !ids_user_tokenable(who->user, (size_t)rc))
        rc = -EACCES;
    if (rc < 0) {
        who->user[0] = '\0';
        auth_refuse(api, req, rc == -EKEYEXPIRED ? "token expired" : "bad token", true);
        return false;
    }
    return true;
}

bool api__caller_may(const struct api_caller *who, const char *user)
{
    return who->open || who->admin || strcmp(who->user, user) == 0;
}
