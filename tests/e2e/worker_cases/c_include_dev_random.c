// expect: CE
// A compile-time attack: the compiler would read a device forever.
#include "/dev/random"
int main(void) { return 0; }
