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

int verdict_parse(const char *s)
{
    for (unsigned i = 0; i < sizeof(verdict_names) / sizeof(verdict_names[0]); i++)
        if (strcmp(s, verdict_names[i]) == 0)
            return (int)i;
    return -1;
}
