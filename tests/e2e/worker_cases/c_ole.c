// expect: OLE
#include <stdio.h>
int main(void) { for (;;) fputs("1111111111111111111111111111111111111111\n", stdout); }
