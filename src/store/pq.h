/* libpq, opened on first use instead of linked. Its dependencies (Kerberos,
 * LDAP, GnuTLS, OpenSSL: 25 shared objects) cost about 4 ms at every exec of
 * the verdict binary, and the commands that never talk to PostgreSQL pay it
 * too: `verdict sandbox run`, a tool meant to cost what bubblewrap costs.
 * Opening it on the first connection moves that cost to the commands that
 * connect, once per process.
 *
 * The store files include this header instead of <libpq-fe.h> and call libpq
 * by its own names: each PQ* name below is a macro for the pointer of the same
 * name in pq_api, typed from libpq-fe.h's own prototype. pq_load() must have
 * succeeded before the first call; the store's entry points that create a
 * connection (pg_new, store__connect, migrate_ping) do it. */
#ifndef STORE_PQ_H
#define STORE_PQ_H

#include <libpq-fe.h>
#include <stddef.h>

/* Every libpq function the store calls. A new call needs its name here. */
#define PQ_FUNCTIONS(X)                                                                            \
    X(PQclear)                                                                                     \
    X(PQcmdTuples)                                                                                 \
    X(PQconnectPoll)                                                                               \
    X(PQconnectStart)                                                                              \
    X(PQconnectdb)                                                                                 \
    X(PQconninfoFree)                                                                              \
    X(PQconninfoParse)                                                                             \
    X(PQconsumeInput)                                                                              \
    X(PQenterPipelineMode)                                                                         \
    X(PQerrorMessage)                                                                              \
    X(PQescapeIdentifier)                                                                          \
    X(PQexec)                                                                                      \
    X(PQexecParams)                                                                                \
    X(PQfinish)                                                                                    \
    X(PQflush)                                                                                     \
    X(PQfreemem)                                                                                   \
    X(PQgetResult)                                                                                 \
    X(PQgetisnull)                                                                                 \
    X(PQgetlength)                                                                                 \
    X(PQgetvalue)                                                                                  \
    X(PQisBusy)                                                                                    \
    X(PQnfields)                                                                                   \
    X(PQntuples)                                                                                   \
    X(PQping)                                                                                      \
    X(PQpipelineSync)                                                                              \
    X(PQresultErrorMessage)                                                                        \
    X(PQresultStatus)                                                                              \
    X(PQsendPrepare)                                                                               \
    X(PQsendQueryPrepared)                                                                         \
    X(PQsetnonblocking)                                                                            \
    X(PQsocket)                                                                                    \
    X(PQstatus)

struct pq_api {
#define PQ_FIELD(name) __typeof__(name) *name;
    PQ_FUNCTIONS(PQ_FIELD)
#undef PQ_FIELD
};

extern struct pq_api pq_api;

/* Opens libpq and resolves every function above, once per process (later
 * calls return the first outcome). Returns 0, or -ELIBACC with the loader's
 * reason in err (err may be NULL). Thread-safe. */
int pq_load(char *err, size_t errlen);

#ifndef PQ_LOADER
#define PQclear pq_api.PQclear
#define PQcmdTuples pq_api.PQcmdTuples
#define PQconnectPoll pq_api.PQconnectPoll
#define PQconnectStart pq_api.PQconnectStart
#define PQconnectdb pq_api.PQconnectdb
#define PQconninfoFree pq_api.PQconninfoFree
#define PQconninfoParse pq_api.PQconninfoParse
#define PQconsumeInput pq_api.PQconsumeInput
#define PQenterPipelineMode pq_api.PQenterPipelineMode
#define PQerrorMessage pq_api.PQerrorMessage
#define PQescapeIdentifier pq_api.PQescapeIdentifier
#define PQexec pq_api.PQexec
#define PQexecParams pq_api.PQexecParams
#define PQfinish pq_api.PQfinish
#define PQflush pq_api.PQflush
#define PQfreemem pq_api.PQfreemem
#define PQgetResult pq_api.PQgetResult
#define PQgetisnull pq_api.PQgetisnull
#define PQgetlength pq_api.PQgetlength
#define PQgetvalue pq_api.PQgetvalue
#define PQisBusy pq_api.PQisBusy
#define PQnfields pq_api.PQnfields
#define PQntuples pq_api.PQntuples
#define PQping pq_api.PQping
#define PQpipelineSync pq_api.PQpipelineSync
#define PQresultErrorMessage pq_api.PQresultErrorMessage
#define PQresultStatus pq_api.PQresultStatus
#define PQsendPrepare pq_api.PQsendPrepare
#define PQsendQueryPrepared pq_api.PQsendQueryPrepared
#define PQsetnonblocking pq_api.PQsetnonblocking
#define PQsocket pq_api.PQsocket
#define PQstatus pq_api.PQstatus
#endif

#endif
