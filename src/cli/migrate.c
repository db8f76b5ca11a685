/* 'verdict migrate': applies the SQL migrations to the database. */
#include "cli/migrate.h"

#include "common/config.h"
#include "store/migrate.h"

#include <stdio.h>
#include <string.h>

int migrate_main(int argc, char **argv)
{
    struct config_opt opts[] = {
        CONFIG_OPT_DB,
        CONFIG_OPT_HELP,
    };
    size_t n = sizeof(opts) / sizeof(opts[0]);
    char err[512];
    int pos[1], npos;
    if (config_parse(opts, n, argc, argv, 1, pos, 0, &npos, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict migrate: %s\n", err);
        return 2;
    }
    if (config_find(opts, n, "--help")->value) {
        config_usage("verdict migrate [--db URL]", opts, n);
        return 0;
    }
    int applied, version;
    if (migrate_run(config_find(opts, n, "--db")->value, &applied, &version, err, sizeof(err)) <
        0) {
        fprintf(stderr, "verdict migrate: %s\n", err);
        return 1;
    }
    fprintf(stderr, "verdict migrate: schema at version %d (%d applied now)\n", version, applied);
    return 0;
}
