// expect: MLE
// 2 GB of zeroed static data compiles; using it is a memory limit.
#include <string.h>
static char a[2000000000];
int main(void) { memset(a, 1, sizeof(a)); return a[12345] - 1; }
