/* Every Redis key and channel verdict uses (DESIGN.md "Public contracts"). */
#ifndef STORE_KEYS_H
#define STORE_KEYS_H

/* The job queue: LPUSH by the api (and by hand), taken by workers. */
#define KEY_QUEUE "problems"
/* One JSON event per finished submission, and progress events. */
#define CHANNEL_DONE "problem_done"
/* Events for every connected user. */
#define CHANNEL_BROADCAST "broadcast"
/* Read-through cache of GET /api/problems ("cache:problems:<catalog tag>")
 * and GET /api/problems/{id} ("cache:problem:<id>:v<version>"): versioned
 * keys, so a changed problem is read under a new key and nothing has to be
 * invalidated; old keys expire. */
#define KEY_CACHE_PROBLEMS "cache:problems"
#define KEY_CACHE_PROBLEM_PREFIX "cache:problem:"
#define CACHE_TTL_SECONDS "300"

#endif
