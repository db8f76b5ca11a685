/* verdict: one binary, one subcommand per role. This file only dispatches. */
#include "api/api.h"
#include "cli/migrate.h"
#include "cli/problems.h"
#include "cli/sandbox_cmd.h"
#include "cli/services_cmd.h"
#include "cli/submit.h"
#include "cli/up.h"
#include "gateway/gateway.h"
#include "worker/worker.h"

#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    {"api", api_main, "HTTP intake: submissions, problems, history, the page"},
    {"worker", worker_main, "judge queued submissions in the sandbox"},
    {"gateway", gateway_main, "WebSocket server that pushes verdicts live"},
    {"up", up_main, "the whole system on this machine, with private Redis and PostgreSQL"},
    {"submit", submit_main, "submit a file and wait for its verdict"},
    {"migrate", migrate_main, "apply the SQL migrations"},
    {"problems", problems_main, "import or list problems"},
    {"sandbox", sandbox_cmd_main, "run one program in the sandbox"},
    {"services", services_main, "start or stop private Redis and PostgreSQL for tests"},
};

static void usage(void)
{
    fprintf(stderr, "usage: verdict <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(stderr, "  %-9s %s\n", commands[i].name, commands[i].help);
    fprintf(stderr, "\n'verdict <command> --help' lists a command's options\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage();
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "verdict: unknown command '%s'\n", argv[1]);
    usage();
    return 2;
}
