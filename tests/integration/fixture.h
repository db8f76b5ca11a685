/* What the integration tests share: a fresh database of their own, migrated,
 * on the private PostgreSQL of scripts/test.sh, and their own Redis database
 * number; and a Redis reply read back as text. */
#ifndef TESTS_INTEGRATION_FIXTURE_H
#define TESTS_INTEGRATION_FIXTURE_H

#include "store/migrate.h"
#include "store/redis.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Creates and migrates "verdict_it_<suite>_<pid>" and writes its URL to
 * db_url; writes the private Redis's URL with database redis_db to
 * redis_url. Fails the test when the services are not there. */
static inline void fixture_database(const char *suite, int redis_db, char *db_url, size_t db_size,
                                    char *redis_url, size_t redis_size)
{
    const char *db = getenv("VERDICT_TEST_DB");
    const char *redis = getenv("VERDICT_TEST_REDIS");
    cr_assert(db && redis, "VERDICT_TEST_DB and VERDICT_TEST_REDIS must be set (scripts/test.sh)");
    char base[400], admin[512], name[64], err[512];
    snprintf(base, sizeof(base), "%s", db);
    *strrchr(base, '/') = '\0';
    snprintf(admin, sizeof(admin), "%s/postgres", base);
    snprintf(name, sizeof(name), "verdict_it_%s_%d", suite, (int)getpid());
    cr_assert_eq(migrate_create_database(admin, name, err, sizeof(err)), 0, "%s", err);
    snprintf(db_url, db_size, "%s/%s", base, name);
    int applied, version;
    cr_assert_eq(migrate_run(db_url, &applied, &version, err, sizeof(err)), 0, "%s", err);
    cr_assert_geq(version, 1);
    snprintf(redis_url, redis_size, "%s/%d", redis, redis_db);
}

/* An integer or string reply as text in out (empty for anything else). */
static inline void fixture_reply_text(const struct redis_reply *reply, char *out, size_t size)
{
    out[0] = '\0';
    if (reply && redis_reply_type(reply) == REDIS_T_INTEGER)
        snprintf(out, size, "%lld", redis_reply_int(reply));
    else if (reply && redis_reply_str(reply, NULL))
        snprintf(out, size, "%s", redis_reply_str(reply, NULL));
}

#endif
