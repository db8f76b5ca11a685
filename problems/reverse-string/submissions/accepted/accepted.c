/* Copies the code points of s from the last to the first: a UTF-8 code point
 * starts at a byte that is not a continuation byte (10xxxxxx). */
char* reverseString(char* s) {
    size_t n = strlen(s);
    char* r = malloc(n + 1);
    size_t out = 0, end = n;
    while (end > 0) {
        size_t start = end - 1;
        while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--;
        memcpy(r + out, s + start, end - start);
        out += end - start;
        end = start;
    }
    r[out] = '\0';
    return r;
}
