/* The reads behind "beats X%" (see stats.h); the counting is sql/012's. */
#include "store/stats.h"

#include "store/internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

static double stats_cell(const struct pg_result *res, int col)
{
    if (pg_result_null(res, 0, col))
        return NAN;
    return strtod(pg_result_value(res, 0, col, NULL), NULL);
}

static void stats_on_beats(struct pg *pg, int status, struct pg_result *res, void *data)
{
    (void)pg;
    void *cb_data;
    stats_beats_cb cb = (stats_beats_cb)store__call_end(data, &cb_data);
    if (status == 0 && (pg_result_rows(res) != 1 || pg_result_cols(res) != 2))
        status = -EPROTO;
    if (status < 0) {
        cb(status, NAN, NAN, cb_data);
        return;
    }
    cb(0, stats_cell(res, 0), stats_cell(res, 1), cb_data);
}

int stats_beats(struct pg *pg, const char *problem, const char *language, unsigned time_ms,
                unsigned memory_kb, stats_beats_cb cb, void *data)
{
    char t[STORE_NUM_MAX], m[STORE_NUM_MAX];
    const char *values[4] = {problem, language, store__num(t, time_ms), store__num(m, memory_kb)};
    return store__pg_call(pg, "stats_beats", 4, values, NULL, stats_on_beats, (store__fn)cb, data);
}

int stats_get(struct pg *pg, const char *problem, const char *language, store_json_cb cb,
              void *data)
{
    const char *values[2] = {problem, language};
    return store__json_query(pg, "stats_get", 2, values, cb, data);
}
