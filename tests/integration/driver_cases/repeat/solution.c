char *repeat(char *s, int n)
{
    if (n < 0)
        abort();
    size_t len = strlen(s);
    char *r = malloc(len * n + 1);
    for (int i = 0; i < n; i++)
        memcpy(r + i * len, s, len);
    r[len * n] = '\0';
    return r;
}
