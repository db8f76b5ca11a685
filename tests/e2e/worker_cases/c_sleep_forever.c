// expect: TLE
// message: wall clock
#include <unistd.h>
int main(void) { for (;;) pause(); }
