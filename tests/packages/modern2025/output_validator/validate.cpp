// a + b: the team's number must be the answer's.
#include "validate.h"

int main(int argc, char **argv)
{
    if (argc < 4)
        return 1;
    long long want, got;
    FILE *ans = fopen(argv[2], "r");
    if (ans == NULL || fscanf(ans, "%lld", &want) != 1)
        return 1;
    if (scanf("%lld", &got) != 1)
        return wrong(argv[3], "no number");
    return got == want ? 42 : wrong(argv[3], "wrong sum");
}
