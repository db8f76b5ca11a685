#include <stdio.h>
#include <string.h>

static char s[100005];

int main(void) {
    size_t n = fread(s, 1, sizeof s - 1, stdin);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    s[n] = '\n';
    fwrite(s, 1, n + 1, stdout);
    return 0;
}
