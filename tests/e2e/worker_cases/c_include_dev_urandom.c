// expect: CE
// message: compilation exceeded
// The device exists in the box: the compiler reads until its memory limit.
#include "/dev/urandom"
int main(void) { return 0; }
