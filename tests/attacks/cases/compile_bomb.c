/* expect: TLE|MLE
 * Compile-time bomb: the compiler reads an endless "header". Compiled inside
 * the sandbox with the compiler's own limits, it ends as a time or memory
 * limit, never as a hung worker. */
#include "/dev/urandom"
int main(void)
{
    return 0;
}
