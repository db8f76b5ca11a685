/* Opens libpq on first use (pq.h says why). */
#define PQ_LOADER
#include "store/pq.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* libpq's soname has been libpq.so.5 since PostgreSQL 8.2; its ABI only grows. */
#define PQ_SONAME "libpq.so.5"

struct pq_api pq_api;

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_error[256] = "not loaded"; /* empty once loaded */

static void pq_open(void)
{
    void *lib = dlopen(PQ_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        snprintf(pq_error, sizeof(pq_error), "cannot load %s: %s", PQ_SONAME, dlerror());
        return;
    }
    /* ISO C has no cast from object to function pointer; POSIX requires dlsym's
     * result to convert (memcpy keeps -Wpedantic quiet as well). */
#define PQ_RESOLVE(name)                                                                           \
    {                                                                                              \
        void *sym = dlsym(lib, #name);                                                             \
        if (sym == NULL) {                                                                         \
            snprintf(pq_error, sizeof(pq_error), "%s has no %s (libpq 14 or newer needed)",        \
                     PQ_SONAME, #name);                                                            \
            return;                                                                                \
        }                                                                                          \
        memcpy(&pq_api.name, &sym, sizeof(sym));                                                   \
    }
    PQ_FUNCTIONS(PQ_RESOLVE)
#undef PQ_RESOLVE
    pq_error[0] = '\0';
}

int pq_load(char *err, size_t errlen)
{
    if (pthread_once(&pq_once, pq_open) != 0 || pq_error[0] != '\0') {
        if (err)
            snprintf(err, errlen, "%s", pq_error);
        return -ELIBACC;
    }
    return 0;
}
