/* The id rules (see ids.h). Byte tests, no locale: isalnum() would let a
 * locale widen a rule. */
#include "contract/ids.h"

#include <string.h>

static bool ids_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool ids_user_valid(const char *s, size_t len)
{
    if (len == 0 || len > IDS_USER_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!(ids_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '@' ||
              c == '-'))
            return false;
    }
    return true;
}

bool ids_user_tokenable(const char *s, size_t len)
{
    size_t rl = sizeof(IDS_USER_JUDGE0) - 1;
    return ids_user_valid(s, len) && !(len == rl && memcmp(s, IDS_USER_JUDGE0, rl) == 0);
}

bool ids_problem_valid(const char *s, size_t len)
{
    if (len == 0 || len > IDS_PROBLEM_MAX || s[0] == '-')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(ids_lower_or_digit(s[i]) || s[i] == '-'))
            return false;
    return true;
}

bool ids_submission_valid(const char *s, size_t len)
{
    if (len == 0 || len > IDS_SUBMISSION_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool ids_public_valid(const char *s, size_t len)
{
    if (len != IDS_PUBLIC_LEN)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}
