/* Wrong: scanf("%s") stops at the first space, so text with spaces breaks. */
#include <stdio.h>
#include <string.h>

static char s[100005];

int main(void) {
    if (scanf("%100000s", s) != 1) s[0] = '\0';
    size_t n = strlen(s);
    for (size_t i = n; i-- > 0;) putchar(s[i]);
    putchar('\n');
    return 0;
}
