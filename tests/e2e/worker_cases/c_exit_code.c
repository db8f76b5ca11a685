// expect: RE
// message: exit code 7
int main(void) { return 7; }
