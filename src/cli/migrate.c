/* 'verdict migrate': applies the SQL migrations to the database. */
#include "cli/migrate.h"

#include "common/config.h"
#include "store/migrate.h"

#include <stdio.h>
#include <string.h>

struct migrate_config {
    const char *db;
};

static const struct config_opt migrate_options[] = {
    CONFIG_DB(struct migrate_config, db),
};

int migrate_main(int argc, char **argv)
{
    struct migrate_config cfg = {0};
    int prc = config_parse_command("migrate", "verdict migrate [--db URL]", migrate_options,
                                   CONFIG_COUNT(migrate_options), &cfg, argc, argv, NULL);
    if (prc != 0)
        return prc < 0 ? 2 : 0;
    char err[512];
    int applied, version;
    if (migrate_run(cfg.db, &applied, &version, err, sizeof(err)) < 0) {
        fprintf(stderr, "verdict migrate: %s\n", err);
        return 1;
    }
    fprintf(stderr, "verdict migrate: schema at version %d (%d applied now)\n", version, applied);
    return 0;
}
