/* Names of Redis keys and channels that are built from data (keys.h holds
 * the fixed ones): the one place that knows their shape. */
#include "store/keys.h"

#include "store/events.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define USER_PREFIX_LEN (sizeof(CHANNEL_USER_PREFIX) - 1)

static_assert(USER_PREFIX_LEN + EVENTS_USER_MAX < CHANNEL_USER_MAX,
              "CHANNEL_USER_MAX holds the longest user id's channel");

int keys_user_channel(char out[CHANNEL_USER_MAX], const char *id, size_t id_len)
{
    if (id_len >= CHANNEL_USER_MAX - USER_PREFIX_LEN) {
        out[0] = '\0';
        return -ENAMETOOLONG;
    }
    memcpy(out, CHANNEL_USER_PREFIX, USER_PREFIX_LEN);
    memcpy(out + USER_PREFIX_LEN, id, id_len);
    out[USER_PREFIX_LEN + id_len] = '\0';
    return (int)(USER_PREFIX_LEN + id_len);
}

const char *keys_channel_user(const char *channel, size_t len, size_t *id_len)
{
    if (len <= USER_PREFIX_LEN || memcmp(channel, CHANNEL_USER_PREFIX, USER_PREFIX_LEN) != 0)
        return NULL;
    *id_len = len - USER_PREFIX_LEN;
    return channel + USER_PREFIX_LEN;
}

int keys_problem(char out[KEY_PROBLEM_MAX], const char *id, bool lock)
{
    int n = snprintf(out, KEY_PROBLEM_MAX, KEY_PROBLEM_PREFIX "%s}%s", id, lock ? ":fill" : "");
    if (n < 0 || n >= KEY_PROBLEM_MAX) {
        out[0] = '\0';
        return -ENAMETOOLONG;
    }
    return n;
}
