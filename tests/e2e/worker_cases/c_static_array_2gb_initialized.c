// expect: CE
// message: compilation exceeded
// 2 GB of initialized data: the compiler builds it in memory.
static int a[500000000] = {[0 ... 499999999] = 1};
int main(void) { return a[7] - 1; }
