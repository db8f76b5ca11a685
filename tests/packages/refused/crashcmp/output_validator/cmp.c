/* Compiles, but fails on every answer (exit 3, neither 42 nor 43): an
 * internal error the package causes, its fault (a 400), not this host's. */
int main(void)
{
    return 3;
}
