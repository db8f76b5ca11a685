/* The reliable queue (see jobs.h). The moves that must be atomic are Lua
 * scripts: one command each, so a dropped connection never leaves half a
 * transaction behind, and Redis runs each script alone. */
#include "store/jobs.h"

#include "common/alloc.h"
#include "common/buf.h"
#include "contract/job.h"
#include "store/events.h"
#include "store/internal.h"
#include "store/keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BLMOVE waits timeout_s on the server; the client's deadline is that plus
 * this margin, so a slow reply is not mistaken for a dead server. */
#define JOBS_BLOCK_MARGIN_MS 5000

static const char reap_script[] =
    "local moved = 0\n"
    "for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do\n"
    "  if redis.call('EXISTS', ARGV[1] .. w) == 0 then\n"
    "    while redis.call('LMOVE', ARGV[2] .. w, KEYS[2], 'LEFT', 'RIGHT') do\n"
    "      moved = moved + 1\n"
    "    end\n"
    "    redis.call('SREM', KEYS[1], w)\n"
    "  end\n"
    "end\n"
    "return moved\n";

static const char release_script[] = "local moved = 0\n"
                                     "while redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', "
                                     "'RIGHT') do\n"
                                     "  moved = moved + 1\n"
                                     "end\n"
                                     "redis.call('DEL', KEYS[3])\n"
                                     "redis.call('SREM', KEYS[4], ARGV[1])\n"
                                     "return moved\n";

/* Only a job still in our list is rewritten: if a reaper took it back (our
 * lease lapsed), pushing the new copy would judge it twice. */
static const char rewrite_script[] = "if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then\n"
                                     "  redis.call('LPUSH', KEYS[1], ARGV[2])\n"
                                     "  return 1\n"
                                     "end\n"
                                     "return 0\n";

static const char hand_back_script[] = "if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then\n"
                                       "  redis.call('RPUSH', KEYS[2], ARGV[1])\n"
                                       "  return 1\n"
                                       "end\n"
                                       "return 0\n";

/* Fair share: KEYS queue, processing, ready ring, bulk; ARGV user list
 * prefix, most jobs to spread per call, anonymous user.
 *
 * First the jobs on the queue (oldest first, at most ARGV[2]) go to their
 * user's list: each with one LMOVE, so a job is in exactly one list at every
 * moment, even if the script stopped half way. A user joins the ring (on the
 * left) before its first job reaches its list, so a user with jobs is always
 * in the ring; a user in the ring with none left is dropped when met. Once
 * spread (a userId sent as a JSON number, as the tutorial's clients may,
 * is that number's digits, as the worker reads it), the users new to the ring move to its right
 * end, first come first: a user who had nothing waiting is served next, before those who have been
 * served all along (a flood cannot put itself ahead: its user is in the ring
 * while it has jobs). Then the user on the right of the ring is rotated to the
 * left and its oldest job moved into the processing list; the bulk list only
 * when the ring is empty. Returns the job, or false when there is none. */
static const char take_script[] =
    "local n = 0\n"
    "local new = {}\n"
    "while n < tonumber(ARGV[2]) do\n"
    "  local job = redis.call('LINDEX', KEYS[1], -1)\n"
    "  if not job then break end\n"
    "  n = n + 1\n"
    "  local dest\n"
    "  local ok, j = pcall(cjson.decode, job)\n"
    "  if ok and type(j) == 'table' then\n"
    "    local u = j['userId']\n"
    "    if type(u) == 'number' and u >= 0 and u < 1e15 and u == math.floor(u) then\n"
    "      u = string.format('%d', u)\n"
    "    end\n"
    "    if type(u) == 'string' and string.match(u, '^[A-Za-z0-9_.@-]+$') and #u <= 64 then\n"
    "      dest = u\n"
    "    elseif u == nil and j['code'] == nil and j['submissionId'] ~= nil then\n"
    "      dest = false\n"
    "    end\n"
    "  end\n"
    "  if dest == nil then dest = ARGV[3] end\n"
    "  if dest then\n"
    "    local list = ARGV[1] .. dest\n"
    "    if redis.call('LLEN', list) == 0 then\n"
    "      redis.call('LPUSH', KEYS[3], dest)\n"
    "      new[#new + 1] = dest\n"
    "    end\n"
    "    redis.call('LMOVE', KEYS[1], list, 'RIGHT', 'LEFT')\n"
    "  else\n"
    "    redis.call('LMOVE', KEYS[1], KEYS[4], 'RIGHT', 'LEFT')\n"
    "  end\n"
    "end\n"
    "for i = #new, 1, -1 do\n"
    "  redis.call('LREM', KEYS[3], 0, new[i])\n"
    "  redis.call('RPUSH', KEYS[3], new[i])\n"
    "end\n"
    "while true do\n"
    "  local u = redis.call('LMOVE', KEYS[3], KEYS[3], 'RIGHT', 'LEFT')\n"
    "  if not u then break end\n"
    "  local list = ARGV[1] .. u\n"
    "  local job = redis.call('LMOVE', list, KEYS[2], 'RIGHT', 'LEFT')\n"
    "  if not job or redis.call('LLEN', list) == 0 then redis.call('LREM', KEYS[3], 1, u) end\n"
    "  if job then return job end\n"
    "end\n"
    "return redis.call('LMOVE', KEYS[4], KEYS[2], 'RIGHT', 'LEFT')\n";

