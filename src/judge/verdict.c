/* Verdict names. */
#include "judge/verdict.h"

#include <string.h>

static const char *const verdict_names[] = {"AC", "WA", "TLE", "MLE", "OLE", "RE", "CE", "IE"};

const char *verdict_name(enum verdict v)
{
    if ((unsigned)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
        return "IE";
    return verdict_names[v];
}