static void key_of(char *buf, size_t len, const char *prefix, const char *worker)
{
    snprintf(buf, len, "%s%s", prefix, worker);
}

static void jobs_on_fetch(struct redis *r, int status, const struct redis_reply *reply, void *data)
{
    (void)r;
    void *cb_data;
    jobs_fetch_cb cb = (jobs_fetch_cb)store__call_end(data, &cb_data);
    const char *job = NULL;
    size_t len = 0;
    if (status == 0 && redis_reply_type(reply) == REDIS_T_STRING)
        job = redis_reply_str(reply, &len);
    cb(status, job, len, cb_data);
}

int jobs_fetch(struct redis *r, const char *worker, unsigned timeout_s, jobs_fetch_cb cb,
               void *data)
{
    char processing[JOBS_WORKER_ID_MAX + 16], timeout[16];
    key_of(processing, sizeof(processing), JOBS_PROCESSING_PREFIX, worker);
    snprintf(timeout, sizeof(timeout), "%u", timeout_s);
    const char *argv[6] = {"BLMOVE", KEY_QUEUE, processing, "RIGHT", "LEFT", timeout};
    return store__redis_call(r, timeout_s * 1000 + JOBS_BLOCK_MARGIN_MS, 6, argv, NULL,
                             jobs_on_fetch, (store__fn)cb, data);
}

int jobs_done(struct redis *r, const char *worker, const char *job, size_t len, const char *user,
              const char *event, size_t event_len, jobs_status_cb cb, void *data)
{
    int rc;
    if (event && (rc = jobs_publish(r, user, event, event_len)) < 0)
        return rc;
    char processing[JOBS_WORKER_ID_MAX + 16];
    key_of(processing, sizeof(processing), JOBS_PROCESSING_PREFIX, worker);
    const char *argv[4] = {"LREM", processing, "1", job};
    size_t lens[4] = {4, strlen(processing), 1, len};
    return store__redis_call(r, 0, 4, argv, lens, store__on_status, (store__fn)cb, data);
}

int jobs_publish(struct redis *r, const char *user, const char *event, size_t len)
{
    if (user && events_publish(r, user, event, len, NULL, NULL) == 0)
        return 0;
    const char *argv[3] = {"PUBLISH", CHANNEL_DONE, event};
    size_t lens[3] = {7, strlen(CHANNEL_DONE), len};
    return redis_cmd(r, 0, NULL, NULL, 3, argv, lens);
}

/* EVAL script with nkeys keys and nargs arguments (lens may be NULL); push:
 * it puts work back on the queue (store__redis_push_call()). */
static int eval_as(bool push, struct redis *r, const char *script, int nkeys,
                   const char *const *keys, int nargs, const char *const *args,
                   const size_t *arg_lens, redis_reply_cb on_reply, store__fn cb, void *data)
{
    const char *argv[12];
    size_t lens[12];
    char nk[8];
    snprintf(nk, sizeof(nk), "%d", nkeys);
    int argc = 0;
    argv[argc] = "EVAL";
    lens[argc++] = 4;
    argv[argc] = script;
    lens[argc++] = strlen(script);
    argv[argc] = nk;
    lens[argc++] = strlen(nk);
    for (int i = 0; i < nkeys; i++) {
        argv[argc] = keys[i];
        lens[argc++] = strlen(keys[i]);
    }
    for (int i = 0; i < nargs; i++) {
        argv[argc] = args[i];
        lens[argc++] = arg_lens ? arg_lens[i] : strlen(args[i]);
    }
    if (push)
        return store__redis_push_call(r, argc, argv, lens, on_reply, cb, data);
    return store__redis_call(r, 0, argc, argv, lens, on_reply, cb, data);
}

static int eval(struct redis *r, const char *script, int nkeys, const char *const *keys, int nargs,
                const char *const *args, const size_t *arg_lens, redis_reply_cb on_reply,
                store__fn cb, void *data)
{
    return eval_as(false, r, script, nkeys, keys, nargs, args, arg_lens, on_reply, cb, data);
}

int jobs_take(struct redis *r, const char *worker, jobs_fetch_cb cb, void *data)
{
    char processing[JOBS_WORKER_ID_MAX + 16], spread[16];
    key_of(processing, sizeof(processing), JOBS_PROCESSING_PREFIX, worker);
    snprintf(spread, sizeof(spread), "%d", JOBS_TAKE_SPREAD);
    const char *keys[4] = {KEY_QUEUE, processing, KEY_FAIR_READY, KEY_FAIR_BULK};
    const char *args[3] = {KEY_FAIR_USER_PREFIX, spread, JOBS_ANONYMOUS};
    return eval(r, take_script, 4, keys, 3, args, NULL, jobs_on_fetch, (store__fn)cb, data);
}

int jobs_rewrite(struct redis *r, const char *worker, const char *old, size_t old_len,
                 const char *new_job, size_t new_len, jobs_status_cb cb, void *data)
{
    char processing[JOBS_WORKER_ID_MAX + 16];
    key_of(processing, sizeof(processing), JOBS_PROCESSING_PREFIX, worker);
    const char *keys[1] = {processing};
    const char *args[2] = {old, new_job};
    size_t lens[2] = {old_len, new_len};
    return eval(r, rewrite_script, 1, keys, 2, args, lens, store__on_status, (store__fn)cb, data);
}

int jobs_hand_back(struct redis *r, const char *worker, const char *job, size_t len,
                   jobs_status_cb cb, void *data)
{
    char processing[JOBS_WORKER_ID_MAX + 16];
    key_of(processing, sizeof(processing), JOBS_PROCESSING_PREFIX, worker);
    const char *keys[2] = {processing, KEY_QUEUE};
    const char *args[1] = {job};
    size_t lens[1] = {len};
    return eval_as(true, r, hand_back_script, 2, keys, 1, args, lens, store__on_status,
                   (store__fn)cb, data);
}

int jobs_lease(struct redis *r, const char *worker, unsigned ttl_s, jobs_status_cb cb, void *data)
{
    char lease[JOBS_WORKER_ID_MAX + 16], ttl[16];
    key_of(lease, sizeof(lease), JOBS_LEASE_PREFIX, worker);
    snprintf(ttl, sizeof(ttl), "%u", ttl_s);
    const char *set[5] = {"SET", lease, "1", "EX", ttl};
    int rc = redis_cmd(r, 0, NULL, NULL, 5, set, NULL);
    if (rc < 0)
        return rc;
    const char *sadd[3] = {"SADD", JOBS_WORKERS_KEY, worker};
    return store__redis_call(r, 0, 3, sadd, NULL, store__on_status, (store__fn)cb, data);
}

int jobs_release(struct redis *r, const char *worker, jobs_count_cb cb, void *data)
{
    char processing[JOBS_WORKER_ID_MAX + 16], lease[JOBS_WORKER_ID_MAX + 16];
    key_of(processing, sizeof(processing), JOBS_PROCESSING_PREFIX, worker);
    key_of(lease, sizeof(lease), JOBS_LEASE_PREFIX, worker);
    const char *keys[4] = {processing, KEY_QUEUE, lease, JOBS_WORKERS_KEY};
    const char *args[1] = {worker};
    return eval(r, release_script, 4, keys, 1, args, NULL, store__on_int, (store__fn)cb, data);
}

int jobs_reap(struct redis *r, jobs_count_cb cb, void *data)
{
    const char *keys[2] = {JOBS_WORKERS_KEY, KEY_QUEUE};
    const char *args[2] = {JOBS_LEASE_PREFIX, JOBS_PROCESSING_PREFIX};
    return eval(r, reap_script, 2, keys, 2, args, NULL, store__on_int, (store__fn)cb, data);
}

int jobs_requeue(struct redis *r, const char *const *ids, unsigned n, jobs_count_cb cb, void *data)
{
    if (n == 0)
        return -EINVAL;
    const char **argv = xcalloc(n + 2, sizeof(*argv));
    size_t *lens = xcalloc(n + 2, sizeof(*lens));
    struct buf text;
    buf_init(&text);
    size_t *offs = xcalloc(n, sizeof(*offs));
    for (unsigned i = 0; i < n; i++) {
        offs[i] = text.len;
        job_build_id(&text, ids[i]);
        lens[i + 2] = text.len - offs[i];
    }
    argv[0] = "RPUSH";
    lens[0] = 5;
    argv[1] = KEY_QUEUE;
    lens[1] = strlen(KEY_QUEUE);
    for (unsigned i = 0; i < n; i++)
        argv[i + 2] = text.data + offs[i];
    int rc = store__redis_push_call(r, (int)n + 2, argv, lens, store__on_int, (store__fn)cb, data);
    free(offs);
    buf_dispose(&text);
    free(lens);
    free(argv);
    return rc;
}
